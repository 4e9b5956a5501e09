import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage, type ParsedMail } from '../../src/mail/index.js';
import { fixturePath } from '../helpers/corpus.js';

function fixtureBytes(name: string): Buffer {
  return readFileSync(fixturePath(`mail/decode/${name}`));
}

function decodeFixture(name: string, envelopeDate?: Date): Promise<ParsedMail> {
  return parseMessage(fixtureBytes(name), envelopeDate ? { envelopeDate } : {});
}

describe('parseMessage: headers', () => {
  it('decodes Q and B encoded words in five charsets and joins adjacent words', async () => {
    const { message } = await decodeFixture('encoded-words-q-and-b.eml');
    expect(message.from).toEqual({ name: 'Renée Müller', address: 'renee@example.fr' });
    expect(message.subject).toBe('Café – agenda “draft” Привет €5');
  });

  it('reads encoded words that claim UTF-8 but hold latin-1, and keeps a character split across two words', async () => {
    const { message } = await decodeFixture('mislabelled-encoded-words.eml');
    expect(message.from).toEqual({ name: 'Renée Dupré', address: 'renee.dupre@example.fr' });
    expect(message.subject).toBe('Résumé split across words');
    expect(message.warnings).toEqual(['from header: encoded words declared UTF-8 hold other bytes: read as windows-1252']);
  });

  it('unfolds a subject folded over three lines', async () => {
    const { message } = await decodeFixture('folded-subject.eml');
    expect(message.subject).toBe(
      '[OPSAWG] Re: WGLC for draft-ietf-opsawg-example-yang-05: comments on section 4 and the security considerations',
    );
    expect(message.baseSubject).toBe('WGLC for draft-ietf-opsawg-example-yang-05: comments on section 4 and the security considerations');
  });

  it('keeps raw UTF-8 header bytes intact', async () => {
    const { message } = await decodeFixture('raw-utf8-header.eml');
    expect(message.from).toEqual({ name: 'Søren Ødegård', address: 'soren.odegard@example.no' });
    expect(message.subject).toBe('Über die Terminologie – ein Vorschlag');
    expect(message.text).toBe('Grüße aus Oslo.\n');
  });

  it('reads raw latin-1 header bytes as windows-1252 instead of U+FFFD', async () => {
    const { message } = await decodeFixture('raw-latin1-header.eml');
    expect(message.from.name).toBe('José Núñez');
    expect(message.subject).toBe('Revisión del borrador');
    expect(message.warnings).toEqual([
      'from header: 8-bit bytes are not UTF-8: read as windows-1252',
      'subject header: 8-bit bytes are not UTF-8: read as windows-1252',
    ]);
  });

  it('normalises the Message-ID and reads In-Reply-To and every References header', async () => {
    const { message } = await decodeFixture('message-id-normalised-and-references.eml');
    expect(message.messageId).toBe('20230222030405.ABC123@mail.example.cn');
    expect(message.messageIdSynthetic).toBe(false);
    expect(message.inReplyTo).toBe('parent-1@example.org');
    expect(message.references).toEqual(['root-0@example.org', 'parent-1@example.org', 'extra-2@example.net']);
  });

  it('marks X-No-Archive: yes and X-Archive: no', async () => {
    expect((await decodeFixture('x-no-archive.eml')).message.noArchive).toBe(true);
    expect((await decodeFixture('x-archive-no.eml')).message.noArchive).toBe(true);
    expect((await decodeFixture('folded-subject.eml')).message.noArchive).toBe(false);
  });

  it('skips an mbox From line left in front of the header', async () => {
    const { message } = await decodeFixture('mbox-from-line-first.eml');
    expect(message.from).toEqual({ name: 'Jane Doe', address: 'jane@example.com' });
    expect(message.subject).toBe('starts with an envelope line');
    expect(message.warnings).toEqual(['skipped an mbox "From " line before the header']);
  });
});

