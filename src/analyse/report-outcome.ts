import type { StoreUpdate } from '../ingest/index.js';
import type { Chair } from './chairs.js';
import type { SinceLastReport } from './since-last-report.js';

/** What one scheduled run did: the model that the run's log lines and `report --json` are rendered from. */

/** `updated`: written now; `unchanged`: its inputs are those of the last report, nothing written; `failed`: nothing written. */
export type ReportStatus = 'updated' | 'unchanged' | 'failed';

export interface ReportOutcome {
  name: string;
  status: ReportStatus;
  /** The day of the report now current: the one written now, or the last one when unchanged. */
  date: string | null;
  /** Absolute paths written, in order: the dated files, the `latest` ones, `state.json`. */
  files: string[];
  /** Why it failed, in one line. */
  error: string | null;
  /** What the report written now says changed; null when nothing was written. */
  since: SinceLastReport | null;
  /** Who was taken as chair, and why; empty when the report failed. */
  chairs: Chair[];
}

export interface ReportRun {
  updates: StoreUpdate[];
  reports: ReportOutcome[];
}

/** The run as a whole: `failed` if any report failed, else `updated` if any was written, else `unchanged`. */
export function runStatus(run: ReportRun): ReportStatus {
  if (run.reports.some((report) => report.status === 'failed')) return 'failed';
  if (run.reports.some((report) => report.status === 'updated')) return 'updated';
  return 'unchanged';
}
