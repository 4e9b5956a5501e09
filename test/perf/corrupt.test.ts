import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corruptArchive } from '../../bench/corrupt.js';
import { generateArchive } from '../../bench/generate.js';
import { importPaths } from '../../src/ingest/import.js';
import { readSource } from '../../src/sources/index.js';
import { openStore } from '../../src/store/index.js';
import { scratchDir } from './helpers.js';

const dir = scratchDir('corrupt');
const clean = path.join(dir, 'clean');
const damaged = path.join(dir, 'damaged');
generateArchive({ messages: 600, seed: 13, dir: clean });
const damage = corruptArchive({ from: clean, to: damaged, flipEvery: 16 * 1024, hugeMessageBytes: 3 * 1024 * 1024, nestedDepth: 10_000 });

/** Where each message of a clean file lies (from its envelope line to the next one's), with its Message-ID. */
async function messagesOf(file: string): Promise<{ start: number; end: number; messageId: string | null; storable: boolean }[]> {
  const found: { start: number; end: number; messageId: string | null; storable: boolean }[] = [];
  for await (const item of readSource(file)) {
    if (item.kind !== 'message') continue;
    const head = item.bytes.toString('latin1', 0, item.bytes.indexOf('\n\n'));
    const previous = found.at(-1);
    if (previous) previous.end = item.origin.offset;
    found.push({
      // The envelope line and the blank line before it belong to this message's span.
      start: item.origin.offset - 120,
      end: Number.POSITIVE_INFINITY,
      messageId: /^Message-ID: <([^>]+)>/im.exec(head)?.[1] ?? null,
      storable: !/^X-No-Archive: yes/im.test(head) && !head.includes('boundary="b1"'),
    });
  }
  return found;
}

describe('a damaged archive', () => {
  it('imports every message the damage did not touch, and reports each one it cannot read by file and offset', async () => {
    const store = openStore(path.join(dir, 'damaged.sqlite'));
    const summary = await importPaths(store, [damaged], { workers: 1, maxMessageBytes: 1024 * 1024 });
    await store.rethread();

    const untouched: string[] = [];
    for (const { source, positions } of damage.flipped) {
      for (const message of await messagesOf(source)) {
        const hit = positions.some((position) => position >= message.start && position < message.end);
        if (!hit && message.storable && message.messageId) untouched.push(message.messageId);
      }
    }
    for (const message of await messagesOf(damage.truncated.source)) {
      if (message.end <= damage.truncated.at && message.storable && message.messageId) untouched.push(message.messageId);
    }
    expect(untouched.length).toBeGreaterThan(400);
    const missing = [];
    for (const id of untouched) if ((await store.message(id)) === null) missing.push(id);
    expect(missing).toEqual([]);

    for (const id of ['after-huge@example.org', 'after-nested@example.org', 'latin1-from@example.org', 'broken-word@example.org']) {
      expect((await store.message(id))?.messageId).toBe(id);
    }
    expect((await store.message('latin1-from@example.org'))?.from.name).toBe('Jürgen Müller');
    const reasons = summary.problems.map((problem) => `${path.basename(problem.where.replace(/:\d+$/, ''))}: ${problem.reason}`);
    expect(reasons).toEqual(expect.arrayContaining([
      'zz-huge.mail: message larger than 1 MiB',
      'zz-nested.mail: MIME nesting deeper than 100 levels',
      'zz-bad-headers.mail: binary data in the header section',
    ]));
    expect(summary.failed).toBe(summary.problems.length);
    for (const problem of summary.problems) expect(problem.where).toMatch(new RegExp(`^${damaged}/[^:]+:\\d+$`));
    await store.close();
  });
});