describe('parseMessage: dates', () => {
  it('takes a valid Date header', async () => {
    const { message } = await decodeFixture('encoded-words-q-and-b.eml');
    expect(message.date?.toISOString()).toBe('2023-03-14T08:30:00.000Z');
    expect(message.dateSource).toBe('date');
    expect(message.warnings).toEqual([]);
  });

  it('falls back to the topmost Received header when the zone is -0-200', async () => {
    const { message } = await decodeFixture('date-broken-zone-received-fallback.eml');
    expect(message.date?.toISOString()).toBe('2010-03-01T14:46:11.000Z');
    expect(message.dateSource).toBe('received');
    expect(message.warnings).toEqual([
      'unreadable Date header "Mon, 1 Mar 2010 15:45:56 -0-200": dated by the first Received header',
    ]);
  });

  it('falls back to the Received header when the Date header is prose', async () => {
    const { message } = await decodeFixture('date-garbage-received.eml');
    expect(message.date?.toISOString()).toBe('2023-02-22T07:59:59.000Z');
    expect(message.dateSource).toBe('received');
  });

  it('falls back to the envelope date for a CEST zone without Received headers', async () => {
    const envelope = new Date('2006-07-07T09:21:00Z');
    const { message } = await decodeFixture('date-cest-envelope-fallback.eml', envelope);
    expect(message.date?.toISOString()).toBe('2006-07-07T09:21:00.000Z');
    expect(message.dateSource).toBe('envelope');
    expect(message.warnings).toEqual(['unreadable Date header "Fri, 07 Jul 2006 11:20:00 CEST": dated by the mbox envelope']);
  });

  it('gives no date for a two-digit year with nothing to fall back to', async () => {
    const { message } = await decodeFixture('date-two-digit-year-none.eml');
    expect(message.date).toBeNull();
    expect(message.dateSource).toBe('none');
    expect(message.warnings).toEqual(['unreadable Date header "Sun, 2 Jan 00 10:00:00 +0000": no date found']);
  });
});

describe('parseMessage: synthetic Message-ID', () => {
  it('synthesises <sha256 of from, date, base subject, own text>@listlens.invalid', async () => {
    const { message } = await decodeFixture('missing-message-id.eml');
    const content = ['jane.doe@example.com', 'Tue, 21 Feb 2023 12:00:00 +0000', 'Adoption call for draft-doe-opsawg-telemetry', message.ownText].join('\n');
    const expected = `${createHash('sha256').update(content).digest('hex').slice(0, 32)}@listlens.invalid`;
    expect(message.messageIdSynthetic).toBe(true);
    expect(message.messageId).toBe(expected);
    expect(message.messageId).toMatch(/^[0-9a-f]{32}@listlens\.invalid$/);
    expect(message.warnings).toContain('no Message-ID: synthesised one from the content');
  });

  it('gives both list copies of a cross-post the same id despite subject tags and footers', async () => {
    const copyOne = fixtureBytes('missing-message-id.eml');
    const copyTwo = Buffer.from(
      copyOne
        .toString('utf8')
        .replace('Subject: [OPSAWG] Re:', 'Subject: [Netmod] Re:')
        .replace(/List-Id: .*\n/, 'List-Id: <netmod.ietf.org>\n')
        .concat('_______________________________________________\nnetmod mailing list\nnetmod@ietf.org\nhttps://www.ietf.org/mailman/listinfo/netmod\n'),
    );
    const one = await parseMessage(copyOne);
    const two = await parseMessage(copyTwo);
    expect(two.list).toBe('netmod');
    expect(two.message.messageId).toBe(one.message.messageId);
  });

  it('treats an empty Message-ID as missing', async () => {
    const bytes = Buffer.from('From: a@example.com\nSubject: empty id\nMessage-ID: <>\nDate: Wed, 15 Mar 2023 17:02:11 +0000\n\nbody\n');
    const { message } = await parseMessage(bytes);
    expect(message.messageIdSynthetic).toBe(true);
    expect(message.messageId).toMatch(/^[0-9a-f]{32}@listlens\.invalid$/);
  });
});

