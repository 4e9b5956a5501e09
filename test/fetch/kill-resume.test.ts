import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListlens } from '../helpers/cli.js';
import { ArchiveServer } from '../helpers/archive-server.js';
import { runListlens } from './run-cli.js';

let server: ArchiveServer;
let dir: string;
beforeAll(async () => {
  // Slow answers, so that a fetch is still downloading when it is killed.
  server = await ArchiveServer.start({ delayMs: 25 });
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-fetch-kill-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function count(file: string, table: string): number {
  if (!existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or mid-migration
  }
}

const fetchArgs = (store: string) => ['--store', store, 'fetch', 'iotops', 't2trg', '--since', '2021-02', '--until', '2021-04', '--archive', server.url, '--interval', '0'];

/** Starts a fetch and SIGKILLs it once the store holds at least `atLeast` copies (or it ends by itself). */
async function killWhenStored(store: string, atLeast: number): Promise<NodeJS.Signals | null> {
  const child = startListlens(fetchArgs(store));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
  for (let tries = 0; tries < 3000 && child.exitCode === null; tries++) {
    if (count(store, 'copies') >= atLeast) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  return exited;
}

describe('a fetch killed part-way', () => {
  it('leaves a consistent store, and running it again completes it with no duplicate', async () => {
    const store = path.join(dir, 'archive.sqlite');
    expect(await killWhenStored(store, 1)).toBe('SIGKILL');
    const afterFirst = count(store, 'copies');
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(51);
    await killWhenStored(store, afterFirst + 20);

    server.clearRequests();
    const resumed = await runListlens(fetchArgs(store));
    expect(resumed.status).toBe(0);
    const downloads = server.downloads().length;
    expect(downloads).toBeLessThan(51);
    expect(resumed.stderr).toMatch(new RegExp(`; ${downloads} messages? downloaded, \\d+ already stored, 0 gone; import: ${downloads} read, `));

    const db = new Database(store, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(count(store, 'messages')).toBe(41);
    expect(count(store, 'copies')).toBe(51);
    const served = ['iotops', 't2trg'].flatMap((list) => server.messages(list).map((m) => `${list} ${m.archiveId}`)).sort();
    const stored = (db.prepare('SELECT list, archive_id FROM copies ORDER BY list, archive_id').all() as { list: string; archive_id: string }[]).map(
      (row) => `${row.list} ${row.archive_id}`,
    );
    expect(stored.sort()).toEqual(served);
    expect((db.prepare('SELECT count(*) AS n FROM messages m LEFT JOIN message_threads th ON th.message = m.id WHERE th.root IS NULL').get() as { n: number }).n).toBe(0);
    db.close();

    server.clearRequests();
    const again = await runListlens(fetchArgs(store));
    expect(again.status).toBe(0);
    expect(server.downloads()).toEqual([]);
  });
});
