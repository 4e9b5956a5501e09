import path from 'node:path';
import { type ReportOutcome, type ReportRun, runStatus } from '../analyse/index.js';
import { nothingNew, type SinceLastReport } from '../analyse/index.js';
import type { StoreUpdate } from '../ingest/index.js';
import { fetchSummaryJson, imapFetchSummaryJson, renderFetchSummary, renderImapFetchSummary } from './fetch.js';
import { importSummaryJson } from './json.js';
import { sinceJson } from './scheduled-report.js';
import { renderImportSummary } from './terminal.js';
import { plural } from '../core/index.js';

export const reportRunSchema = 'listlens/report-run@1';

export function renderStoreUpdate(update: StoreUpdate): string {
  const what = update.kind === 'import' ? update.paths.join(', ') : `${update.lists.join(', ')} from ${update.archive}`;
  if (update.error !== null) return `${update.kind} ${what}: failed: ${update.error}`;
  if (update.kind === 'import') return update.summary ? renderImportSummary(update.summary) : `import ${what}`;
  if (!update.summary) return `fetch ${what}`;
  return update.summary.source === 'imap' ? renderImapFetchSummary(update.summary) : renderFetchSummary(update.summary);
}

/** `1 new message, 1 new respondent, 2 newly raised`; `the first report`. */
export function renderSince(since: SinceLastReport): string {
  if (!since.previousReport) return 'the first report';
  if (nothingNew(since)) return 'nothing new in the thread, made again (--force, or the draft, taxonomy, chairs or formats changed)';
  const parts = [
    since.newMessages.length ? plural(since.newMessages.length, 'new message') : null,
    since.newRespondents.length ? plural(since.newRespondents.length, 'new respondent') : null,
    since.newlyRaised.length ? `${since.newlyRaised.length} newly raised` : null,
    since.newlyCovered.length ? `${since.newlyCovered.length} newly covered` : null,
    since.noLongerCovered.length ? `${since.noLongerCovered.length} no longer covered` : null,
    since.newDraftRevision ? `new draft revision ${since.newDraftRevision.current}` : null,
  ];
  return parts.filter((part): part is string => part !== null).join(', ');
}

export function renderReportOutcome(outcome: ReportOutcome): string {
  const head = `report ${outcome.name}`;
  if (outcome.status === 'failed') return `${head}: failed: ${outcome.error}`;
  if (outcome.status === 'unchanged') return `${head}: nothing new since the report of ${outcome.date}; nothing written`;
  const folder = path.dirname(outcome.files.at(-1)!);
  const formats = [...new Set(outcome.files.map((file) => path.basename(file)).filter((name) => name.startsWith('latest.')).map((name) => name.slice('latest.'.length)))];
  return `${head}: updated, ${renderSince(outcome.since!)}: wrote ${outcome.date} and latest (${formats.join(', ')}) in ${folder}`;
}

export function renderRunTotals(run: ReportRun): string {
  const by = (status: ReportOutcome['status']) => run.reports.filter((report) => report.status === status).length;
  if (by('unchanged') === run.reports.length) return 'report: nothing changed; nothing written';
  return `report: ${by('updated')} updated, ${by('unchanged')} unchanged, ${by('failed')} failed`;
}

/** The `report --json` shape, documented in docs/json.md. */
export function reportRunJson(run: ReportRun, configFile: string, storeFile: string) {
  return {
    schema: reportRunSchema,
    config: path.resolve(configFile),
    store: path.resolve(storeFile),
    status: runStatus(run),
    updates: run.updates.map((update) =>
      update.kind === 'import'
        ? { kind: update.kind, paths: update.paths, reports: update.reports, error: update.error, summary: update.summary ? importSummaryJson(update.summary) : null }
        : {
            kind: update.kind,
            via: update.via,
            archive: update.archive,
            lists: update.lists,
            since: update.since,
            reports: update.reports,
            error: update.error,
            summary: !update.summary ? null : update.summary.source === 'imap' ? imapFetchSummaryJson(update.summary) : fetchSummaryJson(update.summary),
          },
    ),
    reports: run.reports.map((report) => ({
      name: report.name,
      status: report.status,
      date: report.date,
      files: report.files,
      error: report.error,
      sinceLastReport: report.since ? sinceJson(report.since) : null,
    })),
  };
}