describe('parseMessage: bodies', () => {
  it('joins a word split by a quoted-printable soft line break', async () => {
    const { message } = await decodeFixture('qp-soft-break-in-word.eml');
    expect(message.text).toBe('The configuration model needs a “default” value; see Schönberg’s review.\nEquals sign: a=b\n');
    expect(message.bodySource).toBe('plain');
  });

  it('decodes a base64 UTF-8 body', async () => {
    const { message } = await decodeFixture('base64-utf8.eml');
    expect(message.text).toBe('Grüße, Ørjan. Tōkyō 東京\nSecond line.\n');
  });

  it('decodes windows-1252 curly quotes, en dash and euro sign', async () => {
    const { message } = await decodeFixture('windows-1252-quotes-euro.eml');
    expect(message.text).toBe('The “hackathon” fee is 50 € – see the wiki.\n');
  });

  it('decodes an 8-bit iso-8859-1 body', async () => {
    const { message } = await decodeFixture('iso-8859-1-8bit.eml');
    expect(message.text).toBe('Société à responsabilité limitée, déjà vu.\n');
    expect(message.warnings).toEqual([]);
  });

  it('decodes an ISO-2022-JP body and subject', async () => {
    const { message } = await decodeFixture('iso-2022-jp-body.eml');
    expect(message.subject).toBe('日本語');
    expect(message.text).toBe('こんにちは、ドラフトを読みました。\nOK です。\n');
  });

  it('decodes a koi8-r body', async () => {
    const { message } = await decodeFixture('koi8-r-body.eml');
    expect(message.text).toBe('Привет, коллеги.\n');
  });

  it('reads cp1252 bytes declared us-ascii without U+FFFD', async () => {
    const { message } = await decodeFixture('mislabelled-us-ascii-cp1252-bytes.eml');
    expect(message.text).toBe('Café naïve “quoted”.\n');
    expect(message.warnings).toEqual(['text declared UTF-8 or US-ASCII is not valid UTF-8: decoded as windows-1252']);
  });

  it('reads latin-1 quoted-printable bytes declared utf-8 without U+FFFD', async () => {
    const { message } = await decodeFixture('mislabelled-utf8-qp-latin1.eml');
    expect(message.text).toBe('Résumé of the débat.\n');
  });

  it('reads 8-bit latin-1 in a message with no MIME headers at all', async () => {
    const { message } = await decodeFixture('mislabelled-no-charset-8bit.eml');
    expect(message.text).toBe('Grüße aus Köln.\n');
  });

  it('reads UTF-8 bytes declared iso-8859-1 as UTF-8', async () => {
    const { message } = await decodeFixture('mislabelled-iso-8859-1-is-utf8.eml');
    expect(message.text).toBe('Hilsen fra København – “quoted”.\n');
    expect(message.warnings).toEqual(['text declared iso-8859-1 is UTF-8: decoded as UTF-8']);
  });

  it('unwraps format=flowed, quoted lines included, keeping the signature separator', async () => {
    const { message } = await decodeFixture('format-flowed.eml');
    expect(message.text).toBe(
      'This paragraph was wrapped by the mail client at seventy-two columns and should come back as one line.\n\n' +
        '> Quoted text that was flowed too.\n\nFixed line\n-- \nTom',
    );
  });

  it('unwraps format=flowed with DelSp=yes, deleting the space before each break', async () => {
    const { message } = await decodeFixture('format-flowed-delsp.eml');
    expect(message.text).toBe(
      'The identifier draft-ietf-opsawg-example-yang was split by the client inside a word, and the space before each break is not part of the text.',
    );
  });

  it('prefers the text/plain part of multipart/alternative', async () => {
    const { message } = await decodeFixture('alternative-prefers-plain.eml');
    expect(message.text).toBe('Plain version of the review.\n');
    expect(message.bodySource).toBe('plain');
    expect(message.attachments).toEqual([]);
  });

  it('uses the HTML part when the plain alternative is blank', async () => {
    const { message } = await decodeFixture('alternative-empty-plain-uses-html.eml');
    expect(message.bodySource).toBe('html');
    expect(message.text).toContain('Only the HTML part has words.');
    expect(message.text).not.toContain('<');
  });

  it('converts HTML-only mail to text, without markup or style sheet', async () => {
    const { message } = await decodeFixture('html-only.eml');
    expect(message.bodySource).toBe('html');
    expect(message.text).toContain('I support adoption of the draft.');
    expect(message.text).toContain('Ana');
    expect(message.text).not.toMatch(/<|color: red/);
  });

  it('lists attachments of multipart/mixed and keeps their content out of the text', async () => {
    const { message } = await decodeFixture('mixed-with-attachments.eml');
    expect(message.text).toBe('Slides for the interim are attached.\n');
    expect(message.attachments).toEqual([
      { filename: 'opsawg-interim-slides.pdf', contentType: 'application/pdf', size: 2048 },
      { filename: 'diagrammübersicht.png', contentType: 'image/png', size: 1024 },
      { filename: 'notes.txt', contentType: 'text/plain', size: 47, text: 'These notes are an attachment, not body text.\n' },
    ]);
  });

  it('appends the Mailman footer part to the text instead of listing it', async () => {
    const { message } = await decodeFixture('mailman-footer-part.eml');
    expect(message.text).toBe(
      "The author's words.\n\n_______________________________________________\nOPSAWG mailing list\nOPSAWG@ietf.org\nhttps://www.ietf.org/mailman/listinfo/opsawg\n",
    );
    expect(message.bodySource).toBe('plain');
    expect(message.attachments).toEqual([]);
  });

  it('appends a footer sent as a text/plain attachment after HTML-only words', async () => {
    const { message } = await decodeFixture('mailman-footer-attachment-html.eml');
    expect(message.bodySource).toBe('html');
    expect(message.text).toMatch(/^Words only in HTML\.\n+_{47}\nOPSAWG mailing list\n/);
    expect(message.text.endsWith('https://www.ietf.org/mailman/listinfo/opsawg\n')).toBe(true);
    expect(message.attachments).toEqual([]);
  });

  it('lists a forwarded message/rfc822 part as an attachment, its text not in the body', async () => {
    const { message } = await decodeFixture('forwarded-rfc822.eml');
    expect(message.text).toBe('Forwarding the liaison for discussion.\n');
    expect(message.attachments).toEqual([{ filename: null, contentType: 'message/rfc822', size: 242 }]);
  });

  it('gives text as the concatenation of its segments, and own text from them', async () => {
    const { message } = await decodeFixture('format-flowed.eml');
    expect(message.segments.map((segment) => segment.text).join('')).toBe(message.text);
    expect(message.ownText).not.toContain('Quoted text');
  });
});

