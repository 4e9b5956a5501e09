import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/ingest/import.js';
import { openStore, schemaVersion } from '../../src/store/index.js';
import { fixturePath } from '../helpers/corpus.js';

// The tables the insert code and triggers keep beside the messages must always say what their
// definition says, worked out here from the messages and copies alone.

const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-bookkeeping-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The t2trg fixture month, and the same file cut inside its last message's header block, before its Message-ID. */
const month = readFileSync(fixturePath('archive/t2trg/2021-02.mail'), 'latin1');
const lastMessage = month.lastIndexOf('\nFrom ') + 1;
const cutMonth = month.slice(0, lastMessage + month.slice(lastMessage).search(/^Message-I[Dd]:/m));

function archiveFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text, 'latin1');
  return file;
}

/** Every id each message names, each pair once, from the messages themselves. */
const namesByDefinition = `SELECT DISTINCT name, message FROM (
    SELECT message_id AS name, id AS message FROM messages
    UNION ALL SELECT j.value, m.id FROM messages m, json_each(m.refs) j WHERE j.value <> ''
    UNION ALL SELECT in_reply_to, id FROM messages WHERE in_reply_to IS NOT NULL AND in_reply_to <> '')
  ORDER BY name, message`;
const syntheticCopiesByDefinition = `SELECT c.source_offset, c.message, c.list FROM copies c JOIN messages m ON m.id = c.message
  WHERE m.synthetic = 1 ORDER BY 1, 2, 3`;

function expectBookkeepingTrue(file: string): { names: number; syntheticCopies: number } {
  const db = new Database(file);
  try {
    const names = db.prepare('SELECT name, message FROM message_names_by_name ORDER BY name, message').all();
    expect(names).toEqual(db.prepare(namesByDefinition).all());
    const syntheticCopies = db.prepare('SELECT source_offset, message, list FROM synthetic_copies ORDER BY 1, 2, 3').all();
    expect(syntheticCopies).toEqual(db.prepare(syntheticCopiesByDefinition).all());
    // FTS5's own check that the quoted-text index holds what its content view computes.
    db.prepare("INSERT INTO messages_quoted_fts(messages_quoted_fts, rank) VALUES ('integrity-check', 1)").run();
    return { names: names.length, syntheticCopies: syntheticCopies.length };
  } finally {
    db.close();
  }
}

describe('what is kept beside the messages', () => {
  const file = path.join(dir, 'store.sqlite');
  let kept = { names: 0, syntheticCopies: 0 };

  it('holds what the messages name, their made-up-id copies and their quoted text, through a cut copy and its replacement', async () => {
    const store = openStore(file);
    await importPaths(store, [archiveFile('cut.mail', cutMonth)], { workers: 0 });
    const withCut = expectBookkeepingTrue(file);
    expect(withCut.syntheticCopies).toBeGreaterThan(0);
    expect(withCut.names).toBeGreaterThan(30);

    const whole = await importPaths(store, [archiveFile('whole.mail', month)], { workers: 0 });
    expect(whole).toMatchObject({ completed: 1 });
    kept = expectBookkeepingTrue(file);
    expect(kept.syntheticCopies).toBe(withCut.syntheticCopies - 1);
    await store.close();
  });

  it('is rebuilt from the messages when a store made before it (schema 10) is opened', async () => {
    const db = new Database(file);
    db.exec(`
      DROP TRIGGER synthetic_copies_insert; DROP TRIGGER synthetic_copies_delete; DROP TRIGGER synthetic_copies_update;
      DROP TRIGGER synthetic_copies_message; DROP TABLE synthetic_copies; DROP INDEX copies_offset;
      DROP TRIGGER message_names_delete; DROP TRIGGER message_names_update; DROP TABLE message_names_by_name;
      CREATE TABLE message_names (name TEXT NOT NULL, message INTEGER NOT NULL);
    `);
    db.pragma('user_version = 10');
    db.close();
    await openStore(file).close();
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(schemaVersion);
    check.close();
    expect(expectBookkeepingTrue(file)).toEqual(kept);
  });
});
