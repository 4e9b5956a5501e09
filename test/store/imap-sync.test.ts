import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/ingest/import.js';
import { openStore, schemaVersion } from '../../src/store/index.js';
import type { ImapFolderSync, Store } from '../../src/store/types.js';
import { fixturePath } from '../helpers/corpus.js';

let dir: string;
let file: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-imap-store-'));
  file = path.join(dir, 'archive.sqlite');
  store = openStore(file);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const sync = (overrides: Partial<ImapFolderSync> = {}): ImapFolderSync => ({
  server: 'imaps://imap.ietf.org',
  list: 'iotops',
  folder: 'Shared Folders/iotops',
  uidValidity: 1_612_345_678,
  uidNext: 26,
  highestModseq: '9223372036854775000',
  syncedUids: [{ first: 1, last: 10 }],
  syncedAt: null,
  ...overrides,
});

describe('what the store keeps for IMAP sync', () => {
  it('has nothing for a list never synced', async () => {
    expect(await store.imapFolderSync('imaps://imap.ietf.org', 'iotops')).toBeNull();
    expect(await store.imapFolderSyncs('imaps://imap.ietf.org')).toEqual([]);
  });

  it('keeps UIDVALIDITY, UIDNEXT, a 63-bit HIGHESTMODSEQ and the UIDs had, merged, across a reopen', async () => {
    await store.putImapFolderSync(sync({ syncedUids: [{ first: 11, last: 25 }, { first: 1, last: 10 }, { first: 30, last: 30 }] }));
    await store.close();
    store = openStore(file);
    expect(await store.imapFolderSync('imaps://imap.ietf.org', 'iotops')).toEqual(sync({ syncedUids: [{ first: 1, last: 25 }, { first: 30, last: 30 }] }));
    const done = new Date('2026-12-06T10:00:00Z');
    await store.putImapFolderSync(sync({ uidNext: 31, syncedAt: done }));
    expect(await store.imapFolderSync('imaps://imap.ietf.org', 'iotops')).toMatchObject({ uidNext: 31, syncedAt: done });
  });

  it('keeps each server apart: UIDs are a server\'s own', async () => {
    await store.putImapFolderSync(sync());
    await store.putImapFolderSync(sync({ server: 'imaps://mirror.example', uidValidity: 7 }));
    await store.putImapFolderSync(sync({ list: 't2trg', folder: 'Shared Folders/t2trg' }));
    expect((await store.imapFolderSyncs('imaps://imap.ietf.org')).map((s) => s.list)).toEqual(['iotops', 't2trg']);
    expect(await store.imapFolderSync('imaps://mirror.example', 'iotops')).toMatchObject({ uidValidity: 7 });
  });

  it('counts the stored copies of each list', async () => {
    await importPaths(store, [fixturePath('archive')]);
    expect(Object.fromEntries(await store.copiesPerList())).toEqual({ iotops: 24, t2trg: 18 }); // one iotops message asks not to be archived;
  });

  it('brings a version 3 store up to date', async () => {
    await store.close();
    const db = new Database(file);
    db.exec('DROP TABLE imap_folders;');
    db.pragma('user_version = 3');
    db.close();
    store = openStore(file);
    await store.putImapFolderSync(sync());
    expect(await store.imapFolderSync('imaps://imap.ietf.org', 'iotops')).toEqual(sync());
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(schemaVersion);
    check.close();
  });
});
