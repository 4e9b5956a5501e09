import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

const question = `From chair@example.org  Mon Feb 22 10:00:00 2021
From: Chair <chair@example.org>
Subject: Bootstrapping survey
Message-ID: <survey@example.org>
List-Id: <iotops.ietf.org>
Date: Mon, 22 Feb 2021 10:00:00 +0000

Are BRSKI and EST covered?

`;

const answer = `From ana@example.org  Mon Feb 22 11:00:00 2021
From: Ana <ana@example.org>
Subject: Re: Bootstrapping survey
In-Reply-To: <survey@example.org>
References: <survey@example.org>
Message-ID: <survey-answer@example.org>
List-Id: <iotops.ietf.org>
Date: Mon, 22 Feb 2021 11:00:00 +0000

Chair wrote:
> Are BRSKI and EST covered?

BRSKI is, in section 4; FIDO Device Onboard is not.
`;

function archiveFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
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
    await importPaths(store, [fixturePath('archive')], { workers: 0 });
    const cutAt = answer.indexOf('Message-ID');
    await importPaths(store, [archiveFile('cut.mail', question + answer.slice(0, cutAt))], { workers: 0 });
    const withCut = expectBookkeepingTrue(file);
    expect(withCut.syntheticCopies).toBeGreaterThan(0);
    expect(withCut.names).toBeGreaterThan(50);

    const whole = await importPaths(store, [archiveFile('whole.mail', question + answer)], { workers: 0 });
    expect(whole).toMatchObject({ completed: 1 });
    expect((await store.message('survey-answer@example.org'))?.messageIdSynthetic).toBe(false);
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
