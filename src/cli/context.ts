import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { acquireWriterLock, fetchChairRoles, inertJson, inertText, ListlensError, openStore, parseDraftSpec, type Store, storePath } from '../index.js';

/** Wraps a command's action so its returned exit code reaches `main`: commander passes none on. */
export type Act = <A extends unknown[]>(action: (...args: A) => number | Promise<number>) => (...args: A) => Promise<void>;

/** Each command module adds its commands to the program. */
export type RegisterCommands = (program: Command, act: Act) => void;

export function print(text: string): void {
  process.stdout.write(text);
}

/** A warning for the user: one line on stderr. */
export function warn(message: string): void {
  process.stderr.write(`listlens: ${inertText(message)}\n`);
}

/** JSON on stdout: the data as it is, with what a terminal would act on `\u`-escaped. */
export function printJson(value: unknown): void {
  process.stdout.write(inertJson(value));
}

/** `YYYY-MM-DD` or `YYYY-MM` (the first of that month), for `--since` and the like. */
export function parseDateOption(name: string, value: string): Date {
  const date = new Date(/^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value);
  if (Number.isNaN(date.getTime())) throw new ListlensError('usage', `${name}: "${value}" is not a date (use YYYY-MM-DD)`);
  return date;
}

/**
 * Opens the store named by the global `--store` (or its defaults), runs `work`, and closes it. Commands
 * that do not write messages (`read`, `read-only`) refuse a store that does not exist yet rather than
 * make an empty one: a mistyped path should not look like an empty archive. `read-only`, for every
 * reading command, opens it so that nothing can be written (no migration, no rethreading), so it works
 * in a folder the user cannot write and never holds up an import running at the same time.
 */
export async function withStore<T>(
  command: Command,
  work: (store: Store) => T | Promise<T>,
  use: 'read' | 'read-only' | 'write' = 'read-only',
): Promise<T> {
  const { store: option } = command.optsWithGlobals<{ store?: string }>();
  const file = storePath(option);
  if (use !== 'write' && !existsSync(file)) {
    throw new ListlensError('failed', `no store at ${file}: import or fetch some mail first, or name another with --store`);
  }
  const writing = use === 'write' ? await acquireWriterLock(file, writerLockOptions(warn)) : null;
  try {
    let store: Store;
    try {
      store = openStore(file, { readOnly: use === 'read-only', keepJournalMode: use === 'read' });
    } catch (error) {
      if (error instanceof ListlensError) throw error;
      // SQLite's message does not say which file.
      throw new ListlensError('failed', `store ${file}: ${(error as Error).message}`, { cause: error });
    }
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  } finally {
    writing?.release();
  }
}

/**
 * A second import or fetch of a store waits for the first, saying so; `LISTLENS_WRITE_WAIT` (seconds)
 * bounds the wait (default 30 minutes), after which it exits with the locked status (5).
 */
export function writerLockOptions(tell: (message: string) => void) {
  const seconds = Number(process.env.LISTLENS_WRITE_WAIT);
  return {
    ...(process.env.LISTLENS_WRITE_WAIT && Number.isFinite(seconds) && seconds >= 0 ? { waitMs: seconds * 1000 } : {}),
    onWait: tell,
    onWarning: tell,
  };
}

/**
 * A run that names a draft (`--draft draft-…`) asks the datatracker anyway: it also asks who chairs
 * the thread's lists, and keeps the answer (see `fetchChairRoles`). Files, URLs and no draft: nothing
 * is asked, and the stored roles serve.
 */
export async function fetchChairRolesForDrafts(store: Store, root: string, drafts: readonly string[]): Promise<void> {
  if (drafts.some((spec) => parseDraftSpec(spec).kind === 'name')) await fetchChairRoles(store, root);
}
