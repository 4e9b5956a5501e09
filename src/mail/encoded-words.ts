import { isUtf8 } from 'node:buffer';
import { decodeBytes } from './charset.js';

/** One RFC 2047 encoded word: charset (with an optional RFC 2231 language), Q or B, payload. */
const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([QqBb])\?([^?\s]*)\?=/g;

function wordBytes(encoding: string, payload: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(payload, 'base64');
  const text = payload.replace(/_/g, ' ');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** Adjacent encoded words in one charset, only white space between them (which is not text). */
interface EncodedRun {
  start: number;
  end: number;
  charset: string;
  bytes: Buffer;
}

/**
 * The runs of encoded words in a header value. Words are joined before decoding so that a
 * multi-byte character split across two words survives (RFC 2047 section 6.2).
 */
function encodedRuns(value: string): EncodedRun[] {
  const runs: EncodedRun[] = [];
  let current: { start: number; end: number; charset: string; chunks: Buffer[] } | null = null;
  for (const match of value.matchAll(ENCODED_WORD)) {
    const [whole, charsetName = '', encoding = 'Q', payload = ''] = match;
    const charset = charsetName.toLowerCase();
    const adjacent = current !== null && current.charset === charset && value.slice(current.end, match.index).trim() === '';
    if (current && !adjacent) {
      runs.push({ start: current.start, end: current.end, charset: current.charset, bytes: Buffer.concat(current.chunks) });
      current = null;
    }
    current ??= { start: match.index, end: match.index, charset, chunks: [] };
    current.chunks.push(wordBytes(encoding, payload));
    current.end = match.index + whole.length;
  }
  if (current) runs.push({ start: current.start, end: current.end, charset: current.charset, bytes: Buffer.concat(current.chunks) });
  return runs;
}

/** Replaces each run with `replace(run)`, dropping white space between adjacent runs too. */
function rewriteRuns(value: string, runs: readonly EncodedRun[], replace: (run: EncodedRun) => string): string {
  const pieces: string[] = [];
  let last = 0;
  for (const [index, run] of runs.entries()) {
    const between = value.slice(last, run.start);
    pieces.push(index > 0 && between.trim() === '' ? '' : between, replace(run));
    last = run.end;
  }
  pieces.push(value.slice(last));
  return pieces.join('');
}

/** Decodes RFC 2047 encoded words in a header value. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  return rewriteRuns(value, encodedRuns(value), (run) => decodeBytes(run.bytes, run.charset).text);
}

/**
 * Encoded words that say UTF-8 but hold other bytes (mailparser would show U+FFFD), re-encoded
 * as the UTF-8 of their windows-1252 reading. Null when the value needs no repair.
 */
export function repairMislabelledWords(value: string): string | null {
  if (!value.includes('=?')) return null;
  const runs = encodedRuns(value);
  const broken = (run: EncodedRun): boolean => (run.charset === 'utf-8' || run.charset === 'utf8') && !isUtf8(run.bytes);
  if (!runs.some(broken)) return null;
  return rewriteRuns(value, runs, (run) => {
    if (!broken(run)) return value.slice(run.start, run.end);
    return `=?utf-8?B?${Buffer.from(decodeBytes(run.bytes, run.charset).text, 'utf8').toString('base64')}?=`;
  });
}
