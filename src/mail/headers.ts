import { decodeHeaderBytes } from './charset.js';
import { MailParseError } from './types.js';

/**
 * Header blocks are read from the message as a latin-1 string, so that string offsets are byte
 * offsets and every byte survives as one character.
 */

/** A header field as it stands in the bytes. */
export interface RawHeaderField {
  /** Lower-cased field name. */
  name: string;
  /** The value with line folds removed, as latin-1 characters (one per byte), not yet decoded. */
  rawValue: string;
  /** Offset of the field's first byte. */
  start: number;
  /** Offset just past the line break ending the field's last (folded) line. */
  end: number;
}

/** A decoded header field: folds removed, 8-bit bytes read as UTF-8 (or windows-1252), encoded words kept. */
export interface HeaderField {
  name: string;
  value: string;
}

export interface HeaderBlock {
  fields: RawHeaderField[];
  /** The line break the block uses, to write patched fields with: `\r\n` or `\n`. */
  lineBreak: string;
  /** Offset of the empty line ending the block (where a new field may be inserted), or the end of input. */
  end: number;
  /** Offset of the first body byte. */
  bodyStart: number;
}

/** RFC 5322 field name: printable ASCII except colon, then optional white space before the colon. */
const FIELD_LINE = /^([!-9;-~]+)[ \t]*:/;

/** Mail with a header section larger than this is refused (mailparser would refuse it too). */
export const MAX_HEADER_BYTES = 1024 * 1024;

interface Line {
  start: number;
  /** Offset of the line's text end (before \r\n or \n). */
  textEnd: number;
  /** Offset past the line break. */
  next: number;
}

function lineAt(text: string, start: number): Line {
  const newline = text.indexOf('\n', start);
  if (newline < 0) return { start, textEnd: text.length, next: text.length };
  const textEnd = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
  return { start, textEnd, next: newline + 1 };
}

/**
 * Reads the header block starting at `start`, up to the first empty line.
 * Throws MailParseError when the block is larger than MAX_HEADER_BYTES.
 */
export function readHeaderBlock(text: string, start: number): HeaderBlock {
  const fields: RawHeaderField[] = [];
  let lineBreak = '\r\n';
  let position = start;
  while (position < text.length) {
    const line = lineAt(text, position);
    if (position === start) lineBreak = line.textEnd < line.next - 1 ? '\r\n' : '\n';
    if (line.textEnd === line.start) return { fields, lineBreak, end: position, bodyStart: line.next };
    if (line.next - start > MAX_HEADER_BYTES) {
      throw new MailParseError(`header section larger than ${MAX_HEADER_BYTES / 1024 / 1024} MiB`);
    }
    const first = text.charCodeAt(position);
    const previous = fields[fields.length - 1];
    if ((first === 32 || first === 9) && previous) {
      previous.rawValue += text.slice(line.start, line.textEnd);
      previous.end = line.next;
    } else {
      const lineText = text.slice(line.start, line.textEnd);
      const field = FIELD_LINE.exec(lineText);
      if (field) {
        const name = (field[1] ?? '').toLowerCase();
        fields.push({ name, rawValue: lineText.slice(field[0].length), start: line.start, end: line.next });
      }
    }
    position = line.next;
  }
  return { fields, lineBreak, end: text.length, bodyStart: text.length };
}

/** Decodes a raw field: trims, reads its bytes as UTF-8 when valid, else windows-1252. */
export function decodeField(field: RawHeaderField): HeaderField {
  return { name: field.name, value: decodeHeaderBytes(Buffer.from(field.rawValue.trim(), 'latin1')) };
}

/** The decoded header fields of a raw message. Throws MailParseError when its header is too large. */
export function rawHeaderFields(raw: Buffer): HeaderField[] {
  return readHeaderBlock(raw.toString('latin1', 0, Math.min(raw.length, MAX_HEADER_BYTES)), 0).fields.map(decodeField);
}

/** Every value of the named field, in header order. */
export function headerValues(fields: readonly HeaderField[], name: string): string[] {
  return fields.filter((field) => field.name === name).map((field) => field.value);
}

/** The first value of the named field, or null. */
export function firstHeader(fields: readonly HeaderField[], name: string): string | null {
  return fields.find((field) => field.name === name)?.value ?? null;
}

/** A parsed structured header value such as Content-Type: `type/subtype; name=value; ...`. */
export interface StructuredValue {
  value: string;
  params: Map<string, string>;
}

/** Parses `text/plain; charset="utf-8"; format=flowed` (quoted strings, comments ignored). */
export function parseStructured(raw: string): StructuredValue {
  const parts = splitParams(raw);
  const params = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const key = part.slice(0, equals).trim().toLowerCase();
    let paramValue = part.slice(equals + 1).trim();
    if (paramValue.startsWith('"')) paramValue = paramValue.slice(1, paramValue.endsWith('"') ? -1 : undefined).replace(/\\(.)/g, '$1');
    if (key && !params.has(key)) params.set(key, paramValue);
  }
  return { value: (parts[0] ?? '').trim().toLowerCase(), params };
}

/** Splits on semicolons outside quoted strings, dropping (comments) outside them. */
function splitParams(raw: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let commentDepth = 0;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (char === '\\' && (quoted || commentDepth > 0)) {
      if (quoted) current += char + (raw[i + 1] ?? '');
      i++;
    } else if (!quoted && char === '(') {
      commentDepth++;
    } else if (commentDepth > 0) {
      if (char === ')') commentDepth--;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
