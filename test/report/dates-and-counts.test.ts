import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseThread, type SinceLastReport, summariseThread, type ThreadCoverage, type ThreadSummaryReport } from '../../src/analyse/index.js';
import { loadDrafts } from '../../src/ingest/drafts.js';
import type { FetchSummary } from '../../src/ingest/index.js';
import { loadTaxonomy } from '../../src/nlp/index.js';
import { briefHtml } from '../../src/render/brief-html.js';
import { briefMarkdown } from '../../src/render/brief-markdown.js';
import { coverageHtml } from '../../src/render/coverage-html.js';
import { coverageJson } from '../../src/render/coverage-json.js';
import { coverageMarkdown } from '../../src/render/coverage-markdown.js';
import { renderFetchSummary } from '../../src/render/fetch.js';
import { searchJson, threadListJson } from '../../src/render/json.js';
import { renderSince } from '../../src/render/report-run.js';
import { sinceJson } from '../../src/render/scheduled-report.js';
import { renderSearchHits, renderThreadList } from '../../src/render/terminal.js';
import { threadJson } from '../../src/render/thread-json.js';
import { threadMarkdown } from '../../src/render/thread-markdown.js';
import { threadText } from '../../src/render/thread-text.js';
import { resolveRef } from '../../src/store/index.js';
import { sampleBrief } from '../brief/sample-brief.js';
import { fixturePath } from '../helpers/corpus.js';
import { bootstrappingRoot, openArchiveStore } from '../summary/archive.js';

/**
 * How each renderer writes a day, a missing date and a count of one or more: the same helpers serve
 * them all, each caller with its own word for a missing date.
 */
const date = new Date('2021-02-19T08:30:00Z');

