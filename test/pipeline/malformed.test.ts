import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/ingest/import.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-malformed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const envelope = (n: number) => `From sender@example.org  Mon Feb 22 10:${String(n).padStart(2, '0')}:00 2021\n`;

function good(n: number): string {
  return `${envelope(n)}From: Sender <sender@example.org>\nSubject: good ${n}\nMessage-ID: <good${n}@example.org>\nDate: Mon, 22 Feb 2021 10:00:00 +0000\n\nGood message ${n}.\n\n`;
}

function hugeHeaderLine(): string {
  return `${envelope(2)}From: Sender <sender@example.org>\nX-Huge: ${'x'.repeat(20 * 1024 * 1024)}\nMessage-ID: <huge@example.org>\n\nbody\n\n`;
}

function mimeBomb(depth: number): string {
  let body = 'innermost\n';
  for (let i = depth; i > 0; i--) {
    body = `--b${i}\nContent-Type: multipart/mixed; boundary="b${i + 1}"\n\n${body}\n--b${i}--\n`;
  }
  return `${envelope(4)}From: Sender <sender@example.org>\nMessage-ID: <bomb@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n${body}\n`;
}

const garbage = `${envelope(6)}X-Noise: ${'\u0000\u0007\u00ff\u00fe'.repeat(256)}\n\n`;

describe('an archive with malformed messages', () => {
  it('reports each bad message by file and offset and imports every good one', async () => {
    const file = path.join(dir, 'hostile.mail');
    const truncated = `${envelope(8)}From: Sender <sender@example.org>\nMessage-ID: <trunc@example.org>\nSubject: cut off\nContent-Type: multipart/mixed; boundary="zz"\n\n--zz\nContent-Type: text/plain\n\nThe text is cut o`;
    writeFileSync(file, [good(1), hugeHeaderLine(), good(3), mimeBomb(10_000), good(5), garbage, good(7), truncated].join(''));
    const store = openStore(path.join(dir, 'hostile.sqlite'));
    const summary = await importPaths(store, [file]);
    await store.rethread();

    expect(summary.read).toBe(8);
    expect(summary.failed).toBe(3);
    expect(summary.problems.map((p) => p.reason)).toEqual([
      'header section larger than 1 MiB',
      'MIME nesting deeper than 100 levels',
      'no message header found',
    ]);
    for (const problem of summary.problems) expect(problem.where).toMatch(new RegExp(`^${file}:\\d+$`));
    const subjects = (await store.threads({})).map((t) => t.subject);
    expect(subjects).toEqual(['good 1', 'good 3', 'good 5', 'good 7', 'cut off']);
    const cut = (await store.message('trunc@example.org'))!;
    expect(cut.ownText).toBe('The text is cut o');
    expect(cut.warnings.join(' ')).toMatch(/truncated/i);
    await store.close();
  });
});
