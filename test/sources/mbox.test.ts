import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/corpus.js';
import { MboxSplitter } from '../../src/sources/mbox.js';
import { defaultMaxMessageBytes, tooLargeReason } from '../../src/sources/message-accumulator.js';
import type { SourceItem } from '../../src/sources/index.js';
import { collect, messagesOf, problemsOf, scratchDirectory } from './collect.js';

const monthly = fixturePath('sources/ietf-monthly.mail');
const scratch = scratchDirectory();

const firstMonthlyMessage = `Return-Path: <alice@example.org>
From: Alice Example <alice@example.org>
To: wg@ietf.example
Subject: [Wg] Call for adoption: draft-example-wg-protocol
Date: Mon, 1 Mar 2010 07:46:11 +0100
Message-ID: <adoption-1@example.org>

Hi all,

this starts a two week call for adoption of draft-example-wg-protocol.
From the last meeting, we had support in the room.
>From the minutes: "the hum was strong".

Alice
`;

describe('mbox in the IETF monthly-archive form', () => {
  it('splits on the separators, skipping the leading blank line', async () => {
    const items = await collect(monthly);
    expect(problemsOf(items)).toEqual([]);
    expect(items.map((item) => item.origin.offset)).toEqual([38, 494, 881]);
    expect(items.map((item) => item.origin.format)).toEqual(['mbox', 'mbox', 'mbox']);
  });

  it('reads the envelope sender and asctime (UTC) of each separator', async () => {
    const envelopes = (await collect(monthly)).map((item) => item.origin.envelope);
    expect(envelopes.map((envelope) => envelope?.sender)).toEqual(['nobody', 'bob@example.net', 'carol@example.com']);
    expect(envelopes.map((envelope) => envelope?.date?.toISOString())).toEqual([
      '2010-03-01T06:46:11.000Z',
      '2010-03-09T16:05:00.000Z',
      '2010-03-31T23:59:59.000Z',
    ]);
  });

  it('undoes >From escaping and drops the blank line that belongs to the next separator', async () => {
    const [first] = messagesOf(await collect(monthly));
    expect(first?.bytes.toString('utf8')).toBe(firstMonthlyMessage);
  });

  it('leaves a quoted "> >From" line alone and ends the last message at the file end', async () => {
    const messages = messagesOf(await collect(monthly));
    expect(messages[1]?.bytes.toString('utf8')).toContain('\n> >From the last meeting, we had support in the room.\n\nI support adoption.\n');
    expect(messages[1]?.bytes.toString('utf8').endsWith('I support adoption.\n')).toBe(true);
    expect(messages[2]?.bytes.toString('utf8').endsWith('Support, with one comment on section 3.\n')).toBe(true);
    expect(messages.map((message) => message.bytes.length)).toEqual([406, 337, 309]);
  });

  it('reads a file with CRLF line endings the same way', async () => {
    const lf = await readFile(monthly);
    const crlf = await scratch.file('crlf.mail', lf.toString('latin1').replaceAll('\n', '\r\n'));
    const lfMessages = messagesOf(await collect(monthly));
    const items = await collect(crlf);
    expect(items.map((item) => item.origin.offset)).toEqual([40, 512, 912]);
    expect(messagesOf(items).map((message) => message.bytes.toString('latin1'))).toEqual(
      lfMessages.map((message) => message.bytes.toString('latin1').replaceAll('\n', '\r\n')),
    );
  });
});

describe('mbox exports that do not escape body lines starting with "From "', () => {
  const exported = fixturePath('sources/export-unescaped.mbox');

  it('splits only on an envelope line after a blank line and before a header line', async () => {
    const items = await collect(exported);
    expect(items.map((item) => [item.kind, item.origin.offset])).toEqual([
      ['message', 48],
      ['message', 576],
    ]);
    expect(items[1]?.origin.envelope?.date?.toISOString()).toBe('2010-03-02T10:15:00.000Z');
  });

  it('keeps every "From " body line, and its >From lines as written', async () => {
    const body = messagesOf(await collect(exported))[0]?.bytes.toString('utf8') ?? '';
    expect(body).toContain('\n\nFrom my point of view the document is ready.\nFrom alice@example.org Mon Mar  1 06:46:11 2010\n');
    expect(body).toContain('\n>From the archive: this line stays as written.\n');
    expect(body).toContain("\n\nFrom the chair's side, nothing to add.\n");
    expect(body).toContain('\n\nFrom bob@example.net Tue Mar  2 10:00:00 2010\nquoting an old mailbox here, not a new message.\n');
    expect(body.endsWith('not a new message.\n\nAlice\n')).toBe(true);
    expect(body.length).toBe(481);
  });
});

