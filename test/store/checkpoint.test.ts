import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { WalCheckpointer } from '../../src/store/wal-checkpointer.js';
import { fixturePath, repoRoot } from '../helpers/corpus.js';
import { scratchDir } from '../perf/helpers.js';

const dir = scratchDir('checkpoint');

const archive = [fixturePath('archive/t2trg/2021-02.mail'), fixturePath('archive/iotops/2021-02.mail')];

/** 4,000 short messages, each starting a thread of its own: a log of more than 2,000 pages. */
const notesFile = path.join(dir, 'notes.mbox');
writeFileSync(
  notesFile,
  Array.from({ length: 4000 }, (_, n) => {
    const date = new Date(Date.UTC(2024, 0, 1) + n * 60_000).toUTCString();
    return `From ana@example.org Mon Jan  1 00:00:00 2024\nFrom: Ana <ana@example.org>\nMessage-ID: <note${n}@example.org>\nSubject: Note ${n} on bootstrapping\nDate: ${date}\n\nNote ${n}: BRSKI and EST, then FIDO Device Onboard for the ${n % 7} remaining devices.\n\n`;
  }).join(''),
);

/** The write-ahead log's frames and how many of them are copied into the store, from its index (the -shm file). */
function logState(store: string): { frames: number; copied: number } {
  const index = readFileSync(`${store}-shm`);
  return { frames: index.readUInt32LE(16), copied: index.readUInt32LE(96) };
}

describe('the write-ahead log', () => {
  it('is copied into the store by a thread of its own once it holds 2,000 pages, while the writer goes on', async () => {
    const file = path.join(dir, 'beside.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // The writer copies nothing itself: whatever is found copied, the thread copied.
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE pages (bytes BLOB)');
    const insert = db.prepare('INSERT INTO pages VALUES (randomblob(4000))');
    const checkpointer = new WalCheckpointer(file);
    const writePages = (count: number) => {
      db.transaction(() => {
        for (let i = 0; i < count; i++) insert.run();
      })();
      checkpointer.afterWrite();
    };

    writePages(500);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Few pages: left for the writer to copy when it closes.
    expect(logState(file).copied).toBe(0);

    writePages(2500);
    expect(logState(file).frames).toBeGreaterThan(2000);
    await vi.waitUntil(() => logState(file).copied === logState(file).frames, { timeout: 20_000, interval: 20 });

    // The writer goes on: the copied log starts again from its beginning.
    writePages(10);
    expect(logState(file)).toMatchObject({ copied: 0 });
    expect(logState(file).frames).toBeLessThan(100);
    await checkpointer.close();
    db.close();
    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare('SELECT count(*) FROM pages').pluck().get()).toBe(3010);
    reopened.close();
  });

  // Each in a process of its own, as the CLI runs: nothing else there keeps the process waiting. Enough
  // mail that the thread starts.
  it.each([
    { end: 'closes the store', close: true },
    { end: 'ends without closing the store', close: false },
  ])('lets a run that $end finish, and loses nothing', ({ close }) => {
    const file = path.join(dir, `run-${close}.sqlite`);
    const dist = (module: string) => path.join(repoRoot, 'dist', module);
    const script = `
      const { openStore } = await import(${JSON.stringify(dist('store/index.js'))});
      const { importPaths } = await import(${JSON.stringify(dist('ingest/import.js'))});
      const store = openStore(${JSON.stringify(file)});
      const summary = await importPaths(store, ${JSON.stringify([...archive, notesFile])}, { workers: 0 });
      console.log(summary.new, store.checkpointer.worker !== null);
      ${close ? 'await store.close();' : ''}`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(run.error, run.stderr).toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const [stored, threadStarted] = run.stdout.trim().split(' ');
    expect(threadStarted).toBe('true');
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(Number(stored));
    db.close();
  });
});
