import { phraseAlternation, salutations } from '../mail/index.js';
import { nameMatches, scanText } from './extract.js';
import type { Words } from './names.js';
import { isNotATechnology } from './not-technologies.js';
import type { Taxonomy } from './taxonomy.js';
import { joinsName, tokensInSpans, type Span } from './tokens.js';
import type { Candidate } from './types.js';

export interface CandidateSource {
  messageId: string;
  /** The author's name: their own name is never a candidate. */
  author: string;
  /** The message's own text. */
  text: string;
}

/** A term found in one text, with where it is. */
interface Term extends Span {
  term: string;
}

/**
 * Technology-like terms the taxonomy lacks, ranked by how many people used them, then by how many
 * messages: acronyms (`OTAA`, `DACs`), spec numbers (`TS 33.501`, `IEEE 802.15.9`), RFCs and drafts the
 * taxonomy does not know, and capitalised names next to a word like protocol, specification, standard,
 * alliance or profile (`the Noise protocol`, `Smart Energy Profile`). Left out: anything the taxonomy
 * names in any case, common words, standards bodies and process words, greeting and sign-off lines,
 * and the authors' names.
 */
export function findCandidates(taxonomy: Taxonomy, texts: readonly CandidateSource[]): Candidate[] {
  const authorWords = new Set(texts.flatMap((source) => source.author.toLowerCase().split(/[\s,.]+/).filter(Boolean)));
  const found = new Map<string, TermUse>();
  for (const source of texts) {
    for (const { term } of termsOf(taxonomy, source.text, authorWords)) {
      const key = termKey(term);
      const entry = found.get(key) ?? newTermUse();
      entry.spellings.set(term, (entry.spellings.get(term) ?? 0) + 1);
      entry.messages.add(source.messageId);
      entry.authors.add(source.author.trim().toLowerCase());
      found.set(key, entry);
    }
  }
  return [...found.values()]
    .map((entry): Candidate => ({ term: commonest(entry.spellings), messages: [...entry.messages], respondents: entry.authors.size }))
    .sort((a, b) => b.respondents - a.respondents || b.messages.length - a.messages.length || a.term.localeCompare(b.term));
}

/** How often each spelling of a term was used, in which messages, by whom. */
interface TermUse {
  spellings: Map<string, number>;
  messages: Set<string>;
  authors: Set<string>;
}

function newTermUse(): TermUse {
  return { spellings: new Map<string, number>(), messages: new Set<string>(), authors: new Set<string>() };
}

function termsOf(taxonomy: Taxonomy, text: string, authorWords: Set<string>): Term[] {
  const { words, references } = scanText(taxonomy, text);
  const known = knownWords(taxonomy, words);
  const unknownReferences = references
    .filter((r) => (r.kind === 'rfc' ? !taxonomy.byRfc(r.rfc) : !taxonomy.byDraft(r.draft)))
    .map((r): Term => ({ start: r.start, end: r.end, term: r.kind === 'rfc' ? `RFC ${r.rfc}` : r.draft }));
  const numbered = [...unknownReferences, ...specNumbers(text, words, known)];
  const quiet = quietSpans(text);
  const taken = tokensInSpans(words.tokens, [...quiet, ...numbered]);
  const free = (i: number): boolean => !known[i] && !words.blocked[i] && !taken[i];
  const terms = [...numbered, ...acronyms(words, free), ...namesBesideCueWords(words, free)];
  return terms.filter((term) => !inSpans(quiet, term.start) && !term.term.toLowerCase().split(/\s+/).some((w) => authorWords.has(w)));
}

/** Words that are part of any taxonomy name, in any case and whatever the rules say. */
function knownWords(taxonomy: Taxonomy, words: Words): boolean[] {
  const known = words.tokens.map(() => false);
  for (const match of nameMatches(taxonomy, words, 'loose')) known.fill(true, match.first, match.last + 1);
  return known;
}

const specNumberPattern = new RegExp(
  [
    String.raw`\b(?:3GPP\s+)?T[SR]\s?\d{2}\.\d{3}(?:-\d+)?\b`,
    String.raw`\b(?:ETSI\s+)?(?:EN|TS|TR)\s\d{3}\s\d{3}(?:-\d+)?\b`,
    String.raw`\b(?:GSMA\s+)?(?:SGP|CLP|FS)\.\d{2}\b`,
    String.raw`\b(?:IEEE\s+)?(?:Std\s+)?802\.\d+[A-Za-z]*(?:\.\d+)?\b`,
    String.raw`\bIEEE\s+(?:Std\s+)?P?\d{3,4}(?:\.\d+)*\b`,
    String.raw`\b(?:ISO\/IEC|ISA\/IEC|ISO|IEC)\s+\d{4,5}(?:-\d+)*\b`,
    String.raw`\bITU-T\s+[A-Z]\.\d{1,4}\b`,
    String.raw`\bNIST\s?(?:IR|SP)\s?\d{3,4}(?:-\d+)?[A-Z]?\b`,
  ].join('|'),
  'g',
);

/** Spec numbers not part of a taxonomy name (`TS 33.220` is GBA's) nor of a URL or reference. */
function specNumbers(text: string, words: Words, known: boolean[]): Term[] {
  const occupied = words.tokens.filter((_, i) => known[i] || words.blocked[i]);
  return [...text.matchAll(specNumberPattern)]
    .map((match): Term => ({ start: match.index, end: match.index + match[0].length, term: match[0].replace(/\s+/g, ' ') }))
    .filter((term) => !occupied.some((token) => token.start < term.end && term.start < token.end));
}

