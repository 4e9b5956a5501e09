import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';

/** A word of a text and where it is. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/**
 * Runs of letters and digits. A `.`, `:` or `_` between two of them stays inside the word, so version
 * and spec numbers, times and host names are one word each (`802.15.4`, `X.509`, `10:00`, `SGP.22`);
 * hyphens, slashes and spaces separate words (`Wi-Fi` is `Wi` `Fi`).
 */
const wordPattern = /[\p{L}\p{M}\p{N}]+(?:[.:_][\p{L}\p{M}\p{N}]+)*/gu;
const wordTokenizer = new RegexpTokenizer({ pattern: wordPattern, gaps: false });

/**
 * The words of `text` with their offsets. natural's tokenizer returns the words only; they are found
 * again in order, which is exact because nothing between two words is a letter or a digit.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let cursor = 0;
  for (const word of wordTokenizer.tokenize(text) ?? []) {
    const start = text.indexOf(word, cursor);
    cursor = start + word.length;
    tokens.push({ text: word, start, end: cursor });
  }
  return tokens;
}

/**
 * What may stand between two words of one name: spaces, one line break, hyphens of any kind
 * (`Wi‑Fi` with U+2011, a soft hyphen), or a slash. A full stop, comma or blank line ends the name.
 */
const nameJoint = /^[ \t\u00a0\u00ad\u2010-\u2013/-]*(?:\r?\n[ \t\u00a0]*)?$/;

export function joinsName(text: string, before: Token, after: Token): boolean {
  return nameJoint.test(text.slice(before.end, after.start));
}

/** A character range of a text. */
export interface Span {
  start: number;
  end: number;
}

/** For each token, whether it overlaps one of the spans; one pass over both, each sorted by start. */
export function tokensInSpans(tokens: readonly Token[], spans: readonly Span[]): boolean[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const inside: boolean[] = [];
  let next = 0;
  let reach = -1;
  for (const token of tokens) {
    while (next < sorted.length && sorted[next]!.start < token.end) reach = Math.max(reach, sorted[next++]!.end);
    inside.push(reach > token.start);
  }
  return inside;
}
