import SentenceTokenizer from 'natural/lib/natural/tokenizers/sentence_tokenizer.js';
import type { Span } from './tokens.js';

const sentenceTokenizer = new SentenceTokenizer([], true);

/** Abbreviations whose full stop ends no sentence (`est.` as in "est. 2019", never inside "latest."). */
const abbreviation = /\b(?:e\.g|i\.e|etc|cf|et al|vs|incl|approx|resp|est|Sec|Fig)\./g;

/** natural's tokenizer rescans a block once per sentence: blocks are kept short to keep that cheap. */
const maxBlockLength = 2000;
/** Longer "sentences" (lists, lines without full stops) are cut down to the lines of the match. */
const maxSentenceLength = 400;

/**
 * The sentence around a match, as it reads in the text. The text is cut into paragraphs (blank lines),
 * and a paragraph is split into sentences by natural's sentence tokenizer only when a match is in it.
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
      sentences = sentenceSpans(this.text, this.blocks[blockIndex]!);
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

/**
 * natural's sentences, found again in the block. Full stops that end no sentence (abbreviations, and
 * any followed by a letter or digit: `802.15.4`, `draft.txt`) are hidden from the tokenizer first, by a
 * one-character stand-in, so that offsets stay the same.
 */
function sentenceSpans(text: string, block: Span): Span[] {
  const shielded = text
    .slice(block.start, block.end)
    .replace(abbreviation, (written) => written.replaceAll('.', '\u2024'))
    .replace(/\.(?=[\p{L}\p{N}])/gu, '\u2024');
  const spans: Span[] = [];
  let cursor = 0;
  for (const sentence of sentenceTokenizer.tokenize(shielded)) {
    const at = shielded.indexOf(sentence, cursor);
    if (at < 0) continue;
    cursor = at + sentence.length;
    spans.push({ start: block.start + at, end: block.start + cursor });
  }
  return spans;
}

function linesAround(text: string, start: number, end: number): Span {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  return { start: lineStart, end: lineEnd < 0 ? text.length : lineEnd };
}
