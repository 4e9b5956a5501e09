import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
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

/** Starts `listlens` without waiting, for tests that kill it part-way. */
export function startListlens(args: string[]) {
  ensureBuilt();
  return spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
}
