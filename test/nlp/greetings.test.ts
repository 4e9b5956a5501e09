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

const greetings: [greeting: string, candidates: boolean, summary: boolean][] = [
  ['Hi', true, true],
  ['Hello', true, true],
  ['Hey', true, true],
  ['Dear', true, true],
  ['Greetings', true, true],
  ['Good morning', true, true],
  ['Good  evening', false, true],
  ['Hallo', true, true],
  ['Bonjour', false, true],
  ['Hola', true, true],
  ['Howdy', false, false],
];

const signOffs: [signOff: string, candidates: boolean, summary: boolean][] = [
  ['Thanks', true, true],
  ['Thanks again', true, true],
  ['Thank you', true, true],
  ['Many thanks', false, true],
  ['Thx', true, true],
  ['Cheers', true, true],
  ['Best', true, true],
  ['Best regards', true, true],
  ['Regards', true, true],
  ['Kind regards', true, true],
  ['Warm regards', true, true],
  ['With regards', false, true],
  ['Many regards', true, false],
  ['Best wishes', true, true],
  ['Kind wishes', true, false],
  ['Wishes', true, false],
  ['All the best', false, true],
  ['Sincerely', true, true],
  ['Yours', false, true],
  ['BR', true, true],
  ['Rgds', true, false],
  ['Viele Grüße', true, true],
  ['Beste Grüße', true, true],
  ['Liebe Grüße', true, false],
  ['Grüße', true, false],
  ['Gruß', false, false],
  ['Mit freundlichen Grüßen', true, true],
  ['Ciao', true, true],
  ['Cordialement', true, true],
  ['Saludos', true, true],
  ['Un saludo', false, true],
];

describe('greetings', () => {
  it.each(greetings)('%s: candidates %s, summary %s', (greeting, candidates, summary) => {
    expect(candidatesQuietGreeting(`${greeting},`)).toBe(candidates);
    expect(summaryDropsGreeting(greeting)).toBe(summary);
  });
});

describe('sign-offs', () => {
  it.each(signOffs)('%s: candidates %s, summary %s', (signOff, candidates, summary) => {
    expect(candidatesQuietSignOff(`${signOff},`)).toBe(candidates);
    expect(summaryDropsSignOff(signOff)).toBe(summary);
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
    ['Envoyé de mon iPad', false],
    ['Von meinem iPhone gesendet', false],
    ['Enviado desde mi iPhone', false],
    ['Sent along with the review', false],
  ])('the summary drops a closing line "%s": %s', (line, dropped) => {
    expect(substantiveSentences(`Please add MUD.\nJane\n${line}\n`)).toEqual(dropped ? ['Please add MUD.'] : ['Please add MUD.', `Jane ${line}`]);
  });
});
