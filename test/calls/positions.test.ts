import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCall } from '../../src/analyse/calls.js';
import { organisationOf } from '../../src/analyse/organisations.js';
import { type CallPositions, positionsOnCall, readMessage } from '../../src/analyse/positions.js';
import { importPaths } from '../../src/ingest/import.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { fixturePath } from '../helpers/corpus.js';
import { callLabels } from './labels.js';

const onCall = (kind: 'adoption' | 'consensus' | 'last-call' | 'poll', question = '', options: string[] = []) => ({
  kind,
  questionWords: new Set(question.toLowerCase().match(/\p{L}{5,}/gu)?.map((w) => w.slice(0, 7)) ?? []),
  options,
  answersCall: true,
});

describe('readMessage', () => {
  it.each([
    ['I support adoption.', 'support'],
    ['I would support adoption if section 5 is rewritten.', 'conditional-support'],
    ['I think it is ready once these are addressed.', 'conditional-support'],
    ["I don't object to adoption.", 'support'],
    ['No objection.', 'support'],
    ['I object to adoption.', 'oppose'],
    ['I do not support adopting this.', 'oppose'],
    ["I don't think it is ready.", 'oppose'],
    ['Section 4 needs more work before we adopt.', 'asks-changes'],
    ['How does this interact with the registry?', 'question'],
    ['Slides are due on Tuesday.', 'none'],
    ['I am less sure the document is ready.', 'none'],
  ])('%s → %s', (text, position) => {
    expect(readMessage(text, onCall('adoption')).position).toBe(position);
  });

  it('reads agreement as support on a consensus call, and disagreement as opposition', () => {
    const call = onCall('consensus', 'whether you agree with marking the codepoint reserved');
    expect(readMessage('I agree in marking the codepoint reserved.', call)).toMatchObject({ position: 'support', certain: true });
    expect(readMessage('Works for me.', call).position).toBe('support');
    expect(readMessage("I'd rather assign it, but I can live with reserved.", call)).toMatchObject({ position: 'support', certain: false });
    expect(readMessage('I disagree; assign it.', call).position).toBe('oppose');
  });

  it("takes agreement with someone else's reply for no answer to the call unless it names the question", () => {
    const reply = { ...onCall('consensus', 'whether you agree with marking the codepoint reserved'), answersCall: false };
    expect(readMessage('Agreed, we will fix the length fields.', reply).position).toBe('none');
    expect(readMessage('Agreed, reserved is the safer choice.', reply).position).toBe('support');
  });

  it('reads review comments as asking for changes in a last call only', () => {
    const nits = 'Section 2: s/recieve/receive/\nSection 7 should list the module.';
    expect(readMessage(nits, onCall('last-call')).position).toBe('asks-changes');
    expect(readMessage(nits, onCall('adoption')).position).toBe('none');
  });

  it("reads a poll's options, never a letter that is only a word", () => {
    const poll = onCall('poll', '', ['A', 'B', 'C']);
    expect(readMessage('I prefer option B: UUIDs are what we use.', poll)).toMatchObject({ position: 'support', options: ['B'] });
    expect(readMessage('I can live with either A or B.', poll).options).toEqual(['A', 'B']);
    expect(readMessage('Option A please; C is a non-starter.', poll).options).toEqual(['A']);
    expect(readMessage('A few thoughts: we would go with a UUID anyway.', poll).options).toEqual([]);
  });
});

describe('organisationOf', () => {
  it('maps employer domains (and their subdomains), and says nothing for personal mail and example domains', () => {
    expect(organisationOf('bob@ericsson.com')).toBe('Ericsson');
    expect(organisationOf('bob@mail.ericsson.com')).toBe('Ericsson');
    expect(organisationOf('judy@telekom.de')).toBe('Deutsche Telekom');
    expect(organisationOf('erin@gmail.com')).toBeNull();
    expect(organisationOf('jane=40example.org@dmarc.ietf.org')).toBeNull();
    expect(organisationOf('jane@example.org')).toBeNull();
    expect(organisationOf('kim@widgets.co.uk')).toBe('widgets.co.uk');
    expect(organisationOf('kim@lab.widgetco.com')).toBe('widgetco.com');
  });
});

