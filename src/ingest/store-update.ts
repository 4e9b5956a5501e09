import type { FetchSummary } from './fetch-session.js';
import type { ImportSummary } from './import.js';

/** One fetch or import a run made to bring the store up to date, for the reports that name it. */
export type StoreUpdate =
  | { kind: 'import'; paths: string[]; reports: string[]; summary: ImportSummary | null; error: string | null }
  | { kind: 'fetch'; archive: string; lists: string[]; since: string | null; reports: string[]; summary: FetchSummary | null; error: string | null };
