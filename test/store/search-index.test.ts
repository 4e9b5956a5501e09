import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchMessages } from '../../src/analyse/index.js';
import { importPaths } from '../../src/ingest/import.js';
import { openStore, schemaVersion } from '../../src/store/index.js';
import type { Store, StoredMessage } from '../../src/store/types.js';
import { fixturePath } from '../helpers/corpus.js';

/** The words of a text as FTS5's unicode61 tokenizer reads them. */
const wordsOf = (text: string): string[] => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const quotedOf = (message: StoredMessage) =>
  message.segments.filter((segment) => segment.kind === 'quote' || segment.kind === 'forwarded').map((segment) => segment.text).join('\n');

let dir: string;
let file: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-search-index-'));
  file = path.join(dir, 'archive.sqlite');
  store = openStore(file);
  await importPaths(store, [fixturePath('archive')]);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function storedMessages(): Promise<StoredMessage[]> {
  const roots = (await store.threads({})).map((thread) => thread.root);
  return (await Promise.all(roots.map((root) => store.threadMessages(root)))).flat();
}

const found = async (query: string) =>
  (await searchMessages(store, query, { limit: 1000, sort: 'date' })).hits.map((hit) => hit.messageId).sort();

/** What each kind of indexed search must find, worked out from the stored messages without the index. */
async function expectSearchesFindExactly(): Promise<void> {
  const messages = await storedMessages();
  const matching = (test: (message: StoredMessage) => boolean) => messages.filter(test).map((message) => message.messageId).sort();
  const prefixed = (text: string, prefix: string) => wordsOf(text).some((word) => word.startsWith(prefix));
  expect(await found('secur*')).toEqual(matching((message) => prefixed(message.ownText, 'secur')));
  expect(await found('secur*').then((hits) => hits.length)).toBeGreaterThan(2);
  expect(await found('q:BRSKI')).toEqual(matching((message) => wordsOf(quotedOf(message)).includes('brski')));
  expect(await found('q:onboard*')).toEqual(matching((message) => prefixed(quotedOf(message), 'onboard')));
  expect(await found('all:regards')).toEqual(matching((message) => wordsOf(`${message.subject}\n${message.text}`).includes('regards')));
  expect(await found('d:2021-02-21..2021-02-23')).toEqual(
    matching((message) => message.date !== null && message.date >= new Date('2021-02-21') && message.date < new Date('2021-02-24')),
  );
}

/** FTS5's own check that each index holds exactly what its content (the messages) says. */
function ftsIntact(): void {
  const db = new Database(file);
  for (const table of ['messages_fts', 'messages_quoted_fts']) db.prepare(`INSERT INTO ${table}(${table}, rank) VALUES ('integrity-check', 1)`).run();
  db.close();
}

describe('the search index', () => {
  it('finds prefixes, quoted text, everything and date ranges exactly', async () => {
    await expectSearchesFindExactly();
  });

  it('expands a prefix that stands for many words as FTS5 reads it, and one that stands for none', async () => {
    const messages = await storedMessages();
    const expected = messages.filter((message) => wordsOf(message.ownText).some((word) => word.startsWith('s'))).map((message) => message.messageId).sort();
    expect(await found('s*')).toEqual(expected);
    expect(await found('zzyzx*')).toEqual([]);
  });

  it('brings a version 4 store (own words and subjects indexed, quoted text not, no date index) up to date, its messages searchable', async () => {
    await store.close();
    const db = new Database(file);
    db.exec(`
      DROP TRIGGER messages_quoted_delete; DROP TRIGGER messages_quoted_update;
      DROP TABLE messages_quoted_terms; DROP TABLE messages_quoted_fts; DROP VIEW messages_quoted_source;
      DROP TABLE messages_fts_terms; DROP INDEX messages_date; DROP TABLE maildir_folders; DROP TABLE maildir_names;
    `);
    db.pragma('user_version = 4');
    db.close();
    store = openStore(file);
    expect(await store.counts()).toMatchObject({ messages: 34 });
    await expectSearchesFindExactly();
    ftsIntact();
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'messages_date'").pluck().get()).toBe('messages_date');
    check.close();
  });

  it('stays in step with the messages as they are stored again', async () => {
    await importPaths(store, [fixturePath('archive')]);
    await expectSearchesFindExactly();
    ftsIntact();
  });
});
