/**
 * Word matching for the search terms FTS5 has no index for (quoted text, the whole body), the way
 * FTS5's unicode61 tokenizer with `remove_diacritics` matches: words of letters and digits, case and
 * accents ignored, `word*` a prefix, a phrase its words in a row.
 */

/** Lower case, accents removed: `Jürgen` → `jurgen`. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

function words(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** True when `text` holds every term. */
export function hasTerms(text: string, terms: readonly string[]): boolean {
  const textWords = words(text);
  return terms.every((term) => hasTerm(textWords, term));
}

function hasTerm(textWords: readonly string[], term: string): boolean {
  const prefix = term.endsWith('*');
  const termWords = words(prefix ? term.slice(0, -1) : term);
  const last = termWords.length - 1;
  const matchesAt = (start: number) =>
    termWords.every((word, i) => (prefix && i === last ? textWords[start + i]?.startsWith(word) : textWords[start + i] === word));
  return termWords.length > 0 && textWords.some((_, start) => matchesAt(start));
}
