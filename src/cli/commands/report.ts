import path from 'node:path';
import type { Command } from 'commander';
import { loadReportConfig, type ReportConfig, ReportConfigError } from '../../schedule/config.js';
import { acquireReportLock, type ReportLock, ReportLockError, reportLockFile } from '../../schedule/lock.js';
import { sinceJson } from '../../render/scheduled-report.js';
import { type ReportOutcome, type ReportRun, runReports } from '../../schedule/run.js';
import { nothingNew, type SinceLastReport } from '../../analyse/since-last-report.js';
import type { StoreUpdate } from '../../schedule/update-store.js';
import { fetchSummaryJson, renderFetchProgress, renderFetchSummary } from '../../render/fetch.js';
import { importSummaryJson } from '../../render/json.js';
import { renderImportSummary } from '../../render/terminal.js';
import { openStore, storePath } from '../../store/index.js';
import { printJson, type RegisterCommands, UserError } from '../context.js';
import { exitCodes } from '../exit-codes.js';
import { Progress } from '../progress.js';

interface ReportCommandOptions {
  config: string;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
}

/** `listlens report`'s exit codes (docs/scheduling.md): scripts and schedulers tell the three outcomes apart. */
export const reportExitCodes = {
  /** At least one report was written, none failed. */
  updated: exitCodes.ok,
  /** A report, or bringing the store up to date for it, failed; the other reports were still made. */
  failed: exitCodes.failed,
  /** The config file is missing or not valid. */
  usage: exitCodes.usage,
  unchanged: exitCodes.unchanged,
  locked: exitCodes.locked,
} as const;

export const reportRunSchema = 'listlens/report-run@1';

/** Log lines for stderr; with `--quiet` they are held back, and dropped when the run changed nothing. */
class RunLog {
  private readonly held: string[] = [];

  constructor(private readonly quiet: boolean) {}

  line(text: string): void {
    if (this.quiet) this.held.push(text);
    else process.stderr.write(`${text}\n`);
  }

  finish(show: boolean): void {
    if (show) for (const line of this.held) process.stderr.write(`${line}\n`);
    this.held.length = 0;
  }
}

function loadConfig(file: string): ReportConfig {
  try {
    return loadReportConfig(file);
  } catch (error) {
    if (error instanceof ReportConfigError) throw new UserError(error.message, reportExitCodes.usage);
    throw error;
  }
}

function lock(file: string, log: RunLog): ReportLock {
  try {
    return acquireReportLock(file, { onWarning: (message) => log.line(`listlens: ${message}`) });
  } catch (error) {
    if (error instanceof ReportLockError) throw new UserError(error.message, reportExitCodes.locked);
    throw error;
  }
}

async function runLocked(config: ReportConfig, storeFile: string, options: ReportCommandOptions, log: RunLog): Promise<ReportRun> {
  const held = lock(reportLockFile(storeFile), log);
  const progress = new Progress();
  try {
    const store = openStore(storeFile);
    try {
      return await runReports({
        config,
        store,
        force: Boolean(options.force),
        onWarning: (message) => {
          progress.done();
          log.line(`listlens: ${message}`);
        },
        ...(options.quiet ? {} : { onFetchProgress: (state) => progress.update(renderFetchProgress(state)) }),
      });
    } finally {
      await store.close();
    }
  } finally {
    progress.done();
    held.release();
  }
}

async function reportCommand(options: ReportCommandOptions, command: Command): Promise<number> {
  const config = loadConfig(options.config);
  const { store: storeOption } = command.optsWithGlobals<{ store?: string }>();
  const storeFile = storePath(storeOption ?? config.store ?? undefined);
  const log = new RunLog(Boolean(options.quiet));
  let run: ReportRun;
  try {
    run = await runLocked(config, storeFile, options, log);
  } catch (error) {
    log.finish(true);
    throw error;
  }
  const code = exitCodeOf(run);
  for (const update of run.updates) log.line(renderStoreUpdate(update));
  for (const outcome of run.reports) log.line(renderReportOutcome(outcome));
  log.line(renderRunTotals(run));
  log.finish(code !== reportExitCodes.unchanged);
  if (options.json) printJson(reportRunJson(run, config, storeFile));
  return code;
}

export function exitCodeOf(run: ReportRun): number {
  if (run.reports.some((report) => report.status === 'failed')) return reportExitCodes.failed;
  if (run.reports.some((report) => report.status === 'updated')) return reportExitCodes.updated;
  return reportExitCodes.unchanged;
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function renderStoreUpdate(update: StoreUpdate): string {
  const what = update.kind === 'import' ? update.paths.join(', ') : `${update.lists.join(', ')} from ${update.archive}`;
  if (update.error !== null) return `${update.kind} ${what}: failed: ${update.error}`;
  if (update.kind === 'import') return update.summary ? renderImportSummary(update.summary) : `import ${what}`;
  return update.summary ? renderFetchSummary(update.summary) : `fetch ${what}`;
}

/** `1 new message, 1 new respondent, 2 newly raised`; `the first report`. */
export function renderSince(since: SinceLastReport): string {
  if (!since.previousReport) return 'the first report';
  if (nothingNew(since)) return 'nothing new in the thread, made again (--force, or the draft, taxonomy, chairs or formats changed)';
  const parts = [
    since.newMessages.length ? count(since.newMessages.length, 'new message', 'new messages') : null,
    since.newRespondents.length ? count(since.newRespondents.length, 'new respondent', 'new respondents') : null,
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
export function reportRunJson(run: ReportRun, config: ReportConfig, storeFile: string) {
  const code = exitCodeOf(run);
  return {
    schema: reportRunSchema,
    config: path.resolve(config.file),
    store: path.resolve(storeFile),
    status: code === reportExitCodes.failed ? 'failed' : code === reportExitCodes.updated ? 'updated' : 'unchanged',
    updates: run.updates.map((update) =>
      update.kind === 'import'
        ? { kind: update.kind, paths: update.paths, reports: update.reports, error: update.error, summary: update.summary ? importSummaryJson(update.summary) : null }
        : {
            kind: update.kind,
            archive: update.archive,
            lists: update.lists,
            since: update.since,
            reports: update.reports,
            error: update.error,
            summary: update.summary ? fetchSummaryJson(update.summary) : null,
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

export const registerReport: RegisterCommands = (program, act) => {
  program
    .command('report')
    .description('scheduled reports: update the store, then remake each configured report whose thread, draft or taxonomy changed')
    .option('--config <file>', 'the reports to make (see docs/scheduling.md)', 'listlens.config.json')
    .option('--force', 'make every report again, changed or not')
    .option('--quiet', 'print nothing when nothing changed (for cron)')
    .option('--json', 'print what the run did as JSON on stdout (see docs/json.md)')
    .action(act((options: ReportCommandOptions, command: Command) => reportCommand(options, command)));
};
