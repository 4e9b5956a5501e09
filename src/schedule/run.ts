import path from 'node:path';
import { writeFileAtomic } from '../output/index.js';
import { loadTaxonomy } from '../nlp/index.js';
import { printPdf } from '../output/index.js';
import { HttpClient, ImapArchive, imapCredentialsFor } from '../sources/index.js';
import type { Store } from '../store/index.js';
import { analyseThreadFully, type ThreadCoverage } from '../analyse/index.js';
import { fetchChairRoles, type FetchProgress, type ImapFetchProgress, parseDraftSpec } from '../ingest/index.js';
import { resolveThreadRoot } from '../store/index.js';
import type { ReportConfig, ReportDefinition, ReportDraft, ReportFormat } from './config.js';
import { inertJson, type ReportDocument, reportHtml, reportJson, reportMarkdown } from '../render/index.js';
import { sinceLastReport, snapshotOf } from '../analyse/index.js';
import { loadReportDrafts, updateStore } from './update-store.js';
import type { StoreUpdate } from '../ingest/index.js';
import type { ReportOutcome, ReportRun } from '../analyse/index.js';
import {
  readReportState,
  type ReportState,
  ReportStateError,
  reportFingerprint,
  reportStateSchema,
  writeReportState,
} from './state.js';
import { ListlensError } from '../core/index.js';

export interface ReportRunOptions {
  config: ReportConfig;
  store: Store;
  /** Make every report again, changed or not. */
  force?: boolean;
  /** The HTTP client for fetches and named drafts; by default one is made (and closed) for the run. */
  http?: HttpClient;
  /** The clock: the reports' day and, for fetches, the last month; injectable for tests. */
  now?: () => Date;
  /** A stale state file, an unreadable message, a retried request: the run goes on. */
  onWarning?: (message: string) => void;
  onFetchProgress?: (progress: FetchProgress) => void;
  onImapFetchProgress?: (progress: ImapFetchProgress) => void;
  /** The IMAP client for a fetch from `url`; by default one connection, with the login of the environment or ~/.netrc, else anonymous. */
  imap?: (url: string) => ImapArchive;
}

interface RunContext {
  store: Store;
  force: boolean;
  startedAt: Date;
  updates: StoreUpdate[];
  http: () => HttpClient;
  warn: (message: string) => void;
}

/**
 * One scheduled run: brings the store up to date (fetch or import, each incremental), then makes each
 * report whose inputs changed since its last one, writing `<output>/<name>/<YYYY-MM-DD>.<ext>` and
 * `latest.<ext>` atomically and `state.json` last (a run killed before it made the report again next time).
 */
export async function runReports(options: ReportRunOptions): Promise<ReportRun> {
  const warn = options.onWarning ?? (() => {});
  const now = options.now ?? (() => new Date());
  let made = null as HttpClient | null;
  const http = (): HttpClient =>
    options.http ?? (made ??= new HttpClient({ onRetry: (r) => warn(`${r.url}: ${r.reason}; retrying in ${(r.delayMs / 1000).toFixed(1)} s`) }));
  try {
    const updates = await updateStore(options.store, options.config.reports, {
      http,
      now,
      onWarning: warn,
      ...(options.onFetchProgress ? { onFetchProgress: options.onFetchProgress } : {}),
      ...(options.onImapFetchProgress ? { onImapFetchProgress: options.onImapFetchProgress } : {}),
      imap: options.imap ?? ((url) => new ImapArchive({ url, credentials: imapCredentialsFor(url), onRetry: (r) => warn(`${url}: ${r.command}: ${r.reason}; reconnecting in ${(r.delayMs / 1000).toFixed(1)} s`) })),
    });
    const context: RunContext = { store: options.store, force: Boolean(options.force), startedAt: now(), updates, http, warn };
    const reports: ReportOutcome[] = [];
    for (const report of options.config.reports) reports.push(await runReport(report, context));
    return { updates, reports };
  } finally {
    made?.close();
  }
}

async function runReport(report: ReportDefinition, context: RunContext): Promise<ReportOutcome> {
  const failedUpdate = context.updates.find((update) => update.error !== null && update.reports.includes(report.name));
  if (failedUpdate) return failed(report, `the store could not be brought up to date: ${failedUpdate.error}`);
  try {
    return await makeReport(report, context);
  } catch (error) {
    return failed(report, error instanceof Error ? error.message : String(error));
  }
}

function failed(report: ReportDefinition, error: string): ReportOutcome {
  return { name: report.name, status: 'failed', date: null, files: [], error, since: null, chairs: [] };
}

