import type Database from 'better-sqlite3';
import { ListlensError } from '../core/index.js';
import { looksLikeReply, type Segment } from '../mail/index.js';
import { startTime } from './sqlite-threads.js';

/** The segments `q:` searches, and those besides own words and quotes that `all:` also searches. */
const quotedKinds = "IN ('quote', 'forwarded')";
const otherKinds = "NOT IN ('own', 'quote', 'forwarded')";
const quotedKindSet: ReadonlySet<Segment['kind']> = new Set(['quote', 'forwarded']);
/** A UTF-16 half with no other half: SQLite would store it as other text than JSON.parse gives back. */
const loneSurrogate = /[\uD800-\uDFFF]/u;

/**
 * What the quoted-text index holds for a message, as the view `messages_quoted_source` computes it from
 * the stored segments (its text of the quoted kinds and of the other kinds, null when there is none);
 * null when only the view can say (a text SQLite would store changed).
 */
export function quotedIndexText(segments: readonly Segment[]): { quoted: string | null; other: string | null } | null {
  const quoted: string[] = [];
  const other: string[] = [];
  for (const segment of segments) {
    if (loneSurrogate.test(segment.text)) return null;
    if (quotedKindSet.has(segment.kind)) quoted.push(segment.text);
    else if (segment.kind !== 'own') other.push(segment.text);
  }
  return { quoted: quoted.length > 0 ? quoted.join('\n') : null, other: other.length > 0 ? other.join('\n') : null };
}

/**
 * Each migration takes the schema from version `index` to `index + 1`. Append only: a released
 * migration is never edited, so every store can be brought up to date from any earlier version.
 */