/** Two or more capitals, letters and digits only, not all digits: `OTAA`, `DACs`, `OpenThread`. */
const acronymShape = /^(?=(?:[^\p{Lu}]*\p{Lu}){2})[\p{Lu}\p{N}][\p{L}\p{N}]{1,11}$/u;

function acronyms(words: Words, free: (i: number) => boolean): Term[] {
  return words.tokens.flatMap((token, i): Term[] =>
    free(i) && acronymShape.test(token.text) && !isNotATechnology(token.text.replace(/(?<=\p{Lu})s$/u, ''))
      ? [{ start: token.start, end: token.end, term: token.text }]
      : [],
  );
}

const cueWords = new Set([
  'protocol', 'specification', 'spec', 'standard', 'alliance', 'profile', 'framework', 'architecture', 'consortium',
  'forum', 'foundation', 'program', 'programme', 'scheme', 'method',
]);
const connectors = new Set(['of', 'for', 'over', 'and', 'on', 'in', 'the', 'to']);

function isCueWord(word: string): boolean {
  const lower = word.toLowerCase();
  return cueWords.has(lower) || (lower.endsWith('s') && cueWords.has(lower.slice(0, -1)));
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word) || /^\p{N}+\p{Lu}/u.test(word);
}

/**
 * Runs of capitalised words (with `of`, `over`, … between them) that end in a capitalised cue word
 * (`Smart Energy Profile`) or stand right before a lower-case one (`the Noise protocol` → `Noise`).
 */
function namesBesideCueWords(words: Words, free: (i: number) => boolean): Term[] {
  const terms: Term[] = [];
  for (let i = 0; i < words.tokens.length; i++) {
    if (!free(i) || !isCapitalised(words.tokens[i]!.text)) continue;
    const last = runEnd(words, i, free);
    const term = cueWordTerm(words, i, last, free);
    if (term) terms.push(term);
    i = last;
  }
  return terms;
}

function runEnd(words: Words, first: number, free: (i: number) => boolean): number {
  let last = first;
  for (let j = first + 1; j < words.tokens.length && free(j) && joinsName(words.text, words.tokens[j - 1]!, words.tokens[j]!); j++) {
    const word = words.tokens[j]!.text;
    if (isCapitalised(word)) last = j;
    else if (!connectors.has(word)) break;
  }
  return last;
}

function cueWordTerm(words: Words, first: number, last: number, free: (i: number) => boolean): Term | null {
  const runWords = words.tokens.slice(first, last + 1).map((token) => token.text);
  const next = last + 1 < words.tokens.length ? words.tokens[last + 1]! : null;
  const cueFollows =
    next !== null &&
    free(last + 1) &&
    /^\p{Ll}/u.test(next.text) &&
    isCueWord(next.text) &&
    joinsName(words.text, words.tokens[last]!, next);
  if (!isCueWord(runWords.at(-1)!) && !cueFollows) return null;
  let start = first;
  while (start <= last && isNotATechnology(words.tokens[start]!.text)) start++;
  const nameWords = words.tokens.slice(start, last + 1);
  if (nameWords.filter((token) => !isCueWord(token.text)).length === 0) return null;
  if (nameWords.length === 1 && startsSentence(words, start) && !/.\p{Lu}|\p{N}/u.test(nameWords[0]!.text)) return null;
  const span = { start: nameWords[0]!.start, end: nameWords.at(-1)!.end };
  return { ...span, term: words.text.slice(span.start, span.end).replace(/\s+/g, ' ') };
}

/** A word at the start of a line or after `.`, `!`, `?` or `:` is capitalised for that reason alone. */
function startsSentence(words: Words, i: number): boolean {
  const before = words.text.slice(i > 0 ? words.tokens[i - 1]!.end : 0, words.tokens[i]!.start);
  return i === 0 || /[.!?:]|\n/.test(before);
}

const greeting = new RegExp(`^${phraseAlternation(salutations.greetings)}`, 'iu');
/** A line that is a sign-off and nothing else (`Best regards,`). */
const signOff = new RegExp(String.raw`^${phraseAlternation(salutations.signOffs)}\s*[,.!]*$`, 'iu');
/** How far from the end a sign-off may stand. */
const signOffLines = 8;

/** The greeting line and everything from the sign-off on: names live there, technologies do not. */
function quietSpans(text: string): Span[] {
  const lines = [...text.matchAll(/^.*$/gm)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0].trim() }));
  const filled = lines.filter((line) => line.text);
  const spans: Span[] = [];
  const first = filled[0];
  if (first && greeting.test(first.text) && first.text.length < 60) spans.push(first);
  const tail = filled.slice(-signOffLines);
  const signOffLine = tail.find((line) => signOff.test(line.text));
  const lastLine = filled.at(-1);
  if (signOffLine) spans.push({ start: signOffLine.start, end: text.length });
  else if (lastLine && /^[\p{Lu}(-][^.!?]{0,40}$/u.test(lastLine.text) && lastLine.text.split(/\s+/).length <= 4) spans.push(lastLine);
  return spans;
}

function inSpans(spans: readonly Span[], offset: number): boolean {
  return spans.some((span) => span.start <= offset && offset < span.end);
}

/** `3GPP TS 33.501` and `TS33.501`, `DAC` and `DACs` are one term. */
function termKey(term: string): string {
  return term
    .replace(/^(?:3GPP|ETSI|GSMA|IEEE)\s+/, '')
    .replace(/(?<=\p{Lu})s$/u, '')
    .replace(/[\s-]+/g, '')
    .toLowerCase();
}

/** The spelling used most, the first of those when several are used as often. */
function commonest(spellings: Map<string, number>): string {
  let best = '';
  let bestCount = 0;
  for (const [spelling, count] of spellings) {
    if (count > bestCount) [best, bestCount] = [spelling, count];
  }
  return best;
}
