import type { Span } from './tokens.js';

/** An RFC or Internet-Draft named in a text. */
export type Reference =
  | (Span & { kind: 'rfc'; rfc: number; matched: string })
  | (Span & { kind: 'draft'; draft: string; matched: string });

/**
 * `RFC 8520`, `RFC8520`, `[RFC8520]` (the brackets are left out of the match), `rfc-8520`, `RFC_8520`,
 * `RFC\u00a08520`, `RFC` and its number on two lines, `rfc8520` inside a URL.
 */
const rfcPattern = /(?<![\p{L}\p{N}])RFCs?(?:[\s_\u2010\u2011-])?0*(\d{1,5})(?!\d)/giu;

/** After `RFCs 8995`: `, 8366`, ` and 8366`, `/8366`, `, and RFC 8366`. */
const rfcListItem = /(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*[/&]\s*)((?:RFC[\s_-]?)?0*(\d{3,5}))(?!\d)/iy;

/**
 * `draft-ietf-anima-constrained-voucher`, with or without `-09`, `I-D.ietf-ace-coap-est`,
 * `I-D.draft-…`, and a name broken after a hyphen at the end of a line (`[I-D.ietf-` / `anima-…]`).
 */
const draftPattern = /(?<![\w.-])(?:I-D\.(?:draft-)?|draft-)([a-z0-9]+(?:-(?:[ \t]*\r?\n[ \t]*)?[a-z0-9]+)+)/gi;

const lineBreakInName = /-[ \t]*\r?\n[ \t]*/;

/** Every RFC number and draft name in `text`, in order. `isKnownDraft` decides where a broken name ends. */
export function findReferences(text: string, isKnownDraft: (name: string) => boolean): Reference[] {
  return [...findRfcs(text), ...findDrafts(text, isKnownDraft)].sort((a, b) => a.start - b.start);
}

function findRfcs(text: string): Reference[] {
  const found: Reference[] = [];
  let listEnd = 0;
  for (const match of text.matchAll(rfcPattern)) {
    const start = match.index;
    if (start < listEnd) continue;
    let end = start + match[0].length;
    found.push({ kind: 'rfc', rfc: Number(match[1]), start, end, matched: match[0] });
    rfcListItem.lastIndex = end;
    for (let item = rfcListItem.exec(text); item; item = rfcListItem.exec(text)) {
      end = item.index + item[0].length;
      found.push({ kind: 'rfc', rfc: Number(item[2]), start: end - item[1]!.length, end, matched: item[1]! });
    }
    listEnd = end;
  }
  return found;
}

function findDrafts(text: string, isKnownDraft: (name: string) => boolean): Reference[] {
  const found: Reference[] = [];
  for (const match of text.matchAll(draftPattern)) {
    const start = match.index;
    const whole = match[0];
    const joined = draftName(match[1]!);
    const broken = lineBreakInName.exec(whole);
    // A hyphen at a line end is usually a name wrapped there; when the joined name is unknown and the
    // part before the break is a name of its own, the line break ended it.
    if (broken && !isKnownDraft(joined)) {
      const before = whole.slice(0, broken.index);
      const name = draftName(before.replace(/^(?:I-D\.(?:draft-)?|draft-)/i, ''));
      if (name.split('-').length > 2) found.push({ kind: 'draft', draft: name, start, end: start + before.length, matched: before });
      continue;
    }
    found.push({ kind: 'draft', draft: joined, start, end: start + whole.length, matched: whole });
  }
  return found;
}

/** `ietf-anima-constrained-voucher-09` (maybe broken over lines) → `draft-ietf-anima-constrained-voucher`. */
function draftName(afterPrefix: string): string {
  return withoutRevision(`draft-${afterPrefix.replace(/-\s+/g, '-')}`);
}

/** A draft name without its revision, lower case: `I-D.ietf-ace-coap-est-18` → `draft-ietf-ace-coap-est`. */
export function normaliseDraftName(name: string): string {
  const bare = name.trim().toLowerCase().replace(/^i-d\.(?:draft-)?/, 'draft-');
  return withoutRevision(bare.startsWith('draft-') ? bare : `draft-${bare}`);
}

function withoutRevision(name: string): string {
  return name.toLowerCase().replace(/-\d{2}$/, '');
}

/** URLs and mail addresses: their words are not names (a draft or RFC inside one still counts). */
// An address starts where a word does (the lookbehind): tried from inside one long word, `[\w.+-]+@`
// ran to its end and back from every position (a 2-message thread took 34 s).
const addressPattern = /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"'()[\]]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

export function findAddresses(text: string): Span[] {
  return [...text.matchAll(addressPattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}
