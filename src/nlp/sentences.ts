import SentenceTokenizer from 'natural/lib/natural/tokenizers/sentence_tokenizer.js';
import type { Span } from './tokens.js';

/**
 * natural is given no abbreviations: it would match them anywhere (`vs.` inside `devs.`), and after the
 * shielding below it would never see `e.g.` whole. Abbreviations are shielded here instead.
 */
const sentenceTokenizer = new SentenceTokenizer([], true);

/**
 * Abbreviations whose full stop ends no sentence, as whole words: `e.g. BRSKI`, `Sec. 4`, `Fig. 2`,
 * `et al.`, `est.` as in "est. 2019" (never inside "latest."). `etc.` is not one: it mostly ends its
 * sentence (`…, CoAP, etc. BRSKI does …`), and when it does not, a lower-case word follows and the break
 * is mended.
 */
const abbreviation = /\b(?:[Ee]\.g|[Ii]\.e|[Cc]f|et al|vs|incl|approx|resp|est|Sec|Fig)\./g;
/** A URL, without the punctuation after it (`See https://example.org/doc/.` ends at the `/`). */
const url = /\b(?:https?|ftp):\/\/\S+|\bwww\.\S+/giu;
const urlTrailer = /[.,;:!?'"”’)\]>]+$/u;
/** A line that starts a list item: `- `, `* `, `• `, `1. `, `2) `. */
const bulletLine = /^[ \t]*(?:[-*•–]|\d{1,2}[.)])[ \t]+/u;

/** natural's tokenizer rescans a block once per sentence: blocks are kept short to keep that cheap. */
const maxBlockLength = 2000;
/** Longer "sentences" (lists, lines without full stops) are cut down to the lines of the match. */
const maxSentenceLength = 400;

/** A sentence of a message's own text, whitespace collapsed, as it reads there. */
export type Sentence = string;

/**
 * The sentences of `text`, in order, as spans of it. The text is cut into paragraphs (at blank lines), a
 * paragraph before each list item, and what remains by natural's sentence tokenizer: full stops inside
 * names, numbers and URLs (`802.15.4`, `draft.txt`) and after abbreviations (`e.g.`, `Sec. 4`) end no
 * sentence, and a break before a lower-case word (`i.e. cubic`), before a number after a short
 * lower-case word (`est. 2019`) or after a list number (`1. First`) is mended.
 */
export function sentenceSpans(text: string): Span[] {
  return blocksOf(text).flatMap((block) => sentencesOfBlock(text, block));
}

/** Every sentence of `text`, in order, whitespace collapsed. */
export function sentencesOf(text: string): Sentence[] {
  return sentenceSpans(text)
    .map((span) => collapse(text.slice(span.start, span.end)))
    .filter((sentence) => sentence !== '');
}

/**
 * The sentence around a match, as it reads in the text. The text is cut into blocks as by
 * `sentenceSpans`, and a block is split into sentences only when a match is in it.
 */
export class SentenceFinder {
  private readonly blocks: Span[];
  private readonly sentencesOfBlock = new Map<number, Span[]>();

  constructor(private readonly text: string) {
    this.blocks = blocksOf(text);
  }

  sentenceAround(start: number, end: number): string {
    const first = this.sentenceSpanAt(start);
    const last = this.sentenceSpanAt(Math.max(start, end - 1));
    let span: Span = { start: Math.min(first.start, start), end: Math.max(last.end, end) };
    if (span.end - span.start > maxSentenceLength) span = linesAround(this.text, start, end);
    return this.text.slice(span.start, span.end).trim();
  }

  private sentenceSpanAt(offset: number): Span {
    const blockIndex = this.blockIndexAt(offset);
    let sentences = this.sentencesOfBlock.get(blockIndex);
    if (!sentences) {
      sentences = sentencesOfBlock(this.text, this.blocks[blockIndex]!);
      this.sentencesOfBlock.set(blockIndex, sentences);
    }
    return sentences.find((s) => s.start <= offset && offset < s.end) ?? this.blocks[blockIndex]!;
  }

