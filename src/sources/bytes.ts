/** Byte-level line tests shared by the format detector and the splitters; none convert a body line to a string. */

export const LF = 0x0a;
export const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COLON = 0x3a;
const GREATER_THAN = 0x3e;

/** Longest line prefix any test here needs; a header name or an mbox envelope line is far shorter. */
export const lineHeadBytes = 4096;

const FROM_SPACE = Buffer.from('From ', 'latin1');

/** `\n` or `\r\n` alone. `end` is just past the line's newline. */
export function isBlankLine(buf: Buffer, start: number, end: number): boolean {
  const length = end - start;
  if (length === 1) return buf[start] === LF;
  return length === 2 && buf[start] === CR && buf[start + 1] === LF;
}

export function startsWithFrom(buf: Buffer, start: number, end: number): boolean {
  return end - start >= FROM_SPACE.length && buf.compare(FROM_SPACE, 0, FROM_SPACE.length, start, start + FROM_SPACE.length) === 0;
}

/** `>From `, `>>From `, ...: a line an mboxrd writer escaped by adding one `>`. */
export function isEscapedFromLine(buf: Buffer, start: number, end: number): boolean {
  let at = start;
  while (at < end && buf[at] === GREATER_THAN) at++;
  return at > start && startsWithFrom(buf, at, end);
}

/**
 * `Name:` at the line start, the name made of printable ASCII without `:` (RFC 5322 `ftext`, `[!-9;-~]+`).
 * With `needsSpace`, the colon must be followed by whitespace or the line end (`Name: value`), a stricter
 * test for telling headers from prose such as a web page's title line.
 */
export function isHeaderLine(buf: Buffer, start: number, end: number, needsSpace: boolean): boolean {
  const limit = Math.min(end, start + lineHeadBytes);
  for (let at = start; at < limit; at++) {
    const byte = buf[at] as number;
    if (byte === COLON) {
      if (at === start) return false;
      if (!needsSpace) return true;
      const next = buf[at + 1];
      return at + 1 >= end || next === SPACE || next === TAB || next === CR || next === LF;
    }
    if (byte < 0x21 || byte > 0x7e) return false;
  }
  return false;
}

/** A folded header's continuation line. */
export function isContinuationLine(buf: Buffer, start: number, end: number): boolean {
  return end > start && (buf[start] === SPACE || buf[start] === TAB);
}

/** The line's text without its line ending, for the few lines that are worth a string (envelopes). */
export function lineText(buf: Buffer, start: number, end: number): string {
  let stop = end;
  if (stop > start && buf[stop - 1] === LF) stop--;
  if (stop > start && buf[stop - 1] === CR) stop--;
  return buf.toString('latin1', start, stop);
}

/** Index just past the line starting at `start` (past its `\n`, or `end` when it has none). */
export function lineEnd(buf: Buffer, start: number, end: number): number {
  const newline = buf.indexOf(LF, start);
  return newline === -1 || newline >= end ? end : newline + 1;
}
