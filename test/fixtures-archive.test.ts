/**
 * Consistency of the bundled demo archive (fixtures/archive/): the two monthly mbox files and
 * labels.json. Plain Node code on purpose: these checks must hold whatever listlens's own parser says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from './helpers/corpus.js';

type ListName = 'iotops' | 't2trg';
const LIST_NAMES: readonly ListName[] = ['iotops', 't2trg'];

interface Label {
  thread: string;
  lists: ListName[];
  noArchive: boolean;
  from: { name: string; address: string };
  technologies: string[];
  position: 'support' | 'oppose' | 'changes' | null;
}

type Header = [name: string, value: string];

interface Copy {
  list: ListName;
  envelope: string;
  headers: Header[];
  body: string;
}

interface Leaf {
  contentType: string;
  transferEncoding: string;
  body: string;
}

const LIST_FACTS = {
  iotops: {
    tag: '[Iotops]',
    listId: 'IOT Operations <iotops.ietf.org>',
    address: 'iotops@ietf.org',
    footer: '_______________________________________________\nIotops mailing list\nIotops@ietf.org\nhttps://www.ietf.org/mailman/listinfo/iotops',
  },
  t2trg: {
    tag: '[T2TRG]',
    listId: 'Thing-to-Thing Research Group <t2trg.irtf.org>',
    address: 't2trg@irtf.org',
    footer: '_______________________________________________\nT2TRG mailing list\nT2TRG@irtf.org\nhttps://www.irtf.org/mailman/listinfo/t2trg',
  },
} as const;

const TECHNOLOGY_IDS = new Set([
  'dpp', 'brski', 'cbrski', 'sztp', 'est', 'est-coaps', 'eap-noob', 'lwm2m', 'ocf', 'fdo', 'matter', 'thread',
  'bluetooth-mesh', 'lorawan', 'mud', 'suit', 'oscore', 'edhoc', 'ace-oauth', 'rats', 'tpm', 'dice', 'gba',
  'akma', 'esim', 'iot-safe', 'opc-ua', 'zigbee', 'pana', 'kerberos',
]);
const THREADS = new Set(['bootstrapping', 'ietf110-agenda', 'senml-units']);
const POSITIONS = new Set(['support', 'oppose', 'changes', null]);

/** The reply whose client dropped In-Reply-To and References. */
const BROKEN_THREADING_ID = 'A0C3E5F7-9B1D-4F2A-8C6E-3D5B7F9A1C2E@example.org';

const ENVELOPE =
  /^From (\S+)  (Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \d]\d) (\d\d):(\d\d):(\d\d) (\d{4})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The file as one char per byte: the files mix charsets, as real archive files do. */
function readMailbox(list: ListName): string {
  return readFileSync(fixturePath(`archive/${list}/2021-02.mail`)).toString('latin1');
}

function splitMailbox(list: ListName, text: string): Copy[] {
  const copies: Copy[] = [];
  const lines = text.split('\n');
  let current: string[] | null = null;
  let envelope = '';
  const flush = (): void => {
    if (current) copies.push({ list, envelope, ...splitHeaders(current.join('\n')) });
  };
  for (const line of lines) {
    if (line.startsWith('From ')) {
      flush();
      envelope = line;
      current = [];
    } else if (current) current.push(line.startsWith('>From ') ? line.slice(1) : line);
  }
  flush();
  return copies;
}

function splitHeaders(raw: string): { headers: Header[]; body: string } {
  const end = raw.indexOf('\n\n');
  const block = raw.slice(0, end).replace(/\n([ \t])/g, '$1');
  const headers = block.split('\n').map((line): Header => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return { headers, body: raw.slice(end + 2) };
}

function headerValues(headers: readonly Header[], name: string): string[] {
  return headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}

function headerValue(headers: readonly Header[], name: string): string | undefined {
  return headerValues(headers, name)[0];
}

function messageIds(value: string | undefined): string[] {
  return [...(value ?? '').matchAll(/<([^<>]+)>/g)].map((m) => m[1]!.trim());
}

function messageIdOf(copy: Copy): string {
  const [id] = messageIds(headerValue(copy.headers, 'Message-ID'));
  if (!id) throw new Error(`no Message-ID after ${copy.envelope}`);
  return id;
}

/** The leaf parts of a MIME entity, in order. */
function leavesOf(headers: readonly Header[], body: string): Leaf[] {
  const contentType = headerValue(headers, 'Content-Type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\//i.test(contentType) || !boundary) {
    return [{ contentType, transferEncoding: (headerValue(headers, 'Content-Transfer-Encoding') ?? '7bit').toLowerCase(), body }];
  }
  return multipartBodies(body, boundary).flatMap((part) => {
    const split = splitHeaders(part);
    return leavesOf(split.headers, split.body);
  });
}

function multipartBodies(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split('\n')) {
    if (line === `--${boundary}` || line === `--${boundary}--`) {
      if (current) parts.push(current.join('\n'));
      if (line.endsWith('--') && line.length === boundary.length + 4) return parts;
      current = [];
    } else if (current) current.push(line);
  }
  throw new Error(`multipart without closing --${boundary}--`);
}

