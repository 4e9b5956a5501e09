import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/corpus.js';
import type { SourceItem } from '../../src/sources/index.js';
import { collect, messagesOf, problemsOf, scratchDirectory, seededBytes } from './collect.js';

const scratch = scratchDirectory();
const summary = (items: SourceItem[]): [string, string, number][] =>
  items.map((item) => [item.kind, item.origin.format, item.origin.offset]);

describe('MMDF', () => {
  it('reads the messages between \\x01\\x01\\x01\\x01 lines, taking a leading envelope line as the envelope', async () => {
    const items = await collect(fixturePath('sources/archive.mmdf'));
    expect(summary(items)).toEqual([
      ['message', 'mmdf', 5],
      ['message', 'mmdf', 226],
    ]);
    const [first, second] = messagesOf(items);
    expect(first?.origin.envelope).toBeNull();
    expect(first?.bytes.toString()).toBe(
      'Return-Path: <frank@example.org>\nFrom: Frank Example <frank@example.org>\nSubject: [Wg] Minutes posted\n' +
        'Message-ID: <minutes-1@example.org>\n\nThe minutes are posted.\n',
    );
    expect(second?.origin.envelope?.sender).toBe('grace@example.net');
    expect(second?.origin.envelope?.date?.toISOString()).toBe('2010-03-05T09:00:00.000Z');
    expect(second?.bytes.toString().startsWith('Return-Path: <grace@example.net>\n')).toBe(true);
  });
});

describe('single messages', () => {
  it('reads an .eml as one message from byte 0', async () => {
    const file = fixturePath('sources/single.eml');
    const items = await collect(file);
    expect(summary(items)).toEqual([['message', 'eml', 0]]);
    expect(messagesOf(items)[0]?.bytes.equals(await readFile(file))).toBe(true);
  });

  it('reads an archive page from its first run of header lines, past a title that looks like a header', async () => {
    const items = await collect(fixturePath('sources/archive-page.txt'));
    expect(summary(items)).toEqual([['message', 'archive-page', 115]]);
    const text = messagesOf(items)[0]?.bytes.toString() ?? '';
    expect(text.startsWith('Return-Path: <bob@example.net>\nX-Original-To: wg@ietf.example\n')).toBe(true);
    expect(text.endsWith('\n\nI support adoption.\n')).toBe(true);
  });

  it('reads a short .eml with a single header line', async () => {
    const file = await scratch.file('short.eml', 'Subject: hello\n\nJust a line.\n');
    expect(summary(await collect(file))).toEqual([['message', 'eml', 0]]);
  });

  it('reads an .eml whose first header line is longer than the 64 KiB sniffed', async () => {
    const content = `X-Long: ${'z'.repeat(200_000)}\nSubject: long\n\nbody\n`;
    const items = await collect(await scratch.file('long-first-line.eml', content));
    expect(summary(items)).toEqual([['message', 'eml', 0]]);
    expect(messagesOf(items)[0]?.bytes.length).toBe(content.length);
  });

  it('skips an .eml over maxMessageBytes with a problem', async () => {
    const items = await collect(fixturePath('sources/single.eml'), { maxMessageBytes: 600 });
    expect(items).toEqual([
      {
        kind: 'problem',
        origin: { path: fixturePath('sources/single.eml'), offset: 0, format: 'eml', envelope: null },
        reason: 'message larger than 600 bytes',
      },
    ]);
  });
});

