import type { Brief } from '../../src/analyse/brief.js';

export const hostileSubject = '<script>alert(1)</script> Secure bootstrapping';
export const hostileName = 'Bob](javascript:alert(1))';

const url = (list: string, id: string) => `https://mailarchive.ietf.org/arch/msg/${list}/${id}/`;
export const rootUrl = url('iotops', 'Q1a2B3c4D5e6F7g8H9i0J1k2L3m');
export const annUrl = url('iotops', 'A1a2B3c4D5e6F7g8H9i0J1k2L3m');
export const bobUrl = url('t2trg', 'B1a2B3c4D5e6F7g8H9i0J1k2L3m');
/** A copy whose recorded URL is not the archive's: it must never become a link. */
export const foreignUrl = 'javascript:alert(2)';

/** A hand-made briefing with every case the renderers must get right: hostile text, two drafts, one hedged position. */
export function sampleBrief(): Brief {
  const date = (iso: string) => new Date(iso);
  return {
    root: 'root@example.org',
    subject: hostileSubject,
    lists: ['iotops', 't2trg'],
    drafts: ['draft-example-x-04', 'draft-example-x-05'],
    messageCount: 5,
    responseCount: 4,
    firstDate: date('2021-02-19T10:00:00Z'),
    lastDate: date('2021-02-22T18:30:00Z'),
    question: {
      author: 'Pekka Example',
      date: date('2021-02-19T10:00:00Z'),
      url: rootUrl,
      text: 'Hi all,\n\nShould the group adopt\nthis draft?\n\n- is anything missing\n- is it ready',
    },
    call: null,
    respondents: ['Ann Support', hostileName, 'Cy Hedge', 'Di Silent'],
    positions: [
      { participant: 'Ann Support', stance: 'support', certain: true, messageId: 'ann@example.org', cue: '+1' },
      { participant: hostileName, stance: 'oppose', certain: true, messageId: 'bob@example.org', cue: 'not ready' },
      { participant: 'Cy Hedge', stance: 'changes', certain: false, messageId: 'cy@example.org', cue: "I'd support it if" },
    ],
    openQuestions: [{ messageId: 'bob@example.org', author: hostileName, date: date('2021-02-20T12:00:00Z'), url: bobUrl, question: 'Who runs the <registrar>?' }],
    technologies: [
      {
        id: 'dpp',
        name: 'DPP',
        raisedBy: [
          { name: 'Ann Support', url: annUrl },
          { name: hostileName, url: bobUrl },
        ],
        quote: { author: 'Ann Support', sentence: 'Wi-Fi <b>Easy Connect</b> (DPP) is what we ship.', matched: 'DPP', url: annUrl, source: 'body' },
        verdict: 'to-add',
        claimCounts: { add: 2 },
        covered: false,
        sections: [],
        coveredByDraft: [false, false],
      },
      {
        id: 'brski',
        name: 'BRSKI',
        raisedBy: [{ name: 'Cy Hedge', url: foreignUrl }],
        quote: { author: 'Cy Hedge', sentence: 'BRSKI needs a registrar.', matched: 'BRSKI', url: foreignUrl, source: 'body' },
        verdict: 'covered',
        claimCounts: { keep: 1 },
        covered: true,
        sections: [{ number: '3.1', title: 'BRSKI' }],
        coveredByDraft: [false, true],
      },
    ],
    discussesDraft: true,
    chairs: [{ name: 'Pekka Example', address: 'pekka@example.org', why: 'signed the opening message ("Pekka & Jo")' }],
    chairStatements: [],
    candidates: [{ term: 'Wi-SUN', messages: ['ann@example.org'], respondents: 1, inDraft: [false, false] }],
    participants: [
      { name: 'Pekka Example', position: null, messages: [{ messageId: 'root@example.org', date: date('2021-02-19T10:00:00Z'), copies: [{ list: 'iotops', url: rootUrl }] }] },
      {
        name: 'Ann Support',
        position: { participant: 'Ann Support', stance: 'support', certain: true, messageId: 'ann@example.org', cue: '+1' },
        messages: [{ messageId: 'ann@example.org', date: date('2021-02-20T09:00:00Z'), copies: [{ list: 'iotops', url: annUrl }] }],
      },
      {
        name: hostileName,
        position: { participant: hostileName, stance: 'oppose', certain: true, messageId: 'bob@example.org', cue: 'not ready' },
        messages: [{ messageId: 'bob@example.org', date: date('2021-02-20T12:00:00Z'), copies: [{ list: 't2trg', url: bobUrl }] }],
      },
      {
        name: 'Cy Hedge',
        position: { participant: 'Cy Hedge', stance: 'changes', certain: false, messageId: 'cy@example.org', cue: "I'd support it if" },
        messages: [{ messageId: 'cy@example.org', date: date('2021-02-22T18:30:00Z'), copies: [{ list: 't2trg', url: foreignUrl }] }],
      },
      { name: 'Di Silent', position: null, messages: [{ messageId: 'di@example.org', date: null, copies: [{ list: 'iotops', url: null }] }] },
    ],
    charts: {
      messagesPerDay: {
        days: ['2021-02-19', '2021-02-20', '2021-02-21', '2021-02-22'],
        lists: ['iotops', 't2trg'],
        counts: [
          [1, 0],
          [1, 1],
          [0, 0],
          [0, 1],
        ],
      },
      technologies: [
        { name: 'DPP', respondents: 2, covered: false },
        { name: 'BRSKI', respondents: 1, covered: true },
      ],
      positions: { certain: { support: 1, oppose: 1, changes: 0 }, uncertain: { support: 0, oppose: 0, changes: 1 }, none: 1 },
    },
  };
}
