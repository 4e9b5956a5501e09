/**
 * Runs one command under bench/rusage.py: wall time, and the CPU time and peak RSS that wait4()
 * returns for the child (its threads included), the same whatever the command is written in.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const rusage = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'rusage.py');

/**
 * `dir` receives the command's stdout and stderr (`name`.out, `name`.err); `okExits` the exit codes
 * that are not a failure. Returns the figures, the stdout and the last line the command printed.
 */
export function measureCommand({ dir, name, env = process.env, okExits = [0] }, command, args) {
  const out = path.join(dir, `${name}.out`);
  const err = path.join(dir, `${name}.err`);
  const result = spawnSync('python3', [rusage, out, err, command, ...args], { cwd: dir, encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`bench/rusage.py ${command} failed: ${result.stderr.slice(-2000)}`);
  const usage = JSON.parse(result.stdout.trim().split('\n').at(-1));
  const stdout = readFileSync(out, 'utf8');
  const said = `${stdout}\n${readFileSync(err, 'utf8')}`.trim();
  if (!okExits.includes(usage.exitCode)) throw new Error(`${command} ${args.join(' ')} exited ${usage.exitCode}: ${said.slice(-2000)}`);
  return { ...usage, stdout, said: lastLine(said) };
}

function lastLine(text) {
  const lines = text.split(/[\r\n]/).map((line) => line.trim()).filter(Boolean);
  const last = lines.at(-1) ?? '';
  return last.length > 300 ? `${last.slice(0, 300)}…` : last;
}
