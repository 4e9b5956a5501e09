import { ownTextOf } from './own-text.js';
import { segmentsOfRuns } from './own-text-lines.js';
import {
  headerLabelOf,
  isAnchoredAttribution,
  isContactLine,
  isDisclaimerParagraph,
  isQuotedLine,
  isSeparatorLine,
  isStrictSignatureMarker,
  joinWrapped,
  opensWithFromHeader,
} from './own-text-patterns.js';
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
type Verdict = 'repeats' | 'new' | 'neither';

interface Line {
  kind: Kind;
  text: string;
  /** A quote line with only blank lines and rules (`-----Original Message-----`) above it in its segment: where a header block opens. */
  leads: boolean;
}

/** A paragraph of the stretch after a block: lines `start` to `end` (exclusive), all of one kind. */
class Paragraph {
  private words: string[] | null = null;
  constructor(
    readonly start: number,
    readonly end: number,
    readonly kind: Kind,
    /** Its lines, trimmed. */
    readonly texts: string[],
  ) {}

  /** Its words, lower case, counted only when asked (most quoted paragraphs are found line by line). */
  get tokens(): string[] {
    this.words ??= wordsOf(this.texts.join(' '));
    return this.words;
  }
}

/** At least this many words, and this share of their word triples in the parent, to repeat it. */
const MIN_REPEATING_TOKENS = 4;
const REPEATS_SHARE = 0.8;
/**
 * At most this share of word triples in the parent, and this many words, for text the rules quoted to be
 * the author's: an answer reuses the question's terms ("EST over CoAP"), a quote has nearly all its triples there.
 */
const NEW_SHARE = 1 / 3;
const MIN_ANSWER_TOKENS = 3;
/** Lines shorter than this ("Yes.", "Jane") stand in most parents: they are counted word by word. */
const MIN_VERBATIM_LINE = 16;
const OWN_KINDS = new Set<Kind>(['own', 'signoff', 'signature']);
/** What a list or a mail server adds to a copy: never taken for the author's words. */
const ADDED_BY_SERVERS = /mailing list|listinfo|unsubscribe/i;

/** A rule above a header block: `-----Original Message-----`, `________________`, `-------- Original message --------`. */
const RULE_LINE = /^\s*[-_=*]{3,}/;

function linesOf(segments: readonly Segment[]): Line[] {
  return segments.flatMap((segment) => {
    let leads = segment.kind === 'quote';
    return (segment.text.match(/[^\n]*\n|[^\n]+$/g) ?? []).map((text) => {
      const line = { kind: segment.kind, text, leads };
      leads &&= text.trim() === '' || RULE_LINE.test(text);
      return line;
    });
  });
}

function isBlank(line: Line | undefined): boolean {
  return line !== undefined && line.text.trim() === '';
}