function charsetOf(contentType: string): string {
  return (/charset="?([^";\s]+)"?/i.exec(contentType)?.[1] ?? 'us-ascii').toLowerCase();
}

function decodeQuotedPrintable(encoded: string): Buffer {
  const joined = encoded.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=') {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

function leafBytes(leaf: Leaf): Buffer {
  if (leaf.transferEncoding === 'base64') return Buffer.from(leaf.body.replace(/\s+/g, ''), 'base64');
  if (leaf.transferEncoding === 'quoted-printable') return decodeQuotedPrintable(leaf.body);
  return Buffer.from(leaf.body, 'latin1');
}

/** windows-1252 bytes 0x80-0x9F (Node's TextDecoder reads this label as ISO-8859-1); 0 marks unassigned. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Buffer): string {
  return [...bytes]
    .map((b) => {
      const code = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
      if (code === 0) throw new Error(`byte 0x${b.toString(16)} is unassigned in windows-1252`);
      return String.fromCharCode(code);
    })
    .join('');
}

function leafText(leaf: Leaf): string {
  const charset = charsetOf(leaf.contentType);
  const bytes = leafBytes(leaf);
  if (charset === 'windows-1252' || charset === 'iso-8859-1') return decodeWindows1252(bytes);
  if (charset === 'us-ascii' && bytes.some((b) => b > 0x7f)) throw new Error('8-bit byte in a us-ascii part');
  return new TextDecoder(charset === 'us-ascii' ? 'utf-8' : charset, { fatal: true }).decode(bytes);
}

/** Envelope asctime is ietfa.amsl.com's local time, PST in February 2021. */
function envelopeTime(envelope: string): number {
  const m = ENVELOPE.exec(envelope);
  if (!m) throw new Error(`not an envelope: ${envelope}`);
  const [, , , month, day, hour, minute, second, year] = m;
  return Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day), Number(hour) + 8, Number(minute), Number(second));
}

const copies: Copy[] = LIST_NAMES.flatMap((list) => splitMailbox(list, readMailbox(list)));
const labels = JSON.parse(readFileSync(fixturePath('archive/labels.json'), 'utf8')) as Record<string, Label>;
const copiesOf = (id: string): Copy[] => copies.filter((copy) => messageIdOf(copy) === id);
const copyIn = (id: string, list: ListName): Copy => {
  const copy = copiesOf(id).find((c) => c.list === list);
  if (!copy) throw new Error(`${id} is not in ${list}`);
  return copy;
};
const allIds = new Set(copies.map(messageIdOf));

