import { isUtf8 } from 'node:buffer';
import { SNIFF_CHARSET } from './charset.js';
import { repairMislabelledWords } from './encoded-words.js';
import {
  decodeField,
  parseStructured,
  readHeaderBlock,
  type HeaderBlock,
  type HeaderField,
  type RawHeaderField,
} from './headers.js';
import { MailParseError } from './types.js';

/**
 * One linear pass over the raw bytes before mailparser sees them. It refuses what is not a message
 * or would be costly to parse (MIME bombs, huge headers), notes truncation, and patches the bytes so
 * mailparser decodes them right: 8-bit header lines that are not UTF-8 are re-encoded from
 * windows-1252 to UTF-8 (mailparser reads header bytes as UTF-8), so are encoded words that claim
 * UTF-8 but hold other bytes, and text parts declared UTF-8 or
 * US-ASCII whose body may hold other bytes are relabelled SNIFF_CHARSET, so that they reach the
 * charset decoder instead of becoming U+FFFD.
 */

export const MAX_MIME_DEPTH = 100;
export const MAX_MIME_PARTS = 1000;

export interface PreparedMessage {
  /** The bytes to hand to mailparser (the input itself when nothing needed patching). */
  bytes: Buffer;
  /** The top-level header fields, decoded. */
  fields: HeaderField[];
  warnings: string[];
}

interface Patch {
  start: number;
  end: number;
  text: string;
}

/** Field names of which a real message has at least one. */
const KNOWN_FIELDS = new Set([
  'from', 'date', 'subject', 'message-id', 'received', 'return-path', 'to', 'cc', 'sender',
  'mime-version', 'content-type', 'in-reply-to', 'references', 'delivered-to', 'x-original-to',
]);
const MBOX_SEPARATOR = /^From \S*.*\d\d:\d\d/;
const UTF8_LABELS = new Set(['', 'utf-8', 'utf8', 'us-ascii', 'ascii']);
const QP_HIGH_BYTE = /=[89A-Fa-f][0-9A-Fa-f]/;
const HIGH_BYTE = /[\x80-\xff]/;

export function prepareMessage(input: Buffer): PreparedMessage {
  const text = input.toString('latin1');
  if (/^\s*$/.test(text)) throw new MailParseError('empty input');
  const warnings: string[] = [];
  const start = skipEnvelopeLine(text, warnings);
  const top = readHeaderBlock(text, start);
  assertLooksLikeMessage(text, top, start);
  const scan = new MimeScan(text, warnings);
  scan.walk(top);
  const bytes = scan.patches.length ? applyPatches(input, scan.patches) : input;
  return { bytes, fields: top.fields.map(decodeField), warnings };
}

/** Skips an mbox `From ` separator line, if the bytes still begin with one. */
function skipEnvelopeLine(text: string, warnings: string[]): number {
  if (!text.startsWith('From ')) return 0;
  const newline = text.indexOf('\n');
  if (newline < 0 || !MBOX_SEPARATOR.test(text.slice(0, newline))) return 0;
  warnings.push('skipped an mbox "From " line before the header');
  return newline + 1;
}

/** A message starts with a header field, names at least one field every message has, holds no NUL there. */
function assertLooksLikeMessage(text: string, top: HeaderBlock, start: number): void {
  if (top.fields[0]?.start !== start || !top.fields.some((field) => KNOWN_FIELDS.has(field.name))) {
    throw new MailParseError('no message header found');
  }
  if (text.slice(start, top.end).includes('\0')) throw new MailParseError('binary data in the header section');
}

interface OpenMultipart {
  boundary: string;
  digest: boolean;
}

interface PartHeader {
  contentType: string | null;
  charset: string | null;
  transferEncoding: string;
  contentTypeField: RawHeaderField | null;
}

/** A delimiter line (`--boundary` or `--boundary--`) of the open multipart at `level`. */
interface Delimiter {
  lineStart: number;
  next: number;
  level: number;
  closing: boolean;
}

