import { collapse } from '../nlp/index.js';
import type { StoredMessage } from '../store/index.js';

/** What a message quotes (quoted and forwarded segments, `>` marks removed), normalised for comparing. */
export function quotedText(message: StoredMessage): string {
  const quotes = message.segments.filter((segment) => segment.kind === 'quote' || segment.kind === 'forwarded');
  return normalised(quotes.map((segment) => segment.text.replace(/^[ \t]*(?:>[ \t]?)+/gmu, '')).join(' '));
}

/** Whitespace collapsed, lower case: how quoted and own text are compared. */
export const normalised = (text: string): string => collapse(text).toLowerCase();
