import { isBlankLine, isContinuationLine, isHeaderLine, lineEnd } from './bytes.js';
import { parseEnvelopeLine } from './envelope.js';
import { isMmdfDelimiter } from './mmdf.js';
import type { SourceFormat } from './types.js';

/** How much of a file's start is examined to tell what it is. */
export const sniffBytes = 64 * 1024;

/**
 * A run of this many header lines after prose is taken as a message's header block. At the file start
 * two suffice: an archive page's title line can look like one header (`Re: ...`), never like two.
 */
const headerRunAfterProse = 3;
const headerRunAtStart = 2;

export type Detection =
  | { kind: 'format'; format: Exclude<SourceFormat, 'maildir' | 'unknown'>; start: number }
  | { kind: 'unrecognised'; reason: string };

/**
 * Tells the container from its first bytes (already decompressed). After any leading blank lines:
 * `\x01\x01\x01\x01` is MMDF, an envelope line mbox, a header block an `.eml`; otherwise the message
 * may follow a few lines of prose (an archive web page saved as text), and starts at the first run of
 * three header lines. A lone header line at the start still makes a (short) `.eml`.
 */
export function detectFormat(head: Buffer): Detection {
  if (head.length === 0) return { kind: 'unrecognised', reason: 'not a mailbox: the file is empty' };
  const window = head.subarray(0, sniffBytes);
  const first = skipBlankLines(window);
  const firstEnd = lineEnd(window, first, window.length);
  if (first < window.length) {
    if (isMmdfDelimiter(window, first, firstEnd)) return { kind: 'format', format: 'mmdf', start: 0 };
    if (parseEnvelopeLine(window, first, firstEnd)) return { kind: 'format', format: 'mbox', start: 0 };
  }
  if (headerRunLengthAt(window, first, headerRunAtStart) >= headerRunAtStart) return { kind: 'format', format: 'eml', start: first };
  const run = findHeaderRun(window, first, headerRunAfterProse);
  if (run !== -1) return { kind: 'format', format: 'archive-page', start: run };
  if (first < window.length && isHeaderLine(window, first, firstEnd, false)) {
    return { kind: 'format', format: 'eml', start: first };
  }
  return { kind: 'unrecognised', reason: 'not a mailbox: no message headers found in the first 64 KiB' };
}

function skipBlankLines(buf: Buffer): number {
  let position = 0;
  while (position < buf.length) {
    const end = lineEnd(buf, position, buf.length);
    if (!isBlankLine(buf, position, end)) break;
    position = end;
  }
  return position;
}

/** Offset of the first line that starts `runLengthNeeded` header lines (folded lines inside allowed), or -1. */
function findHeaderRun(buf: Buffer, from: number, runLengthNeeded: number): number {
  let runStart = -1;
  let runLength = 0;
  for (let position = from; position < buf.length; ) {
    const end = lineEnd(buf, position, buf.length);
    if (isHeaderLine(buf, position, end, true)) {
      if (runLength === 0) runStart = position;
      if (++runLength >= runLengthNeeded) return runStart;
    } else if (!(runLength > 0 && isContinuationLine(buf, position, end))) {
      runLength = 0;
    }
    position = end;
  }
  return -1;
}

/** How many header lines (up to `enough`) follow one another from `start`, folded lines not counted. */
function headerRunLengthAt(buf: Buffer, start: number, enough: number): number {
  let runLength = 0;
  for (let position = start; position < buf.length && runLength < enough; ) {
    const end = lineEnd(buf, position, buf.length);
    if (isHeaderLine(buf, position, end, true)) runLength++;
    else if (runLength === 0 || !isContinuationLine(buf, position, end)) break;
    position = end;
  }
  return runLength;
}

/**
 * True for the formats whose files hold many messages, each at its byte offset (mbox, MMDF); false for
 * a file holding one (a .eml, a saved archive page, a maildir file), whose offset is always 0.
 */
export function holdsManyMessages(format: SourceFormat): boolean {
  return format === 'mbox' || format === 'mmdf';
}