/** SQL, or code where a step must look first (SQLite has no ADD COLUMN IF NOT EXISTS). */
const migrations: (string | ((db: Database.Database) => void))[] = [
  `
  CREATE TABLE raw (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    encoding TEXT NOT NULL,
    bytes BLOB NOT NULL
  );
  CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
  );
  CREATE TABLE addresses (
    address TEXT PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id)
  );
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    synthetic INTEGER NOT NULL,
    date TEXT,
    date_source TEXT NOT NULL,
    from_name TEXT NOT NULL,
    from_address TEXT NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    subject TEXT NOT NULL,
    base_subject TEXT NOT NULL,
    in_reply_to TEXT,
    refs TEXT NOT NULL,
    archived_at TEXT NOT NULL,
    body_source TEXT NOT NULL,
    text TEXT NOT NULL,
    own_text TEXT NOT NULL,
    segments TEXT NOT NULL,
    attachments TEXT NOT NULL,
    warnings TEXT NOT NULL,
    thread_root TEXT,
    thread_depth INTEGER,
    thread_order INTEGER
  );
  CREATE INDEX messages_thread ON messages(thread_root, thread_order);
  CREATE INDEX messages_participant ON messages(participant_id);
  CREATE TABLE copies (
    message INTEGER NOT NULL REFERENCES messages(id),
    list TEXT NOT NULL,
    archive_id TEXT NOT NULL,
    raw INTEGER NOT NULL REFERENCES raw(id),
    source TEXT NOT NULL,
    source_offset INTEGER NOT NULL,
    PRIMARY KEY (message, list)
  ) WITHOUT ROWID;
  CREATE INDEX copies_archive_id ON copies(list, archive_id);
  CREATE INDEX copies_raw ON copies(raw);
  CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE VIRTUAL TABLE messages_fts USING fts5(
    subject, own_text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, subject, own_text) VALUES (new.id, new.subject, new.own_text);
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, subject, own_text) VALUES ('delete', old.id, old.subject, old.own_text);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF subject, own_text ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, subject, own_text) VALUES ('delete', old.id, old.subject, old.own_text);
    INSERT INTO messages_fts(rowid, subject, own_text) VALUES (new.id, new.subject, new.own_text);
  END;
  `,
  // 2: what fetching needs to be incremental and resumable, and the draft cache.
  `
  CREATE TABLE fetch_pages (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    complete INTEGER NOT NULL,
    checked_at TEXT NOT NULL
  );
  CREATE TABLE fetch_marks (
    list TEXT NOT NULL,
    archive_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (list, archive_id)
  ) WITHOUT ROWID;
  CREATE TABLE drafts (
    name TEXT NOT NULL,
    revision TEXT NOT NULL,
    format TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT,
    text TEXT,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (name, revision, format)
  ) WITHOUT ROWID;
  `,
  // 3: import at archive scale: files already imported whole, and threading only what changed.
  `
  CREATE TABLE IF NOT EXISTS imported_files (
    sha256 TEXT NOT NULL,
    list TEXT NOT NULL,
    path TEXT NOT NULL,
    messages INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (sha256, list)
  ) WITHOUT ROWID;
  `,
  // 4: IMAP sync: per server and list, the folder's UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and the UIDs had.
  `
  CREATE TABLE IF NOT EXISTS imap_folders (
    server TEXT NOT NULL,
    list TEXT NOT NULL,
    folder TEXT NOT NULL,
    uid_validity INTEGER NOT NULL,
    uid_next INTEGER NOT NULL,
    highest_modseq TEXT,
    synced_uids TEXT NOT NULL,
    synced_at TEXT,
    PRIMARY KEY (server, list)
  ) WITHOUT ROWID;
  `,
  // 5: search indexed throughout. A second FTS5 table indexes the quoted text (`q:`) and the rest of
  // the body (attributions, signatures, footers; with the subject and own words, `all:`), read through
  // a view of the segments so that no text is stored twice; kept apart from the own words so that
  // their searches read no longer lists. Vocabulary tables expand prefixes (`secur*`) into the words
  // they stand for; dates are indexed for `d:` and date order.
  `
  DROP TRIGGER IF EXISTS messages_quoted_insert;
  DROP TRIGGER IF EXISTS messages_quoted_delete;
  DROP TRIGGER IF EXISTS messages_quoted_update;
  DROP TABLE IF EXISTS messages_quoted_terms;
  DROP TABLE IF EXISTS messages_quoted_fts;
  DROP VIEW IF EXISTS messages_quoted_source;
  DROP TABLE IF EXISTS messages_fts_terms;
  CREATE VIRTUAL TABLE messages_fts_terms USING fts5vocab(messages_fts, 'row');
  CREATE VIEW messages_quoted_source AS SELECT id,
    ${segmentText('messages', quotedKinds)} AS quoted, ${segmentText('messages', otherKinds)} AS other
    FROM messages;
  CREATE VIRTUAL TABLE messages_quoted_fts USING fts5(
    quoted, other, content='messages_quoted_source', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  );
  INSERT INTO messages_quoted_fts(messages_quoted_fts) VALUES ('rebuild');
  CREATE VIRTUAL TABLE messages_quoted_terms USING fts5vocab(messages_quoted_fts, 'row');
  CREATE TRIGGER messages_quoted_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_quoted_fts(rowid, quoted, other) VALUES (${quotedValues('new')});
  END;
  CREATE TRIGGER messages_quoted_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_quoted_fts(messages_quoted_fts, rowid, quoted, other) VALUES ('delete', ${quotedValues('old')});
  END;
  CREATE TRIGGER messages_quoted_update AFTER UPDATE OF segments ON messages BEGIN
    INSERT INTO messages_quoted_fts(messages_quoted_fts, rowid, quoted, other) VALUES ('delete', ${quotedValues('old')});
    INSERT INTO messages_quoted_fts(rowid, quoted, other) VALUES (${quotedValues('new')});
  END;
  CREATE INDEX IF NOT EXISTS messages_date ON messages(date);
  `,
  // 6: maildir re-scans in O(folders): the state of each cur/ and new/ folder as last imported, and the
  // base names (without :2,FLAGS) of the files imported from each maildir.
  `
  CREATE TABLE IF NOT EXISTS maildir_folders (
    folder TEXT NOT NULL,
    list TEXT NOT NULL,
    mtime_ms REAL NOT NULL,
    files INTEGER NOT NULL,
    PRIMARY KEY (folder, list)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS maildir_names (
    maildir TEXT NOT NULL,
    list TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (maildir, list, name)
  ) WITHOUT ROWID;
  `,
  // 7: two different messages with one Message-ID are both kept: the second under `<id>#<content key>`,
  // its Message-ID in header_message_id (null when the stored id is the header's); and the messages with
  // a made-up id, among which a copy cut before its Message-ID line is looked for when the whole comes.
  (db) => {
    const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('messages')").all();
    if (!columns.some((column) => column.name === 'header_message_id')) db.exec('ALTER TABLE messages ADD COLUMN header_message_id TEXT');
    db.exec(`
      CREATE INDEX IF NOT EXISTS messages_header_id ON messages(header_message_id) WHERE header_message_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS messages_synthetic ON messages(id) WHERE synthetic = 1;
    `);
  },
  // 8: the parent a reply without In-Reply-To/References was attached to by its quoted header block.
  `
  CREATE TABLE IF NOT EXISTS inferred_parents (
    message_id TEXT PRIMARY KEY,
    parent TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 9: the chairs the datatracker lists for a group (a list's acronym), kept like drafts so offline runs use them.
  `
  CREATE TABLE IF NOT EXISTS group_chairs (
    acronym TEXT PRIMARY KEY,
    chairs TEXT NOT NULL,
    source TEXT NOT NULL,
    fetched_at TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 10: what incremental threading needs. `message_names` holds every id a message names (its own, its
  // References, its In-Reply-To), kept by triggers; `thread_keys` the subject key of each thread's first
  // message (filled by the threader); `threads_dirty` the threads a changed message was in. Two indexes
  // let parent inference read only the messages without In-Reply-To/References and the candidates.
  `
  CREATE TABLE IF NOT EXISTS message_names (name TEXT NOT NULL, message INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS message_names_name ON message_names(name);
  CREATE INDEX IF NOT EXISTS message_names_message ON message_names(message);
  INSERT INTO message_names (name, message)
    SELECT message_id, id FROM messages
    UNION ALL SELECT j.value, m.id FROM messages m, json_each(m.refs) j WHERE j.value <> ''
    UNION ALL SELECT in_reply_to, id FROM messages WHERE in_reply_to IS NOT NULL AND in_reply_to <> '';
  CREATE TABLE IF NOT EXISTS thread_keys (root TEXT PRIMARY KEY, key TEXT NOT NULL) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS thread_keys_key ON thread_keys(key);
  CREATE TABLE IF NOT EXISTS threads_dirty (root TEXT PRIMARY KEY) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS messages_unreferencing ON messages(id) WHERE (in_reply_to IS NULL OR in_reply_to = '') AND refs = '[]';
  CREATE INDEX IF NOT EXISTS messages_subject_key ON messages(lower(base_subject));
  DELETE FROM state WHERE key = 'thread_keys';
  CREATE TRIGGER IF NOT EXISTS message_names_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_names (name, message)
      SELECT new.message_id, new.id
      UNION ALL SELECT j.value, new.id FROM json_each(new.refs) j WHERE j.value <> ''
      UNION ALL SELECT new.in_reply_to, new.id WHERE new.in_reply_to IS NOT NULL AND new.in_reply_to <> '';
  END;
  CREATE TRIGGER IF NOT EXISTS message_names_delete AFTER DELETE ON messages BEGIN
    DELETE FROM message_names WHERE message = old.id;
    INSERT OR IGNORE INTO threads_dirty (root) SELECT old.thread_root WHERE old.thread_root IS NOT NULL;
  END;
  CREATE TRIGGER IF NOT EXISTS message_names_update AFTER UPDATE OF message_id, refs, in_reply_to, subject, date ON messages
  WHEN old.message_id IS NOT new.message_id OR old.refs IS NOT new.refs OR old.in_reply_to IS NOT new.in_reply_to
    OR old.subject IS NOT new.subject OR old.date IS NOT new.date BEGIN
    DELETE FROM message_names WHERE message = old.id;
    INSERT INTO message_names (name, message)
      SELECT new.message_id, new.id
      UNION ALL SELECT j.value, new.id FROM json_each(new.refs) j WHERE j.value <> ''
      UNION ALL SELECT new.in_reply_to, new.id WHERE new.in_reply_to IS NOT NULL AND new.in_reply_to <> '';
    INSERT OR IGNORE INTO threads_dirty (root) SELECT old.thread_root WHERE old.thread_root IS NOT NULL;
  END;
  `,
  // 11: less work for each message stored. `message_names` gives way to `message_names_by_name`, one
  // B-tree keyed by (name, message), each pair once, instead of a table and two indexes: a message's
  // names are read from its own row, and its rows found by those names. A new message's names and its quoted-text index entry are
  // written by the insert code (sqlite-store.ts) from values it already has, instead of by triggers
  // that parsed the stored JSON again; changes and deletions keep their triggers. A copy cut before
  // its Message-ID line is looked for by its place in its file: `synthetic_copies` holds the copies of
  // the messages with a made-up id by offset (kept by triggers), and `copies_offset` every copy's, so
  // that neither look-up reads all the made-up-id messages, or all copies, for each message stored.
  `
  DROP TRIGGER IF EXISTS message_names_insert;
  DROP TRIGGER IF EXISTS message_names_delete;
  DROP TRIGGER IF EXISTS message_names_update;
  DROP TRIGGER IF EXISTS messages_quoted_insert;
  DROP TABLE IF EXISTS message_names;
  CREATE TABLE IF NOT EXISTS message_names_by_name (
    name TEXT NOT NULL,
    message INTEGER NOT NULL,
    PRIMARY KEY (name, message)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO message_names_by_name (name, message) SELECT m.message_id, m.id FROM messages m
    UNION ALL SELECT j.value, m.id FROM messages m, json_each(m.refs) j WHERE j.value <> ''
    UNION ALL SELECT m.in_reply_to, m.id FROM messages m WHERE m.in_reply_to IS NOT NULL AND m.in_reply_to <> '';
  ${messageNamesTriggers('SELECT old.thread_root WHERE old.thread_root IS NOT NULL')}
  CREATE INDEX IF NOT EXISTS copies_offset ON copies(source_offset);
  CREATE TABLE IF NOT EXISTS synthetic_copies (
    source_offset INTEGER NOT NULL,
    message INTEGER NOT NULL,
    list TEXT NOT NULL,
    PRIMARY KEY (source_offset, message, list)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO synthetic_copies (source_offset, message, list)
    SELECT c.source_offset, c.message, c.list FROM messages m INDEXED BY messages_synthetic JOIN copies c ON c.message = m.id
    WHERE m.synthetic = 1;
  CREATE TRIGGER IF NOT EXISTS synthetic_copies_insert AFTER INSERT ON copies
  WHEN (SELECT synthetic FROM messages WHERE id = new.message) = 1 BEGIN
    INSERT OR IGNORE INTO synthetic_copies (source_offset, message, list) VALUES (new.source_offset, new.message, new.list);
  END;
  CREATE TRIGGER IF NOT EXISTS synthetic_copies_delete AFTER DELETE ON copies BEGIN
    DELETE FROM synthetic_copies WHERE source_offset = old.source_offset AND message = old.message AND list = old.list;
  END;
  CREATE TRIGGER IF NOT EXISTS synthetic_copies_update AFTER UPDATE OF source_offset, message, list ON copies BEGIN
    DELETE FROM synthetic_copies WHERE source_offset = old.source_offset AND message = old.message AND list = old.list;
    INSERT OR IGNORE INTO synthetic_copies (source_offset, message, list)
      SELECT new.source_offset, new.message, new.list WHERE (SELECT synthetic FROM messages WHERE id = new.message) = 1;
  END;
  CREATE TRIGGER IF NOT EXISTS synthetic_copies_message AFTER UPDATE OF synthetic ON messages
  WHEN old.synthetic IS NOT new.synthetic BEGIN
    DELETE FROM synthetic_copies WHERE message = old.id;
    INSERT OR IGNORE INTO synthetic_copies (source_offset, message, list)
      SELECT source_offset, message, list FROM copies WHERE message = new.id AND new.synthetic = 1;
  END;
  `,
  // 12: each thread's place in subject gathering beside its subject key: its first message's time (null
  // when undated) and whether that subject is a reply's, indexed in gathering order, so that incremental
  // threading reads the threads next to a new root instead of every thread of its key. The table is
  // written again in one pass (a JS function reads each first message as threading does).
  (db) => {
    db.function('listlens_start_time', { deterministic: true }, (date: unknown) =>
      typeof date === 'string' ? startTime(new Date(date)) : null,
    );
    db.function('listlens_is_reply', { deterministic: true }, (subject: unknown) => (looksLikeReply(typeof subject === 'string' ? subject : '') ? 1 : 0));
    db.exec(`
    CREATE TABLE thread_starts (root TEXT PRIMARY KEY, key TEXT NOT NULL, time REAL, reply INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO thread_starts (root, key, time, reply)
      SELECT t.root, t.key, listlens_start_time(m.date), listlens_is_reply(m.subject)
      FROM thread_keys t LEFT JOIN messages m ON m.message_id = t.root;
    DROP TABLE thread_keys;
    ALTER TABLE thread_starts RENAME TO thread_keys;
    CREATE INDEX thread_keys_order ON thread_keys(key, time, root);
    `);
  },
  // 13: each message's place in its thread in a small row of its own. In `messages` the three columns
  // came after the text, and setting them wrote the whole row again (a page or more a message threaded,
  // 17% of what a first import wrote); they stay there, unused, as dropping a column rewrites the table.
  // A new message gets its row, unthreaded (root null), as it is inserted; the triggers that mark a
  // changed or deleted message's thread dirty read the root from here.
  `
  CREATE TABLE IF NOT EXISTS message_threads (message INTEGER PRIMARY KEY, root TEXT, depth INTEGER, ord INTEGER);
  INSERT OR IGNORE INTO message_threads (message, root, depth, ord) SELECT id, thread_root, thread_depth, thread_order FROM messages;
  CREATE INDEX IF NOT EXISTS message_threads_root ON message_threads(root, ord);
  DROP INDEX IF EXISTS messages_thread;
  CREATE TRIGGER IF NOT EXISTS message_threads_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_threads (message) VALUES (new.id);
  END;
  DROP TRIGGER IF EXISTS message_names_delete;
  DROP TRIGGER IF EXISTS message_names_update;
  ${messageNamesTriggers('SELECT root FROM message_threads WHERE message = old.id AND root IS NOT NULL', 'DELETE FROM message_threads WHERE message = old.id;')}
  `,
  // 14: a new message's own words go into the full-text index from the insert code, at the end of its
  // transaction, instead of from a trigger as it is inserted. FTS5 writes what it holds in memory to disk
  // as a new segment whenever a later statement of the transaction opens a statement journal (an insert
  // with triggers, an INSERT ... SELECT): written one message at a time, each message became a segment
  // of its own, merged again and again. Changes and deletions keep their triggers.
  `
  DROP TRIGGER IF EXISTS messages_fts_insert;
  `,
];

/**
 * SQL for the text of a message's segments of the kinds `kinds` (an IN clause), a line between each.
 * A recursive walk, not `json_each`: FTS5 reads its content (the view) with virtual tables barred.
 */
function segmentText(row: string, kinds: string): string {
  const segment = (field: string) => `json_extract(${row}.segments, '$[' || i || '].${field}')`;
  return `(WITH RECURSIVE segment(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM segment WHERE i + 1 < json_array_length(${row}.segments))
    SELECT group_concat(${segment('text')}, char(10)) FROM segment WHERE ${segment('kind')} ${kinds})`;
}

/** SQL for the ids a message row names: its own, its References, its In-Reply-To (a `name` column). */
function namesOf(row: string): string {
  return `SELECT ${row}.message_id AS name
    UNION ALL SELECT j.value FROM json_each(${row}.refs) j WHERE j.value <> ''
    UNION ALL SELECT ${row}.in_reply_to WHERE ${row}.in_reply_to IS NOT NULL AND ${row}.in_reply_to <> ''`;
}

/**
 * The triggers that keep the names of a changed or deleted message (migration 11) and put its old thread
 * in `threads_dirty`: `oldRoot` selects that root (none for a message never threaded); `alsoOnDelete`
 * is SQL run last when a message is deleted.
 */
function messageNamesTriggers(oldRoot: string, alsoOnDelete = ''): string {
  return `CREATE TRIGGER message_names_delete AFTER DELETE ON messages BEGIN
    DELETE FROM message_names_by_name WHERE message = old.id AND name IN (${namesOf('old')});
    INSERT OR IGNORE INTO threads_dirty (root) ${oldRoot};
    ${alsoOnDelete}
  END;
  CREATE TRIGGER message_names_update AFTER UPDATE OF message_id, refs, in_reply_to, subject, date ON messages
  WHEN old.message_id IS NOT new.message_id OR old.refs IS NOT new.refs OR old.in_reply_to IS NOT new.in_reply_to
    OR old.subject IS NOT new.subject OR old.date IS NOT new.date BEGIN
    DELETE FROM message_names_by_name WHERE message = old.id AND name IN (${namesOf('old')});
    INSERT OR IGNORE INTO message_names_by_name (name, message) SELECT name, new.id FROM (${namesOf('new')});
    INSERT OR IGNORE INTO threads_dirty (root) ${oldRoot};
  END;`;
}

function quotedValues(row: string): string {
  return `${row}.id, ${segmentText(row, quotedKinds)}, ${segmentText(row, otherKinds)}`;
}

export const schemaVersion = migrations.length;

/** For a store opened read-only, which cannot be migrated: its schema must be this listlens's. */
export function checkSchemaVersion(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current === schemaVersion) return;
  const remedy = current > schemaVersion ? 'upgrade listlens' : 'run a listlens command that writes (import, fetch) to upgrade it';
  throw new ListlensError('failed', `store schema version ${current} is not ${schemaVersion}, this listlens's; ${remedy}`);
}

/** Brings the store's schema up to `schemaVersion`, each step in its own transaction. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > schemaVersion) {
    throw new ListlensError(
      'failed',
      `store schema version ${current} is newer than this listlens understands (${schemaVersion}); upgrade listlens`,
    );
  }
  for (let version = current; version < schemaVersion; version++) {
    db.transaction(() => {
      // Another writer opening the store at the same moment may have taken this step already.
      if ((db.pragma('user_version', { simple: true }) as number) > version) return;
      const step = migrations[version]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
