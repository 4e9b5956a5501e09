import { opensLikeDeviceSignOff, phraseAlternation, salutations, signOffLine } from '../mail/index.js';
import { type Sentence, sentencesOf } from './sentences.js';

const greetingLine = new RegExp(String.raw`^${phraseAlternation(salutations.greetings)}[^.?!]{0,60}[,:!]?$`, 'iu');
/** A line of names addressed, ending in a comma: `Tomasz,`, `Henrik, all,`, `Arvid, Tomasz,`. */
const vocativeLine = /^\p{Lu}[\p{L}'’.-]*(?:[ ,]+(?:and |& )?(?:\p{Lu}[\p{L}'’.-]*|all))*,$/u;
/** What stands below a sign-off: a name, a title, initials (`-gp`), a parenthesis; and a mobile client's line (`isClosing`). */
const closingLine = [
  /^[-–—~]*\s*\p{Lu}[\p{L}'’.-]*(?:[\s,]+(?:&|and|of|\p{Lu}[\p{L}'’.-]*)){0,5}$/u,
  /^[-–—~]+\s*\p{L}{1,12}$/u,
  /^\([^()]{0,60}\)$/u,
];

/**
 * The sentences that carry what the author says: without the greeting it opens with (`Hi all,`),
 * the sign-off and name it closes with (`Thanks,` / `Jane`), or a sign-off sentence in between.
 */
export function substantiveSentences(ownText: string): Sentence[] {
  return sentencesOf(withoutGreetingAndClosing(ownText)).filter((sentence) => !isSignOff(sentence));
}

function isSignOff(sentence: Sentence): boolean {
  return signOffLine.test(sentence) || greetingLine.test(sentence) || vocativeLine.test(sentence);
}

/** The text without its opening greeting lines and its closing lines (sign-off, name, title, mobile footer). */
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
const isClosing = (line: string): boolean =>
  signOffLine.test(line) || opensLikeDeviceSignOff(line) || closingLine.some((pattern) => pattern.test(line));
