import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../src/nlp/index.js';
import type { ThreadCoverage } from '../../src/analyse/coverage.js';
import { summariseThread, type ThreadSummaryReport } from '../../src/analyse/summary.js';
import type { Store } from '../../src/store/types.js';
import { bootstrappingRoot, labelled, labels, openArchiveStore } from './archive.js';

let store: Store;
let dispose: () => void;
let report: ThreadSummaryReport;

beforeAll(async () => {
  ({ store, dispose } = await openArchiveStore());
  report = await summariseThread(store, bootstrappingRoot);
});
afterAll(async () => dispose());

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the header of the bootstrapping thread', () => {
  it('names the subject, both lists, the date span and the message count', async () => {
    const { header } = report;
    expect(header.root).toBe(bootstrappingRoot);
    expect(header.subject).toBe('Secure IoT Bootstrapping: A Survey');
    expect(header.lists).toEqual(['iotops', 't2trg']);
    expect(header.firstDate?.toISOString()).toBe('2021-02-19T14:02:37.000Z');
    expect(header.lastDate?.toISOString()).toBe('2021-02-28T20:05:33.000Z');
    expect(header.messageCount).toBe(labelled('bootstrapping').length);
    expect(header.messageCount).toBe(26);
  });

  it('counts each person once: Henrik Lindqvist wrote from two addresses', async () => {
    const names = [...new Set(labelled('bootstrapping').map(([, label]) => label.from.name))];
    expect(report.header.participants.map((p) => p.name).sort()).toEqual(names.sort());
    expect(report.header.participants).toHaveLength(19);
    expect(report.header.participants.find((p) => p.name === 'Henrik Lindqvist')).toEqual({ name: 'Henrik Lindqvist', messageCount: 2 });
    expect(report.header.participants[0]).toEqual({ name: 'Pekka Vähäsalo', messageCount: 2 });
  });

  it("opens with the root's own words, without greeting or sign-off, ending at a sentence", async () => {
    const { opening, question, openedBy } = report.header;
    expect(openedBy.name).toBe('Pekka Vähäsalo');
    expect(openedBy.url).toMatch(/^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/iotops\/[\w-]+\/$/);
    expect(opening.startsWith('Over in T2TRG we have been working on "Secure IoT Bootstrapping: A Survey"')).toBe(true);
    expect(opening.endsWith('that you see as important in practice?')).toBe(true);
    expect(opening).not.toMatch(/Dear IOTOPS|Best regards|T2TRG chairs\)/);
    expect(collapse((await store.message(bootstrappingRoot))!.ownText)).toContain(opening);
    expect(question).toBe(
      'Most of all: does the survey cover the setup and bootstrapping mechanisms that you see as important in practice?',
    );
  });
});

describe('the timeline', () => {
  it('is the thread order of the store, with each message at its depth', async () => {
    const messages = await store.threadMessages(bootstrappingRoot);
    expect(report.timeline.map((e) => [e.messageId, e.depth, e.author])).toEqual(
      messages.map((m) => [m.messageId, m.threadDepth, m.participant.name]),
    );
    expect(report.timeline[0]!.depth).toBe(0);
  });

  it("gives every message a gist that is one of its own sentences, never quoted text, a greeting or a sign-off", async () => {
    for (const entry of report.timeline) {
      const message = (await store.message(entry.messageId))!;
      const quoted = collapse(message.segments.filter((s) => s.kind !== 'own').map((s) => s.text).join(' '));
      expect(entry.gist, entry.messageId).not.toBe('');
      expect(collapse(message.ownText), entry.messageId).toContain(entry.gist);
      if (entry.gist.length > 3) expect(quoted.includes(entry.gist), entry.messageId).toBe(false);
      expect(entry.gist, entry.messageId).not.toMatch(/^(?:hi|hello|dear|thanks|thank you|best regards|regards|cheers)\b/i);
    }
  });

  it('picks a whole sentence even where natural would break it at a full stop', async () => {
    const gist = (id: string) => report.timeline.find((e) => e.messageId === id)!.gist;
    expect(gist('7c2e9f14-3b8a-4d21-9e6f-5a0b1c8d2e47@example.org')).toBe(
      'cBRSKI and EST-coaps (I-D.ietf-ace-coap-est) are two halves of one story for small devices: ' +
        'the first gets you the voucher, the second gets you the operational certificate.',
    );
    expect(gist('e3b1d5f7-2a4c-4e6d-8f0a-1c3e5a7b9d2f@example.net')).toContain('(est. 2019, two a year) have taught us');
    expect(gist('VI1PR06MB5920C4B3A2F1E0D9C8B7A6F5E4D3C@VI1PR06MB5920.eurprd06.prod.outlook.com')).toBe('+1');
  });

  it("states each message's position as labelled", async () => {
    for (const entry of report.timeline) {
      expect(entry.position?.stance ?? null, entry.messageId).toBe(labels[entry.messageId]!.position);
    }
  });
});

