import type { Command } from 'commander';
import {
  acquireReportLock,
  acquireWriterLock,
  chairsNote,
  loadReportConfig,
  openStore,
  renderFetchProgress,
  renderImapFetchProgress,
  renderReportOutcome,
  renderRunTotals,
  renderStoreUpdate,
  type ReportConfig,
  reportLockFile,
  type ReportRun,
  reportRunJson,
  runReports,
  runStatus,
  storePath,
} from '../../index.js';
import { printJson, type RegisterCommands, writerLockOptions } from '../context.js';
import { exitCodes } from '../exit-codes.js';
import { Progress } from '../progress.js';

interface ReportCommandOptions {
  config: string;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
}

/**
 * `listlens report`'s exit codes for what a run did (docs/scheduling.md): scripts and schedulers tell the
 * three outcomes apart. A run that does not start ends in the exit code of its error's kind instead: a
 * config that is missing or not valid (ReportConfigError, usage: 2), a lock another run holds
 * (ReportLockError, locked: 5).
 */
export const reportExitCodes = {
  /** At least one report was written, none failed. */
  updated: exitCodes.ok,
  /** A report, or bringing the store up to date for it, failed; the other reports were still made. */
  failed: exitCodes.failed,
  unchanged: exitCodes.unchanged,
} as const;

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

async function runLocked(config: ReportConfig, storeFile: string, options: ReportCommandOptions, log: RunLog): Promise<ReportRun> {
  const held = acquireReportLock(reportLockFile(storeFile), { onWarning: (message) => log.line(`listlens: ${message}`) });
  const progress = new Progress();
  const writing = await acquireWriterLock(storeFile, writerLockOptions((message) => log.line(`listlens: ${message}`)));
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
        ...(options.quiet
          ? {}
          : {
              onFetchProgress: (state) => progress.update(renderFetchProgress(state)),
              onImapFetchProgress: (state) => progress.update(renderImapFetchProgress(state)),
            }),
      });
    } finally {
      await store.close();
    }
  } finally {
    writing.release();
    progress.done();
    held.release();
  }
}

async function reportCommand(options: ReportCommandOptions, command: Command): Promise<number> {
  const config = loadReportConfig(options.config);
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
  for (const outcome of run.reports) {
    log.line(renderReportOutcome(outcome));
    // The chairs taken are worth a line when someone reads the log, not in a quiet run's.
    if (!options.quiet && outcome.status !== 'failed') log.line(`report ${outcome.name}: ${chairsNote(outcome.chairs, 'in the config\'s "chairs"').trimEnd()}`);
  }
  log.line(renderRunTotals(run));
  log.finish(code !== reportExitCodes.unchanged);
  if (options.json) printJson(reportRunJson(run, config.file, storeFile));
  return code;
}

export function exitCodeOf(run: ReportRun): number {
  return reportExitCodes[runStatus(run)];
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
