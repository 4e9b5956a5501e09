import { describe, expect, it } from 'vitest';
import { emptySummary } from '../../src/ingest/import.js';
import type { ImapFetchSummary } from '../../src/ingest/index.js';
import { imapFetchSummaryJson, renderImapFetchProgress, renderImapFetchSummary } from '../../src/render/index.js';

const summary = (overrides: Partial<ImapFetchSummary> = {}): ImapFetchSummary => ({
  source: 'imap',
  server: 'imaps://imap.ietf.org',
  lists: ['iotops', 't2trg'],
  folders: { examined: 2, unchanged: 1, resynced: 0 },
  messages: { fetched: 25, outsideRange: 0 },
  import: { ...emptySummary(), read: 25, new: 24, skipped: 1 },
  imap: { connections: 1, retries: 2, messages: 25, bytes: 180_000 },
  notFound: [],
  stopped: null,
  thread: null,
  ...overrides,
});

describe('what an IMAP fetch shows', () => {
  it('shows the list being fetched, of how many, with the rate and the time left', () => {
    const line = renderImapFetchProgress({ list: 'iotops', listsDone: 1, lists: 5, fetched: 40, missing: 120, startedAt: 0 }, 10_000);
    expect(line).toBe('fetch iotops (list 2 of 5): 40/120 messages, 4.0/s, ETA 20 s');
  });

  it('sums a run up in one line', () => {
    expect(renderImapFetchSummary(summary())).toBe(
      'fetch imaps://imap.ietf.org: 2 folders examined, 1 unchanged, 0 read again (UIDVALIDITY changed); 25 messages fetched; ' +
        'import: 25 read, 24 new, 0 duplicates, 1 skipped (no-archive), 0 failed; 1 connection, 2 retries',
    );
    const partial = renderImapFetchSummary(summary({ messages: { fetched: 3, outsideRange: 1 }, notFound: ['nosuchlist'] }));
    expect(partial).toMatch(/3 messages fetched, 1 dated outside --since\/--until;.*; not found: nosuchlist$/);
  });

  it('gives the summary as JSON with the import as listlens import gives it', () => {
    expect(imapFetchSummaryJson(summary())).toMatchObject({ source: 'imap', folders: { examined: 2 }, import: { read: 25, new: 24 }, thread: null });
  });
});
