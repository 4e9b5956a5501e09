import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, messagesOf, problemsOf, scratchDirectory } from './collect.js';

const scratch = scratchDirectory();

const message = (subject: string) => `From: a@example.org\nMessage-ID: <${subject}@example.org>\nSubject: ${subject}\n\nbody\n`;

describe('a maildir with entries that are not regular files', () => {
  it('skips a link to /dev/zero, a FIFO and a link to a FIFO with one line each, and reads the rest', async () => {
    const dir = path.join(await scratch.dir(), 'hostile');
    for (const folder of ['cur', 'new']) mkdirSync(path.join(dir, folder), { recursive: true });
    writeFileSync(path.join(dir, 'cur', '1.good'), message('first'));
    symlinkSync('/dev/zero', path.join(dir, 'cur', '2.zero'));
    execFileSync('mkfifo', [path.join(dir, 'cur', '3.fifo')]);
    symlinkSync(path.join(dir, 'cur', '3.fifo'), path.join(dir, 'new', '4.fifolink'));
    writeFileSync(path.join(dir, 'new', '5.good'), message('second'));
    const started = Date.now();
    const items = await collect(dir);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(messagesOf(items).map((m) => path.basename(m.origin.path))).toEqual(['1.good', '5.good']);
    expect(problemsOf(items).map((p) => [path.basename(p.origin.path), p.reason])).toEqual([
      ['2.zero', 'not a regular file (a character device); skipped'],
      ['3.fifo', 'not a regular file (a FIFO); skipped'],
      ['4.fifolink', 'not a regular file (a FIFO); skipped'],
    ]);
  });

  it('reports a file over the message size limit as too large, and reads a link to a regular file', async () => {
    const dir = path.join(await scratch.dir(), 'large');
    mkdirSync(path.join(dir, 'cur'), { recursive: true });
    writeFileSync(path.join(dir, 'cur', '1.large'), message('large') + 'x'.repeat(4096));
    writeFileSync(path.join(dir, 'elsewhere'), message('linked'));
    symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'cur', '2.link'));
    const items = await collect(dir, { maxMessageBytes: 1024 });
    expect(problemsOf(items).map((p) => [path.basename(p.origin.path), p.reason])).toEqual([['1.large', 'message larger than 1 KiB']]);
    expect(messagesOf(items).map((m) => path.basename(m.origin.path))).toEqual(['2.link']);
  });
});
