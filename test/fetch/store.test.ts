import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveId } from '../../src/mail/index.js';
import { importPaths } from '../../src/ingest/import.js';
import { openStore, schemaVersion } from '../../src/store/index.js';
import type { DraftFile, Store } from '../../src/store/types.js';
import { fixturePath } from '../helpers/corpus.js';

let dir: string;
let file: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-fetch-store-'));
  file = path.join(dir, 'archive.sqlite');
  store = openStore(file);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const draft = (overrides: Partial<DraftFile> = {}): DraftFile => ({
  name: 'draft-sarikaya-t2trg-sbootstrapping',
  revision: '11',
  format: 'txt',
  source: 'https://www.ietf.org/archive/id/draft-sarikaya-t2trg-sbootstrapping-11.txt',
  text: 'Secure IoT Bootstrapping: A Survey\n',
  sha256: 'abc',
  fetchedAt: new Date('2021-02-19T10:00:00Z'),
  ...overrides,
});

describe('what the store keeps for fetching', () => {
  it('brings a version 1 store up to date, keeping its messages', async () => {
    await importPaths(store, [fixturePath('archive/t2trg/2021-02.mail')]);
    await store.close();
    const db = new Database(file);
    db.exec('DROP TABLE fetch_pages; DROP TABLE fetch_marks; DROP TABLE drafts;');
    db.pragma('user_version = 1');
    db.close();

    store = openStore(file);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(schemaVersion);
    check.close();
    expect((await store.counts()).messages).toBe(18);
    expect(await store.pageState('https://x/')).toBeNull();
  });

  it('remembers page validators, replacing them on each read', async () => {
    const state = { url: 'https://mailarchive.ietf.org/arch/browse/static/iotops/thread/2021-04/', etag: '"v1"', lastModified: 'Tue, 20 Apr 2021 10:00:00 GMT', complete: false, checkedAt: new Date('2021-04-20T10:00:00Z') };
    await store.putPageState(state);
    expect(await store.pageState(state.url)).toEqual(state);
    await store.putPageState({ ...state, etag: null, lastModified: null, complete: true, checkedAt: new Date('2021-05-02T10:00:00Z') });
    expect(await store.pageState(state.url)).toEqual({ ...state, etag: null, lastModified: null, complete: true, checkedAt: new Date('2021-05-02T10:00:00Z') });
  });

  it('knows which archive ids need no download: stored copies and marked downloads', async () => {
    await importPaths(store, [fixturePath('fetch/archive/t2trg/2021-04.mail')]);
    await store.markFetched('t2trg', [{ archiveId: 'GoneGoneGoneGoneGoneGoneGon', reason: 'gone from the archive (410)' }]);
    await store.markFetched('iotops', [{ archiveId: 'OtherListOtherListOtherList', reason: 'asks not to be archived (X-No-Archive)' }]);
    expect([...(await store.fetchedArchiveIds('t2trg'))].sort()).toEqual(
      [
        archiveId('f1a3c5e7-9b2d-4c6e-8a0f-3b5d7f9a1c4e@example.net', 't2trg'),
        archiveId('HE1PR0902MB1739A1B2C3D4E5F60718293A4B5C6@HE1PR0902MB1739.eurprd09.prod.outlook.com', 't2trg'),
        'GoneGoneGoneGoneGoneGoneGon',
      ].sort(),
    );
    expect([...(await store.fetchedArchiveIds('iotops'))]).toEqual(['OtherListOtherListOtherList']);
  });

  it('stores a draft file once, and lists revisions in order', async () => {
    expect(await store.putDraftFiles([draft()])).toBe(1);
    expect(await store.putDraftFiles([draft({ text: 'another text', sha256: 'def' })])).toBe(0);
    expect(await store.draftFile('draft-sarikaya-t2trg-sbootstrapping', '11', 'txt')).toEqual(draft());
    expect(await store.putDraftFiles([draft({ format: 'xml', text: null, sha256: null }), draft({ revision: '09' })])).toBe(2);
    expect((await store.draftFile('draft-sarikaya-t2trg-sbootstrapping', '11', 'xml'))?.text).toBeNull();
    await store.putDraftFiles([draft({ revision: '10' })]);
    expect(await store.draftRevisions('draft-sarikaya-t2trg-sbootstrapping')).toEqual(['09', '10', '11']);
    expect(await store.draftFile('draft-sarikaya-t2trg-sbootstrapping', '12', 'txt')).toBeNull();
  });
});