describe('positions', () => {
  it("are per person, the person's latest message with a position winning", async () => {
    const positions = labelled('bootstrapping').filter(([, label]) => label.position !== null);
    const byDate = (await Promise.all(positions.map(async ([id, label]) => ({ label, date: (await store.message(id))!.date!.getTime() }))))
      .sort((a, b) => a.date - b.date);
    const expected = new Map(byDate.map(({ label }) => [label.from.name, label.position]));
    expect(new Map(report.positions.map((p) => [p.participant, p.stance]))).toEqual(expected);
  });

  it('say which message and which words decided them', async () => {
    const of = (name: string) => report.positions.find((p) => p.participant === name);
    // Luis Ferreira first said "not ready yet", then asked for work as a condition of adoption.
    expect(of('Luis Ferreira')).toEqual({
      participant: 'Luis Ferreira',
      stance: 'changes',
      certain: true,
      cue: 'needs more work',
      messageId: '1283746592.20210227184000@example.org',
    });
    // Tomasz Wróbel asked for work, then argued for adoption.
    expect(of('Tomasz Wróbel')).toMatchObject({ stance: 'support', messageId: 'e3b1d5f7-2a4c-4e6d-8f0a-1c3e5a7b9d2f@example.net' });
    expect(of('Rahul Deshpande')).toMatchObject({ stance: 'support', cue: 'I support adoption', certain: true });
    expect(of('Nadia Haddad')).toMatchObject({ stance: 'support', cue: '+1' });
    expect(of('Marco Bellini')).toMatchObject({ stance: 'changes', cue: 'before the group adopts' });
    expect(of('Jürgen Albrecht')).toBeUndefined();
  });

  it('list support, then oppose, then changes, by name within each', async () => {
    expect(report.positions.map((p) => `${p.stance} ${p.participant}`)).toEqual([
      'support Gareth Pryce',
      'support Henrik Lindqvist',
      'support Jane Whitfield',
      'support Kofi Mensah',
      'support Michelle Tran',
      'support Nadia Haddad',
      'support Olga Petrova',
      'support Priya Natarajan',
      'support Rahul Deshpande',
      'support Sanjay Kulkarni',
      'support Tomasz Wróbel',
      'changes Aisha Rahman',
      'changes Luis Ferreira',
      'changes Marco Bellini',
    ]);
  });
});

