import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/index.js';
import type { Segment } from '../../src/mail/types.js';
import { fixturePath } from '../helpers/corpus.js';

const dir = fixturePath('mail/own-text');

/** Each fixture's expected own text lives beside it as NAME.own.txt (written by hand). */
function expectedOwnText(name: string): string {
  return readFileSync(path.join(dir, `${name}.own.txt`), 'utf8').replace(/\n$/, '');
}

type Kind = Segment['kind'];

/**
 * What a reader checks in each fixture beyond its own text: the segment kinds in order, and
 * words that must land in a segment of a given kind (never in own text).
 */
const EXPECTED: Record<string, { kinds: Kind[]; contains?: [Kind, string][] }> = {
  'the-bat-you-wrote': {
    kinds: ['own', 'attribution', 'quote', 'own', 'signature'],
    contains: [['attribution', 'PM, you wrote:']],
  },
  'contact-block-signature': { kinds: ['own', 'signoff', 'signature'], contains: [['signature', 'Phone: +33 1 23 45 67 89']] },
  'mobile-sent-from': { kinds: ['own', 'signature', 'quote'], contains: [['signature', 'Get Outlook for Android']] },
  'foxmail-original': { kinds: ['own', 'signoff', 'quote'], contains: [['quote', '------------------ Original ------------------']] },
  'apple-begin-forwarded': { kinds: ['own', 'forwarded'], contains: [['forwarded', 'Seven of nine clients']] },
  'apple-mail-top-post': { kinds: ['own', 'quote', 'footer'], contains: [['quote', 'wrote:']] },
  'dashes-bare-signature': { kinds: ['own', 'signature'], contains: [['signature', 'Example Org, IoT security']] },
  'disclaimer-top-post': { kinds: ['own', 'signoff', 'signature', 'quote'], contains: [['signature', 'intended solely']] },
  'french-thunderbird': {
    kinds: ['own', 'attribution', 'quote', 'own', 'footer'],
    contains: [['attribution', 'a écrit']],
  },
  'from-my-perspective': { kinds: ['own', 'quote'], contains: [['quote', 'On Behalf Of Jane Doe']] },
  'german-thunderbird': {
    kinds: ['own', 'attribution', 'quote', 'own', 'quote', 'own', 'signoff', 'signature'],
    contains: [['attribution', 'schrieb Jane Doe'], ['signature', 'Abteilung IoT-Plattform']],
  },
  'gmail-forwarded': { kinds: ['own', 'forwarded', 'footer'], contains: [['forwarded', 'EC J-PAKE']] },
  'gmail-inline-reply': {
    kinds: ['own', 'attribution', 'quote', 'own', 'quote', 'own', 'quote', 'footer'],
    contains: [['attribution', 'via Iotops <iotops@ietf.org>\nwrote:']],
  },
  'horde-quoting': { kinds: ['attribution', 'quote', 'own'], contains: [['attribution', 'Quoting Ole Nordmann']] },
  'html-apple-mail': { kinds: ['own', 'quote'], contains: [['quote', '> Iotops mailing list']] },
  'html-gmail-forward': { kinds: ['own', 'forwarded'], contains: [['forwarded', 'interop repository']] },
  'html-gmail-quote': {
    kinds: ['own', 'signature', 'attribution', 'quote'],
    contains: [['signature', 'Thread Group liaison'], ['quote', '> Could we also get a short slot']],
  },
  'html-outlook-desktop': { kinds: ['own', 'signoff', 'quote'], contains: [['quote', 'On Behalf Of Ole Nordmann']] },
  'html-owa-divrplyfwdmsg': { kinds: ['own', 'quote'], contains: [['quote', 'Sent: 01 March 2021 16:00']] },
  'html-thunderbird-cite': {
    kinds: ['own', 'attribution', 'quote', 'signature'],
    contains: [['attribution', 'Jane Doe wrote:'], ['signature', 'Connected Devices Lab']],
  },
  'ietf-dashes-footer': { kinds: ['own', 'signature', 'footer'], contains: [['footer', 'Iotops mailing list']] },
  'japanese-gmail': { kinds: ['own', 'attribution', 'quote'], contains: [['attribution', '2021年2月26日(金)']] },
  'lotus-notes-header': { kinds: ['own', 'signoff', 'quote'], contains: [['quote', 'Sent by: "Iotops"']] },
  'mailman2-footer-new-thread': { kinds: ['own', 'signoff', 'footer'], contains: [['footer', 'listinfo/iotops']] },
  'mailman3-footer-reply': {
    kinds: ['attribution', 'quote', 'own', 'footer'],
    contains: [['attribution', 'writes:'], ['footer', 'iotops-leave@ietf.org']],
  },
  'multipart-gmail-wrapped-attribution': {
    kinds: ['own', 'attribution', 'quote'],
    contains: [['attribution', 'Product\nSecurity) via Iotops <\niotops@ietf.org> wrote:']],
  },
  'mutt-star-wrote': { kinds: ['attribution', 'quote', 'own', 'attribution', 'quote', 'own'] },
  'nested-quotes': { kinds: ['attribution', 'quote', 'own', 'quote', 'own'], contains: [['quote', '> > Would a reference']] },
  'outlook-french-header': {
    kinds: ['own', 'signoff', 'quote', 'footer'],
    contains: [['quote', "-----Message d'origine-----"], ['footer', 't2trg-leave@irtf.org']],
  },
  'outlook-inline-tagged': {
    kinds: ['own', 'quote', 'own', 'quote', 'own', 'quote'],
    contains: [['quote', '[PR] I can send text for this.']],
  },
  'outlook-original-message': { kinds: ['own', 'signoff', 'quote', 'footer'], contains: [['quote', '-----Original Message-----']] },
  'owa-german-header': { kinds: ['own', 'signoff', 'quote', 'footer'], contains: [['quote', 'Gesendet: Freitag']] },
  'owa-underscore-header': {
    kinds: ['own', 'signature', 'quote', 'footer'],
    contains: [['quote', 'Subject: [Iotops]'], ['signature', 'Priya Raman\nNetwork Architect, Example Org']],
  },
  'plus-one': { kinds: ['own', 'attribution', 'quote'] },
  'quoted-wrote-line': { kinds: ['attribution', 'quote', 'own'], contains: [['quote', '> Priya Raman wrote:']] },
  'signature-technologies': {
    kinds: ['own', 'signature', 'footer'],
    contains: [['signature', 'Jane Doe, Thread Group liaison'], ['signature', 'BRSKI, EST, OSCORE and LwM2M']],
  },
  'spanish-gmail': { kinds: ['own', 'attribution', 'quote'], contains: [['attribution', 'escribió:']] },
};

const names = readdirSync(dir)
  .filter((file) => file.endsWith('.eml'))
  .map((file) => file.slice(0, -'.eml'.length))
  .sort();

describe('own text of the fixture messages', () => {
  it('has at least 24 fixtures, each with expectations', () => {
    expect(names.length).toBeGreaterThanOrEqual(24);
    expect(names.filter((name) => !(name in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((name) => !names.includes(name))).toEqual([]);
  });

  it.each(names)('%s', async (name) => {
    const { message } = await parseMessage(readFileSync(path.join(dir, `${name}.eml`)));
    expect(message.ownText).toBe(expectedOwnText(name));
    expect(message.segments.map((segment) => segment.text).join('')).toBe(message.text);

    const expected = EXPECTED[name];
    expect(message.segments.map((segment) => segment.kind)).toEqual(expected?.kinds);
    for (const [kind, words] of expected?.contains ?? []) {
      const holders = message.segments.filter((segment) => segment.text.includes(words)).map((segment) => segment.kind);
      expect(holders, `"${words}"`).toEqual([kind]);
    }
  });
});