/** A quoted header block's first line without `>`: `From: Jane Doe <jane@example.com>`. */
function opensHeaderBlock(line: Line): boolean {
  return line.leads && !isQuotedLine(line.text) && opensWithFromHeader(line.text);
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

/** The lines of `text` from `offset` on, without terminators. */
function* linesFrom(text: string, offset: number): Generator<{ line: string; start: number }> {
  for (let start = offset; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    yield { line: text.slice(start, end), start };
    start = end + 1;
  }
}

/** Where the header block opening a quote segment (after blank lines and rules) ends, or -1 when it opens with none. */
function headerBlockEnd(text: string): number {
  let inBlock = false;
  for (const { line, start } of linesFrom(text, 0)) {
    const blank = line.trim() === '';
    if (inBlock) {
      if (blank) return start;
    } else if (!blank && !RULE_LINE.test(line)) {
      if (isQuotedLine(line) || !opensWithFromHeader(line)) return -1;
      inBlock = true;
    }
  }
  return inBlock ? text.length : -1;
}

/** The first written line from segment `index`, offset `offset`, on is the author's or unprefixed quote. */
function unprefixedTextAt(segments: readonly Segment[], index: number, offset: number): boolean {
  for (let s = index; s < segments.length; s++) {
    const segment = segments[s] as Segment;
    for (const { line } of linesFrom(segment.text, s === index ? offset : 0)) {
      if (line.trim() === '') continue;
      return !isQuotedLine(line) && segment.kind !== 'footer' && segment.kind !== 'forwarded' && segment.kind !== 'attribution';
    }
  }
  return false;
}

/**
 * Unprefixed text right after an attribution or the header block that opens a quote: only then is the
 * parent looked up. Reads the segments as they are, line by line only where a block may be.
 */
export function mayRepeatParent(segments: readonly Segment[]): boolean {
  return segments.some((_, s) => {
    const after = blockEnd(segments, s);
    return after >= 0 && unprefixedTextAt(segments, s, after);
  });
}

/** Where the attribution that segment `s` is, or the header block that opens it, ends in its text; else -1. */
function blockEnd(segments: readonly Segment[], s: number): number {
  const segment = segments[s] as Segment;
  if (segment.kind === 'attribution') return segment.text.length;
  return segment.kind === 'quote' ? headerBlockEnd(segment.text) : -1;
}

/**
 * Some block names the parent's author and has under it text the rules gave the author, or quoted text
 * the parent does not have line for line: only then are the words counted. Most replies quote the parent
 * as it is, and stop here.
 */
function hasTextToDecide(segments: readonly Segment[], parent: ParentText): boolean {
  return segments.some((segment, s) => {
    const after = blockEnd(segments, s);
    if (after < 0 || !namesAuthor(segment.text.slice(0, after), parent.from)) return false;
    // A faithful quote has the parent's lines in the parent's order: each is looked for after the last.
    let cursor = 0;
    for (let t = s; t < segments.length; t++) {
      const current = segments[t] as Segment;
      let first = t !== s;
      for (const { line } of linesFrom(current.text, t === s ? after : 0)) {
        const trimmed = line.trim();
        if (trimmed === '') continue;
        if (isQuotedLine(line) || (first && blockEnd(segments, t) >= 0) || current.kind === 'footer' || current.kind === 'forwarded') return false;
        first = false;
        const found = current.kind === 'quote' ? parent.text.indexOf(trimmed, cursor) : -1;
        if (found < 0) return true;
        cursor = found + trimmed.length;
      }
    }
    return false;
  });
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The parent's words as one string (` w1 w2 … `), to ask whether a paragraph's words stand in it: a
 * quote rewrapped by the replying client has the same words in the same order.
 */
class ParentWords {
  private joinedWords: string | null = null;
  private wholes: Set<string> | null = null;
  constructor(private readonly text: string) {}

  private has(words: readonly string[]): boolean {
    this.joinedWords ??= ` ${wordsOf(this.text).join(' ')} `;
    return this.joinedWords.includes(` ${words.join(' ')} `);
  }

  /** Every line of the paragraph stands in the parent as it is, none too short to tell: no word need be counted. */
  hasLines(texts: readonly string[]): boolean {
    return texts.every((text) => text.length >= MIN_VERBATIM_LINE && this.text.includes(text));
  }

  /**
   * Whether a paragraph repeats the parent (4 words or more, 80% of its word triples there, all of them
   * when its words stand there in order), is new to it (3 words or more, at most a third of its triples
   * there), or neither. Counting stops once the answer is neither.
   */
  verdict(words: readonly string[]): Verdict {
    if (words.length < MIN_ANSWER_TOKENS) return 'neither';
    if (this.has(words)) return words.length >= MIN_REPEATING_TOKENS ? 'repeats' : 'neither';
    const triples = words.length - 2;
    let found = 0;
    for (let i = 0; i < triples; i++) {
      if (this.has(words.slice(i, i + 3))) found++;
      if (found > NEW_SHARE * triples && found + (triples - i - 1) < REPEATS_SHARE * triples) return 'neither';
    }
    if (found >= REPEATS_SHARE * triples && words.length >= MIN_REPEATING_TOKENS) return 'repeats';
    return found <= NEW_SHARE * triples ? 'new' : 'neither';
  }

  /** A line or paragraph of the parent has exactly these words ("Hi all,", "Thanks,\nJane"). */
  hasWhole(words: readonly string[]): boolean {
    if (words.length === 0) return false;
    this.wholes ??= new Set([...this.text.split('\n'), ...this.text.split(/\n[ \t]*\n/)].map((piece) => wordsOf(piece).join(' ')));
    return this.wholes.has(words.join(' '));
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
    if (kind === undefined) continue;
    const texts = lines.slice(start, i).map((line) => line.text.trim());
    paragraphs.push(new Paragraph(start, i, kind, texts));
  }
  return paragraphs;
}

/** Never the author's words, whatever the parent holds: header lines, rules, attributions, list and server additions. */
function isQuoteFurniture(lines: readonly Line[], paragraph: Paragraph): boolean {
  const texts = lines.slice(paragraph.start, paragraph.end).map((line) => line.text.replace(/\r?\n$/, ''));
  const joined = joinWrapped(texts);
  return (
    texts.some(
      (text) => headerLabelOf(text) !== null || isSeparatorLine(text) || isStrictSignatureMarker(text) || isContactLine(text) || ADDED_BY_SERVERS.test(text),
    ) ||
    isAnchoredAttribution(joined) ||
    isDisclaimerParagraph(joined)
  );
}

/** New kinds for the paragraphs of one stretch after a block that names the parent's author. */
function reviseStretch(lines: Line[], paragraphs: readonly Paragraph[], parent: ParentWords): boolean {
  const memo: (Verdict | undefined)[] = [];
  const verdictOf = (n: number): Verdict | undefined => {
    const paragraph = paragraphs[n];
    if (paragraph === undefined) return undefined;
    if (memo[n] === undefined) {
      const verbatim = parent.hasLines(paragraph.texts);
      memo[n] = verbatim ? (paragraph.tokens.length >= MIN_REPEATING_TOKENS ? 'repeats' : 'neither') : parent.verdict(paragraph.tokens);
    }
    return memo[n];
  };
  if (!paragraphs.some((_, n) => verdictOf(n) === 'repeats')) return false;
  let changed = false;
  // An answer written into the quote stands between the parent's paragraphs, not after the last of them.
  const parentLike = (n: number): boolean => verdictOf(n) === 'repeats' || parent.hasWhole(paragraphs[n]?.tokens ?? []);
  const insideQuote = (n: number): boolean => {
    let before = false;
    for (let m = n - 1; m >= 0 && !before; m--) before = parentLike(m);
    if (!before) return false;
    for (let m = n + 1; m < paragraphs.length; m++) if (parentLike(m)) return true;
    return false;
  };
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
    if (signOffQuoted && paragraph.kind === 'signoff' && verdictOf(n) !== 'repeats') {
      const nameLine = paragraph === lastParagraph && paragraph.end - paragraph.start === 1 && paragraph.tokens.length < MIN_REPEATING_TOKENS;
      if (!nameLine) relabel(paragraph, 'own');
      return;
    }
    if (OWN_KINDS.has(paragraph.kind)) {
      // A short paragraph ("Hi all,", "Thanks,\nJane") repeats the parent when it is one of the parent's
      // lines or paragraphs word for word, next to a paragraph that repeats it.
      const besideRepeat = verdictOf(n - 1) === 'repeats' || verdictOf(n + 1) === 'repeats';
      const shortRepeat = paragraph.tokens.length < MIN_REPEATING_TOKENS && besideRepeat && parent.hasWhole(paragraph.tokens);
      if (verdictOf(n) !== 'repeats' && !shortRepeat) return;
      if (paragraph.kind === 'signoff') signOffQuoted = true;
      relabel(paragraph, 'quote');
    } else if (paragraph.kind === 'quote' && verdictOf(n) === 'new' && insideQuote(n) && !isQuoteFurniture(lines, paragraph)) {
      relabel(paragraph, 'own');
    }
  });
  return changed;
}

/**
 * The message with its segments and own words decided against its parent's text, or null when the
 * parent changes nothing (no block naming the parent's author, nothing after it that repeats the parent).
 */
export function reviseAgainstParent<M extends Pick<Message, 'segments' | 'ownText'>>(message: M, parent: ParentText): M | null {
  if (!hasTextToDecide(message.segments, parent)) return null;
  const lines = linesOf(message.segments);
  let words: ParentWords | null = null;
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const end = blockEndAt(lines, i);
    if (end < 0) continue;
    const block = lines.slice(i, end).map((line) => line.text).join(' ');
    if (namesAuthor(block, parent.from)) {
      words ??= new ParentWords(parent.text);
      if (reviseStretch(lines, stretchParagraphs(lines, end), words)) changed = true;
    }
    i = end - 1;
  }
  if (!changed) return null;
  const segments = segmentsOfRuns(lines.length, (i) => lines[i]!.kind, (i) => lines[i]!.text);
  return { ...message, segments, ownText: ownTextOf(segments) };
}
