import { describe, expect, it } from 'vitest';
import { parseEnvelopeLine } from '../../src/sources/envelope.js';

function parse(line: string): { sender: string; date: string | null } | null {
  const envelope = parseEnvelopeLine(Buffer.from(line, 'latin1'), 0, line.length);
  return envelope && { sender: envelope.sender, date: envelope.date?.toISOString() ?? null };
}

describe('mbox envelope lines', () => {
  it.each([
    ['From nobody Mon Mar  1 06:46:11 2010\n', 'nobody', '2010-03-01T06:46:11.000Z'],
    ['From flefauch@cisco.com  Mon Mar  1 06:46:11 2010\n', 'flefauch@cisco.com', '2010-03-01T06:46:11.000Z'],
    ['From wg-bounces@ietf.example Tue Mar 30 19:40:27 2010\r\n', 'wg-bounces@ietf.example', '2010-03-30T19:40:27.000Z'],
    ['From a@example.org Tue Mar  2 10:00 2010\n', 'a@example.org', '2010-03-02T10:00:00.000Z'],
    ['From a@example.org Wed Mar 31 23:59:59 2010 +0200\n', 'a@example.org', '2010-03-31T21:59:59.000Z'],
    ['From a@example.org Wed Mar 31 23:59:59 2010 -0500\n', 'a@example.org', '2010-04-01T04:59:59.000Z'],
    ['From a@example.org Tue Mar  2 10:00:00 PST 2010\n', 'a@example.org', '2010-03-02T10:00:00.000Z'],
    ['From uucp Tue Mar  2 10:00:00 2010 remote from gateway\n', 'uucp', '2010-03-02T10:00:00.000Z'],
    ['From a@example.org Mon Feb 30 10:00:00 2010\n', 'a@example.org', null],
  ])('reads %j', (line, sender, date) => {
    expect(parse(line)).toEqual({ sender, date });
  });

  it.each([
    'From my point of view the document is ready.\n',
    'From: Alice Example <alice@example.org>\n',
    'From alice@example.org\n',
    'From alice@example.org Mon Mar  1 06:46:11\n',
    'From alice@example.org Mon Mar  1 06:46:11 2010 and more words\n',
    '>From nobody Mon Mar  1 06:46:11 2010\n',
  ])('does not take %j for an envelope', (line) => {
    expect(parse(line)).toBeNull();
  });
});
