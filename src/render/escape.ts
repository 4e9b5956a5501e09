/** Text from mail is never markup: every renderer escapes it with these. */

/**
 * Characters that act on a terminal instead of showing: C0 controls (ESC opens every escape sequence:
 * CSI colours, OSC 8 hyperlinks, OSC 0 window titles; BEL, backspace and CR overwrite or ring), DEL,
 * C1 controls (U+009B is a CSI of its own) and the bidirectional embeddings, overrides and isolates
 * that reorder what follows them (U+202E shows `txt.\u202Eexe` as `txt.exe` backwards).
 */
const terminalActive = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/gu;
const terminalActiveInLines = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/gu;

/**
 * Mail text made inert for any output a terminal may show: each run of such characters becomes a space,
 * so an escape sequence loses its ESC and shows as the text it is (`[31m`, `]8;;https://…`). A field
 * (a subject, a name) becomes one line; with `lines`, newlines and tabs stay (a message body; CRLF is a
 * newline). Every text renderer passes mail text through here, and the HTML and Markdown escapes do too.
 */
export function inertText(text: string, lines = false): string {
  return lines ? text.replace(/\r\n/g, '\n').replace(terminalActiveInLines, ' ') : text.replace(terminalActive, ' ');
}

/**
 * Characters a JSON text keeps as they are but a terminal acts on (C1 controls, DEL, bidirectional
 * overrides; JSON.stringify escapes C0 already), and the line separators JavaScript once refused in strings.
 */
const jsonActive = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/gu;

/** `value` as indented JSON with every terminal-active character `\u`-escaped: the same data, inert on a terminal. */
export function inertJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`.replace(jsonActive, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return inertText(text, true).replace(/[&<>"']/g, (c) => htmlEntities[c]!);
}

/** Escapes Markdown syntax (and inline HTML) so mail text renders as the words it is. */
export function escapeMarkdown(text: string): string {
  return inertText(text).replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).replace(/\s+/g, ' ').trim();
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