describe('damaged mbox files', () => {
  it('yields the cut last message of a truncated file as it stands', async () => {
    const items = await collect(fixturePath('sources/truncated.mbox'));
    expect(items.map((item) => [item.kind, item.origin.offset])).toEqual([
      ['message', 37],
      ['message', 245],
    ]);
    const last = messagesOf(items)[1]?.bytes.toString('utf8') ?? '';
    expect(last.startsWith('Return-Path: <erin@example.org>\n')).toBe(true);
    expect(last.endsWith('\n\nCould we add ten minutes for the liaison stat')).toBe(true);
  });

  it('passes a 20 MB header line through as part of one message', async () => {
    const longValue = 'x'.repeat(20_000_000);
    const first = `Return-Path: <big@example.org>\nX-Long: ${longValue}\nSubject: big header\n\nbody\n`;
    const second = 'Return-Path: <small@example.org>\nSubject: after the big one\n\nsmall\n';
    const separator1 = 'From nobody Mon Mar  1 06:46:11 2010\n';
    const separator2 = '\nFrom nobody Mon Mar  1 06:50:00 2010\n';
    const file = await scratch.file('long-line.mbox', separator1 + first + separator2 + second);
    const items = await collect(file);
    expect(items.map((item) => [item.kind, item.origin.offset])).toEqual([
      ['message', separator1.length],
      ['message', separator1.length + first.length + separator2.length],
    ]);
    const [big, small] = messagesOf(items);
    expect(big?.bytes.length).toBe(first.length);
    expect(big?.bytes.equals(Buffer.from(first, 'latin1'))).toBe(true);
    expect(small?.bytes.toString('latin1')).toBe(second);
  });

  it('skips a message over maxMessageBytes with a problem and reads the next one', async () => {
    const items = await collect(monthly, { maxMessageBytes: 405 });
    expect(items.map((item) => [item.kind, item.origin.offset])).toEqual([
      ['problem', 38],
      ['message', 494],
      ['message', 881],
    ]);
    expect(problemsOf(items)[0]?.reason).toBe('message larger than 405 bytes');
    expect(problemsOf(items)[0]?.origin.envelope?.sender).toBe('nobody');
  });

  it('keeps a message exactly maxMessageBytes long after unescaping', async () => {
    const items = await collect(monthly, { maxMessageBytes: 406 });
    expect(messagesOf(items).map((message) => message.bytes.length)).toEqual([406, 337, 309]);
  });

  it('names the limit in MiB or KiB when it is a whole number of them', async () => {
    const body = 'y'.repeat(3000);
    const file = await scratch.file(
      'large.mbox',
      `From nobody Mon Mar  1 06:46:11 2010\nSubject: large\n\n${body}\n\nFrom nobody Mon Mar  1 06:47:11 2010\nSubject: small\n\nok\n`,
    );
    const items = await collect(file, { maxMessageBytes: 2048 });
    expect(items.map((item) => (item.kind === 'problem' ? item.reason : item.bytes.toString()))).toEqual([
      'message larger than 2 KiB',
      'Subject: small\n\nok\n',
    ]);
    expect(tooLargeReason(defaultMaxMessageBytes)).toBe('message larger than 32 MiB');
  });
});

describe('mbox splitting does not depend on where chunks end', () => {
  function split(bytes: Buffer, chunkSize: number): SourceItem[] {
    const splitter = new MboxSplitter({ path: 'test.mbox', format: 'mbox', maxMessageBytes: 1 << 20, items: [] });
    const items: SourceItem[] = [];
    for (let start = 0; start < bytes.length; start += chunkSize) {
      items.push(...splitter.push(bytes.subarray(start, start + chunkSize)));
    }
    items.push(...splitter.end());
    return items;
  }

  const summary = (items: SourceItem[]): string[] =>
    items.map((item) => `${item.kind}@${item.origin.offset}:${item.kind === 'message' ? item.bytes.toString('latin1') : item.reason}`);

  it.each([1, 2, 3, 7, 64, 4095, 4096, 100_000])('gives the same messages for %i-byte chunks', async (chunkSize) => {
    for (const name of ['ietf-monthly.mail', 'export-unescaped.mbox', 'truncated.mbox']) {
      const bytes = await readFile(fixturePath(`sources/${name}`));
      expect(summary(split(bytes, chunkSize))).toEqual(summary(split(bytes, bytes.length)));
    }
  });

  it('keeps a >From line as written once a "From " line longer than one chunk shows the file is unescaped', () => {
    const first = `Subject: long lines\n\n>From ${'q'.repeat(10_000)}\n\nFrom ${'f'.repeat(10_000)}\nend\n`;
    const separator2 = '\nFrom nobody Mon Mar  1 06:47:11 2010\n';
    const mbox = Buffer.from(`From nobody Mon Mar  1 06:46:11 2010\n${first}${separator2}Subject: next\n\nnext\n`);
    const expected = [`message@37:${first}`, `message@${37 + first.length + separator2.length}:Subject: next\n\nnext\n`];
    expect(summary(split(mbox, 1000))).toEqual(expected);
    expect(summary(split(mbox, mbox.length))).toEqual(expected);
  });

  it('unescapes a >From line longer than one chunk in an escaped file', () => {
    const longQuote = `>>From ${'q'.repeat(10_000)}\n`;
    const mbox = Buffer.from(`From nobody Mon Mar  1 06:46:11 2010\nSubject: long quote\n\n${longQuote}end\n`);
    expect(summary(split(mbox, 1000))).toEqual([`message@37:Subject: long quote\n\n${longQuote.slice(1)}end\n`]);
  });
});
