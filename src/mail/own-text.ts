import { trimTrailing } from '../core/index.js';
import { htmlToSourceLines } from './own-text-html.js';
import { classifyLines, splitLines } from './own-text-lines.js';
import type { Segment } from './types.js';

export interface OwnTextOptions {
  /** Names of the list(s) the copy came from, to recognise their Mailman footers. */
  listNames?: string[];
}

/**
 * Splits a plain-text body into own words, quotes, attributions, forwarded blocks, signature and
 * footer. The segments' texts, concatenated, are exactly `text`.
 */
export function segmentPlainText(text: string, options: OwnTextOptions = {}): Segment[] {
  return classifyLines(splitLines(text), options.listNames ?? []);
}

/**
 * Converts an HTML body to text (as a plain-text alternative would read: `> ` before quoted lines,
 * link text with short hrefs) and splits it like `segmentPlainText`, also using the markup:
 * `<blockquote>`, Gmail/Thunderbird/Outlook quote, attribution and signature containers.
 * The segments' texts, concatenated, are the converted text.
 */
export function segmentHtml(html: string, options: OwnTextOptions = {}): Segment[] {
  return classifyLines(htmlToSourceLines(html), options.listNames ?? []);
}

/** What `tidyPiece` rewrites line by line: a carriage return, a blank ending a line, a line of blanks only. */
const UNTIDY_LINES = /\r|[ \t](?:\n|$)|(?:^|\n)[^\S\n]+(?:\n|$)/;

/** Each piece trimmed, whitespace-only lines emptied and runs of blank lines cut to one. */
function tidyPiece(text: string): string {
  // Most pieces have nothing to rewrite line by line: one scan is cheaper than splitting and joining them.
  const lines = UNTIDY_LINES.test(text)
    ? text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((line) => (line.trim() === '' ? '' : trimTrailing(line, ' \t')))
        .join('\n')
    : text;
  return lines.replace(/\n{3,}/g, '\n\n').trim();
}

function joinKinds(segments: readonly Segment[], kinds: ReadonlySet<Segment['kind']>): string {
  return segments
    .filter((segment) => kinds.has(segment.kind))
    .map((segment) => tidyPiece(segment.text))
    .filter(Boolean)
    .join('\n\n');
}

const OWN = new Set<Segment['kind']>(['own']);
const QUOTE = new Set<Segment['kind']>(['quote']);
const SIGNED = new Set<Segment['kind']>(['own', 'signoff']);

/** The author's own words: own segments, each trimmed, separated by blank lines. */
export function ownTextOf(segments: readonly Segment[]): string {
  return joinKinds(segments, OWN);
}

/** The own words and the sign-off under them ("Thanks,\nPekka & Jürgen"): who signed, not what was said. */
export function signedTextOf(segments: readonly Segment[]): string {
  return joinKinds(segments, SIGNED);
}

/** The quoted text (`quote` segments, `>` prefixes kept), each trimmed, separated by blank lines. */
export function quotedTextOf(segments: readonly Segment[]): string {
  return joinKinds(segments, QUOTE);
}
