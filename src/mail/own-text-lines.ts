import {
  announcesInlineComments,
  commentTagAt,
  isAnchoredAttribution,
  isBareSignatureMarker,
  isBlankLine,
  isAddressTail,
  isContactBlock,
  isDisclaimerParagraph,
  isNamedAttribution,
  isQuotedLine,
  isSeparatorLine,
  isStrictSignatureMarker,
  joinWrapped,
  keyOnlyHeaderRunAt,
  keyOnlyHeaderStart,
  MAX_BARE_SIGNATURE_LINES,
  MAX_FOOTER_LINES,
  opensFooter,
  startsHeaderRun,
  tailMarkerAt,
  tagsMentioned,
  type TailKind,
} from './own-text-patterns.js';
import type { Segment } from './types.js';

export type SegmentKind = Segment['kind'];

/**
 * What an HTML region makes a line, whatever its text says. `tail` is an Outlook reply header block:
 * it and everything after it is quoted.
 */
export type ForcedKind = 'quote' | 'attribution' | 'signature' | 'forwarded' | 'tail';

/** One line with its terminator (the last line may have none), or a part of a line cut by a region. */
export interface SourceLine {
  text: string;
  forced: ForcedKind | null;
}

const MAX_ATTRIBUTION_LINES = 3;
const ENDS_IN_COLON = /[:：][\s\u00a0\u202f]*$/;

/** Splits text into lines that keep their terminators, so joining them gives the text back. */
export function splitLines(text: string, forced: ForcedKind | null = null): SourceLine[] {
  return (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).map((line) => ({ text: line, forced }));
}

interface Tail {
  start: number;
  kind: TailKind;
}

/** The state shared by the passes of one classification. */
class LineClassifier {
  readonly content: string[];
  readonly kinds: (SegmentKind | null)[];
  footerStart: number;
  tail: Tail | null = null;

  constructor(
    readonly lines: readonly SourceLine[],
    readonly listNames: readonly string[],
  ) {
    this.content = lines.map((line) => line.text.replace(/\r?\n$/, '').replace(/\r$/, ''));
    this.kinds = lines.map(() => null);
    this.footerStart = lines.length;
  }

  get bodyEnd(): number {
    return this.tail ? this.tail.start : this.footerStart;
  }

  isBlank(index: number): boolean {
    return isBlankLine(this.content[index] ?? '');
  }

  /** Free: not forced by HTML and not `>`-quoted, so its words decide what it is. */
  isFree(index: number): boolean {
    return this.lines[index]?.forced === null && !isQuotedLine(this.content[index] ?? '');
  }

  fill(from: number, to: number, kind: SegmentKind): void {
    for (let i = from; i < to; i++) this.kinds[i] = kind;
  }

  classify(): Segment[] {
    this.footerStart = this.findFooterStart();
    this.fill(this.footerStart, this.lines.length, 'footer');
    this.tail = this.findTail();
    if (this.tail) this.fill(this.tail.start, this.footerStart, this.tail.kind);
    this.recoverInlineComments();
    this.markQuotes();
    this.markAttributions();
    this.markSignatures();
    this.markOwnAndBlanks();
    return this.toSegments();
  }

  // Footers: stacked at the very end (a message that passed through two lists carries two).
  findFooterStart(): number {
    let end = this.lines.length;
    for (let start = this.footerEndingAt(end); start >= 0; start = this.footerEndingAt(end)) end = start;
    return end;
  }

  footerEndingAt(end: number): number {
    const before = this.content.slice(0, end);
    let linesAfterRule = 0;
    for (let i = end - 1; i >= 0 && linesAfterRule <= MAX_FOOTER_LINES; i--) {
      if (this.isBlank(i)) continue;
      if (!this.isFree(i)) return -1;
      if (opensFooter(before, i, this.listNames)) return i;
      linesAfterRule++;
    }
    return -1;
  }

  // Top-post tails: an Outlook header block or a forward marker swallows the rest of the body.
  findTail(): Tail | null {
    const body = this.content.slice(0, this.footerStart);
    for (let i = 0; i < this.footerStart; i++) {
      const forced = this.lines[i]?.forced ?? null;
      if (forced === 'tail') return { start: this.withSeparatorBefore(i), kind: 'quote' };
      if (forced === 'forwarded') return { start: i, kind: 'forwarded' };
      if (!this.isFree(i)) continue;
      const kind = tailMarkerAt(body, i);
      if (kind === 'forwarded') return { start: i, kind };
      if (kind === 'quote') return { start: this.quoteTailStart(body, i), kind };
    }
    return null;
  }