describe('positions on the labelled calls', () => {
  let store: Store;
  const results = new Map<string, CallPositions>();
  beforeAll(async () => {
    store = openStore(':memory:');
    await importPaths(store, [fixturePath('calls')]);
    for (const [thread, label] of Object.entries(callLabels.threads)) {
      const messages = await store.threadMessages(label.root);
      results.set(thread, positionsOnCall(messages, detectCall(messages)));
    }
  });
  afterAll(async () => store.close());

  it('gives each message its labelled position, options and inherited "+1"', () => {
    for (const result of results.values()) {
      for (const stand of result.messages) {
        const label = callLabels.messages[stand.messageId]!;
        expect(stand.position, stand.messageId).toBe(label.position);
        expect(stand.options, stand.messageId).toEqual(label.options ?? []);
        if (label.inherits) expect(stand.inheritedFrom, stand.messageId).toBe(label.inherits);
      }
    }
  });

  it('keeps the last stated position with its history: Frank objected, then supported', () => {
    const frank = results.get('adoption')!.stands.find((s) => s.participant === 'Frank Zhou')!;
    expect(frank.position).toBe('support');
    expect(frank.history.map((h) => h.position)).toEqual(['oppose', 'support']);
    expect(frank.evidence).toMatchObject({ messageId: 'zhou-obj-2@huawei.com', text: expect.stringContaining('I withdraw my objection') as string });
    expect(frank.evidence!.url).toMatch(/^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/ctrlp\//);
    expect(frank.organisation).toBe('Huawei');
  });

  it("lists the objections, whether an author's reply that quotes one (or the one a '+1' took) answered it, and whether it was withdrawn", () => {
    expect(results.get('adoption')!.objections.map((o) => [o.participant, o.withdrawn, o.answeredBy?.participant ?? null])).toEqual([
      ['Frank Zhou', true, 'Carol Doe'],
      ['Mona Haddad', false, 'Carol Doe'],
    ]);
  });

  it('marks the authors (named after the draft, or saying so) and the chairs', () => {
    const stands = results.get('adoption')!.stands;
    const authors = stands.filter((s) => s.isAuthor).map((s) => s.participant);
    expect(authors.sort()).toEqual(['Carol Doe', 'Pavel Novak']);
    expect(stands.filter((s) => s.isChair).map((s) => s.participant)).toEqual(['Alice Moreau']);
  });

  it('tallies with the number of participants who stated nothing readable, and organisations', () => {
    const { tally } = results.get('adoption')!;
    expect(tally.counts).toEqual({ support: 9, 'conditional-support': 1, oppose: 1, 'asks-changes': 1, question: 1, neutral: 0, none: 1 });
    expect(tally.participants).toBe(14);
    expect(tally.organisations).toEqual({ support: 8, oppose: 0, supportUnknown: 1, opposeUnknown: 1 });
    expect(tally.withheld).toBeNull();
    expect(results.get('poll')!.tally.options).toEqual({ A: 2, B: 4 });
  });
});

describe('authors from the draft', () => {
  it("marks a participant named in the draft's author list as an author, though they never say so", async () => {
    const { parseDraft } = await import('../../src/draft/index.js');
    const xml = '<rfc docName="draft-ietf-ctrlp-yang-model-05"><front><title>Widget YANG</title><author fullname="Carol Doe" surname="Doe"/><author fullname="Pavel Novak"/></front><middle><section title="Intro"><t>Text.</t></section></middle></rfc>';
    const draft = parseDraft(xml);
    expect(draft.authors).toEqual(['Carol Doe', 'Pavel Novak']);
    const store = openStore(':memory:');
    try {
      await importPaths(store, [fixturePath('calls')]);
      const messages = await store.threadMessages(callLabels.threads.wglc!.root);
      const without = positionsOnCall(messages, detectCall(messages));
      const withAuthors = positionsOnCall(messages, detectCall(messages), { authors: draft.authors! });
      expect(without.stands.find((s) => s.participant === 'Carol Doe')!.isAuthor).toBe(false);
      expect(withAuthors.stands.filter((s) => s.isAuthor).map((s) => s.participant)).toEqual(['Carol Doe']);
    } finally {
      await store.close();
    }
  });
});
