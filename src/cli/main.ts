import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { AliasFileError, loadAliases } from '../pipeline/aliases.js';
import { importPaths } from '../pipeline/import.js';
import { RefError, resolveRef } from '../pipeline/resolve-ref.js';
import { importSummaryJson, messageJson, searchJson, threadListJson } from '../report/json.js';
import { renderImportSummary, renderMessage, renderSearchHits, renderThreadList } from '../report/terminal.js';
import { openStore, storePath } from '../store/index.js';
import type { Store } from '../store/types.js';
import { exitCodes } from './exit-codes.js';
import { Progress } from './progress.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

interface GlobalOptions {
  store?: string;
}

/** A failure already worded for the user, with the exit code it ends in. */
class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function print(text: string): void {
  process.stdout.write(text);
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function parseDate(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value);
  if (Number.isNaN(date.getTime())) throw new UserError(`--since: "${value}" is not a date (use YYYY-MM-DD)`, exitCodes.usage);
  return date;
}

function withStore<T>(command: Command, work: (store: Store) => T): T {
  const { store: option } = command.optsWithGlobals<GlobalOptions>();
  const store = openStore(storePath(option));
  try {
    return work(store);
  } finally {
    store.close();
  }
}

function resolve(store: Store, ref: string): string {
  try {
    return resolveRef(store, ref);
  } catch (error) {
    if (error instanceof RefError) throw new UserError(error.message, exitCodes.notFound);
    throw error;
  }
}

async function importCommand(paths: string[], options: { list?: string; aliases?: string; json?: boolean }, command: Command) {
  const { store: option } = command.optsWithGlobals<GlobalOptions>();
  const aliases = options.aliases ? loadAliases(options.aliases) : null;
  const store = openStore(storePath(option));
  const progress = new Progress();
  try {
    const summary = await importPaths(store, paths, {
      ...(options.list ? { list: options.list } : {}),
      onProblem: (problem) => {
        progress.done();
        const id = problem.messageId ? ` <${problem.messageId}>` : '';
        process.stderr.write(`listlens: ${problem.where}${id}: ${problem.reason}\n`);
      },
      onProgress: (s, source) => progress.update(`importing ${source}: ${s.read} read, ${s.new} new, ${s.failed} failed`),
    });
    if (aliases) store.applyAliases(aliases);
    progress.update('threading');
    store.rethread();
    progress.done();
    process.stderr.write(`${renderImportSummary(summary)}\n`);
    if (options.json) printJson(importSummaryJson(summary));
    return summary.failed > 0 ? exitCodes.failed : exitCodes.ok;
  } finally {
    store.close();
  }
}

/** Where actions leave their exit code: commander's actions return nothing it passes on. */
interface Outcome {
  exitCode: number;
}

export function buildProgram(outcome: Outcome): Command {
  const act =
    <A extends unknown[]>(action: (...args: A) => number | Promise<number>) =>
    async (...args: A) => {
      outcome.exitCode = await action(...args);
    };
  const program = new Command('listlens')
    .description('Reads IETF mailing-list archives and tells working-group chairs what their lists said.')
    .version(packageJson.version)
    .option('--store <path>', 'the SQLite store (default: $LISTLENS_STORE, else $XDG_DATA_HOME/listlens/archive.sqlite)')
    .exitOverride();

  program
    .command('import')
    .description('import mbox (IETF monthly archives, mboxrd, unescaped exports), MMDF, .gz, .eml files and maildir folders')
    .argument('<path...>', 'files or folders to import')
    .option('--list <name>', 'file every message under this list (default: from List-Id / X-BeenThere)')
    .option('--aliases <file>', 'JSON {"Name": ["address", ...]}: one person\'s several addresses')
    .option('--json', 'print the import summary as JSON on stdout')
    .action(act((paths: string[], options: { list?: string; aliases?: string; json?: boolean }, command: Command) => importCommand(paths, options, command)));

  program
    .command('threads')
    .description('list threads: root date, lists, messages, participants, subject')
    .option('--list <name>', 'only threads with a message in this list')
    .option('--since <date>', 'only threads with a message on or after this date (YYYY-MM-DD or YYYY-MM)')
    .option('--json', 'print JSON (see docs/json.md)')
    .action(act((options: { list?: string; since?: string; json?: boolean }, command: Command) =>
      withStore(command, (store) => {
        const threads = store.threads({
          ...(options.list ? { list: options.list } : {}),
          ...(options.since ? { since: parseDate(options.since) } : {}),
        });
        if (options.json) printJson(threadListJson(threads));
        else print(renderThreadList(threads));
        return exitCodes.ok;
      })),
    );

  program
    .command('show')
    .description('show one message, its own words and its quoted text marked')
    .argument('<ref>', 'a Message-ID, an archive URL or a subject substring')
    .option('--json', 'print JSON (see docs/json.md)')
    .option('--raw', 'print the stored raw bytes of the first list copy')
    .action(act((ref: string, options: { json?: boolean; raw?: boolean }, command: Command) =>
      withStore(command, (store) => {
        const message = store.message(resolve(store, ref))!;
        if (options.raw) process.stdout.write(store.rawBytes(message.messageId, message.copies[0]?.list ?? '') ?? '');
        else if (options.json) printJson(messageJson(message));
        else print(renderMessage(message));
        return exitCodes.ok;
      })),
    );

  program
    .command('search')
    .description("full-text search of the authors' own words (quotes, signatures and footers are not searched)")
    .argument('<query...>', 'words; all must match; end a word with * for a prefix')
    .addOption(new Option('--limit <n>', 'at most this many hits').default(20).argParser((v) => Number.parseInt(v, 10)))
    .option('--json', 'print JSON (see docs/json.md)')
    .action(act((query: string[], options: { limit: number; json?: boolean }, command: Command) =>
      withStore(command, (store) => {
        const hits = store.search(query.join(' '), options.limit);
        if (options.json) printJson(searchJson(hits));
        else print(renderSearchHits(hits));
        return exitCodes.ok;
      })),
    );

  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests and scripts can call it. */
export async function main(argv: string[]): Promise<number> {
  const outcome: Outcome = { exitCode: exitCodes.ok };
  const program = buildProgram(outcome);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
    return outcome.exitCode;
  } catch (error) {
    return handleError(error);
  }
}

function handleError(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return exitCodes.ok;
    return exitCodes.usage;
  }
  if (error instanceof UserError) {
    process.stderr.write(`listlens: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof AliasFileError) {
    process.stderr.write(`listlens: ${error.message}\n`);
    return exitCodes.usage;
  }
  process.stderr.write(`listlens: ${error instanceof Error ? error.message : String(error)}\n`);
  return exitCodes.failed;
}
