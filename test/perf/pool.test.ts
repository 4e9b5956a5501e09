import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate.js';
import { importPaths, type ImportSummary } from '../../src/ingest/import.js';
import { ParsePool, parseWorkersAvailable, type ParseOutcome } from '../../src/ingest/import-pool.js';
import { openStore } from '../../src/store/index.js';
import { dumpStore, scratchDir } from './helpers.js';

const dir = scratchDir('pool');
const archive = path.join(dir, 'archive');
const manifest = generateArchive({ messages: 1200, seed: 3, dir: archive, specialScale: 25 });
const maxMessageBytes = 256 * 1024;

/**
 * Messages over the size limit (which the reader reports) between messages the parser rejects, so that
 * both kinds of problem must be reported in the order they come.
 */
function hostileFile(): string {
  const envelope = 'From x@example.org  Mon Feb 22 10:00:00 2021\n';
  const good = (n: number) => `${envelope}From: X <x@example.org>\nMessage-ID: <good${n}@example.org>\nSubject: good ${n}\n\nFine.\n\n`;
  let nested = 'innermost\n';
  for (let i = 150; i > 0; i--) nested = `--b${i}\nContent-Type: multipart/mixed; boundary="b${i + 1}"\n\n${nested}\n--b${i}--\n`;
  const deep = `${envelope}From: X <x@example.org>\nMessage-ID: <deep@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n${nested}\n`;
  const huge = `${envelope}From: X <x@example.org>\nMessage-ID: <huge@example.org>\n\n${'x'.repeat(300 * 1024)}\n\n`;
  return [good(1), deep, huge, good(2), deep.replace('deep@', 'deep2@'), huge.replace('huge@', 'huge2@'), good(3)].join('');
}
writeFileSync(path.join(archive, 'zz-hostile.mail'), hostileFile());

if (!parseWorkersAvailable()) throw new Error('dist/ingest/import-worker.js is missing: the worker runs compiled code; run `npm run build`');

async function importInto(name: string, workers: number): Promise<{ file: string; summary: ImportSummary }> {
  const file = path.join(dir, name);
  const store = openStore(file);
  const summary = await importPaths(store, [archive], { workers, maxMessageBytes });
  await store.rethread();
  await store.close();
  return { file, summary };
}

describe('parsing on worker threads', () => {
  it('gives the same store, summary and problems, in the same order, as parsing in the main thread', async () => {
    const sequential = await importInto('sequential.sqlite', 0);
    const parallel = await importInto('parallel.sqlite', 2);

    const { expected } = manifest;
    // The hostile file adds 5 messages read (3 good, 2 too deep) and 2 too large to be read.
    expect(sequential.summary).toMatchObject({
      read: expected.read + 5,
      new: expected.stored + 3,
      crossPosted: expected.copies - expected.stored,
      duplicates: expected.duplicates,
      skipped: expected.skipped,
      failed: expected.failed + 4,
    });
    expect(sequential.summary.problems.slice(-4).map((problem) => problem.reason)).toEqual([
      'MIME nesting deeper than 100 levels',
      'message larger than 256 KiB',
      'MIME nesting deeper than 100 levels',
      'message larger than 256 KiB',
    ]);
    expect(parallel.summary).toEqual(sequential.summary);
    expect(dumpStore(parallel.file)).toEqual(dumpStore(sequential.file));
  });
});

describe('the parse pool', () => {
  const crashing = new URL('./crashing-worker.mjs', import.meta.url);
  const parseAll = (pool: ParsePool, texts: string[]) => Promise.all(texts.map((text) => pool.parse(Buffer.from(text), null)));

  it('blames a message that kills its worker on that message alone, and goes on with a fresh worker', async () => {
    const pool = new ParsePool(1, crashing);
    const outcomes = await parseAll(pool, ['one', 'two', 'CRASH', 'four', 'five']);
    await pool.close();
    expect(outcomes).toEqual<ParseOutcome[]>([
      { kind: 'failed', reason: 'read one' },
      { kind: 'failed', reason: 'read two' },
      { kind: 'failed', reason: 'the parser crashed on this message: its worker exited' },
      { kind: 'failed', reason: 'read four' },
      { kind: 'failed', reason: 'read five' },
    ]);
  });

  it('holds the reader back while 160 messages a worker are queued, and lets it go on as they are answered', async () => {
    const pool = new ParsePool(1, crashing);
    const answers: Promise<ParseOutcome>[] = [];
    let waited = 0;
    for (let i = 0; i < 400; i++) {
      const ready = pool.whenReady();
      let resolved = false;
      void ready.then(() => (resolved = true));
      await Promise.resolve();
      if (!resolved) waited++;
      await ready;
      expect(pool.size).toBeLessThan(160);
      answers.push(pool.parse(Buffer.from(`message ${i}`), null));
    }
    const outcomes = await Promise.all(answers);
    await pool.close();
    expect(waited).toBeGreaterThan(0);
    expect(outcomes.map((outcome) => (outcome.kind === 'failed' ? outcome.reason : ''))).toEqual(
      Array.from({ length: 400 }, (_, i) => `read message ${i}`),
    );
  });

  it('gives up with the reason when its workers cannot start', async () => {
    const pool = new ParsePool(2, new URL('./broken-worker.mjs', import.meta.url));
    await expect(pool.parse(Buffer.from('anything'), null)).rejects.toThrow(
      'the parse workers cannot start: cannot load the parser',
    );
    await pool.close();
  });
});
