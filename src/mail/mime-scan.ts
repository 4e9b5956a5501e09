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
 * One linear pass over the raw bytes before they are decoded (by `decodeParts` when the structure is
 * plain, else by mailparser), recording the leaf parts on the way. It refuses what is not a message
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
  /**
   * The message's leaf parts, when its structure is one that `decodeParts` (mime-parts.ts) decodes
   * exactly as mailparser would; null sends the message to mailparser.
   */
  structure: MimeStructure | null;
}

/** The input as latin-1 text (one character per byte), its header fields and its leaf parts in document order. */
export interface MimeStructure {
  text: string;
  top: RawHeaderField[];
  leaves: MimeLeaf[];
}

export interface MimeLeaf {
  fields: RawHeaderField[];
  /** The body, from after the blank line to the line break before the next delimiter line. */
  bodyStart: number;
  bodyEnd: number;
  /** The message is this one part, not a multipart. */
  root: boolean;
  /** Inside a multipart/alternative. */
  alternative: boolean;
  /** The scan relabelled its charset SNIFF_CHARSET: its bytes may not be what it declares. */
  relabelled: boolean;
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
  const structure = start === 0 && scan.plainStructure ? { text, top: top.fields, leaves: scan.leaves } : null;
  return { bytes, fields: top.fields.map(decodeField), warnings, structure };
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
  alternative: boolean;
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

/** Transfer encodings `decodeParts` decodes; a message with any other goes to mailparser. */
const PLAIN_TRANSFER_ENCODINGS = new Set(['', '7bit', '8bit', 'binary', 'quoted-printable', 'base64']);
/** Field values with comments or 8-bit bytes, which mailparser reads by rules of its own. */
const UNUSUAL_MIME_FIELD = /[()\x80-\xff]/;
/** The same, and RFC 2231 parameters (`boundary*=`): a multipart's boundary must be read as mailparser reads it. */
const UNUSUAL_MULTIPART_FIELD = /[()*\x80-\xff]/;
const MIME_FIELDS = new Set(['content-type', 'content-disposition', 'content-transfer-encoding']);

class MimeScan {
  readonly patches: Patch[] = [];
  readonly leaves: MimeLeaf[] = [];
  /**
   * False once the scan meets anything `decodeParts` does not decode exactly as mailparser:
   * repaired headers, embedded messages, digests, multiparts without a usable boundary, truncation,
   * unusual MIME field syntax or transfer encodings.
   */
  plainStructure = true;
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
      if (!isMultipart) {
        const bodyEnd = delimiter ? delimiter.lineStart : this.text.length;
        const relabelled = this.checkLeaf(header, part, bodyEnd);
        this.recordLeaf(header, part, { bodyEnd: delimiter ? bodyEndBefore(this.text, bodyEnd, header.bodyStart) : bodyEnd, relabelled });
      }
      while (delimiter?.closing) {
        this.open.length = delimiter.level;
        delimiter = this.nextDelimiter(delimiter.next);
      }
      if (!delimiter) break;
      this.open.length = delimiter.level + 1;
      inDigest = this.open[delimiter.level]?.digest ?? false;
      header = readHeaderBlock(this.text, delimiter.next);
    }
    if (this.open.length) {
      this.warn('message ends inside a multipart part: truncated?');
      this.plainStructure = false;
    }
  }

  private recordLeaf(header: HeaderBlock, part: PartHeader, body: { bodyEnd: number; relabelled: boolean }): void {
    const type = part.contentType;
    const unusual =
      type?.startsWith('message/') ||
      type?.startsWith('multipart/') ||
      !PLAIN_TRANSFER_ENCODINGS.has(part.transferEncoding) ||
      header.fields.some((field) => MIME_FIELDS.has(field.name) && UNUSUAL_MIME_FIELD.test(field.rawValue));
    if (unusual) this.plainStructure = false;
    if (!this.plainStructure) return;
    this.leaves.push({
      fields: header.fields,
      bodyStart: header.bodyStart,
      bodyEnd: body.bodyEnd,
      root: this.parts === 1,
      alternative: this.open.some((open) => open.alternative),
      relabelled: body.relabelled,
    });
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
    const digest = part.contentType === 'multipart/digest';
    if (digest || boundary !== boundary.trimEnd() || UNUSUAL_MULTIPART_FIELD.test(part.contentTypeField.rawValue)) this.plainStructure = false;
    this.open.push({ boundary, digest, alternative: part.contentType === 'multipart/alternative' });
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

  /** Patches a text leaf whose body mailparser would decode as UTF-8 though it may not be; true when it did. */
  private checkLeaf(header: HeaderBlock, part: PartHeader, bodyEnd: number): boolean {
    const type = part.contentType;
    if (type !== null && type !== 'text/plain' && type !== 'text/html') return false;
    if (!UTF8_LABELS.has(part.charset ?? '')) return false;
    if (!this.mayHoldNonUtf8(header.bodyStart, bodyEnd, part.transferEncoding)) return false;
    const field = part.contentTypeField;
    if (field) {
      this.relabelField(field, header.lineBreak);
    } else {
      const insertion = `Content-Type: text/plain; charset=${SNIFF_CHARSET}${header.lineBreak}`;
      this.patches.push({ start: header.end, end: header.end, text: insertion });
    }
    return true;
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
      this.plainStructure = false;
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

/** Where a part's body ends: before the line break that belongs to the delimiter line at `delimiterStart`. */
function bodyEndBefore(text: string, delimiterStart: number, bodyStart: number): number {
  let end = delimiterStart;
  if (end > bodyStart && text.charCodeAt(end - 1) === 10) end--;
  if (end > bodyStart && text.charCodeAt(end - 1) === 13) end--;
  return Math.max(end, bodyStart);
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