  private blockIndexAt(offset: number): number {
    let low = 0;
    let high = this.blocks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.blocks[middle]!.start <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

export function isQuestion(sentence: Sentence): boolean {
  return /\?["'”’)\]]*$/u.test(sentence);
}

/** Words with a letter or a digit in them (`+1` is one, `-` is none). */
export function wordCount(sentence: Sentence): number {
  return sentence.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Runs of whitespace, line breaks included, as one space; none at either end. */
export function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Paragraphs (split at blank lines), long ones cut at line breaks; together they cover the text. */
function blocksOf(text: string): Span[] {
  const blocks: Span[] = [];
  let start = 0;
  for (const blank of text.matchAll(/\n[ \t]*\n/g)) {
    pushBlock(text, blocks, start, blank.index + 1);
    start = blank.index + 1;
  }
  pushBlock(text, blocks, start, text.length);
  return blocks;
}

function pushBlock(text: string, blocks: Span[], start: number, end: number): void {
  while (end - start > maxBlockLength) {
    const lineEnd = text.lastIndexOf('\n', start + maxBlockLength);
    const cut = lineEnd > start ? lineEnd + 1 : start + maxBlockLength;
    blocks.push({ start, end: cut });
    start = cut;
  }
  blocks.push({ start, end });
}

function sentencesOfBlock(text: string, block: Span): Span[] {
  return unitsOf(text, block).flatMap((unit) => sentencesOfUnit(text, unit));
}

/** A block, cut before each list item so that an item is never glued to the line above it. */
function unitsOf(text: string, block: Span): Span[] {
  const units: Span[] = [];
  let start = block.start;
  for (let line = text.indexOf('\n', block.start) + 1; line > 0 && line < block.end; line = text.indexOf('\n', line) + 1) {
    const lineEnd = text.indexOf('\n', line);
    if (!bulletLine.test(text.slice(line, lineEnd < 0 || lineEnd > block.end ? block.end : lineEnd))) continue;
    units.push({ start, end: line });
    start = line;
  }
  units.push({ start, end: block.end });
  return units;
}

/**
 * natural's sentences of one unit, found again in it. Full stops that end no sentence are hidden from
 * the tokenizer first by a one-character stand-in, so that offsets stay the same: those of
 * abbreviations, those followed by a letter or digit, and every character of a URL. Breaks natural
 * makes that no reader would are then mended.
 */
function sentencesOfUnit(text: string, unit: Span): Span[] {
  const written = text.slice(unit.start, unit.end);
  const shielded = written
    .replace(url, hideUrl)
    .replace(abbreviation, (found) => found.replaceAll('.', '\u2024'))
    .replace(/\.(?=[\p{L}\p{N}])/gu, '\u2024');
  const spans: Span[] = [];
  let cursor = 0;
  for (const sentence of sentenceTokenizer.tokenize(shielded)) {
    const at = shielded.indexOf(sentence, cursor);
    if (at < 0) continue;
    cursor = at + sentence.length;
    const previous = spans.at(-1);
    if (previous && isFalseBreak(written.slice(previous.start, previous.end), written.slice(at, cursor))) previous.end = cursor;
    else spans.push({ start: at, end: cursor });
  }
  return spans.map((span) => ({ start: unit.start + span.start, end: unit.start + span.end }));
}

/** A URL's stand-in: as long as it, and without its trailing punctuation, which may end a sentence. */
function hideUrl(found: string): string {
  const body = found.replace(urlTrailer, '');
  return '\u2024'.repeat(body.length) + found.slice(body.length);
}

/** natural ends a sentence at every full stop left: not before a lower-case word, nor in `est. 2019` or `1. First`. */
function isFalseBreak(before: string, after: string): boolean {
  if (/^\p{Ll}+\b/u.test(after)) return true;
  if (/^\d{1,2}\.$/u.test(before)) return true;
  return /^\p{N}/u.test(after) && /\b\p{Ll}{1,5}\.$/u.test(before);
}

function linesAround(text: string, start: number, end: number): Span {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  return { start: lineStart, end: lineEnd < 0 ? text.length : lineEnd };
}
