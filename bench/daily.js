/**
 * The daily path: N new messages added to a store of M, against the same N into an empty store.
 * The archive of M + N messages is split by date: the latest N messages (a cross-post's copies go
 * together) are the new mail, which answers threads already in the store as real new mail does.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

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
 * and into an empty store, interleaved, `repeat` times each; plus a full rethread of the grown store.
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
    fullRethread,
    ratio: Number((importWallSeconds(large) / importWallSeconds(emptyRun)).toFixed(2)),
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