let summary: ThreadSummaryReport;
let coverage: ThreadCoverage;
let ambiguous: string;
let dispose: () => Promise<void>;
beforeAll(async () => {
  const archive = await openArchiveStore();
  dispose = archive.dispose;
  const drafts = await loadDrafts(archive.store, [fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml')]);
  const taxonomy = loadTaxonomy();
  coverage = await analyseThread(archive.store, bootstrappingRoot, drafts, taxonomy);
  summary = await summariseThread(archive.store, bootstrappingRoot, { taxonomy, coverage });
  ambiguous = await resolveRef(archive.store, 'Re:').then(
    () => '',
    (error: Error) => error.message,
  );
});
afterAll(async () => dispose());

function undatedSummary(): ThreadSummaryReport {
  return {
    ...summary,
    header: { ...summary.header, firstDate: null, lastDate: null, openedBy: { ...summary.header.openedBy, date: null } },
    timeline: summary.timeline.map((entry, i) => (i === 1 ? { ...entry, date: null } : entry)),
    openQuestions: summary.openQuestions.map((question) => ({ ...question, date: null })),
  };
}

function undatedCoverage(): ThreadCoverage {
  return { ...coverage, messages: coverage.messages.map((m, i) => (i === 1 ? { ...m, message: { ...m.message, date: null } } : m)) };
}

describe('the thread list and search hits on a terminal', () => {
  const thread = { root: 'a@example.org', subject: 'S', lists: ['iotops'], lastDate: null, subThreads: [] };
  it('writes the day, ????-??-?? without one, and counts messages and people', () => {
    expect(
      renderThreadList([
        { ...thread, firstDate: date, messageCount: 1, participantCount: 1 },
        { ...thread, firstDate: null, messageCount: 2, participantCount: 2 },
      ]),
    ).toBe('2021-02-19  iotops     1 msg    1 person  S\n????-??-??  iotops    2 msgs    2 people  S\n');
    const hit = { messageId: 'a@example.org', subject: 'S', from: { name: 'Ann', address: 'ann@example.org' }, snippet: 'x', threadRoot: 'a@example.org', threadSubject: 'S', copies: [] };
    expect(renderSearchHits([{ ...hit, date: null }])).toBe('????-??-??  Ann  S\n    x\n    <a@example.org>\n');
    expect(renderSearchHits([{ ...hit, date }])).toMatch(/^2021-02-19 {2}Ann/);
  });

  it('gives JSON the full timestamp, or null', () => {
    expect(threadListJson([{ ...thread, firstDate: date, messageCount: 1, participantCount: 1 }])[0]).toMatchObject({
      firstDate: '2021-02-19T08:30:00.000Z',
      lastDate: null,
    });
    const hit = { messageId: 'a@example.org', subject: 'S', from: { name: 'Ann', address: 'ann@example.org' }, snippet: 'x', threadRoot: 'a@example.org', threadSubject: 'S', copies: [] };
    expect(searchJson([{ ...hit, date: null }])[0]).toMatchObject({ date: null });
  });
});

describe('the fetch summary', () => {
  const summaryOf = (n: number): FetchSummary => ({
    source: 'archive',
    lists: ['iotops'],
    pages: { read: n, notModified: 0, skipped: 0 },
    messages: { listed: n, alreadyStored: 0, downloaded: n, gone: 0 },
    import: { read: n, new: n, crossPosted: 0, completed: 0, duplicates: 0, conflictingIds: 0, skipped: 0, failed: 0, maildirFilesRead: 0, problems: [] },
    http: { requests: n, retries: n, notModified: 0, bytes: 0, maxInFlight: 1 },
    notFound: [],
    errors: [],
    stopped: null,
    thread: { root: 'a@example.org', subject: 'S', messages: n, lists: ['iotops'] },
  });
  it('counts pages, messages, requests and retries', () => {
    expect(renderFetchSummary(summaryOf(1))).toBe(
      'fetch: 1 page read, 0 not modified, 0 skipped as complete; 1 message downloaded, 0 already stored, 0 gone; ' +
        'import: 1 read, 1 new, 0 duplicates, 0 skipped (no-archive), 0 failed; 1 request, 1 retry; thread "S": 1 message in iotops',
    );
    expect(renderFetchSummary(summaryOf(2))).toBe(
      'fetch: 2 pages read, 0 not modified, 0 skipped as complete; 2 messages downloaded, 0 already stored, 0 gone; ' +
        'import: 2 read, 2 new, 0 duplicates, 0 skipped (no-archive), 0 failed; 2 requests, 2 retries; thread "S": 2 messages in iotops',
    );
  });
});

describe('the thread summary', () => {
  it('writes "undated   " on a terminal (the width of a day, so the timeline stays aligned; wrapping squeezes the spaces)', () => {
    const text = threadText(undatedSummary(), { width: 100, color: false });
    expect(text).toContain('iotops, t2trg · 26 messages · 19 participants · undated\n');
    expect(text).toContain('Opened by Pekka Vähäsalo on undated :');
    const lines = text.split('\n');
    expect(lines.filter((line) => /^undated {7}\S/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /^ {2}undated {5}\S/.test(line))).toHaveLength(summary.openQuestions.length);
    expect(text).toContain('Timeline (26 messages)');
  });

  it('writes "undated" in Markdown', () => {
    const markdown = threadMarkdown(undatedSummary());
    expect(markdown).toContain('on undated:');
    expect(markdown.split('\n').filter((line) => /^\s*- \[undated\]/.test(line))).toHaveLength(2);
  });

  it('gives JSON the full timestamp, or null', () => {
    const json = threadJson(undatedSummary());
    expect(json.thread).toMatchObject({ firstDate: null, lastDate: null });
    expect(json.timeline[0]!.date).toBe('2021-02-19T14:02:37.000Z');
    expect(json.timeline[1]!.date).toBeNull();
  });

  it('counts a technology\u2019s messages', () => {
    const text = threadText(summary, { width: 200, color: false });
    expect(text).toMatch(/\(1 message\)/);
    expect(text).toMatch(/\([2-9] messages\)/);
  });
});

describe('the coverage report', () => {
  it('writes "undated" for a message without a date, in Markdown and HTML', () => {
    expect(coverageMarkdown(undatedCoverage())).toMatch(/\n\| undated \| \[/);
    expect(coverageMarkdown(coverage)).toContain('2021-02-19 to 2021-02-28');
    expect(coverageHtml(undatedCoverage())).toContain('<tr><td class="date">undated</td>');
    expect(coverageHtml(coverage)).toContain('<tr><td class="date">2021-02-19</td>');
  });

  it('counts one message and one respondent in the singular', () => {
    const one = { ...coverage, thread: { ...coverage.thread, messageCount: 1, respondents: ['Ann'] } };
    expect(coverageMarkdown(one)).toMatch(/, 1 message, /);
    expect(coverageHtml(one)).toContain('1 message, 1 respondent.');
    expect(coverageMarkdown(coverage)).toMatch(/, \d+ messages, /);
  });

  it('gives JSON the full timestamp, or null', () => {
    const messages = coverageJson(undatedCoverage()).messages;
    expect(messages[0]!.date).toBe('2021-02-19T14:02:37.000Z');
    expect(messages[1]!.date).toBeNull();
  });
});

describe('since the last report', () => {
  const message = { messageId: 'a@example.org', author: 'Ann', subject: 'S', url: null, gist: '', technologies: [] };
  const since = (n: number): SinceLastReport => ({
    previousReport: { date: '2021-02-28', generatedAt: '2021-02-28T06:00:00.000Z' },
    newMessages: Array.from({ length: n }, () => ({ ...message, date: null })),
    newRespondents: Array.from({ length: n }, (_, i) => `P${i}`),
    newlyRaised: [],
    newlyCovered: [],
    noLongerCovered: [],
    newDraftRevision: null,
    positionChanges: [],
  });
  it('counts new messages and respondents', () => {
    expect(renderSince(since(1))).toBe('1 new message, 1 new respondent');
    expect(renderSince(since(2))).toBe('2 new messages, 2 new respondents');
  });

  it('gives JSON the full timestamp, or null', () => {
    expect(sinceJson({ ...since(1), newMessages: [{ ...message, date }] }).newMessages[0]!.date).toBe('2021-02-19T08:30:00.000Z');
    expect(sinceJson(since(1)).newMessages[0]!.date).toBeNull();
  });
});

describe('a subject that picks out more than one thread', () => {
  it('names each thread by its root\u2019s day', () => {
    expect(ambiguous).toMatch(/^"Re:" matches \d+ threads: 2021-02-\d\d </);
  });
});

describe('the briefing\u2019s candidate terms', () => {
  it('count the people who used each', () => {
    const brief = sampleBrief();
    const two = { ...brief.candidates[0]!, term: 'Thread 1.4', respondents: 2 };
    brief.candidates = [brief.candidates[0]!, two];
    const markdown = briefMarkdown(brief, { chartsDir: null }).markdown;
    expect(markdown).toContain('- Wi-SUN (1 person, not in the draft)\n- Thread 1.4 (2 people, not in the draft)');
    const html = briefHtml(brief);
    expect(html).toContain('<li>Wi-SUN <span class="muted">(1 person, not in the draft)</span></li>');
    expect(html).toContain('<li>Thread 1.4 <span class="muted">(2 people, not in the draft)</span></li>');
  });
});
