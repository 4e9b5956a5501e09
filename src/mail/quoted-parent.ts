import { headerLabelOf, isAnchoredAttribution, joinWrapped } from './own-text-patterns.js';
import type { Segment } from './types.js';

/**
 * What a reply's quoted header block or attribution says of the message it answers: who wrote it,
 * when (as the client wrote the date, in the reader's time zone), and its subject when the block has one.
 */
export interface QuotedParent {
  author: string;
  date: string;
  subject: string | null;
}

const MAX_HEADER_LINES = 8;

/** The first quoted header block (`From:`/`Sent:`/`Subject:` …) or attribution of a reply, or null. */
export function quotedParentOf(segments: readonly Segment[]): QuotedParent | null {
  for (const segment of segments) {
    if (segment.kind === 'attribution') return fromAttribution(segment.text);
    if (segment.kind !== 'quote') continue;
    const block = fromHeaderBlock(segment.text);
    if (block) return block;
  }
  return null;
}

function fromAttribution(text: string): QuotedParent | null {
  const joined = joinWrapped(text.split('\n'));
  return isAnchoredAttribution(joined) ? { author: joined, date: joined, subject: null } : null;
}

/** The header block at the top of an unprefixed quote (Outlook), after any rule or separator line. */
function fromHeaderBlock(text: string): QuotedParent | null {
  const fields: Partial<Record<'from' | 'sent' | 'subject', string>> = {};
  let seen = 0;
  for (const line of text.split('\n')) {
    if (seen >= MAX_HEADER_LINES) break;
    if (line.trim() === '' || /^\s*[-_=*]{3,}/.test(line)) {
      if (seen > 0) break;
      continue;
    }
    const label = headerLabelOf(line);
    if (!label) {
      if (seen === 0) return null;
      continue;
    }
    seen++;
    if (label.kind !== 'other' && fields[label.kind] === undefined) fields[label.kind] = label.value;
  }
  if (fields.from === undefined || fields.sent === undefined) return null;
  return { author: fields.from, date: fields.sent, subject: fields.subject ?? null };
}
