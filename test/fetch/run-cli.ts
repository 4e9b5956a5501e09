import { startListlens, type CliResult } from '../helpers/cli.js';

/**
 * Runs the built CLI without blocking this process: the loopback server answering it lives here, so
 * `spawnSync` (which the shared `listlens` helper uses) would wait for itself.
 */
export function runListlens(args: string[]): Promise<CliResult> {
  const child = startListlens(args);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
