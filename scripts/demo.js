// The main job on the bundled fixture archive and draft, with no network: import the archive into a
// fresh store, then write the thread list and the coverage report under reports/. Runs the real CLI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'listlens-demo-'));
const store = path.join(work, 'archive.sqlite');
const draft = path.join(root, 'fixtures', 'drafts', 'draft-example-t2trg-iot-bootstrapping-05.xml');
const thread = 'Secure IoT Bootstrapping: A Survey';
const reports = path.join(root, 'reports');

function listlens(...args) {
  return execFileSync(process.execPath, [path.join(root, 'bin', 'listlens.js'), '--store', store, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

try {
  listlens('import', path.join(root, 'fixtures', 'archive'));
  const threads = listlens('threads');
  mkdirSync(reports, { recursive: true });
  writeFileSync(path.join(reports, '.threads.txt.tmp'), threads);
  renameSync(path.join(reports, '.threads.txt.tmp'), path.join(reports, 'threads.txt'));
  process.stdout.write(threads);
  for (const format of ['md', 'html', 'json']) {
    listlens('coverage', thread, '--draft', draft, '--out', path.join(reports, `coverage.${format}`));
  }
  process.stdout.write(`\nreports written under ${path.relative(process.cwd(), reports) || '.'}/\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
