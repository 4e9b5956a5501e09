/** Text from mail is never markup: every renderer escapes it with these. */

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEntities[c]!);
}

/** Escapes Markdown syntax (and inline HTML) so mail text renders as the words it is. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).replace(/\s+/g, ' ').trim();
}

/** Only links into the IETF mail archive are written out; anything else is dropped. */
export function archiveLink(url: string | null): string | null {
  return url && /^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/[A-Za-z0-9._-]+\/[A-Za-z0-9_-]+\/$/.test(url) ? url : null;
}

/** Shortens a sentence for a table cell, at a word boundary. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/** Like `shorten`, but the window keeps `matched` in view when it sits late in a long sentence. */
export function excerpt(text: string, matched: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const at = matched ? flat.toLowerCase().indexOf(matched.toLowerCase()) : -1;
  if (flat.length <= max || at < 0 || at + matched.length < max - 1) return shorten(flat, max);
  const before = Math.floor((max - matched.length) / 2);
  const from = flat.indexOf(' ', Math.max(0, at - before - 1)) + 1 || at;
  const rest = flat.slice(Math.min(from, at));
  return `…${shorten(rest, max - 1)}`;
}
