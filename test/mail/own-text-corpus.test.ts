import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/index.js';
import type { Message, Segment } from '../../src/mail/types.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { messageBytes } from '../helpers/messages.js';

function ownLines(message: Message): string[] {
  return message.ownText.split('\n');
}

function messagesWithKind(messages: readonly Message[], kind: Segment['kind']): number {
  return messages.filter((message) => message.segments.some((segment) => segment.kind === kind)).length;
}

describe.skipIf(!hasCorpus)('own text of real IETF mail', () => {
  it('keeps the whole body of the iotops seed message, which quotes nothing', async () => {
    const page = readFileSync(corpusPath('mail/000_2777a5083c1a0d8c.txt'));
    const { message } = await parseMessage(page.subarray(page.indexOf('Return-Path:')));
    expect(message.segments.map((segment) => segment.kind)).toEqual(['own', 'signoff']);
    expect(message.segments[1]?.text).toBe('Thanks,\nAri & Carsten');
    expect(message.ownText).not.toMatch(/\n\s*\n\s*\n/);
    expect(message.ownText.split(/\s+/).length + 4).toBe(message.text.trim().split(/\s+/).length);
  });

  it('splits a git patch cover letter into text, `-- ` signature and the IETF footer', async () => {
    const { message } = await parseMessage(readFileSync(corpusPath('mail/bpf-2023-07-10.eml')));
    expect(message.segments.map((segment) => segment.kind)).toEqual(['own', 'signature', 'footer']);
    expect(message.segments[2]?.text).toMatch(/^-- \n.*mailing list\n.*\nhttps:\/\/www\.ietf\.org\/mailman\/listinfo\/bpf\n/);
  });

  describe('a month of the ANCP list', async () => {
    const messages = hasCorpus
      ? await Promise.all((await messageBytes(corpusPath('mail/ancp-2010-03.mail'))).map(async (bytes) => (await parseMessage(bytes)).message))
      : [];

    it('reads all 36 messages, each with own text', () => {
      expect(messages).toHaveLength(36);
      expect(messages.filter((message) => message.ownText === '')).toEqual([]);
    });

    it('keeps every body exactly as the concatenation of its segments', () => {
      for (const message of messages) {
        expect(message.segments.map((segment) => segment.text).join('')).toBe(message.text);
      }
    });

    it('leaves no quoted line, footer, Outlook or Lotus Notes header in own text', () => {
      const leaks = messages.flatMap((message) =>
        ownLines(message).filter(
          (line) =>
            line.startsWith('>') ||
            line.includes('mailman/listinfo') ||
            /^\s*-{3,}\s*(Original Message|Ursprüngliche Nachricht)/i.test(line) ||
            /^\s*(Sent|Gesendet|Verzonden)\s*:/.test(line) ||
            /^\s+(收件人|抄送|主题)：/.test(line),
        ),
      );
      expect(leaks).toEqual([]);
    });

    it('finds the attributions, quotes, footers and forwarded blocks the month holds', () => {
      expect(messagesWithKind(messages, 'quote')).toBe(27);
      expect(messagesWithKind(messages, 'attribution')).toBe(12);
      expect(messagesWithKind(messages, 'footer')).toBe(4);
      expect(messagesWithKind(messages, 'forwarded')).toBe(1);
    });

    it('keeps the tagged answers written inside Outlook quotes', () => {
      const tagged = messages.filter((message) => ownLines(message).some((line) => /^\[[A-Za-z]+\] \S/.test(line)));
      expect(tagged).toHaveLength(2);
    });

    it('cuts the legal disclaimers off the replies whose signature has no delimiter', () => {
      const withDisclaimer = messages.filter((message) => /intended recipient/i.test(message.ownText));
      expect(withDisclaimer).toEqual([]);
    });
  });
});