describe('fixtures/archive mailbox files', () => {
  it.each(LIST_NAMES)('%s: every line starting "From " is a full envelope, one per message', (list) => {
    const text = readMailbox(list);
    const fromLines = text.split('\n').filter((line) => line.startsWith('From '));
    expect(fromLines.filter((line) => !ENVELOPE.test(line))).toEqual([]);
    expect(fromLines.length).toBe(copies.filter((c) => c.list === list).length);
    expect(text.trimStart().startsWith('From ')).toBe(true);
  });

  it('holds 25 iotops copies, 18 t2trg copies and 8 messages posted to both lists', () => {
    expect(copies.filter((c) => c.list === 'iotops')).toHaveLength(25);
    expect(copies.filter((c) => c.list === 't2trg')).toHaveLength(18);
    expect([...allIds].filter((id) => copiesOf(id).length === 2)).toHaveLength(8);
  });

  it('dates each envelope with the Pacific time of the first Received header', () => {
    for (const copy of copies) {
      const firstReceived = headerValue(copy.headers, 'Received') ?? '';
      const stamp = firstReceived.slice(firstReceived.lastIndexOf(';') + 1).replace(/\(.*\)/, '').trim();
      expect(envelopeTime(copy.envelope), copy.envelope).toBe(Date.parse(stamp));
    }
  });

  it.each(LIST_NAMES)('%s: each copy carries the list headers Mailman 2.1.29 adds', (list) => {
    const facts = LIST_FACTS[list];
    for (const copy of copies.filter((c) => c.list === list)) {
      const h = copy.headers;
      const id = messageIdOf(copy);
      expect(headerValue(h, 'List-Id'), id).toBe(facts.listId);
      expect(headerValue(h, 'X-BeenThere'), id).toBe(facts.address);
      expect(headerValue(h, 'X-Mailman-Version'), id).toBe('2.1.29');
      expect(headerValue(h, 'List-Post'), id).toBe(`<mailto:${facts.address}>`);
      expect(headerValue(h, 'List-Archive'), id).toBe(`<https://mailarchive.ietf.org/arch/browse/${list}/>`);
      expect(headerValue(h, 'Archived-At'), id).toMatch(new RegExp(`^<https://mailarchive\\.ietf\\.org/arch/msg/${list}/[\\w-]{27}>$`));
      expect(headerValue(h, 'Subject'), id).toMatch(new RegExp(`^(Re: )?${facts.tag.replace(/[[\]]/g, '\\$&')} `));
      expect(headerValues(h, 'From'), id).toHaveLength(1);
      expect(headerValues(h, 'Date'), id).toHaveLength(1);
      expect(headerValue(h, 'Return-Path'), id).toMatch(/^<[^@<>\s]+@[^@<>\s]+>$/);
    }
  });

  it.each(LIST_NAMES)('%s: Message-IDs are unique within the file', (list) => {
    const ids = copies.filter((c) => c.list === list).map(messageIdOf);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ends every copy with its own list footer, also when the same message is in both files', () => {
    for (const copy of copies) {
      const leaves = leavesOf(copy.headers, copy.body);
      const last = leafText(leaves[leaves.length - 1]!).replace(/\n+$/, '');
      expect(last.endsWith(LIST_FACTS[copy.list].footer), messageIdOf(copy)).toBe(true);
    }
  });

  it('keeps quoted-printable lines within 76 characters with valid escapes', () => {
    const qpLeaves = copies.flatMap((c) => leavesOf(c.headers, c.body)).filter((l) => l.transferEncoding === 'quoted-printable');
    expect(qpLeaves.length).toBeGreaterThan(0);
    for (const leaf of qpLeaves) {
      for (const line of leaf.body.replace(/\n$/, '').split('\n')) {
        expect(line.length, line).toBeLessThanOrEqual(76);
        expect(line.replace(/=[0-9A-F]{2}/g, '').replace(/=$/, ''), line).not.toContain('=');
        expect(line, 'whitespace before a hard line break must be encoded').not.toMatch(/[ \t]$/);
      }
    }
  });

  it('decodes every text part strictly in its declared charset', () => {
    for (const copy of copies) {
      for (const leaf of leavesOf(copy.headers, copy.body).filter((l) => /^text\//i.test(l.contentType))) {
        expect(() => leafText(leaf), messageIdOf(copy)).not.toThrow();
        if (leaf.transferEncoding === '7bit') expect(leaf.body, messageIdOf(copy)).toMatch(/^[\x00-\x7f]*$/);
      }
    }
  });
});

describe('fixtures/archive threading', () => {
  const repliesWithParents = copies.filter((c) => headerValue(c.headers, 'In-Reply-To'));

  it('points every In-Reply-To and References id at a message in the archive', () => {
    expect(repliesWithParents.length).toBeGreaterThan(20);
    for (const copy of copies) {
      const targets = [...messageIds(headerValue(copy.headers, 'In-Reply-To')), ...messageIds(headerValue(copy.headers, 'References'))];
      expect(targets.filter((id) => !allIds.has(id)), messageIdOf(copy)).toEqual([]);
    }
  });

  it('has exactly one reply with no threading headers, the deliberately broken one', () => {
    const unthreadedReplies = copies.filter(
      (c) => /^Re:/i.test(headerValue(c.headers, 'Subject') ?? '') && !headerValue(c.headers, 'In-Reply-To') && !headerValue(c.headers, 'References'),
    );
    expect(unthreadedReplies.map(messageIdOf)).toEqual([BROKEN_THREADING_ID]);
    expect(headerValue(unthreadedReplies[0]!.headers, 'Subject')).toBe('Re: [Iotops] Secure IoT Bootstrapping: A Survey');
  });

  it('counts at least 24 distinct messages in the main thread', () => {
    const mainThread = [...allIds].filter((id) => labels[id]?.thread === 'bootstrapping');
    expect(mainThread.length).toBeGreaterThanOrEqual(24);
    expect(mainThread).toHaveLength(27);
  });

  it('posts the opening question to both lists under one Message-ID with each list tag', () => {
    const rootId = 'DB8PR07MB6428E3F1A2C94B07D5C81B2AB8849@DB8PR07MB6428.eurprd07.prod.outlook.com';
    expect(headerValue(copyIn(rootId, 'iotops').headers, 'Subject')).toBe('[Iotops] Secure IoT Bootstrapping: A Survey');
    expect(headerValue(copyIn(rootId, 't2trg').headers, 'Subject')).toBe('[T2TRG] Secure IoT Bootstrapping: A Survey');
  });
});

describe('fixtures/archive/labels.json', () => {
  it('names exactly the messages in the files, each with the lists it appears in', () => {
    expect(Object.keys(labels).sort()).toEqual([...allIds].sort());
    for (const [id, label] of Object.entries(labels)) {
      expect(
        copiesOf(id).map((c) => c.list).sort(),
        id,
      ).toEqual([...label.lists].sort());
    }
  });

  it('uses the documented threads, positions and technology ids', () => {
    for (const [id, label] of Object.entries(labels)) {
      expect(THREADS.has(label.thread), id).toBe(true);
      expect(POSITIONS.has(label.position), id).toBe(true);
      expect(label.technologies.filter((t) => !TECHNOLOGY_IDS.has(t)), id).toEqual([]);
      expect(new Set(label.technologies).size, id).toBe(label.technologies.length);
      expect(label.from.address, id).toBe(label.from.address.toLowerCase());
    }
  });

  it('marks noArchive exactly where the message says X-No-Archive: yes', () => {
    for (const copy of copies) {
      const asked = headerValue(copy.headers, 'X-No-Archive')?.toLowerCase() === 'yes';
      expect(labels[messageIdOf(copy)]!.noArchive, messageIdOf(copy)).toBe(asked);
    }
    expect(Object.values(labels).filter((l) => l.noArchive)).toHaveLength(1);
  });

  it('gives the sender identity after DMARC and "via" repair', () => {
    const jane = '8B2F4C1D-7A3E-4E96-9D05-C6A1B3E8F274@example.org';
    expect(headerValue(copyIn(jane, 'iotops').headers, 'From')).toBe('"Jane Whitfield via Iotops" <jane=40example.org@dmarc.ietf.org>');
    expect(labels[jane]!.from).toEqual({ name: 'Jane Whitfield', address: 'jane@example.org' });
  });
});

describe('fixtures/archive encodings the README promises', () => {
  const plainLeaf = (id: string, list: ListName): Leaf => {
    const copy = copyIn(id, list);
    const leaf = leavesOf(copy.headers, copy.body).find((l) => /^text\/plain/i.test(l.contentType));
    if (!leaf) throw new Error(`${id} has no text/plain part`);
    return leaf;
  };

  it('splits "Thread" with a quoted-printable soft line break', () => {
    const leaf = plainLeaf('HE1PR0902MB17394F6B8D2A0C5E3B7F91D4A1869@HE1PR0902MB1739.eurprd09.prod.outlook.com', 'iotops');
    expect(leaf.body).toContain('for Thr=\nead is accurate');
    expect(leafText(leaf)).toContain('the commissioning description for Thread is accurate');
  });

  it('carries a base64 UTF-8 body, a windows-1252 8bit body, a flowed body and an HTML-only body', () => {
    const base64 = plainLeaf('5E0D8B3A-41C7-4F9E-B2A6-93C1E7D4F208@example.com', 'iotops');
    expect([base64.transferEncoding, charsetOf(base64.contentType)]).toEqual(['base64', 'utf-8']);
    expect(leafText(base64)).toContain('森本 悠希 (Yuki Morimoto)');

    const cp1252 = plainLeaf('1436928571.20210221200212@example.org', 'iotops');
    expect([cp1252.transferEncoding, charsetOf(cp1252.contentType)]).toEqual(['8bit', 'windows-1252']);
    expect(leafText(cp1252)).toContain('files it under “network equipment”');

    const flowed = plainLeaf('a91f3c6e-0d27-4b58-8e14-6c2f7b9d3a05@example.net', 't2trg');
    expect(flowed.contentType).toBe('text/plain; charset="us-ascii"; Format="flowed"');
    expect(flowed.body).toMatch(/ \n/);

    const html = copyIn('0b7d3e52-9c1a-4f86-a4e3-2d5f8c6b1e90@example.com', 'iotops');
    expect(leavesOf(html.headers, html.body).map((l) => l.contentType.split(';')[0])).toEqual(['text/html', 'text/plain']);
  });
});
