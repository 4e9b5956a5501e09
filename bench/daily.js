/**
 * The daily path: N new messages added to a store of M, against the same N into an empty store.
 * The archive of M + N messages is split by date: the latest N messages (a cross-post's copies go
 * together) are the new mail, which answers threads already in the store as real new mail does.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { measureCommand } from './lib/measure.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The bundled draft the report runs compare the touched thread with. */
const draftFile = path.join(root, 'fixtures', 'drafts', 'draft-example-t2trg-iot-bootstrapping-05.xml');

/** The archive's messages by date into `<dir>-split-<added>/old` and `/new`; reused while present. */
export function splitArchive(dir, added) {
  const target = `${dir}-split-${added}`;
  const done = path.join(target, 'split.json');
  const dirs = { oldDir: path.join(target, 'old'), newDir: path.join(target, 'new') };
  if (existsSync(done)) return { ...JSON.parse(readFileSync(done, 'utf8')), ...dirs };
  rmSync(target, { recursive: true, force: true });
  const files = mailFiles(dir);
  const times = files.flatMap((file) => messagesOf(file).map(timeOf)).filter((time) => time !== null);
  times.sort((a, b) => a - b);
  const cutoff = times[times.length - added];
  const counts = { old: 0, new: 0 };
  for (const file of files) {
    const parts = { old: [], new: [] };
    for (const message of messagesOf(file)) {
      const time = timeOf(message);
      parts[time !== null && time >= cutoff ? 'new' : 'old'].push(message);
    }
    for (const side of ['old', 'new']) {
      if (parts[side].length === 0) continue;
      const out = path.join(target, side, path.relative(dir, file));
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, parts[side].join(''));
      counts[side] += parts[side].length;
    }
  }
  const split = { oldMessages: counts.old, newMessages: counts.new };
  writeFileSync(done, `${JSON.stringify(split)}\n`);
  return { ...split, ...dirs };
}

function mailFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.mail'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** The generator writes plain mboxes: every message starts with a `From ` line. */
function messagesOf(file) {
  return readFileSync(file, 'latin1').split(/^(?=From )/m).filter((part) => part.startsWith('From '));
}

function timeOf(message) {
  const header = message.slice(0, message.indexOf('\n\n'));
  const date = /^Date: (.*)$/m.exec(header);
  const time = date ? Date.parse(date[1]) : Number.NaN;
  return Number.isNaN(time) ? null : time;
}

/**
 * Times importing the new mail (threading and FTS included) into a copy of the store of the old mail
 * and into an empty store, interleaved, `repeat` times each; then a report run on the thread the new
 * mail touched most, in both stores, FTS search in the grown store, and a full rethread of it.
 */
export function dailyPath({ split, work, repeat, child, removeStore, progress, workers }) {
  const base = path.join(work, 'daily-base.sqlite');
  const grown = path.join(work, 'daily-grown.sqlite');
  const empty = path.join(work, 'daily-empty.sqlite');
  progress(`daily path: store of the ${split.oldMessages} older messages`);
  const baseImport = child('import', base, split.oldDir, workers);
  const runs = { large: [], empty: [] };
  for (let i = 0; i < repeat; i++) {
    progress(`daily path: ${split.newMessages} new messages into the large store, then into an empty one (${i + 1}/${repeat})`);
    removeStore(grown);
    copyStoreToDisk(base, grown);
    runs.large.push(child('import', grown, split.newDir, workers));
    removeStore(empty);
    runs.empty.push(child('import', empty, split.newDir, workers));
  }
  progress('daily path: a report run on the thread the new mail touched most, in both stores');
  const touched = mostTouchedThread(grown, split.newDir);
  const reports = {
    touched,
    large: reportRun(grown, touched.ref, work, child),
    empty: reportRun(empty, touched.ref, work, child),
  };
  progress('daily path: FTS search in the grown store');
  const search = child('search', grown, 5);
  progress('daily path: a full rethread of the grown store, for comparison');
  const fullRethread = child('rethread', grown);
  removeStore(base);
  removeStore(grown);
  removeStore(empty);
  const large = medianRun(runs.large);
  const emptyRun = medianRun(runs.empty);
  return {
    storeMessages: baseImport.counts.messages,
    added: large.counts.messages - baseImport.counts.messages,
    messagesInFiles: { store: split.oldMessages, added: split.newMessages },
    baseImport,
    large,
    empty: emptyRun,
    runs,
    reports,
    search,
    fullRethread,
    ratio: Number((importWallSeconds(large) / importWallSeconds(emptyRun)).toFixed(2)),
    cpuRatio: Number((large.importCpuSeconds / emptyRun.importCpuSeconds).toFixed(2)),
  };
}

/**
 * A copy of the store as a store that has been on disk since yesterday is: written through. A copy
 * left in dirty page cache made the import's first write (switching to write-ahead logging) wait for
 * the whole file to be flushed, about 0.4 s for 100,000 messages, which no daily run pays.
 */
function copyStoreToDisk(from, to) {
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The child's wall time without the bench's own check, counting the whole store (seconds at a million
 * messages), which no import does.
 */
export function importWallSeconds(run) {
  return run.processWallSeconds - (run.countSeconds ?? 0);
}

function medianRun(runs) {
  return [...runs].sort((a, b) => importWallSeconds(a) - importWallSeconds(b))[Math.floor(runs.length / 2)];
}

/**
 * The thread that received the most new messages (copies read from the new mail's files), named by
 * its newest new message, which both stores have.
 */
function mostTouchedThread(storeFile, newDir) {
  const db = new Database(storeFile, { readonly: true });
  const prefix = `${path.resolve(newDir)}${path.sep}`;
  const row = db
    .prepare(
      `SELECT th.root AS root, count(DISTINCT m.id) AS added, max(coalesce(m.date, '') || ' ' || m.message_id) AS newest
         FROM copies c JOIN messages m ON m.id = c.message JOIN message_threads th ON th.message = m.id
        WHERE substr(c.source, 1, length(@prefix)) = @prefix
        GROUP BY th.root ORDER BY added DESC, root LIMIT 1`,
    )
    .get({ prefix });
  db.close();
  if (!row) throw new Error(`no message of the store came from ${newDir}`);
  return { root: row.root, added: row.added, ref: row.newest.slice(row.newest.indexOf(' ') + 1) };
}

/**
 * What a report run on one thread costs, as a chair runs it: `listlens thread <ref> --format json`
 * and `listlens coverage <ref> --draft <bundled draft> --format json`, each a process of its own;
 * and the coverage task of bench/child.js (analysis alone, first and warm).
 */
function reportRun(storeFile, ref, work, child) {
  const cli = (name, ...args) => {
    const run = measureCommand({ dir: work, name }, process.execPath, [path.join(root, 'bin', 'listlens.js'), '--store', storeFile, ...args]);
    const { stdout, said, ...figures } = run;
    return { ...figures, messages: JSON.parse(stdout).thread?.messageCount ?? null };
  };
  return {
    thread: cli('report-thread', 'thread', ref, '--format', 'json'),
    coverage: cli('report-coverage', 'coverage', ref, '--draft', draftFile, '--format', 'json'),
    coverageInProcess: child('coverage', storeFile, threadRootOf(storeFile, ref), draftFile),
  };
}

function threadRootOf(storeFile, messageId) {
  const db = new Database(storeFile, { readonly: true });
  const row = db.prepare('SELECT th.root AS root FROM messages m JOIN message_threads th ON th.message = m.id WHERE m.message_id = ?').get(messageId);
  db.close();
  return row.root;
}
