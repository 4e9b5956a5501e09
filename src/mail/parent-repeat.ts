import { ownTextOf } from './own-text.js';
import { headerLabelOf, isAnchoredAttribution, isDisclaimerParagraph, isQuotedLine, isSeparatorLine, joinWrapped } from './own-text-patterns.js';
import type { Identity, Message, Segment } from './types.js';

/**
 * Quoted text without `>` told from an inline reply by the message it answers. After an attribution or
 * a quoted header block that names the parent's author, the rules of own-text.ts guess from the layout
 * alone: an attribution at the very top leaves what follows to the author, an Outlook header block gives
 * everything under it to the quote. With the parent's text at hand, a paragraph there that repeats the
 * parent is quoted, and, among paragraphs that repeat it, one that is nowhere in the parent is the
 * author's answer written into the quote.
 */
export interface ParentText {
  text: string;
  from: Identity;
}

type Kind = Segment['kind'];

interface Line {
  kind: Kind;
  text: string;
}

/** A paragraph of the stretch after a block: lines `start` to `end` (exclusive), all of one kind. */
interface Paragraph {
  start: number;
  end: number;
  kind: Kind;
  tokens: string[];
}

/** At least this many words, and this share of their word triples in the parent, to repeat it. */
const MIN_REPEATING_TOKENS = 4;
const REPEATS_SHARE = 0.8;
/** At most this share of word triples in the parent, for text the rules quoted to be the author's. */
const NEW_SHARE = 0.1;
const OWN_KINDS = new Set<Kind>(['own', 'signoff', 'signature']);
/** What a list or a mail server adds to a copy: never taken for the author's words. */
const ADDED_BY_SERVERS = /mailing list|listinfo|unsubscribe/i;

/** A line that does not open with `>` (the `m` flag: at the start of any line). */
const UNPREFIXED_LINE = /^(?![ \t]{0,2}>)[^\n]*\S/m;

function linesOf(segments: readonly Segment[]): Line[] {
  return segments.flatMap((segment) => (segment.text.match(/[^\n]*\n|[^\n]+$/g) ?? []).map((text) => ({ kind: segment.kind, text })));
}

function isBlank(line: Line | undefined): boolean {
  return line !== undefined && line.text.trim() === '';
}

/** A quoted header block's first line without `>`: `From: Jane Doe <jane@example.com>`. */
function opensHeaderBlock(line: Line): boolean {
  return line.kind === 'quote' && !isQuotedLine(line.text) && headerLabelOf(line.text)?.kind === 'from';
}

/** The end of the attribution or header block opening at `index`, or -1 when none opens there. */
function blockEndAt(lines: readonly Line[], index: number): number {
  const line = lines[index];
  if (line === undefined) return -1;
  let end = index;
  if (line.kind === 'attribution' && lines[index - 1]?.kind !== 'attribution') {
    while (lines[end]?.kind === 'attribution') end++;
    return end;
  }
  if (!opensHeaderBlock(line)) return -1;
  while (end < lines.length && lines[end]?.kind === 'quote' && !isBlank(lines[end])) end++;
  return end;
}

/** Whether the stretch after a block has stopped: a `>` line, another block, a footer or a forwarded message. */
function endsStretch(lines: readonly Line[], index: number): boolean {
  const line = lines[index];
  if (line === undefined) return true;
  if (isBlank(line)) return false;
  return isQuotedLine(line.text) || line.kind === 'footer' || line.kind === 'forwarded' || line.kind === 'attribution' || opensHeaderBlock(line);
}

