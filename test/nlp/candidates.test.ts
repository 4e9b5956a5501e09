import { describe, expect, it } from 'vitest';
import { findCandidates, loadTaxonomy } from '../../src/nlp/index.js';

const taxonomy = loadTaxonomy();

const rahul = {
  messageId: 'CAH7Rq+1@mail.gmail.com',
  author: 'Rahul Deshpande',
  text:
    'Hi Pekka,\n\nThe survey should also cover the Noise protocol and 3GPP TS 33.501. OTAA is covered, but DACs and\n' +
    'the DAC chain are not. See RFC 9999 and draft-foo-iot-onboarding-02.\n\nBest regards,\nRahul Deshpande\nACME Corp IOTSEC Team',
};
const jane = {
  messageId: '8B2F4C1D@example.org',
  author: 'Jane Whitfield',
  text: 'Agreed on TS33.501 and on the DAC. The Smart Energy Profile specification matters too.\nThe IETF WG MUST NOT forget IEEE 802.15.10 either.\n\nJane',
};
const janeAgain = {
  messageId: '8B2F4C1E@example.org',
  author: 'Jane Whitfield',
  text: 'One more on DAC: the Open Charge Point Protocol.\n\nCheers,\nJane',
};

describe('findCandidates', () => {
  it('ranks terms the taxonomy lacks by respondents, then messages, then name', () => {
    expect(findCandidates(taxonomy, [rahul, jane, janeAgain])).toEqual([
      { term: 'DAC', messages: [rahul.messageId, jane.messageId, janeAgain.messageId], respondents: 2 },
      { term: '3GPP TS 33.501', messages: [rahul.messageId, jane.messageId], respondents: 2 },
      { term: 'draft-foo-iot-onboarding', messages: [rahul.messageId], respondents: 1 },
      { term: 'IEEE 802.15.10', messages: [jane.messageId], respondents: 1 },
      { term: 'Noise', messages: [rahul.messageId], respondents: 1 },
      { term: 'Open Charge Point Protocol', messages: [janeAgain.messageId], respondents: 1 },
      { term: 'RFC 9999', messages: [rahul.messageId], respondents: 1 },
      { term: 'Smart Energy Profile', messages: [jane.messageId], respondents: 1 },
    ]);
  });

  it('leaves out what the taxonomy names, in any case and whatever its rules say', () => {
    const text = 'We run OTAA, LoRaWAN, a suit of tools, the Wi-Fi Alliance program, Thread Group specs and RFC 8520.';
    expect(findCandidates(taxonomy, [{ messageId: 'a@example.org', author: 'Chen Wei', text }])).toEqual([]);
  });

  it('leaves out greetings, sign-offs and the authors\u2019 names', () => {
    const text =
      'Hello Gareth,\n\nI call it the Pryce Protocol, after Gareth.\nMUD works for us.\n\nThanks,\nHenrik Lindqvist\nCTO, Sensorix AB\nLindqvist Labs Alliance';
    const sources = [
      { messageId: 'a@example.org', author: 'Henrik Lindqvist', text },
      { messageId: 'b@example.org', author: 'Gareth Pryce', text: 'Agreed.' },
    ];
    expect(findCandidates(taxonomy, sources)).toEqual([]);
  });

  it('leaves out common words, standards bodies and process words written in capitals', () => {
    const text = 'The IETF and the IRTF, the IESG and 3GPP, GSMA and W3C: the WG MUST NOT do that BEFORE the BOF. OK?';
    expect(findCandidates(taxonomy, [{ messageId: 'a@example.org', author: 'Nadia Haddad', text }])).toEqual([]);
  });
});
