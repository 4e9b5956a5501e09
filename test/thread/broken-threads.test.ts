import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuotedParent } from '../../src/mail/index.js';
import { namesParent, subThreadStarts, type ParentCandidate } from '../../src/thread/index.js';
import { listlens } from '../helpers/cli.js';
import { fixturePath } from '../helpers/corpus.js';

const bob: ParentCandidate = {
  messageId: 'bob-reply@example.org',
  fromName: 'Bob Smith',
  fromAddress: 'bob@example.org',
  subject: 'Re: [Iotops] Bootstrapping survey: EST over CoAP',
  date: new Date('2021-03-01T10:15:40Z'),
};

function orphan(quoted: QuotedParent, subject = 'RE: [Iotops] Bootstrapping survey: EST over CoAP') {
  return { messageId: 'orphan@example.com', subject, date: new Date('2021-03-02T08:40:00Z'), quoted };
}

describe('namesParent: a quoted header block or attribution names its parent', () => {
  const block = { author: 'Bob Smith <bob@example.org>', date: 'Monday, March 1, 2021 11:15 AM', subject: 'Re: [Iotops] Bootstrapping survey: EST over CoAP' };

  it('matches author, subject and the date in the reader\'s time zone', () => {
    expect(namesParent(orphan(block), bob)).toBe(true);
    expect(namesParent(orphan({ ...block, date: 'Mon, Mar 1, 2021, 5:15 AM' }), bob)).toBe(true);
    expect(namesParent(orphan({ author: 'bob@example.org', date: '01.03.2021 19:15', subject: null }), bob)).toBe(true);
  });

  it('refuses another minute, another day, another author, another subject, or a later message', () => {
    expect(namesParent(orphan({ ...block, date: 'Monday, March 1, 2021 11:16 AM' }), bob)).toBe(false);
    expect(namesParent(orphan({ ...block, date: 'Tuesday, March 2, 2021 11:15 AM' }), bob)).toBe(false);
    expect(namesParent(orphan({ ...block, author: 'Grace Hall <grace@example.com>' }), bob)).toBe(false);
    expect(namesParent(orphan({ ...block, subject: 'DPP for Wi-Fi onboarding' }), bob)).toBe(false);
    expect(namesParent({ ...orphan(block), date: new Date('2021-03-01T09:00:00Z') }, bob)).toBe(false);
  });
});

describe('subThreadStarts', () => {
  it('opens a sub-thread where a reply changes its parent\'s subject, not where a sibling branch returns to it', () => {
    const lines = [
      { depth: 0, subject: 'EST over CoAP' },
      { depth: 1, subject: 'Re: EST over CoAP' },
      { depth: 2, subject: 'DPP instead?' },
      { depth: 3, subject: 'Re: DPP instead?' },
      { depth: 1, subject: 'RE: [Iotops] EST over CoAP' },
    ];
    expect(subThreadStarts(lines)).toEqual([2]);
  });
});

/**
 * fixtures/thread/broken-threads.mbox: a thread on one list as real clients break it: a reply that
 * changed the subject (References kept), an Outlook reply through a gateway that dropped In-Reply-To
 * and References (its header block names Bob's reply, in CET), a mobile reply without them (its
 * attribution names Bob's reply, in UTC-5), and an Outlook reply quoting a message the list never had.
 */
describe('threads that real mail breaks', () => {
  let dir: string;
  let store: string;
  const run = (...args: string[]) => listlens(['--store', store, ...args]);
  const json = <T>(...args: string[]): T => JSON.parse(run(...args, '--json').stdout) as T;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-broken-threads-'));
    store = path.join(dir, 'archive.sqlite');
    expect(run('import', fixturePath('thread/broken-threads.mbox')).status).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('attaches replies without In-Reply-To to the parent their quoted block names, marked inferred', () => {
    for (const id of ['dan-outlook@example.com', 'erin-mobile@example.edu']) {
      const shown = json<{ threadRoot: string; threadDepth: number; inferredParent: string | null }>('show', id);
      expect(shown).toMatchObject({ threadRoot: 'survey-root@example.com', threadDepth: 2, inferredParent: 'bob-reply@example.org' });
    }
    // Named parent absent: nothing inferred; the subject still gathers it into the thread.
    expect(json<{ threadDepth: number; inferredParent: string | null }>('show', 'frank-outlook@example.com')).toMatchObject({ threadDepth: 1, inferredParent: null });
    expect(json<{ inferredParent: string | null }>('show', 'bob-reply@example.org').inferredParent).toBeNull();
  });

  it('keeps the changed-subject reply in its thread and lists it as a sub-thread with its own subject', () => {
    const threads = json<{ root: string; messageCount: number; subThreads: { root: string; subject: string; messageCount: number }[] }[]>('threads');
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({ root: 'survey-root@example.com', messageCount: 7 });
    expect(threads[0]?.subThreads).toEqual([
      expect.objectContaining({ root: 'carol-dpp@example.net', subject: 'DPP for Wi-Fi onboarding (was: Bootstrapping survey)', messageCount: 2 }),
    ]);
    expect(run('threads').stdout).toMatch(/Bootstrapping survey: EST over CoAP\n\s+2 msgs {2}└ 2021-03-01 DPP for Wi-Fi onboarding/);
  });

  it('marks where the sub-thread starts in the thread summary', () => {
    const report = JSON.parse(run('thread', 'survey-root@example.com', '--format', 'json').stdout) as { timeline: { messageId: string; subThread: string | null }[] };
    expect(report.timeline.filter((entry) => entry.subThread !== null)).toEqual([
      expect.objectContaining({ messageId: 'carol-dpp@example.net', subThread: 'DPP for Wi-Fi onboarding (was: Bootstrapping survey)' }),
    ]);
    expect(run('thread', 'survey-root@example.com').stdout).toContain('└ sub-thread: DPP for Wi-Fi onboarding');
  });
});