/** Unprefixed text right after an attribution or a quoted header block: only then is the parent looked up. */
export function mayRepeatParent(segments: readonly Segment[]): boolean {
  if (!segments.some((segment) => segment.kind === 'attribution' || (segment.kind === 'quote' && UNPREFIXED_LINE.test(segment.text)))) return false;
  const lines = linesOf(segments);
  for (let i = 0; i < lines.length; i++) {
    const end = blockEndAt(lines, i);
    if (end < 0) continue;
    let next = end;
    while (isBlank(lines[next])) next++;
    if (!endsStretch(lines, next)) return true;
  }
  return false;
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function triples(words: readonly string[]): string[] {
  const result: string[] = [];
  for (let i = 0; i + 2 < words.length; i++) result.push(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return result;
}

/** The parent's words, as triples, as one string and line by line, to ask whether a paragraph's words stand in it. */
class ParentWords {
  readonly triples: Set<string>;
  readonly joined: string;
  /** The words of each line and of each paragraph, joined: `hi all`, `thanks jane`. */
  readonly wholes: Set<string>;
  constructor(text: string) {
    const words = wordsOf(text);
    this.triples = new Set(triples(words));
    this.joined = ` ${words.join(' ')} `;
    const pieces = [...text.split('\n'), ...text.split(/\n[ \t]*\n/)];
    this.wholes = new Set(pieces.map((piece) => wordsOf(piece).join(' ')).filter(Boolean));
  }

  /** A line or paragraph of the parent has exactly these words ("Hi all,", "Thanks,\nJane"). */
  hasWhole(words: readonly string[]): boolean {
    return this.wholes.has(words.join(' '));
  }

  /** The share of the paragraph's word triples found in the parent; a paragraph of one or two words, whole or not at all. */
  share(words: readonly string[]): number {
    if (words.length < 3) return words.length > 0 && this.joined.includes(` ${words.join(' ')} `) ? 1 : 0;
    const own = triples(words);
    return own.filter((triple) => this.triples.has(triple)).length / own.length;
  }
}

/** The block names the parent's author: their address, or every word of their name. */
function namesAuthor(block: string, from: Identity): boolean {
  const lower = block.toLowerCase();
  if (from.address !== '' && lower.includes(from.address.toLowerCase())) return true;
  const nameWords = wordsOf(from.name).filter((word) => word.length > 1);
  if (nameWords.length === 0) return false;
  const blockWords = new Set(wordsOf(block));
  return nameWords.every((word) => blockWords.has(word));
}

/** The paragraphs of one kind between `from` and the end of the stretch. */
function stretchParagraphs(lines: readonly Line[], from: number): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let i = from;
  while (!endsStretch(lines, i)) {
    if (isBlank(lines[i])) {
      i++;
      continue;
    }
    const start = i;
    while (!endsStretch(lines, i) && !isBlank(lines[i])) i++;
    const kinds = new Set(lines.slice(start, i).map((line) => line.kind));
    const kind = kinds.size === 1 ? [...kinds][0] : undefined;
    if (kind !== undefined) paragraphs.push({ start, end: i, kind, tokens: wordsOf(lines.slice(start, i).map((line) => line.text).join(' ')) });
  }
  return paragraphs;
}

/** Never the author's words, whatever the parent holds: header lines, rules, attributions, list and server additions. */
function isQuoteFurniture(lines: readonly Line[], paragraph: Paragraph): boolean {
  const texts = lines.slice(paragraph.start, paragraph.end).map((line) => line.text.replace(/\r?\n$/, ''));
  const joined = joinWrapped(texts);
  return (
    texts.some((text) => headerLabelOf(text) !== null || isSeparatorLine(text) || ADDED_BY_SERVERS.test(text)) ||
    isAnchoredAttribution(joined) ||
    isDisclaimerParagraph(joined)
  );
}

/** New kinds for the paragraphs of one stretch after a block that names the parent's author. */
function reviseStretch(lines: Line[], paragraphs: readonly Paragraph[], parent: ParentWords): boolean {
  const shares = paragraphs.map((paragraph) => parent.share(paragraph.tokens));
  const repeats = paragraphs.map((paragraph, n) => paragraph.tokens.length >= MIN_REPEATING_TOKENS && (shares[n] ?? 0) >= REPEATS_SHARE);
  if (!repeats.some(Boolean)) return false;
  let changed = false;
  // A paragraph takes the blank lines under it along: a blank line belongs with what it follows.
  const relabel = (paragraph: Paragraph, kind: Kind): void => {
    for (let i = paragraph.start; i < paragraph.end || (isBlank(lines[i]) && lines[i]?.kind === paragraph.kind); i++) (lines[i] as Line).kind = kind;
    changed = true;
  };
  // The rules read "Thanks,\nJane" (the parent's) and all under it as the sign-off: once that is quoted,
  // what follows is the author's again, but for a short last line (their name).
  let signOffQuoted = false;
  const lastParagraph = paragraphs[paragraphs.length - 1];
  paragraphs.forEach((paragraph, n) => {
    const share = shares[n] ?? 0;
    if (signOffQuoted && paragraph.kind === 'signoff' && !repeats[n]) {
      const nameLine = paragraph === lastParagraph && paragraph.end - paragraph.start === 1 && paragraph.tokens.length < MIN_REPEATING_TOKENS;
      if (!nameLine) relabel(paragraph, 'own');
      return;
    }
    if (OWN_KINDS.has(paragraph.kind)) {
      // A short paragraph ("Hi all,", "Thanks,\nJane") repeats the parent when it is one of the parent's
      // lines or paragraphs word for word, next to a paragraph that repeats it.
      const besideRepeat = repeats[n - 1] === true || repeats[n + 1] === true;
      const shortRepeat = paragraph.tokens.length < MIN_REPEATING_TOKENS && besideRepeat && parent.hasWhole(paragraph.tokens);
      if (!repeats[n] && !shortRepeat) return;
      if (paragraph.kind === 'signoff') signOffQuoted = true;
      relabel(paragraph, 'quote');
    } else if (paragraph.kind === 'quote' && paragraph.tokens.length > 0 && share <= NEW_SHARE && !isQuoteFurniture(lines, paragraph)) {
      relabel(paragraph, 'own');
    }
  });
  return changed;
}

function segmentsOf(lines: readonly Line[]): Segment[] {
  const segments: Segment[] = [];
  for (const line of lines) {
    const last = segments[segments.length - 1];
    if (last && last.kind === line.kind) last.text += line.text;
    else segments.push({ kind: line.kind, text: line.text });
  }
  return segments;
}

/**
 * The message with its segments and own words decided against its parent's text, or null when the
 * parent changes nothing (no block naming the parent's author, nothing after it that repeats the parent).
 */
export function reviseAgainstParent<M extends Pick<Message, 'segments' | 'ownText'>>(message: M, parent: ParentText): M | null {
  const lines = linesOf(message.segments);
  const words = new ParentWords(parent.text);
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const end = blockEndAt(lines, i);
    if (end < 0) continue;
    const block = lines.slice(i, end).map((line) => line.text).join(' ');
    if (namesAuthor(block, parent.from) && reviseStretch(lines, stretchParagraphs(lines, end), words)) changed = true;
    i = end - 1;
  }
  if (!changed) return null;
  const segments = segmentsOf(lines);
  return { ...message, segments, ownText: ownTextOf(segments) };
}
