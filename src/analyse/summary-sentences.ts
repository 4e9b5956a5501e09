import SentenceTokenizer from 'natural/lib/natural/tokenizers/sentence_tokenizer.js';

/** Abbreviations natural must not end a sentence at; it matches them anywhere, so only unmistakable ones. */
const abbreviations = ['e.g.', 'i.e.', 'cf.', 'vs.'];
const tokenizer = new SentenceTokenizer(abbreviations);

const greetingLine =
  /^(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening)|hallo|bonjour|hola)\b[^.?!]{0,60}[,:!]?$/iu;
/** A line of names addressed, ending in a comma: `Tomasz,`, `Henrik, all,`, `Arvid, Tomasz,`. */
const vocativeLine = /^\p{Lu}[\p{L}'’.-]*(?:[ ,]+(?:and |& )?(?:\p{Lu}[\p{L}'’.-]*|all))*,$/u;
const signOffLine =
  /^(?:thanks|thank you|many thanks|thx|cheers|best|best regards|regards|kind regards|warm regards|with regards|br|all the best|sincerely|yours|viele grüße|mit freundlichen grüßen|beste grüße|gruß|ciao|cordialement|saludos|un saludo)\b[^.?!:;]{0,30}[,.!]?$/iu;
/** What stands below a sign-off: a name, a title, initials (`-gp`), a parenthesis, a mobile client's line. */
const closingLine = [
  /^[-–—~]*\s*\p{Lu}[\p{L}'’.-]*(?:[\s,]+(?:&|and|of|\p{Lu}[\p{L}'’.-]*)){0,5}$/u,
  /^[-–—~]+\s*\p{L}{1,12}$/u,
  /^\([^()]{0,60}\)$/u,
  /^(?:sent from|get outlook for)\b/iu,
];
const bulletLine = /^\s*(?:[-*•–]|\d{1,2}[.)])\s+/u;

/** A sentence of a message's own text, whitespace collapsed, as it reads there. */
export type Sentence = string;

/** Every sentence of `text`, in order. */
export function sentencesOf(text: string): Sentence[] {
  return paragraphsOf(text).flatMap(unitsOf).flatMap(splitUnit);
}

/**
 * The sentences that carry what the author says: without the greeting it opens with (`Hi all,`),
 * the sign-off and name it closes with (`Thanks,` / `Jane`), or a sign-off sentence in between.
 */
export function substantiveSentences(ownText: string): Sentence[] {
  return sentencesOf(withoutGreetingAndClosing(ownText)).filter((sentence) => !isSignOff(sentence));
}

export function isQuestion(sentence: Sentence): boolean {
  return /\?["'”’)\]]*$/u.test(sentence);
}

export function wordCount(sentence: Sentence): number {
  return sentence.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

function isSignOff(sentence: Sentence): boolean {
  return signOffLine.test(sentence) || greetingLine.test(sentence) || vocativeLine.test(sentence);
}

function withoutGreetingAndClosing(ownText: string): string {
  const lines = ownText.split('\n');
  let start = 0;
  while (start < lines.length && (isBlank(lines[start]) || isGreeting(lines[start]!.trim()))) start++;
  let end = lines.length;
  while (end > start && (isBlank(lines[end - 1]) || isClosing(lines[end - 1]!.trim()))) end--;
  return lines.slice(start, end).join('\n');
}

const isBlank = (line: string | undefined): boolean => !line || line.trim() === '';
const isGreeting = (line: string): boolean => greetingLine.test(line) || vocativeLine.test(line);
const isClosing = (line: string): boolean => signOffLine.test(line) || closingLine.some((pattern) => pattern.test(line));

function paragraphsOf(text: string): string[] {
  return text.split(/\n[ \t]*\n/u).filter((paragraph) => paragraph.trim() !== '');
}

/** A paragraph, split before each bullet so a list item is never glued to the line above. */
function unitsOf(paragraph: string): string[] {
  const units: string[] = [];
  for (const line of paragraph.split('\n')) {
    if (units.length === 0 || bulletLine.test(line)) units.push(line);
    else units[units.length - 1] += `\n${line}`;
  }
  return units;
}

/**
 * natural's sentences of one unit, found again in it. natural ends a sentence at every full stop: one
 * followed by a letter or digit (`I-D.ietf-ace-coap-est`, `802.15.4`) is hidden from it by a stand-in of
 * the same length, and a break before a lower-case word (`est. 2019`, `i.e. cubic`) is mended afterwards.
 */
function splitUnit(unit: string): Sentence[] {
  const shielded = unit.replace(/\.(?=[\p{L}\p{N}])/gu, '\u2024');
  const spans: { start: number; end: number }[] = [];
  let cursor = 0;
  for (const piece of tokenizer.tokenize(shielded)) {
    const start = shielded.indexOf(piece, cursor);
    if (start < 0) continue;
    cursor = start + piece.length;
    const previous = spans.at(-1);
    if (previous && isFalseBreak(unit.slice(previous.start, previous.end), unit.slice(start, cursor))) previous.end = cursor;
    else spans.push({ start, end: cursor });
  }
  return spans.map((span) => collapse(unit.slice(span.start, span.end))).filter((sentence) => sentence !== '');
}

function isFalseBreak(before: string, after: string): boolean {
  if (/^\p{Ll}+\b/u.test(after)) return true;
  return /^\p{N}/u.test(after) && /(?:\b\p{Ll}{1,5}|\d)\.$/u.test(before);
}

export function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
