import { createHash } from 'node:crypto';
import { decodeEncodedWords } from './encoded-words.js';

/**
 * A Message-ID the way the IETF mail archive reads it: RFC 2047-decoded if it holds `=?`,
 * whitespace runs collapsed to one space, trimmed, every leading and trailing `<` and `>` removed.
 */
export function normaliseMessageId(value: string): string {
  const decoded = value.includes('=?') ? decodeEncodedWords(value) : value;
  return decoded.replace(/\s+/g, ' ').trim().replace(/^[<>]+/, '').replace(/[<>]+$/, '');
}

const BRACKETED = /<([^<>]*)>/g;

function cleanId(id: string): string {
  return id.replace(/\s+/g, ' ').trim();
}

/** Every `<id>` in a header (References), in order, without brackets. */
export function bracketedIds(value: string): string[] {
  const decoded = value.includes('=?') ? decodeEncodedWords(value) : value;
  return [...decoded.matchAll(BRACKETED)].map((match) => cleanId(match[1] ?? '')).filter(Boolean);
}

/** The first `<id>` of a header (In-Reply-To), or its only bare token when it has no brackets. */
export function firstBracketedId(value: string): string | null {
  const [first] = bracketedIds(value);
  if (first) return first;
  const bare = value.trim();
  return /^[^\s<>]+@[^\s<>]+$/.test(bare) ? bare : null;
}

/**
 * The message's own id from its Message-ID header, or null when it has none worth keeping: as the
 * archive normalises it, then trimmed inside the brackets too (`<  id >`); a header with text after
 * the id (`<id> (added by ...)`) keeps the bracketed id only.
 */
export function messageIdOf(header: string | null): string | null {
  if (header === null) return null;
  const id = normaliseMessageId(header).trim();
  if (/[<>]/.test(id)) return firstBracketedId(header);
  return id || null;
}

export interface SyntheticIdInput {
  fromAddress: string;
  dateHeader: string;
  baseSubject: string;
  ownText: string;
}

/**
 * A stable id for a message without one, from what every list copy of it shares: the sender's
 * address, the Date header, the base subject (no list tags) and the author's own words (no footer).
 */
export function syntheticMessageId(input: SyntheticIdInput): string {
  const content = [input.fromAddress, input.dateHeader.replace(/\s+/g, ' ').trim(), input.baseSubject, input.ownText.slice(0, 2000)].join('\n');
  return `${createHash('sha256').update(content, 'utf8').digest('hex').slice(0, 32)}@listlens.invalid`;
}