describe('maildir', () => {
  const maildir = fixturePath('sources/maildir');

  it('reads cur/ and new/ in file-name order and never tmp/', async () => {
    const items = await collect(maildir);
    expect(items.map((item) => path.relative(maildir, item.origin.path))).toEqual([
      'cur/1267425900.M100P2001.mx.example',
      'new/1267426000.M200P2002.mx.example',
      'cur/1267426050.M300P2003.mx.example',
    ]);
    expect(summary(items)).toEqual([
      ['message', 'maildir', 0],
      ['message', 'maildir', 0],
      ['message', 'maildir', 0],
    ]);
    expect(messagesOf(items)[1]?.bytes.toString().endsWith('Message-ID: <maildir-2@example.org>\n\nMessage 2.\n')).toBe(true);
  });

  it('skips a maildir message over maxMessageBytes with a problem and reads the others', async () => {
    const items = await collect(maildir, { maxMessageBytes: 146 });
    expect(items.map((item) => (item.kind === 'problem' ? item.reason : `${item.bytes.length} bytes`))).toEqual([
      '145 bytes',
      'message larger than 146 bytes',
      'message larger than 146 bytes',
    ]);
  });

  it('reports a directory that is not a maildir', async () => {
    const dir = fixturePath('sources/maildir/cur');
    expect(problemsOf(await collect(dir)).map((problem) => problem.reason)).toEqual([
      `${dir} is a directory but not a maildir (no cur/ or new/); expandSourcePaths finds the mailboxes inside`,
    ]);
  });
});

describe('gzip', () => {
  const monthly = fixturePath('sources/ietf-monthly.mail');

  it('decompresses by magic bytes, whatever the name, with offsets in the decompressed stream', async () => {
    const plain = await collect(monthly);
    const zipped = gzipSync(await readFile(monthly));
    for (const name of ['2010-03.mail.gz', 'gzipped-but-named.mail']) {
      const items = await collect(await scratch.file(name, zipped));
      expect(summary(items)).toEqual(summary(plain));
      expect(messagesOf(items).map((message) => message.bytes.toString())).toEqual(
        messagesOf(plain).map((message) => message.bytes.toString()),
      );
    }
  });

  it('reads a .gz file that is not gzipped as it is', async () => {
    const items = await collect(await scratch.file('plain-named.mail.gz', await readFile(monthly)));
    expect(summary(items)).toEqual([
      ['message', 'mbox', 38],
      ['message', 'mbox', 494],
      ['message', 'mbox', 881],
    ]);
  });

  it('hands over what came before a truncation, then reports the damaged gzip data', async () => {
    const monthlyText = (await readFile(monthly)).toString();
    const zipped = gzipSync(monthlyText.repeat(200), { level: 1 });
    const file = await scratch.file('cut.mail.gz', zipped.subarray(0, Math.floor(zipped.length / 2)));
    const items = await collect(file);
    const last = items.at(-1);
    expect(messagesOf(items).length).toBeGreaterThan(10);
    expect(messagesOf(items).length).toBeLessThan(600);
    expect(last?.kind).toBe('problem');
    expect(last?.kind === 'problem' && last.reason).toMatch(
      /^cannot read past byte \d+: damaged or truncated gzip data \(unexpected end of file\)$/,
    );
    expect(problemsOf(items)).toHaveLength(1);
  });
});

describe('files that are not mailboxes', () => {
  it('reports binary garbage without throwing', async () => {
    const file = await scratch.file('garbage.bin', seededBytes(20100301, 100_000));
    expect(await collect(file)).toEqual([
      {
        kind: 'problem',
        origin: { path: file, offset: 0, format: 'unknown', envelope: null },
        reason: 'not a mailbox: no message headers found in the first 64 KiB',
      },
    ]);
  });

  it('reports an empty file', async () => {
    const file = await scratch.file('empty.mail', '');
    expect(problemsOf(await collect(file)).map((problem) => problem.reason)).toEqual(['not a mailbox: the file is empty']);
  });

  it('reports a pipe or a device instead of reading it', async () => {
    const fifo = path.join(await scratch.dir(), 'archive.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const [file, kind] of [[fifo, 'a FIFO'], ['/dev/zero', 'a character device']] as const) {
      expect(await collect(file)).toEqual([
        {
          kind: 'problem',
          origin: { path: file, offset: 0, format: 'unknown', envelope: null },
          reason: `not a regular file (${kind}): save the mail to a file and import that`,
        },
      ]);
    }
  });

  it('reports a missing path with the OS error', async () => {
    const missing = path.join(await scratch.dir(), 'no-such-2010-03.mail');
    expect(await collect(missing)).toEqual([
      {
        kind: 'problem',
        origin: { path: missing, offset: 0, format: 'unknown', envelope: null },
        reason: 'cannot read: ENOENT: no such file or directory',
      },
    ]);
  });
});
