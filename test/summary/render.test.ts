import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wantsColour } from '../../src/cli/commands/thread.js';
import { summariseThread, type ThreadSummaryReport } from '../../src/analyse/summary.js';
import { threadJson } from '../../src/render/thread-json.js';
import { threadMarkdown } from '../../src/render/thread-markdown.js';
import { displayWidth, threadText } from '../../src/render/thread-text.js';
import { bootstrappingRoot, openArchiveStore } from './archive.js';

let report: ThreadSummaryReport;
let dispose: () => void;
beforeAll(async () => {
  const archive = await openArchiveStore();
  dispose = archive.dispose;
  report = await summariseThread(archive.store, bootstrappingRoot);
});
afterAll(async () => dispose());

const columns = (line: string) => [...line].length;
const archiveUrl = 'https://mailarchive.ietf.org/arch/msg/t2trg/AbC-123_xyz/';

/** A small thread with what the fixture lacks: a hedged position, hostile text, a deep reply, a wide script. */
function sampleReport(): ThreadSummaryReport {
  const date = new Date('2024-04-02T10:00:00Z');
  const entry = (messageId: string, depth: number, author: string, gist: string) => ({
    messageId,
    depth,
    date,
    author,
    lists: ['t2trg'],
    url: archiveUrl,
    gist,
    subThread: null,
    position: null,
  });
  return {
    header: {
      root: 'a@example.org',
      subject: 'Adoption call for <draft-x>',
      lists: ['t2trg'],
      firstDate: date,
      lastDate: date,
      messageCount: 3,
      participants: [
        { name: 'Ann Chair', messageCount: 1 },
        { name: '<script>alert(1)</script>', messageCount: 1 },
        { name: '森 由紀', messageCount: 1 },
      ],
      openedBy: { name: 'Ann Chair', date, url: 'javascript:alert(1)' },
      opening: 'Should the group adopt draft-x?',
      question: 'Should the group adopt draft-x?',
    },
    timeline: [
      entry('a@example.org', 0, 'Ann Chair', 'Should the group adopt draft-x?'),
      {
        ...entry('b@example.org', 1, '<script>alert(1)</script>', '+1, but only with \u001b[31mred\u001b[0m text [link](http://evil.example/)'),
        position: { stance: 'support', certain: false, cue: '+1' },
      },
      entry('c@example.org', 12, '森 由紀', '日本語の要約文がここに入ります。'.repeat(4)),
    ],
    positions: [{ participant: '<script>alert(1)</script>', stance: 'support', certain: false, cue: '+1', messageId: 'b@example.org' }],
    drafts: ['draft-x-03'],
    technologies: [
      {
        id: 'brski',
        name: 'BRSKI',
        raisedBy: ['Ann Chair'],
        messages: ['a@example.org'],
        verdicts: [{ draft: 'draft-x-03', covered: true, sections: [{ number: '4.1', title: 'Enrolment' }] }],
      },
    ],
    openQuestions: [{ messageId: 'a@example.org', author: 'Ann Chair', date, url: archiveUrl, question: 'Should the group adopt draft-x?' }],
    call: null,
    chairs: [],
    callPositions: {
      stands: [],
      messages: [],
      tally: { participants: 0, counts: { support: 0, 'conditional-support': 0, oppose: 0, 'asks-changes': 0, question: 0, neutral: 0, none: 0 }, organisations: { support: 0, oppose: 0, supportUnknown: 0, opposeUnknown: 0 }, options: {}, withheld: null },
      objections: [],
    },
  };
}

describe('threadText', () => {
  it.each([20, 24, 40, 57, 80, 132])('fits every line into %i columns', (width) => {
    for (const line of threadText(report, { width, color: false }).split('\n')) {
      expect(columns(line), line).toBeLessThanOrEqual(width);
    }
    for (const line of threadText(sampleReport(), { width, color: true }).split('\n')) {
      expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    }
  });

  it('draws one line a message, indented by depth, with date, author, stance and gist', async () => {
    const lines = threadText(report, { width: 100, color: false }).split('\n');
    const start = lines.indexOf('Timeline (26 messages)');
    const timeline = lines.slice(start + 1, start + 27);
    expect(timeline.every((line) => /^2021-02-\d\d {2}/.test(line))).toBe(true);
    expect(lines[start + 27]).toBe('');
    expect(timeline[0]).toMatch(/^2021-02-19 {2}Pekka Vähäsalo: Over in T2TRG/);
    expect(timeline[1]).toMatch(/^2021-02-19 {4}Rahul Deshpande \[support\]: Constrained BRSKI/);
    expect(timeline[24]).toBe('2021-02-27    Nadia Haddad [support]: +1');
  });

  it('lists positions with their cue and counts them', async () => {
    const text = threadText(report, { width: 100, color: false });
    expect(text).toContain('Positions: 11 support, 0 oppose, 3 ask for changes\n');
    expect(text).toContain('  changes  Luis Ferreira     “needs more work”\n');
    expect(text).toContain('Open questions (1)\n  2021-02-22  Pekka Vähäsalo: Could you send the AKMA text');
  });

  it('shows an uncertain position as such, in words and not by colour alone', async () => {
    const text = threadText(sampleReport(), { width: 100, color: false });
    expect(text).toContain('“+1” (uncertain)');
    expect(text).toContain('[support?]');
    expect(text).toContain('Technologies raised (1), judged against draft-x-03\n  BRSKI: raised by Ann Chair (1 message); covered (§4.1)\n');
  });

  it('colours only when asked, and never passes on control characters from mail', async () => {
    const plain = threadText(sampleReport(), { width: 100, color: false });
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain(' [31mred [0m text');
    const coloured = threadText(sampleReport(), { width: 100, color: true });
    expect(coloured).toContain('\u001b[1mAdoption call for <draft-x>\u001b[0m');
    expect(coloured).toContain('\u001b[32m[support?]\u001b[0m');
    expect(coloured).not.toContain('\u001b[31mred');
  });

  it('caps the indentation of deep replies at eight levels', async () => {
    const line = threadText(sampleReport(), { width: 200, color: false }).split('\n').find((l) => l.includes('森 由紀:'))!;
    expect(line.startsWith(`2024-04-02  ${' '.repeat(16)}森 由紀:`)).toBe(true);
  });

  it('counts East Asian wide characters as two columns', async () => {
    expect(displayWidth('森 由紀')).toBe(7);
    expect(displayWidth('\u001b[36mAnn\u001b[0m')).toBe(3);
  });
});

