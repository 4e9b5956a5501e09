// The main job on the bundled fixture archive and draft, with no network. Runs the real CLI on a
// fresh temporary store and writes under reports/: the thread list, the thread summary, the coverage
// report (Markdown, HTML, JSON) and the scheduled chair briefing of fixtures/report/demo.config.json
// (which writes a new dated file only when its inputs changed).
import { spawnSync } from 'node:child_process';
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
const unchanged = 4; // `listlens report`: nothing new since the last report

function listlens(args, okStatuses = [0]) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'listlens.js'), '--store', store, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (!okStatuses.includes(result.status)) throw new Error(`listlens ${args.join(' ')} exited with ${result.status}`);
  return result.stdout;
}

function write(name, text) {
  const file = path.join(reports, name);
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

try {
  mkdirSync(reports, { recursive: true });
  listlens(['import', path.join(root, 'fixtures', 'archive')]);
  const threads = listlens(['threads']);
  write('threads.txt', threads);
  // No --chair: Pekka and Jürgen sign the question as the T2TRG chairs, and listlens finds them so
  // (its stderr says who and why); their later messages are not responses.
  write('thread.md', listlens(['thread', thread, '--draft', draft, '--format', 'md']));
  for (const format of ['md', 'html', 'json']) {
    listlens(['coverage', thread, '--draft', draft, '--out', path.join(reports, `coverage.${format}`)]);
  }
  listlens(['report', '--config', path.join(root, 'fixtures', 'report', 'demo.config.json')], [0, unchanged]);
  process.stdout.write(`${threads}\nreports written under ${path.relative(process.cwd(), reports) || '.'}/\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