async function makeReport(report: ReportDefinition, context: RunContext): Promise<ReportOutcome> {
  const { store } = context;
  const taxonomy = loadTaxonomy(report.taxonomy);
  const root = await resolveThreadRoot(store, report.thread);
  const drafts = await loadReportDrafts(store, report.drafts, context.http, context.warn);
  await fetchReportChairRoles(store, root, report.drafts, context.http);
  const analysis = await analyseThreadFully(store, root, { drafts, taxonomy, chairs: report.chairs });
  const { coverage } = analysis;
  checkLists(report, coverage);
  const fingerprint = reportFingerprint({ coverage, taxonomy, formats: report.formats });
  const folder = path.join(report.output, report.name);
  const stateFile = path.join(folder, 'state.json');
  const previous = previousState(stateFile, context.warn);
  if (!context.force && previous?.fingerprint === fingerprint) {
    return { name: report.name, status: 'unchanged', date: previous.snapshot.date, files: [], error: null, since: null, chairs: coverage.chairs };
  }
  const date = localDay(context.startedAt);
  const summary = await analysis.summary();
  const since = sinceLastReport(previous?.snapshot ?? null, coverage, summary);
  const brief = await analysis.brief();
  const doc: ReportDocument = { name: report.name, date, generatedAt: context.startedAt, fingerprint, brief, coverage, summary, since };
  const files = await writeReport(folder, doc, report.formats);
  writeReportState(stateFile, { schema: reportStateSchema, fingerprint, snapshot: snapshotOf(coverage, { date, generatedAt: doc.generatedAt.toISOString() }, summary) });
  return { name: report.name, status: 'updated', date, files: [...files, stateFile], error: null, since, chairs: coverage.chairs };
}

/** A report with a named draft asks its datatracker (the first named draft's) who chairs the thread's lists, as `--draft` does. */
async function fetchReportChairRoles(store: Store, root: string, drafts: readonly ReportDraft[], http: () => HttpClient): Promise<void> {
  const named = drafts.find((draft) => parseDraftSpec(draft.spec).kind === 'name');
  if (named) await fetchChairRoles(store, root, { http: http(), ...(named.datatracker ? { datatracker: named.datatracker } : {}) });
}

/** Renders every format first (a PDF that cannot be printed writes nothing), then writes each file atomically. */
async function writeReport(folder: string, doc: ReportDocument, formats: readonly ReportFormat[]): Promise<string[]> {
  return (await renderFiles(doc, formats)).map(({ file, content }) => {
    const target = path.join(folder, file);
    writeFileAtomic(target, content);
    return target;
  });
}

function checkLists(report: ReportDefinition, coverage: ThreadCoverage): void {
  const lists = coverage.thread.lists;
  if (lists.some((list) => report.lists.includes(list))) return;
  throw new ListlensError('failed', `the thread "${coverage.thread.subject}" is on ${lists.join(', ') || 'no list'}, none of the report's lists (${report.lists.join(', ')})`);
}

/** A state file that cannot be read is not worth failing over: the report is made as if it were the first. */
function previousState(file: string, warn: (message: string) => void): ReportState | null {
  try {
    return readReportState(file);
  } catch (error) {
    if (!(error instanceof ReportStateError)) throw error;
    warn(`${error.message}; making the report as if it were the first`);
    return null;
  }
}

/** The files of one report, relative to its folder: every format under its day's name, then again as `latest`. */
async function renderFiles(doc: ReportDocument, formats: readonly ReportFormat[]): Promise<{ file: string; content: string | Buffer }[]> {
  const html = formats.includes('html') || formats.includes('pdf') ? reportHtml(doc) : '';
  const pdf = formats.includes('pdf') ? await printPdf(html) : null;
  const json = formats.includes('json') ? inertJson(reportJson(doc)) : '';
  const named = (stem: string) =>
    formats.flatMap((format) => {
      if (format === 'md') {
        const rendered = reportMarkdown(doc, `${stem}-charts`);
        return [...rendered.charts.map((chart) => ({ file: chart.path, content: chart.svg })), { file: `${stem}.md`, content: rendered.markdown }];
      }
      return [{ file: `${stem}.${format}`, content: format === 'pdf' ? pdf! : format === 'html' ? html : json }];
    });
  return [...named(doc.date), ...named('latest')];
}

/** `YYYY-MM-DD` in local time: the day the person who set up the schedule would call it. */
export function localDay(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}
