import {
  announcesInlineComments,
  attributionInsideLine,
  commentTagAt,
  isAnchoredAttribution,
  isQuotedAttributionEnd,
  isVerblessAttribution,
  mayEndAttribution,
  mayHoldAttribution,
  opensAttribution,
  isArrowBanner,
  isBareSignatureMarker,
  isBlankLine,
  isAddressedAttribution,
  isBrokenLinkTail,
  isAddressTail,
  isContactBlock,
  isDashedName,
  isFooterRule,
  isFullNameLine,
  isRuleAndName,
  isDisclaimerHeading,
  isDisclaimerParagraph,
  isExternalSenderBanner,
  isRuledSignature,
  mayCloseSignOff,
  MAX_SIGN_OFF_LINES,
  opensSignOff,
  isNameAndTitleBlock,
  isNamedAttribution,
  isNameUnderRule,
  isQuotedLine,
  isWrappedQuoteTail,
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
import { isDeviceSignOff, opensLikeDeviceSignOff } from './salutations.js';
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

/** Non-blank lines an attribution may wrap over (Gmail wraps long names and addresses). */
const MAX_ATTRIBUTION_LINES = 4;
/** The longest client line: "Envoyé à partir de Outlook pour iOS<https://aka.ms/o0ukef>" and its like. */
const MAX_DEVICE_LINE = 120;
/** Blank lines a mobile client may leave inside an attribution it wrapped. */
const MAX_BLANKS_IN_ATTRIBUTION = 2;

interface Attribution {
  start: number;
  /** A client's template ("On … wrote:"): what follows is quoted even without `>`. */
  anchored: boolean;
}

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
    this.content = lines.map((line) => withoutTerminator(line.text));
    this.#blank = this.content.map(isBlankLine);
    this.#quotedLine = this.content.map(isQuotedLine);
    this.kinds = lines.map(() => null);
    this.footerStart = lines.length;
  }

  get bodyEnd(): number {
    return this.tail ? this.tail.start : this.footerStart;
  }

  /** Whether each line is blank, and whether it opens with `>`, decided once: the passes ask it of the same lines many times. */
  readonly #blank: boolean[];
  readonly #quotedLine: boolean[];

  isBlank(index: number): boolean {
    return this.#blank[index] ?? true;
  }

  /** Free: not forced by HTML and not `>`-quoted, so its words decide what it is. */
  isFree(index: number): boolean {
    return this.lines[index]?.forced === null && !this.isQuoted(index);
  }

  /** `>`-quoted, unless it is an arrow banner (`>>> … <<<`) among unquoted lines. */
  isQuoted(index: number): boolean {
    const line = this.content[index] ?? '';
    if (!(this.#quotedLine[index] ?? false)) return false;
    return !isArrowBanner(line) || this.quotedNeighbour(index, -1) || this.quotedNeighbour(index, 1);
  }

  /** Whether the nearest non-blank line in `step`'s direction is `>`-quoted. */
  quotedNeighbour(index: number, step: -1 | 1): boolean {
    let next = index + step;
    while (next >= 0 && next < this.content.length && this.isBlank(next)) next += step;
    return isQuotedLine(this.content[next] ?? '');
  }

  fill(from: number, to: number, kind: SegmentKind): void {
    for (let i = from; i < to; i++) this.kinds[i] = kind;
  }

  classify(): Segment[] {
    this.footerStart = this.findFooterStart();
    this.fill(this.footerStart, this.lines.length, 'footer');
    this.markBanner();
    this.tail = this.findTail();
    if (this.tail) this.fill(this.tail.start, this.footerStart, this.tail.kind);
    this.recoverInlineComments();
    this.markQuotes();
    this.markAttributions();
    this.markSignatures();
    this.markSignOff();
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
    let linesAfterRule = 0;
    for (let i = end - 1; i >= 0 && linesAfterRule <= MAX_FOOTER_LINES; i--) {
      if (this.isBlank(i)) continue;
      if (!this.isFree(i)) return -1;
      if (isFooterRule(this.content[i] ?? '') && opensFooter(this.content.slice(0, end), i, this.listNames)) return i;
      linesAfterRule++;
    }
    return -1;
  }

  /** A mail gateway's warning above the author's first words is no more theirs than a list's footer. */
  markBanner(): void {
    let first = 0;
    while (first < this.footerStart && this.isBlank(first)) first++;
    let end = first;
    while (end < this.footerStart && !this.isBlank(end) && this.isFree(end)) end++;
    if (end === first || (end < this.footerStart && !this.isBlank(end))) return;
    let next = end;
    while (next < this.footerStart && this.isBlank(next)) next++;
    if (next >= this.footerStart || !isExternalSenderBanner(this.content.slice(first, end))) return;
    this.fill(first, end, 'footer');
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
      const quotedEnd = kind === 'forwarded' ? this.quotedForwardEnd(i) : -1;
      if (quotedEnd > i) {
        this.fill(i, quotedEnd, 'forwarded');
        i = quotedEnd - 1;
        continue;
      }
      if (kind === 'forwarded') return { start: i, kind };
      if (kind === 'quote') return { start: this.quoteTailStart(body, i), kind };
    }
    return null;
  }

  /**
   * Apple Mail quotes a forwarded message with `>` under "Begin forwarded message:"; when the author
   * writes on below that quote, the forward ends with it: where it ends, or -1 (it runs to the end).
   */
  quotedForwardEnd(marker: number): number {
    let i = marker + 1;
    while (i < this.footerStart && this.isBlank(i)) i++;
    if (i >= this.footerStart || !this.isQuoted(i)) return -1;
    let end = i;
    for (; i < this.footerStart && (this.isQuoted(i) || this.isBlank(i)); i++) if (this.isQuoted(i)) end = i + 1;
    return i < this.footerStart && this.isFree(i) ? end : -1;
  }

  quoteTailStart(body: readonly string[], marker: number): number {
    const lotus = !startsHeaderRun(body, marker) && keyOnlyHeaderRunAt(body, marker);
    const start = lotus ? keyOnlyHeaderStart(body, marker) : marker;
    return start === marker ? this.withSeparatorBefore(marker) : start;
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
      if (this.kinds[i] !== null) continue;
      if (forced !== null) this.kinds[i] = forced === 'tail' ? 'quote' : forced;
      else if (this.isQuoted(i)) this.kinds[i] = 'quote';
    }
    for (let i = 1; i < this.bodyEnd - 1; i++) {
      const between = this.kinds[i - 1] === 'quote' && this.isFree(i + 1) === false && isQuotedLine(this.content[i + 1] ?? '');
      if (!between || this.kinds[i] !== null) continue;
      const line = this.content[i] ?? '';
      if (isBrokenLinkTail(line) || isWrappedQuoteTail(this.content[i - 1] ?? '', line)) this.kinds[i] = 'quote';
    }
  }

  isUnclaimedText(index: number): boolean {
    return this.kinds[index] === null && !this.isBlank(index);
  }

  markAttributions(): void {
    for (let end = 0; end < this.bodyEnd; end++) {
      if (!this.isUnclaimedText(end) && !this.isBrokenAttributionEnd(end)) continue;
      const attribution = this.attributionEndingAt(end);
      if (!attribution) continue;
      this.fill(attribution.start, end + 1, 'attribution');
      if (attribution.anchored && this.unquotedTextFollows(attribution.start, end)) {
        this.fill(end + 1, this.bodyEnd, 'quote');
        return;
      }
    }
  }

  /** "> wrote:": a client put the `>` of the address it wrapped at the start of the attribution's last line. */
  isBrokenAttributionEnd(index: number): boolean {
    return this.kinds[index] === 'quote' && this.lines[index]?.forced === null && isQuotedAttributionEnd(this.content[index] ?? '');
  }

  /** The non-blank lines a window ending at `end` may take, nearest first, with the blank lines between. */
  windowStarts(end: number): number[] {
    const starts = [end];
    let blanks = 0;
    for (let i = end - 1; i >= 0 && starts.length < MAX_ATTRIBUTION_LINES; i--) {
      if (this.isBlank(i) && this.kinds[i] === null) {
        if (++blanks > MAX_BLANKS_IN_ATTRIBUTION) break;
        continue;
      }
      if (!this.isUnclaimedText(i)) break;
      starts.push(i);
    }
    return starts;
  }

  /** Each line's words with single spaces (`joinWrapped` of the line alone), computed once when first asked. */
  readonly #wrapped: (string | undefined)[] = [];

  wrappedLine(index: number): string {
    return (this.#wrapped[index] ??= joinWrapped([this.content[index] ?? '']));
  }

  /** `joinWrapped` of the window's written lines: their single-spaced forms joined, as no written one is empty. */
  joinedWindow(start: number, end: number): string {
    const written: string[] = [];
    for (let i = start; i <= end; i++) if (!this.isBlank(i)) written.push(this.wrappedLine(i));
    return written.join(' ');
  }

  /**
   * The attribution ending at `end`, or null. Of the windows that read as a client's template, the
   * longest one that opens like an attribution wins ("在 2021年… <jane@…>" over the bare "写道："),
   * else the shortest; prose-like "Jane wrote:" and verbless ones count only right before a quote.
   */
  attributionEndingAt(end: number): Attribution | null {
    if (!mayEndAttribution(this.content[end] ?? '')) return null;
    let shortest = -1;
    let opening = -1;
    const starts = this.windowStarts(end);
    const widest = this.joinedWindow(starts[starts.length - 1] ?? end, end);
    for (const start of mayHoldAttribution(widest) ? starts : []) {
      const joined = this.joinedWindow(start, end);
      if (!isAnchoredAttribution(joined)) continue;
      const hasBlank = this.content.slice(start, end).some((line) => isBlankLine(line));
      if (opensAttribution(this.content[start] ?? '')) opening = start;
      else if (shortest < 0 && !hasBlank) shortest = start;
    }
    if (opening >= 0 || shortest >= 0) return { start: opening >= 0 ? opening : shortest, anchored: true };
    const line = this.wrappedLine(end);
    if (this.kinds[end] === null && isAddressedAttribution(line)) return { start: end, anchored: true };
    if (!this.quoteFollows(end) || this.kinds[end] !== null) return null;
    const previous = end - 1;
    const wrapped = previous >= 0 && this.isUnclaimedText(previous) && endsOpen(this.content[previous] ?? '');
    if (isNamedAttribution(line)) return { start: wrapped ? previous : end, anchored: false };
    if (wrapped && isVerblessAttribution(this.joinedWindow(previous, end))) return { start: previous, anchored: false };
    return isVerblessAttribution(line) ? { start: end, anchored: false } : null;
  }

  /**
   * After a client's attribution, text without `>` is the quoted message itself (Outlook, Gmail's mobile
   * apps, Polymail), when the author wrote above it: an attribution at the very top is left alone.
   */
  unquotedTextFollows(start: number, end: number): boolean {
    let next = end + 1;
    while (next < this.bodyEnd && this.isBlank(next)) next++;
    if (next >= this.bodyEnd || this.kinds[next] !== null || !this.isFree(next)) return false;
    for (let i = 0; i < start; i++) if (this.isUnclaimedText(i)) return true;
    return false;
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

  /**
   * A signature without a delimiter still ends in a disclaimer, a phone's "Sent from my …", a contact
   * block or a rule over contact lines: cut from there. A contact block may stand above a disclaimer.
   */
  disclaimerIn(start: number, end: number): number {
    if (!this.nothingWrittenFrom(end)) return -1;
    const disclaimer = this.firstDisclaimer(start, end);
    const limit = disclaimer >= 0 ? disclaimer : end;
    const wroteBefore = this.ownTextBefore(start);
    for (let i = start; i < limit; i++) {
      if (this.kinds[i] !== null || this.isBlank(i) || (i === start && !wroteBefore)) continue;
      const opensParagraph = i === start || this.isBlank(i - 1);
      if (isSeparatorLine(this.content[i] ?? '') && this.opensRuledSignature(i, limit)) return i;
      if (!opensParagraph) continue;
      let last = i;
      while (last < limit && !this.isBlank(last)) last++;
      if (this.introducedByColon(i)) continue;
      const block = this.content.slice(i, last);
      if ((isContactBlock(block) || isNameAndTitleBlock(block)) && isAddressTail(this.content.slice(last, limit))) return i;
    }
    return disclaimer;
  }

  /**
   * A rule over contact lines down to the end, or down to a second rule that closes them (corporate
   * signatures frame the name, title and telephone with rules, and a notice may follow).
   */
  opensRuledSignature(rule: number, limit: number): boolean {
    const below = this.content.slice(rule + 1, limit);
    if (isRuledSignature(below) || isNameUnderRule(below)) return true;
    for (let i = rule + 1; i < limit; i++) {
      if (isSeparatorLine(this.content[i] ?? '')) return isRuledSignature(this.content.slice(rule + 1, i));
    }
    return false;
  }

  /** "Send comments to:" above a name and an address: the author points at them, they do not sign. */
  introducedByColon(index: number): boolean {
    let previous = index - 1;
    while (previous >= 0 && this.isBlank(previous)) previous--;
    return previous >= 0 && /:\s*$/.test(this.content[previous] ?? '');
  }

  firstDisclaimer(start: number, end: number): number {
    for (let i = start; i < end; i++) {
      if (this.kinds[i] !== null || this.isBlank(i)) continue;
      if (i > start && this.isDeviceLine(i)) return this.withNameAbove(i);
      if (i !== start && !this.isBlank(i - 1)) continue;
      let last = i;
      while (last < end && !this.isBlank(last)) last++;
      if (isDisclaimerParagraph(joinWrapped(this.content.slice(i, last)))) return this.withHeadingAbove(i, start);
    }
    return -1;
  }

  /** "Disclaimer" on its own line over the disclaimer's text belongs to it. */
  withHeadingAbove(disclaimer: number, start: number): number {
    let heading = disclaimer - 1;
    while (heading > start && this.isBlank(heading)) heading--;
    const alone = heading === start || this.isBlank(heading - 1);
    return heading >= start && heading < disclaimer && alone && this.kinds[heading] === null && isDisclaimerHeading(this.content[heading] ?? '') ? heading : disclaimer;
  }

  /** "Jane Doe\nSent from my iPhone": a name written into the phone's signature, right above its line. */
  withNameAbove(device: number): number {
    const name = device - 1;
    const signs = this.kinds[name] === null && isFullNameLine(this.content[name] ?? '') && this.isBlank(name - 1);
    return signs && this.ownTextBefore(name) ? name : device;
  }

  /** A client's line ("Sent from my iPhone"): short, and opening as one does before the whole is matched. */
  isDeviceLine(index: number): boolean {
    const line = (this.content[index] ?? '').trim();
    return line.length <= MAX_DEVICE_LINE && opensLikeDeviceSignOff(line) && isDeviceSignOff(line);
  }

  /** Whether the author wrote anything of their own above `index`. */
  ownTextBefore(index: number): boolean {
    for (let i = 0; i < index; i++) if (this.isUnclaimedText(i)) return true;
    return false;
  }

  /**
   * "Thanks,\nBob", "-roman": the sign-off that closes the author's last words, so that gists and claims
   * skip it. Never the author's first line ("Thanks, that settles it" opens a message).
   */
  markSignOff(): void {
    // From the end: past quotes, signatures and blank lines, to the author's last written line.
    let last = this.footerStart - 1;
    while (last >= 0 && this.kinds[last] !== 'own' && !this.isUnclaimedText(last)) last--;
    if (last < 0 || this.kinds[last] === 'own') return;
    let first = last;
    while (first > 0 && (this.isUnclaimedText(first - 1) || (this.kinds[first - 1] === null && this.isBlank(first - 1)))) first--;
    const start = this.signOffStart(first, last);
    if (start >= 0) this.fill(start, last + 1, 'signoff');
  }

  signOffStart(first: number, last: number): number {
    const written: number[] = [];
    for (let i = first; i <= last; i++) if (!this.isBlank(i)) written.push(i);
    const canStart = (index: number): boolean => index !== written[0] || this.ownTextBefore(first);
    for (const [n, i] of written.entries()) {
      const after = written.slice(n + 1);
      if (after.length > MAX_SIGN_OFF_LINES || !canStart(i) || !opensSignOff(this.content[i] ?? '')) continue;
      if (after.every((j) => mayCloseSignOff(this.content[j] ?? ''))) return i;
    }
    if (canStart(last) && isDashedName(this.content[last] ?? '')) return last;
    const rule = written.at(-2);
    return rule !== undefined && canStart(rule) && isRuleAndName(this.content[rule] ?? '', this.content[last] ?? '') ? rule : -1;
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
    return segmentsOfRuns(this.lines.length, (i) => this.kinds[i] ?? 'own', (i) => this.lines[i]?.text ?? '');
  }
}

/** Consecutive pieces of one kind as one segment each, a run's texts joined once; empty pieces are skipped. */
export function segmentsOfRuns(count: number, kindAt: (index: number) => SegmentKind, textAt: (index: number) => string): Segment[] {
  const segments: Segment[] = [];
  let run: string[] = [];
  let runKind: SegmentKind | null = null;
  for (let i = 0; i < count; i++) {
    const text = textAt(i);
    if (text === '') continue;
    const kind = kindAt(i);
    if (kind !== runKind) {
      if (runKind !== null) segments.push({ kind: runKind, text: run.join('') });
      run = [];
      runKind = kind;
    }
    run.push(text);
  }
  if (runKind !== null) segments.push({ kind: runKind, text: run.join('') });
  return segments;
}

/** Classifies every line and returns the runs of equal kind, in order, covering all the text. */
export function classifyLines(lines: readonly SourceLine[], listNames: readonly string[] = []): Segment[] {
  return new LineClassifier(splitSharedAttributions(lines), listNames).classify();
}

/**
 * "reply On Wed, … wrote:" above a quote: some clients write the attribution on the author's last line.
 * Such a line is cut in two where the attribution starts, so that each part is classified on its own.
 */
function splitSharedAttributions(lines: readonly SourceLine[]): readonly SourceLine[] {
  let result: SourceLine[] | null = null;
  lines.forEach((line, i) => {
    const cut = line.forced === null && !isQuotedLine(line.text) && isQuotedLine(lines[i + 1]?.text ?? '') ? attributionInsideLine(line.text) : -1;
    if (cut > 0) {
      result ??= lines.slice(0, i);
      result.push({ text: line.text.slice(0, cut), forced: null }, { text: line.text.slice(cut), forced: null });
    } else result?.push(line);
  });
  return result ?? lines;
}

const LF = 10;
const CR = 13;

/** The line without its `\n` or `\r\n`, then without one `\r` more: code, not two replacements per line. */
function withoutTerminator(text: string): string {
  let end = text.length;
  if (text.charCodeAt(end - 1) === LF) {
    end--;
    if (text.charCodeAt(end - 1) === CR) end--;
  }
  if (text.charCodeAt(end - 1) === CR) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * A line that leaves something open for the next: an address's `<` not yet closed, or a `(` or `,` at
 * its end. Code, not `/(?:<[^>]*|[(,])\s*$/`, which from each of many `<` scanned to the next `>`.
 */
function endsOpen(line: string): boolean {
  return line.lastIndexOf('<') > line.lastIndexOf('>') || /[(,]$/.test(line.trimEnd());
}