/** Longer lines are never delimiters (a boundary has at most 70 characters, plus padding). */
const MAX_DELIMITER_LINE = 1000;

class MimeScan {
  readonly patches: Patch[] = [];
  private readonly open: OpenMultipart[] = [];
  private parts = 0;

  constructor(
    private readonly text: string,
    private readonly warnings: string[],
  ) {}

  /** Walks every part from the top-level header block, recording patches. */
  walk(top: HeaderBlock): void {
    let header = top;
    let inDigest = false;
    for (;;) {
      this.repairHeaderBytes(header);
      const part = this.describePart(header, inDigest);
      const isMultipart = this.enter(part);
      let delimiter = this.nextDelimiter(header.bodyStart);
      if (!isMultipart) this.checkLeaf(header, part, delimiter ? delimiter.lineStart : this.text.length);
      while (delimiter?.closing) {
        this.open.length = delimiter.level;
        delimiter = this.nextDelimiter(delimiter.next);
      }
      if (!delimiter) break;
      this.open.length = delimiter.level + 1;
      inDigest = this.open[delimiter.level]?.digest ?? false;
      header = readHeaderBlock(this.text, delimiter.next);
    }
    if (this.open.length) this.warn('message ends inside a multipart part: truncated?');
  }

  private describePart(header: HeaderBlock, inDigest: boolean): PartHeader {
    let contentTypeField: RawHeaderField | null = null;
    let transferEncoding = '';
    for (const field of header.fields) {
      if (field.name === 'content-type' && !contentTypeField) contentTypeField = field;
      if (field.name === 'content-transfer-encoding') transferEncoding = field.rawValue.trim().toLowerCase();
    }
    if (!contentTypeField) {
      return { contentType: inDigest ? 'message/rfc822' : null, charset: null, transferEncoding, contentTypeField };
    }
    const structured = parseStructured(contentTypeField.rawValue);
    return {
      contentType: structured.value,
      charset: structured.params.get('charset')?.toLowerCase() ?? null,
      transferEncoding,
      contentTypeField,
    };
  }

  /** Counts the part and, for a multipart with a boundary, opens it. True when it opened one. */
  private enter(part: PartHeader): boolean {
    this.parts++;
    if (this.parts > MAX_MIME_PARTS) throw new MailParseError(`more than ${MAX_MIME_PARTS} MIME parts`);
    if (!part.contentType?.startsWith('multipart/') || !part.contentTypeField) return false;
    const boundary = parseStructured(part.contentTypeField.rawValue).params.get('boundary');
    if (!boundary) return false;
    this.open.push({ boundary, digest: part.contentType === 'multipart/digest' });
    if (this.open.length > MAX_MIME_DEPTH) throw new MailParseError(`MIME nesting deeper than ${MAX_MIME_DEPTH} levels`);
    return true;
  }

  /** The next delimiter line of any open multipart at or after `from`. */
  private nextDelimiter(from: number): Delimiter | null {
    if (!this.open.length) return null;
    let lineStart = this.text.startsWith('--', from) ? from : this.nextDashLine(from);
    while (lineStart >= 0) {
      const newline = this.text.indexOf('\n', lineStart);
      const lineEnd = newline < 0 ? this.text.length : newline;
      const next = newline < 0 ? this.text.length : newline + 1;
      if (lineEnd - lineStart <= MAX_DELIMITER_LINE) {
        const line = this.text.slice(lineStart, lineEnd).trimEnd();
        const level = this.open.findLastIndex((open) => line === `--${open.boundary}` || line === `--${open.boundary}--`);
        const boundary = this.open[level]?.boundary;
        if (boundary !== undefined) return { lineStart, next, level, closing: line === `--${boundary}--` };
      }
      lineStart = this.nextDashLine(lineStart);
    }
    return null;
  }