describe('wantsColour', () => {
  it('is true only on a TTY with NO_COLOR unset or empty', async () => {
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    expect(wantsColour({}, {})).toBe(false);
  });
});

describe('threadMarkdown', () => {
  it('has the header, positions, timeline, technologies and open questions of the thread', async () => {
    const md = threadMarkdown(report);
    expect(md.startsWith('# Secure IoT Bootstrapping: A Survey\n\n- Lists: iotops, t2trg\n- Messages: 26, 2021-02-19 to 2021-02-28\n')).toBe(true);
    expect(md).toContain('| Luis Ferreira | asks for changes (before: opposes) | unknown | [“But the SZTP and EST material needs more work either way');
    expect(md).toContain('## Call\n\n**Adoption call for draft-sarikaya-t2trg-sbootstrapping**: [opened](https://mailarchive.ietf.org/arch/msg/iotops/');
    // The chairs sign the call (`Pekka & Jürgen (T2TRG chairs)`): Jürgen Albrecht's question as an individual is no position.
    expect(md).toContain('Tally: 11 support \\(organisations unknown\\), 0 conditional, 0 oppose, 3 ask for changes, 3 no position \\(17 participants\\).');
    expect(md).toMatch(/\n {2}- \[2021-02-19\]\(https:\/\/mailarchive\.ietf\.org\/arch\/msg\/iotops\/[\w-]+\/\) \*\*Rahul Deshpande\*\* \*supports\*: /);
    expect(md).toContain('## Open questions\n\n- [2021-02-22](https://mailarchive.ietf.org/arch/msg/t2trg/');
    expect(md).toContain('## Technologies raised\n\nNone found.');
    expect(md).not.toContain('\u001b');
  });

  it('escapes text from mail and links only to the archive', async () => {
    const md = threadMarkdown(sampleReport());
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('javascript:');
    expect(md).not.toContain('](http://evil.example/)');
    expect(md).toContain('\\<script\\>alert\\(1\\)\\</script\\>');
    expect(md).toContain(`- Opened by Ann Chair on 2024-04-02:`);
    expect(md).toContain('*supports (uncertain)*');
    expect(md).toContain('| BRSKI | Ann Chair | 1 | covered: §4.1 |');
    expect(md).toContain(`\n${' '.repeat(16)}- [2024-04-02](${archiveUrl}) **森 由紀**: `);
  });
});

describe('threadJson', () => {
  it('is the documented listlens/thread@2 document', async () => {
    const json = JSON.parse(JSON.stringify(threadJson(report))) as ReturnType<typeof threadJson>;
    expect(json.schema).toBe('listlens/thread@2');
    expect(Object.keys(json)).toEqual(['schema', 'thread', 'timeline', 'call', 'positions', 'tally', 'objections', 'drafts', 'technologies', 'openQuestions']);
    expect(json.thread).toMatchObject({
      root: bootstrappingRoot,
      subject: 'Secure IoT Bootstrapping: A Survey',
      lists: ['iotops', 't2trg'],
      firstDate: '2021-02-19T14:02:37.000Z',
      lastDate: '2021-02-28T20:05:33.000Z',
      messageCount: 26,
      participantCount: 19,
    });
    expect(json.timeline[1]).toMatchObject({ depth: 1, author: 'Rahul Deshpande', date: '2021-02-19T18:41:12.000Z' });
    expect(json.timeline[1]!.position).toEqual({ stance: 'support', certain: true, cue: 'I support adoption' });
    // thread@1's fields are kept on every participant who stated a yes, a no or a request for changes.
    const stated = json.positions.filter((p) => p.stance !== null);
    expect(stated.map(({ participant, stance, certain, cue, messageId }) => ({ participant, stance, certain, cue, messageId })).sort((a, b) => a.participant.localeCompare(b.participant))).toEqual(
      report.positions.map(({ participant, stance, certain, cue, messageId }) => ({ participant, stance, certain, cue, messageId })).sort((a, b) => a.participant.localeCompare(b.participant)),
    );
    expect(json.call).toMatchObject({ kind: 'adoption', documents: ['draft-sarikaya-t2trg-sbootstrapping'], opened: { messageId: bootstrappingRoot, author: 'Pekka Vähäsalo' } });
    const luis = json.positions.find((p) => p.participant === 'Luis Ferreira')!;
    expect(luis).toMatchObject({ position: 'asks-changes', organisation: null, isAuthor: false, isChair: false });
    expect(luis.history.map((h) => h.position)).toEqual(['oppose', 'asks-changes']);
    expect(luis.evidence!.url).toMatch(/^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/iotops\//);
    expect(json.timeline.every((entry) => typeof entry.callPosition === 'string')).toBe(true);
    expect(json.openQuestions[0]!.date).toBe('2021-02-22T16:02:11.000Z');
  });
});
