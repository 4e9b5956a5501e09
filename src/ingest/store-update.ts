import type { FetchSummary } from './fetch-session.js';
import type { ImapFetchSummary } from './fetch-imap.js';
import type { ImportSummary } from './import.js';

/** Where a fetch reads: the IMAP archive, the web archive, or the monthly text files (`listlens fetch --source`). */
export type FetchVia = 'imap' | 'web' | 'text';

export const fetchVias: readonly FetchVia[] = ['imap', 'web', 'text'];

/** One fetch or import a run made to bring the store up to date, for the reports that name it. */
export type StoreUpdate =
  | { kind: 'import'; paths: string[]; reports: string[]; summary: ImportSummary | null; error: string | null }
  | {
      kind: 'fetch';
      via: FetchVia;
      /** The IMAP server, web archive or text archive fetched from. */
      archive: string;
      lists: string[];
      since: string | null;
      reports: string[];
      /** An ImapFetchSummary when `via` is imap. */
      summary: FetchSummary | ImapFetchSummary | null;
      error: string | null;
    };
