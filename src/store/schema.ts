import type Database from 'better-sqlite3';
import { ListlensError } from '../core/index.js';

/**
 * Each migration takes the schema from version `index` to `index + 1`. Append only: a released
 * migration is never edited, so every store can be brought up to date from any earlier version.
 */
const migrations: string[] = [
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
  // 5: the parent a reply without In-Reply-To/References was attached to by its quoted header block.
  `
  CREATE TABLE IF NOT EXISTS inferred_parents (
    message_id TEXT PRIMARY KEY,
    parent TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
];

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
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
