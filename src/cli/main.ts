import { Command, CommanderError } from 'commander';
import { inertText, ListlensError, type ListlensErrorKind, listlensVersion } from '../index.js';
import { registerBrief } from './commands/brief.js';
import { registerBrowse } from './commands/browse.js';
import { registerCoverage } from './commands/coverage.js';
import { registerFetch } from './commands/fetch.js';
import { registerImport } from './commands/import.js';
import { registerMcp } from './commands/mcp.js';
import { registerReport } from './commands/report.js';
import { registerRethread } from './commands/rethread.js';
import { registerThread } from './commands/thread.js';
import type { Act } from './context.js';
import { exitCodes } from './exit-codes.js';


const commandModules = [registerImport, registerFetch, registerBrowse, registerThread, registerCoverage, registerBrief, registerReport, registerRethread, registerMcp];

export function buildProgram(act: Act): Command {
  const program = new Command('listlens')
    .description('Reads IETF mailing-list archives and tells working-group chairs what their lists said.')
    .version(listlensVersion)
    .option('--store <path>', 'the SQLite store (default: $LISTLENS_STORE, else $XDG_DATA_HOME/listlens/archive.sqlite)')
    // Usage errors read like every other error: one line, `listlens: ` first (commander's suggestion kept).
    .configureOutput({ outputError: (text, write) => write(`listlens: ${text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()}\n`) })
    .exitOverride();
  for (const register of commandModules) register(program, act);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * A reader that stops early (`listlens threads | head -1`) closes the pipe: what is left to print has
 * nobody to read it, so the run ends quietly with status 0, as other command-line tools do, rather than
 * with a stack trace. A closed stderr is ignored. For the `listlens` binary; tests calling `main` do not
 * install it.
 */
export function exitQuietlyOnClosedPipe(): void {
  const closed = (error: NodeJS.ErrnoException) => error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (!closed(error)) throw error;
    process.exit(exitCodes.ok);
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (!closed(error)) throw error;
  });
}

/** Runs the CLI; returns the exit code instead of exiting, so tests and scripts can call it. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const act: Act =
    (action) =>
    async (...args) => {
      exitCode = await action(...args);
    };
  try {
    await buildProgram(act).parseAsync(argv);
    return exitCode;
  } catch (error) {
    return reportError(error);
  }
}

/** The one place an error becomes an exit code: a ListlensError by its kind; anything else (SQLite, a bug) failed. */
const exitCodeOfKind: Record<ListlensErrorKind, number> = {
  usage: exitCodes.usage,
  'not-found': exitCodes.notFound,
  failed: exitCodes.failed,
  locked: exitCodes.locked,
};

/** Prints the error as one `listlens: ` line (commander has printed its own) and returns its exit code. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    const quiet = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
    return quiet.includes(error.code) ? exitCodes.ok : exitCodes.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`listlens: ${inertText(message)}\n`);
  return error instanceof ListlensError ? exitCodeOfKind[error.kind] : exitCodes.failed;
}