describe('parseMessage: senders', () => {
  it('undoes DMARC rewriting and drops "via List"', async () => {
    const { message } = await decodeFixture('dmarc-rewritten-from.eml');
    expect(message.from).toEqual({ name: 'Jane Doe', address: 'jane.doe@example.com' });
  });

  it('takes the person from Reply-To when the list put its own address in From', async () => {
    const { message } = await decodeFixture('via-list-reply-to.eml');
    expect(message.from).toEqual({ name: 'Pat Kim', address: 'pat.kim@example.kr' });
  });

  it('turns "Last, First" around and lower-cases the address', async () => {
    const { message } = await decodeFixture('missing-message-id.eml');
    expect(message.from).toEqual({ name: 'Jane Doe', address: 'jane.doe@example.com' });
  });

  it('reads a pipermail-style "x at y dot z (Name)" sender', async () => {
    const { message } = await decodeFixture('obfuscated-at-dot.eml');
    expect(message.from).toEqual({ name: 'Lena Berg', address: 'lena.berg@example.se' });
  });
});

describe('parseMessage: list of the copy', () => {
  it('reads the list from List-Id', async () => {
    expect((await decodeFixture('folded-subject.eml')).list).toBe('opsawg');
  });

  it('reads an IRTF list from X-BeenThere alone', async () => {
    expect((await decodeFixture('list-x-beenthere-only.eml')).list).toBe('t2trg');
  });

  it('keeps the full list-id of a non-IETF list', async () => {
    expect((await decodeFixture('list-non-ietf-only.eml')).list).toBe('netdev.vger.kernel.org');
  });

  it('gives null when no list header is present', async () => {
    expect((await decodeFixture('koi8-r-body.eml')).list).toBeNull();
  });
});
