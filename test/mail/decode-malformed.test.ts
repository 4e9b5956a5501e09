import { describe, expect, it } from 'vitest';
import { MailParseError, parseMessage } from '../../src/mail/index.js';

const HEAD = 'From: Jane Doe <jane@example.com>\r\nSubject: robustness\r\nDate: Wed, 15 Mar 2023 17:02:11 +0000\r\nMessage-ID: <robust@example.com>\r\n';

/** Deterministic pseudo-random bytes (a linear congruential generator). */
function garbage(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    bytes[i] = state >> 16;
  }
  return bytes;
}

function nestedMultiparts(depth: number): Buffer {
  const lines = [`${HEAD}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n`];
  for (let level = 1; level < depth; level++) lines.push(`--b${level - 1}\r\nContent-Type: multipart/mixed; boundary="b${level}"\r\n\r\n`);
  lines.push(`--b${depth - 1}\r\nContent-Type: text/plain\r\n\r\ninnermost\r\n`);
  for (let level = depth - 1; level >= 0; level--) lines.push(`--b${level}--\r\n`);
  return Buffer.from(lines.join(''));
}

async function parseError(bytes: Buffer): Promise<MailParseError> {
  const error: unknown = await parseMessage(bytes).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof MailParseError)) throw new Error(`expected a MailParseError, got ${String(error)}`);
  return error;
}

describe('parseMessage on input that is not a message', () => {
  it('refuses empty input', async () => {
    expect((await parseError(Buffer.alloc(0))).message).toBe('empty input');
  });

  it('refuses input that is only white space', async () => {
    expect((await parseError(Buffer.from('\r\n\r\n  \t\n'))).message).toBe('empty input');
  });

  it('refuses binary garbage', async () => {
    expect((await parseError(garbage(100_000, 7))).message).toBe('no message header found');
  });

  it('refuses text without any header field', async () => {
    expect((await parseError(Buffer.from('Hello,\n\nthis is just a note.\n'))).message).toBe('no message header found');
  });

  it('refuses a header section holding NUL bytes', async () => {
    const bytes = Buffer.concat([Buffer.from('From: a@example.com\r\nX-Junk: '), Buffer.alloc(64), Buffer.from('\r\n\r\nbody\r\n')]);
    expect((await parseError(bytes)).message).toBe('binary data in the header section');
  });
});

describe('parseMessage on hostile or broken messages', () => {
  it('refuses a 20 MB header line', async () => {
    const bytes = Buffer.from(`${HEAD}X-Huge: ${'x'.repeat(20 * 1024 * 1024)}\r\n\r\nbody\r\n`);
    expect((await parseError(bytes)).message).toBe('header section larger than 1 MiB');
  });

  it('refuses a part header over 1 MiB inside a multipart', async () => {
    const bytes = Buffer.from(
      `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nX-Huge: ${'y'.repeat(1_100_000)}\r\n\r\nbody\r\n--b--\r\n`,
    );
    expect((await parseError(bytes)).message).toBe('header section larger than 1 MiB');
  });

  it('refuses 10,000 nested multiparts (a MIME bomb)', async () => {
    expect((await parseError(nestedMultiparts(10_000))).message).toBe('MIME nesting deeper than 100 levels');
  });

  it('refuses more than 1000 sibling parts', async () => {
    const parts = Array.from({ length: 1001 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
    const bytes = Buffer.from(`${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`);
    expect((await parseError(bytes)).message).toBe('more than 1000 MIME parts');
  });

  it('reads 100 nested multiparts and refuses 101', async () => {
    const { message } = await parseMessage(nestedMultiparts(100));
    expect(message.text).toBe('innermost');
    expect(message.warnings).toEqual([]);
    expect((await parseError(nestedMultiparts(101))).message).toBe('MIME nesting deeper than 100 levels');
  });

  it('reads a message cut off in the middle of a multipart, with a warning', async () => {
    const bytes = Buffer.from(
      `${HEAD}Content-Type: multipart/mixed; boundary="cut"\r\n\r\n--cut\r\nContent-Type: text/plain\r\n\r\nThe first part arrived.\r\n--cut\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK`,
    );
    const { message } = await parseMessage(bytes);
    expect(message.messageId).toBe('robust@example.com');
    expect(message.text).toBe('The first part arrived.');
    expect(message.warnings).toEqual(['message ends inside a multipart part: truncated?']);
  });

  it('reads a message whose header has no body after it', async () => {
    const { message } = await parseMessage(Buffer.from(HEAD));
    expect(message.subject).toBe('robustness');
    expect(message.text).toBe('');
    expect(message.bodySource).toBe('none');
  });

  it('reads a 20 MB body line, analysing its first 1 Mi characters and saying so', async () => {
    const bytes = Buffer.from(`${HEAD}\r\n${'z'.repeat(20 * 1024 * 1024)}\r\n`);
    const { message } = await parseMessage(bytes);
    expect(message.text).toBe('z'.repeat(1024 * 1024));
    expect(message.warnings).toContain('body text longer than 1 Mi characters: only its start is analysed (the raw message is stored whole)');
  });

  it('decodes an unknown charset as UTF-8 or windows-1252, with a warning', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEAD}Content-Type: text/plain; charset=x-unheard-of\r\nContent-Transfer-Encoding: 8bit\r\n\r\nna`),
      Buffer.from([0xef, 0x76, 0x65]),
      Buffer.from('\r\n'),
    ]);
    const { message } = await parseMessage(bytes);
    expect(message.text).toBe('naïve\n');
    expect(message.warnings).toEqual(['unknown charset x-unheard-of: decoded as UTF-8 or windows-1252']);
  });

  it('survives broken base64 in an attachment', async () => {
    const bytes = Buffer.from(
      `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\nContent-Type: image/png; name="x.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%not*base64!!!\r\n--b--\r\n`,
    );
    const { message } = await parseMessage(bytes);
    expect(message.text).toBe('See attached.');
    expect(message.attachments.map((attachment) => attachment.filename)).toEqual(['x.png']);
  });

  it('survives garbage after a valid header', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEAD}Content-Type: application/octet-stream\r\n\r\n`), garbage(50_000, 3)]);
    const { message } = await parseMessage(bytes);
    expect(message.attachments).toEqual([{ filename: null, contentType: 'application/octet-stream', size: 50_000 }]);
    expect(message.bodySource).toBe('none');
  });
});