  private nextDashLine(from: number): number {
    const found = this.text.indexOf('\n--', from);
    return found < 0 ? -1 : found + 1;
  }

  /** Patches a text leaf whose body mailparser would decode as UTF-8 though it may not be. */
  private checkLeaf(header: HeaderBlock, part: PartHeader, bodyEnd: number): void {
    const type = part.contentType;
    if (type !== null && type !== 'text/plain' && type !== 'text/html') return;
    if (!UTF8_LABELS.has(part.charset ?? '')) return;
    if (!this.mayHoldNonUtf8(header.bodyStart, bodyEnd, part.transferEncoding)) return;
    const field = part.contentTypeField;
    if (field) {
      this.relabelField(field, header.lineBreak);
    } else {
      const insertion = `Content-Type: text/plain; charset=${SNIFF_CHARSET}${header.lineBreak}`;
      this.patches.push({ start: header.end, end: header.end, text: insertion });
    }
  }

  private mayHoldNonUtf8(start: number, end: number, transferEncoding: string): boolean {
    if (transferEncoding === 'base64') return true;
    const body = this.text.slice(start, Math.max(start, end));
    if (transferEncoding === 'quoted-printable') return QP_HIGH_BYTE.test(body);
    return HIGH_BYTE.test(body) && !isUtf8(Buffer.from(body, 'latin1'));
  }

  /**
   * Re-encodes header fields whose 8-bit bytes are not UTF-8 from windows-1252 to UTF-8, and
   * encoded words that claim UTF-8 but are not.
   */
  private repairHeaderBytes(header: HeaderBlock): void {
    for (const field of header.fields) {
      const raw = this.text.slice(field.start, field.end);
      const badBytes = HIGH_BYTE.test(raw) && !isUtf8(Buffer.from(raw, 'latin1'));
      if (!badBytes && !raw.includes('=?')) continue;
      const value = decodeField(field).value;
      const repairedWords = repairMislabelledWords(value);
      if (!badBytes && repairedWords === null) continue;
      const name = raw.slice(0, raw.indexOf(':') + 1);
      const utf8 = Buffer.from(`${name} ${repairedWords ?? value}${header.lineBreak}`, 'utf8').toString('latin1');
      this.patches.push({ start: field.start, end: field.end, text: utf8 });
      const problem = badBytes ? '8-bit bytes are not UTF-8' : 'encoded words declared UTF-8 hold other bytes';
      this.warn(`${field.name} header: ${problem}: read as windows-1252`);
    }
  }

  private warn(warning: string): void {
    if (!this.warnings.includes(warning)) this.warnings.push(warning);
  }

  /** Rewrites the Content-Type field with the sniffing charset label (replacing a byte repair of it). */
  private relabelField(field: RawHeaderField, lineBreak: string): void {
    const repaired = this.patches.findIndex((patch) => patch.start === field.start);
    if (repaired >= 0) this.patches.splice(repaired, 1);
    const text = Buffer.from(`Content-Type: ${relabel(decodeField(field).value)}${lineBreak}`, 'utf8').toString('latin1');
    this.patches.push({ start: field.start, end: field.end, text });
  }
}

function relabel(contentType: string): string {
  const charset = /(;\s*charset\s*=\s*)("[^"]*"|[^;\s]*)/i;
  return charset.test(contentType)
    ? contentType.replace(charset, `$1${SNIFF_CHARSET}`)
    : `${contentType.replace(/;\s*$/, '')}; charset=${SNIFF_CHARSET}`;
}

function applyPatches(input: Buffer, patches: Patch[]): Buffer {
  const sorted = [...patches].sort((a, b) => a.start - b.start || a.end - b.end);
  const pieces: Buffer[] = [];
  let position = 0;
  for (const patch of sorted) {
    pieces.push(input.subarray(position, patch.start), Buffer.from(patch.text, 'latin1'));
    position = patch.end;
  }
  pieces.push(input.subarray(position));
  return Buffer.concat(pieces);
}
