import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/ingest/import.js';
import { openStore } from '../../src/store/index.js';
import { fixturePath } from '../helpers/corpus.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const archive = [fixturePath('archive/t2trg/2021-02.mail'), fixturePath('archive/iotops/2021-02.mail')];

/** The write-ahead log's frames and how many of them are copied into the store, from its index (the -shm file). */
function logState(store: string): { frames: number; copied: number } {
  const index = readFileSync(`${store}-shm`);
  return { frames: index.readUInt32LE(16), copied: index.readUInt32LE(96) };
}

const allCopied = ({ frames, copied }: { frames: number; copied: number }): boolean => copied === frames;

async function eventually(check: () => boolean, seconds: number): Promise<boolean> {
  for (const end = Date.now() + seconds * 1000; Date.now() < end; ) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe('the write-ahead log', () => {
  it('is copied into the store by a thread of its own while the store stays open', async () => {
    const file = path.join(dir, 'beside.sqlite');
    const store = openStore(file);
    const summary = await importPaths(store, archive, { workers: 0 });
    await store.rethread();
    const { frames } = logState(file);
    // Far below the writer's own checkpoint (8,000 pages): the writer has copied nothing itself.
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThan(8000);
    expect(await eventually(() => allCopied(logState(file)), 10)).toBe(true);
    await store.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(summary.new);
    db.close();
  });

  // Each in a process of its own, as the CLI runs: nothing else there keeps the process waiting.
  it.each([
    { end: 'closes the store', close: true },
    { end: 'ends without closing the store', close: false },
  ])('lets a run that $end finish, and loses nothing', ({ close }) => {
    const file = path.join(dir, `run-${close}.sqlite`);
    const dist = (module: string) => path.join(fileURLToPath(new URL('../../dist/', import.meta.url)), module);
    const script = `
      const { openStore } = await import(${JSON.stringify(dist('store/index.js'))});
      const { importPaths } = await import(${JSON.stringify(dist('ingest/import.js'))});
      const store = openStore(${JSON.stringify(file)});
      const summary = await importPaths(store, ${JSON.stringify(archive)}, { workers: 0 });
      ${close ? 'await store.close();' : ''}
      console.log(summary.new);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.error, run.stderr).toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(Number(run.stdout.trim()));
    db.close();
  });
});
