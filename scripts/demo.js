// The main job on the bundled fixture archive, with no network: import it into a fresh store and
// write the thread list under reports/. Runs the real CLI, as a user would.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'listlens.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'listlens-demo-'));
const store = path.join(work, 'archive.sqlite');
const reports = path.join(root, 'reports');

function listlens(...args) {
  return execFileSync(process.execPath, [cli, '--store', store, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function writeAtomically(file, text) {
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

try {
  listlens('import', path.join(root, 'fixtures', 'archive'));
  const threads = listlens('threads');
  mkdirSync(reports, { recursive: true });
  writeAtomically(path.join(reports, 'threads.txt'), threads);
  writeAtomically(path.join(reports, 'threads.json'), listlens('threads', '--json'));
  process.stdout.write(threads);
  process.stderr.write(`wrote ${path.relative(root, path.join(reports, 'threads.txt'))} and threads.json\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
