/** Text folded the way FTS5's unicode61 tokenizer with `remove_diacritics` folds it. */

/** Lower case, accents removed: `Jürgen` → `jurgen`. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}
