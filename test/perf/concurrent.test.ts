import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate.js';
import { writerLockFile } from '../../src/store/index.js';
import { listlens, startListlens } from '../helpers/cli.js';
import { count, inspect, scratchDir } from './helpers.js';

const dir = scratchDir('perf-concurrent');
const archive = path.join(dir, 'archive');
// Large enough (about 17 MB) that an import takes several seconds and parses on worker threads.
const manifest = generateArchive({ messages: 3000, seed: 14, dir: archive, specialScale: 10 });
const { stored, copies, read, failed } = manifest.expected;

interface Ended {
  status: number | null;
  stderr: string;
}

function ended(child: ChildProcess): Promise<Ended> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}

/** What an import of the whole archive into a store that lacks it must end with. */
function expectWholeArchive(store: string): void {
  inspect(store, (db) => {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(count(db, 'SELECT count(*) AS n FROM messages')).toBe(stored);
    expect(count(db, 'SELECT count(DISTINCT message_id) AS n FROM messages')).toBe(stored);
    expect(count(db, 'SELECT count(*) AS n FROM copies')).toBe(copies);
    expect(count(db, 'SELECT count(*) AS n FROM messages m LEFT JOIN message_threads th ON th.message = m.id WHERE th.root IS NULL')).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM messages_fts_docsize')).toBe(stored);
  });
}

/** Starts an import of the archive and waits until it holds the store's writer lock; `end` is its end. */
async function startWriting(store: string): Promise<{ end: Promise<Ended> }> {
  const importing = ended(startListlens(['--store', store, 'import', archive]));
  const deadline = Date.now() + 30_000;
  while (!existsSync(writerLockFile(store)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(existsSync(writerLockFile(store))).toBe(true);
  return { end: importing };
}

const summaryLine = new RegExp(`^import: ${read} read, \\d+ new, .*${failed} failed$`, 'm');

describe('the store used by several commands at once', () => {
  it('lets search and threads run again and again during an import, which still stores every message', async () => {
    const store = path.join(dir, 'searched.sqlite');
    const importing = startListlens(['--store', store, 'import', archive]);
    const done = ended(importing);
    let running = true;
    void done.then(() => (running = false));
    const readers: { status: number | null; stderr: string }[] = [];
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (!existsSync(store)) continue;
      for (const command of [['search', 'registrar'], ['threads', '--json'], ['show', 'nobody@example.invalid']]) {
        readers.push(listlens(['--store', store, ...command]));
      }
    }
    const result = await done;
    expect(result.stderr).not.toMatch(/locked|SQLITE/);
    expect(result.status, result.stderr).toBe(1); // the archive holds messages that cannot be read, reported as such
    expect(result.stderr).toMatch(summaryLine);
    expect(readers.length).toBeGreaterThanOrEqual(6);
    for (const reader of readers) expect(reader.stderr).not.toMatch(/database is locked|readonly|SQLITE_/);
    expectWholeArchive(store);
  }, 300_000);

  it('runs two imports at once one after the other: both end, every message stored once', async () => {
    const store = path.join(dir, 'twice.sqlite');
    const first = await startWriting(store);
    const second = ended(startListlens(['--store', store, 'import', archive]));
    const results = await Promise.all([first.end, second]);
    for (const result of results) {
      expect(result.stderr).not.toMatch(/database is locked|SQLITE_/);
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toMatch(summaryLine);
    }
    expect(results[1]!.stderr).toMatch(/^listlens: another import is running; waiting/m);
    expectWholeArchive(store);
  }, 300_000);

  it('gives up after a bounded wait with the locked status (5) and one clear line, storing nothing', async () => {
    const store = path.join(dir, 'waited.sqlite');
    const first = await startWriting(store);
    const impatient = listlens(['--store', store, 'import', archive], { LISTLENS_WRITE_WAIT: '1' });
    expect(impatient.status).toBe(5);
    expect(impatient.stderr).toMatch(/^listlens: another import or fetch \(pid \d+\) is still writing .*; gave up waiting/m);
    expect((await first.end).status).toBe(1);
    expectWholeArchive(store);
  }, 300_000);
});
