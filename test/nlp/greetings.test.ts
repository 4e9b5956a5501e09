import { describe, expect, it } from 'vitest';
import { findCandidates, loadTaxonomy, substantiveSentences } from '../../src/nlp/index.js';

/**
 * Greetings and sign-offs, as the candidates (a greeting first line, a sign-off line alone near the
 * end: names follow, not technologies) and the summary (a greeting or sign-off line or sentence is not
 * what the author says) recognise them.
 */
const taxonomy = loadTaxonomy();

/** Whether the candidates leave the greeting's line out: `ACMEZ` on it would be a candidate. */
function candidatesQuietGreeting(greeting: string): boolean {
  const text = `${greeting} ACMEZ\n\nWe need OTAA here.`;
  return findCandidates(taxonomy, [{ messageId: 'a@example.org', author: 'Jane Doe', text }]).length === 0;
}

/** Whether the candidates leave out what follows the sign-off line: `ACMEZ` there would be a candidate. */
function candidatesQuietSignOff(signOff: string): boolean {
  const text = `We need OTAA here.\n\n${signOff}\nJane\nACMEZ team lead.`;
  return findCandidates(taxonomy, [{ messageId: 'a@example.org', author: 'Jane Doe', text }]).length === 0;
}

/** Whether the summary drops a greeting line (`Hello from ACMEZ`, no comma: not a line of names). */
function summaryDropsGreeting(greeting: string): boolean {
  return substantiveSentences(`${greeting} from ACMEZ\n\nWe need OTAA here.`).length === 1;
}

/** Whether the summary drops a sign-off sentence in the middle of the text (`Kind wishes from Jane.`). */
function summaryDropsSignOff(signOff: string): boolean {
  return substantiveSentences(`We need OTAA here. ${signOff} from Jane. More here.`).length === 2;
}

/** A greeting or sign-off both recognise, or neither; the comment says what differed before the one word list. */
const greetings: [greeting: string, recognised: boolean][] = [
  ['Hi', true],
  ['Hello', true],
  ['Hey', true],
  ['Dear', true],
  ['Greetings', true],
  ['Good morning', true],
  ['Good  evening', true], // Before: not for the candidates (one space only).
  ['Hallo', true],
  ['Bonjour', true], // Before: not for the candidates.
  ['Hola', true],
  ['Howdy', false],
];

const signOffs: [signOff: string, recognised: boolean][] = [
  ['Thanks', true],
  ['Thanks again', true],
  ['Thank you', true],
  ['Many thanks', true], // Before: not for the candidates.
  ['Thx', true],
  ['Cheers', true],
  ['Best', true],
  ['Best regards', true],
  ['Regards', true],
  ['Kind regards', true],
  ['Warm regards', true],
  ['With regards', true], // Before: not for the candidates.
  ['Many regards', true], // Before: not for the summary.
  ['Best wishes', true],
  ['Kind wishes', true], // Before: not for the summary.
  ['Wishes', false], // Before: a sign-off for the candidates.
  ['All the best', true], // Before: not for the candidates.
  ['Sincerely', true],
  ['Yours', true], // Before: not for the candidates.
  ['BR', true],
  ['Rgds', true], // Before: not for the summary.
  ['Viele Grüße', true],
  ['Beste Grüße', true],
  ['Liebe Grüße', true], // Before: not for the summary.
  ['Grüße', true], // Before: not for the summary.
  ['Gruß', true], // Before: for neither (the summary's `\b` saw no word end after `ß`).
  ['Mit freundlichen Grüßen', true],
  ['Ciao', true],
  ['Cordialement', true],
  ['Saludos', true],
  ['Un saludo', true], // Before: not for the candidates.
];

describe('greetings', () => {
  it.each(greetings)('%s: %s', (greeting, recognised) => {
    expect(candidatesQuietGreeting(`${greeting},`)).toBe(recognised);
    expect(summaryDropsGreeting(greeting)).toBe(recognised);
  });
});

describe('sign-offs', () => {
  it.each(signOffs)('%s: %s', (signOff, recognised) => {
    expect(candidatesQuietSignOff(`${signOff},`)).toBe(recognised);
    expect(summaryDropsSignOff(signOff)).toBe(recognised);
  });

  it('is a whole line for the candidates, a line or sentence with a short tail for the summary', () => {
    expect(candidatesQuietSignOff('Thanks for the review,')).toBe(false);
    expect(summaryDropsSignOff('Thanks for the review')).toBe(true);
  });
});

describe('device sign-offs', () => {
  it.each([
    ['Sent from my iPhone', true],
    ['Get Outlook for Android<https://aka.ms/ghei36>', true],
    ['Sent from Samsung Mobile', true],
    ['Envoyé de mon iPad', true], // Before: kept by the summary (English only).
    ['Von meinem iPhone gesendet', true], // Before: kept.
    ['Enviado desde mi iPhone', true], // Before: kept.
    ['Sent along with the review', false],
  ])('the summary drops a closing line "%s": %s', (line, dropped) => {
    expect(substantiveSentences(`Please add MUD.\nJane\n${line}\n`)).toEqual(dropped ? ['Please add MUD.'] : ['Please add MUD.', `Jane ${line}`]);
  });
});