describe('open questions', () => {
  it("are the questions nobody replied to: the chair's request to Aisha Rahman", async () => {
    expect(report.openQuestions).toEqual([
      {
        messageId: 'DB8PR07MB6428A7C3E9F1B2D4058C6E1FA3829@DB8PR07MB6428.eurprd07.prod.outlook.com',
        author: 'Pekka Vähäsalo',
        date: new Date('2021-02-22T16:02:11.000Z'),
        url: expect.stringMatching(/^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/t2trg\//) as string,
        question: 'Could you send the AKMA text to the authors directly, with t2trg in copy?',
      },
    ]);
  });

  it('leave out a question that was replied to', async () => {
    // Any message of a thread stands for it: this is the last reply of the SenML thread.
    const senml = await summariseThread(store, '4a6c8e0b-2d4f-4a1c-b3e5-f7a9c1e3d5b7@example.org');
    expect(senml.header.root).toBe('2f4a6c8e-0b1d-4e3f-a5c7-e9b1d3f5a7c9@example.org');
    expect(senml.header.question).toBe('Is the ratio unit "/" the right answer, or should a new unit be registered?');
    expect(senml.openQuestions).toEqual([]);
    expect(senml.positions).toEqual([]);
  });
});

describe('technologies raised', () => {
  it('are empty with neither coverage nor taxonomy', async () => {
    expect(report.technologies).toEqual([]);
    expect(report.drafts).toEqual([]);
  });

  it('come from the taxonomy when no coverage is given: who raised each, as labelled, most people first', async () => {
    const withTaxonomy = await summariseThread(store, bootstrappingRoot, { taxonomy: loadTaxonomy() });
    // The labels name the 30 technologies the archive is about; the taxonomy knows more (DTLS, COSE, ...).
    const labelledIds = new Set(Object.values(labels).flatMap((label) => label.technologies));
    const expected = new Map<string, string[]>();
    for (const entry of withTaxonomy.timeline) {
      for (const id of labels[entry.messageId]!.technologies) {
        const people = expected.get(id) ?? [];
        if (!people.includes(entry.author)) expected.set(id, [...people, entry.author]);
      }
    }
    const found = withTaxonomy.technologies.filter((t) => labelledIds.has(t.id));
    expect(new Map(found.map((t) => [t.id, t.raisedBy]))).toEqual(expected);
    const counts = withTaxonomy.technologies.map((t) => t.raisedBy.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(withTaxonomy.technologies.find((t) => t.id === 'fdo')).toEqual({
      id: 'fdo',
      name: 'FDO',
      raisedBy: ['Yuki Morimoto', 'David Okonkwo', 'Jürgen Albrecht'],
      messages: [
        '5E0D8B3A-41C7-4F9E-B2A6-93C1E7D4F208@example.com',
        '0b7d3e52-9c1a-4f86-a4e3-2d5f8c6b1e90@example.com',
        'b8f2c4d6-e1a3-4b5c-9d7e-f0a2c4e6b8d1@example.org',
      ],
      verdicts: [],
    });
  });

  it("come from the coverage, with each draft's verdict, when it is given", async () => {
    const brski = { id: 'brski', name: 'BRSKI', aliases: [], rfcs: [8995], drafts: [], org: 'IETF', category: 'enrolment' };
    const coverage = {
      thread: { root: bootstrappingRoot, subject: '', lists: [], messageCount: 0, respondents: [] },
      drafts: [
        { name: 'draft-sarikaya-t2trg-sbootstrapping', revision: '10', title: '', format: 'txt', sections: [], references: [] },
        { name: 'draft-sarikaya-t2trg-sbootstrapping', revision: '11', title: '', format: 'txt', sections: [], references: [] },
      ],
      messages: [],
      technologies: [
        {
          technology: brski,
          messages: ['CAH7Rq+3sXvT0pd=KfQ2wLm9bN4yZ8eJc1uA6oG-hVr5tDnF2xg@mail.gmail.com'],
          respondents: ['Rahul Deshpande'],
          coverage: [
            { technologyId: 'brski', covered: false, sections: [], notCoveredBecause: 'only-in-references' },
            { technologyId: 'brski', covered: true, sections: [{ number: '5.2', title: 'BRSKI' }], notCoveredBecause: null },
          ],
          evidence: [],
        },
      ],
      candidates: [],
    } as unknown as ThreadCoverage;
    const covered = await summariseThread(store, bootstrappingRoot, { coverage });
    expect(covered.drafts).toEqual(['draft-sarikaya-t2trg-sbootstrapping-10', 'draft-sarikaya-t2trg-sbootstrapping-11']);
    expect(covered.technologies).toEqual([
      {
        id: 'brski',
        name: 'BRSKI',
        raisedBy: ['Rahul Deshpande'],
        messages: ['CAH7Rq+3sXvT0pd=KfQ2wLm9bN4yZ8eJc1uA6oG-hVr5tDnF2xg@mail.gmail.com'],
        verdicts: [
          { draft: 'draft-sarikaya-t2trg-sbootstrapping-10', covered: false, sections: [] },
          { draft: 'draft-sarikaya-t2trg-sbootstrapping-11', covered: true, sections: [{ number: '5.2', title: 'BRSKI' }] },
        ],
      },
    ]);
  });
});
