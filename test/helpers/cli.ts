import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { repoRoot } from './corpus.js';

export const cliPath = path.join(repoRoot, 'bin', 'listlens.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function ensureBuilt(): void {
  if (!existsSync(path.join(repoRoot, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: the CLI tests drive the built CLI; run `npm run build` (npm test does)');
  }
}

/** Runs the built `listlens` as a user would, with a clean environment but for what is given. */
export function listlens(args: string[], env: Record<string, string> = {}): CliResult {
  ensureBuilt();
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `listlens` without waiting, for tests that kill it part-way; `env` is added to this process's. */
export function startListlens(args: string[], env: Record<string, string> = {}) {
  ensureBuilt();
  return spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

/** Messages in the store file; 0 while it does not exist or is being created. */
function storedMessageCount(file: string): number {
  if (!existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or mid-migration
  }
}

/**
 * Starts `listlens import <archive>` into `store` and SIGKILLs it once the store holds at least
 * `atLeast` messages (or when it ends first, or after 30 s); returns how many it held then.
 */
export async function killImportWhenStored(store: string, archive: string, atLeast: number): Promise<number> {
  return killWhenStored(['--store', store, 'import', archive], store, atLeast);
}

/** Starts `listlens <args>` and SIGKILLs it once `store` holds at least `atLeast` messages (or it ends, or 30 s pass); how many it held then. */
export async function killWhenStored(args: string[], store: string, atLeast: number, env: Record<string, string> = {}): Promise<number> {
  const child = startListlens(args, env);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  while (child.exitCode === null && Date.now() < deadline && storedMessageCount(store) < atLeast) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  await exited;
  return storedMessageCount(store);
}