  quoteTailStart(body: readonly string[], marker: number): number {
    const lotus = !startsHeaderRun(body, marker) && keyOnlyHeaderRunAt(body, marker);
    return lotus ? keyOnlyHeaderStart(body, marker) : this.withSeparatorBefore(marker);
  }

  /** Outlook puts a rule (`<hr>`, a line of `_` or `-`) right above its header block. */
  withSeparatorBefore(index: number): number {
    let previous = index - 1;
    while (previous >= 0 && this.isBlank(previous) && this.isFree(previous)) previous--;
    const isRule = previous >= 0 && this.isFree(previous) && isSeparatorLine(this.content[previous] ?? '');
    return isRule ? previous : index;
  }

  /**
   * Outlook users answer inside the unprefixed quote, marking each answer with a tag ("see inline
   * [SW]"): those paragraphs are the author's. The tag must be one the author names above the quote,
   * or the only one in the quote (older commenters' tags may be quoted too).
   */
  recoverInlineComments(): void {
    if (this.tail?.kind !== 'quote') return;
    const above = this.content.slice(0, this.tail.start);
    if (!above.some(announcesInlineComments)) return;
    const tag = this.commentTag(above);
    if (tag === null) return;
    for (let i = this.tail.start; i < this.footerStart; i++) {
      if (!this.isFree(i) || commentTagAt(this.content[i] ?? '', this.listNames) !== tag) continue;
      let end = i;
      while (end < this.footerStart && !this.isBlank(end) && this.isFree(end)) end++;
      this.fill(i, end, 'own');
      i = end;
    }
  }

  commentTag(above: readonly string[]): string | null {
    const inTail = new Set<string>();
    for (let i = this.tail?.start ?? 0; i < this.footerStart; i++) {
      const tag = this.isFree(i) ? commentTagAt(this.content[i] ?? '', this.listNames) : null;
      if (tag !== null) inTail.add(tag);
    }
    const named = above.flatMap((line) => tagsMentioned(line, this.listNames)).find((tag) => inTail.has(tag));
    if (named !== undefined) return named;
    return inTail.size === 1 ? ([...inTail][0] ?? null) : null;
  }

  markQuotes(): void {
    for (let i = 0; i < this.bodyEnd; i++) {
      const forced = this.lines[i]?.forced ?? null;
      if (forced !== null) this.kinds[i] = forced === 'tail' ? 'quote' : forced;
      else if (isQuotedLine(this.content[i] ?? '')) this.kinds[i] = 'quote';
    }
  }

  isUnclaimedText(index: number): boolean {
    return this.kinds[index] === null && !this.isBlank(index);
  }

  markAttributions(): void {
    for (let end = 0; end < this.bodyEnd; end++) {
      if (!this.isUnclaimedText(end)) continue;
      const start = this.attributionStart(end);
      if (start >= 0) this.fill(start, end + 1, 'attribution');
    }
  }

  /** First line of an attribution ending at `end`, or -1; the shortest matching window wins. */
  attributionStart(end: number): number {
    // Every attribution pattern ends in a colon: most lines are ruled out before any window is joined.
    if (!ENDS_IN_COLON.test(this.content[end] ?? '')) return -1;
    for (let size = 1; size <= MAX_ATTRIBUTION_LINES; size++) {
      const start = end - size + 1;
      if (start < 0 || !this.isUnclaimedText(start)) break;
      if (isAnchoredAttribution(joinWrapped(this.content.slice(start, end + 1)))) return start;
    }
    if (!this.quoteFollows(end) || !isNamedAttribution(joinWrapped([this.content[end] ?? '']))) return -1;
    const previous = end - 1;
    const wrapped = previous >= 0 && this.isUnclaimedText(previous) && endsOpen(this.content[previous] ?? '');
    return wrapped ? previous : end;
  }

  quoteFollows(index: number): boolean {
    let next = index + 1;
    while (next < this.lines.length && this.isBlank(next) && this.lines[next]?.forced === null) next++;
    if (next >= this.lines.length) return false;
    if (next >= this.bodyEnd) return this.tail !== null && next < this.footerStart;
    return this.kinds[next] === 'quote';
  }

  // Signatures: from the first marker of a stretch of unquoted lines to the end of that stretch.
  markSignatures(): void {
    let start = 0;
    while (start < this.bodyEnd) {
      if (this.isQuoteOrAttribution(start)) {
        start++;
        continue;
      }
      let end = start;
      while (end < this.bodyEnd && !this.isQuoteOrAttribution(end)) end++;
      const marker = this.signatureMarkerIn(start, end);
      const signature = marker >= 0 ? marker : this.disclaimerIn(start, end);
      if (signature >= 0) this.fill(signature, end, 'signature');
      start = end;
    }
  }

  isQuoteOrAttribution(index: number): boolean {
    const kind = this.kinds[index];
    return kind === 'quote' || kind === 'attribution';
  }

  signatureMarkerIn(start: number, end: number): number {
    for (let i = start; i < end; i++) {
      if (this.kinds[i] !== null) continue;
      const line = this.content[i] ?? '';
      if (isStrictSignatureMarker(line)) return i;
      if (isBareSignatureMarker(line) && this.isShortClosingBlock(i + 1, end)) return i;
    }
    return -1;
  }

  /** A bare `--` signs only a short block after which the author wrote nothing more. */
  isShortClosingBlock(from: number, end: number): boolean {
    let count = 0;
    for (let i = from; i < end; i++) if (!this.isBlank(i)) count++;
    return count > 0 && count <= MAX_BARE_SIGNATURE_LINES && this.nothingWrittenFrom(end);
  }

  nothingWrittenFrom(index: number): boolean {
    for (let i = index; i < this.bodyEnd; i++) {
      if (!this.isBlank(i) && !this.isQuoteOrAttribution(i)) return false;
    }
    return true;
  }

  /** A signature without a delimiter still ends in a disclaimer or a contact block: cut from there. */
  disclaimerIn(start: number, end: number): number {
    if (!this.nothingWrittenFrom(end)) return -1;
    for (let i = start; i < end; i++) {
      const opensParagraph = i === start || this.isBlank(i - 1);
      if (!opensParagraph || this.kinds[i] !== null || this.isBlank(i)) continue;
      let last = i;
      while (last < end && !this.isBlank(last)) last++;
      const paragraph = this.content.slice(i, last);
      if (isDisclaimerParagraph(joinWrapped(paragraph))) return i;
      if (i > start && isContactBlock(paragraph) && isAddressTail(this.content.slice(last, end))) return i;
    }
    return -1;
  }

  /** Remaining text is own; a blank line belongs with what it follows (at the start, what it precedes). */
  markOwnAndBlanks(): void {
    for (let i = 0; i < this.lines.length; i++) {
      if (this.isUnclaimedText(i)) this.kinds[i] = 'own';
    }
    const firstKind = this.kinds.find((kind) => kind !== null) ?? 'own';
    let previous: SegmentKind = firstKind;
    for (let i = 0; i < this.lines.length; i++) {
      const kind = this.kinds[i] ?? previous;
      this.kinds[i] = kind;
      previous = kind;
    }
  }

  toSegments(): Segment[] {
    const segments: Segment[] = [];
    this.lines.forEach((line, i) => {
      const kind = this.kinds[i] ?? 'own';
      if (line.text === '') return;
      const last = segments[segments.length - 1];
      if (last && last.kind === kind) last.text += line.text;
      else segments.push({ kind, text: line.text });
    });
    return segments;
  }
}

/** Classifies every line and returns the runs of equal kind, in order, covering all the text. */
export function classifyLines(lines: readonly SourceLine[], listNames: readonly string[] = []): Segment[] {
  return new LineClassifier(lines, listNames).classify();
}

/**
 * A line that leaves something open for the next: an address's `<` not yet closed, or a `(` or `,` at
 * its end. Code, not `/(?:<[^>]*|[(,])\s*$/`, which from each of many `<` scanned to the next `>`.
 */
function endsOpen(line: string): boolean {
  return line.lastIndexOf('<') > line.lastIndexOf('>') || /[(,]$/.test(line.trimEnd());
}
