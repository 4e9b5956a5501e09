import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ListlensError, mergeUidRanges } from '../core/index.js';
import { archiveId, archiveUrl, contentKey, participantKey, sameMessage } from '../mail/index.js';
import type { Identity, Message, MessageContent, ParentText } from '../mail/index.js';
import { subThreadStarts } from '../thread/index.js';
import { decodeRaw, encodeRaw } from './raw-encoding.js';
import { checkSchemaVersion, migrate, quotedIndexText } from './schema.js';
import { messageConditions, registerSearchFunctions, SqliteSearch } from './sqlite-search.js';
import { canThreadIncrementally, hasThreadWork, rethreadIncrementally } from './sqlite-incremental-threads.js';
import { namedIds, placedMessages, rethreadInBatches } from './sqlite-threads.js';
import { SqliteMaildirScan } from './sqlite-maildir-scan.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import type {
  CopyInput,
  DraftFile,
  FetchMark,
  GroupChairs,
  DraftFileFormat,
  ImapFolderSync,
  ImportedFile,
  MaildirFolderState,
  MaildirScan,
  PageState,
  Participant,
  MessageSearch,
  ParticipantActivity,
  PutOutcome,
  SearchHit,
  Store,
  StoredCopy,
  StoredDraftFile,
  StoredMessage,
  SubThread,
  ThreadFilter,
  ThreadSummary,
  RethreadOptions,
} from './types.js';

interface MessageRow {
  id: number;
  message_id: string;
  header_message_id: string | null;
  synthetic: number;
  date: string | null;
  date_source: string;
  from_name: string;
  from_address: string;
  participant_id: number;
  participant_name: string;
  subject: string;
  base_subject: string;
  in_reply_to: string | null;
  refs: string;
  archived_at: string;
  text: string;
  own_text: string;
  segments: string;
  attachments: string;
  warnings: string;
  thread_root: string | null;
  thread_depth: number | null;
  inferred_parent: string | null;
}

interface StoredRawRow {
  message: number;
  list: string;
  raw: number;
  encoding: string;
  bytes: Buffer;
}

/** Whether `whole` begins with `part` and is longer. */
function startsWith(whole: Buffer, part: Buffer): boolean {
  return part.length < whole.length && whole.subarray(0, part.length).equals(part);
}

const rawOf = (row: StoredRawRow): Buffer => decodeRaw(row.encoding, row.bytes);

/** A message stored in this transaction whose full-text entries are still to be written (`writeSearchEntries`). */
interface UnindexedMessage {
  id: number;
  subject: string;
  ownText: string;
  /** Its quoted and other text; null when SQL makes them from the stored segments (`quotedIndexText`). */
  quoted: { quoted: string | null; other: string | null } | null;
}

interface SameIdRow {
  id: number;
  message_id: string;
  text: string;
  own_text: string;
  from_address: string;
  date: string | null;
}

const storedContent = (row: SameIdRow): MessageContent => ({
  text: row.text,
  ownText: row.own_text,
  fromAddress: row.from_address,
  date: dateOf(row.date),
});

const contentOf = (message: Message): MessageContent => ({
  text: message.text,
  ownText: message.ownText,
  fromAddress: message.from.address,
  date: message.date,
});

interface CopyRow {
  list: string;
  archive_id: string;
  source: string;
  source_offset: number;
}

interface PageRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  complete: number;
  checked_at: string;
}

interface DraftRow {
  name: string;
  revision: string;
  format: string;
  source: string;
  sha256: string | null;
  text: string | null;
  fetched_at: string;
}

interface ImportedFileRow {
  sha256: string;
  list: string;
  path: string;
  messages: number;
  skipped: number;
  imported_at: string;
}

interface ImapFolderRow {
  server: string;
  list: string;
  folder: string;
  uid_validity: number;
  uid_next: number;
  highest_modseq: string | null;
  synced_uids: string;
  synced_at: string | null;
}

interface ThreadRow {
  root: string;
  subject: string;
  lists: string | null;
  message_count: number;
  participant_count: number;
  first_date: string | null;
  last_date: string | null;
}

const dateOf = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

/** A `group_concat(…, ',')` column back as its values. */
const splitJoined = (joined: string | null): string[] => (joined ? joined.split(',') : []);

/** The `addresses` column of a participant `p`: their addresses, sorted, comma-joined. */
const participantAddresses = `(SELECT group_concat(address, ',') FROM
  (SELECT address FROM addresses a WHERE a.participant_id = p.id ORDER BY address)) AS addresses`;

/**
 * How long a write waits for another connection's write: longer than any one transaction (a batch of
 * 200 messages, a batch of threads) takes under load, so that two writers (a library user's, an MCP
 * fetch beside an import) take turns instead of failing with "database is locked".
 */
const writerBusyTimeoutMs = 120_000;
/** A reader waits only while a writer switches the journal mode; in WAL mode readers never wait. */
const readerBusyTimeoutMs = 30_000;
/**
 * Pages the write-ahead log holds before the writer copies them into the store itself (SQLite's default
 * is 1,000). The checkpoint thread (wal-checkpointer.ts) mostly copies them first; this bounds the log
 * when it falls behind. An import's transactions write the same index and FTS5 pages again and again;
 * each checkpoint copies a page once however often it was written since the last. 8,000 pages (32 MiB):
 * 0.5 s less in the 10.5 s of a 20,000-file maildir import.
 */
const walCheckpointPages = 8_000;

export interface OpenStoreOptions {
  /**
   * Opened read-only: nothing is ever written (no migration, no rethreading); the file must exist and
   * have this listlens's schema version.
   */
  readOnly?: boolean;
  /**
   * For a reader that may write now and then (the MCP server with fetching allowed): the store keeps
   * the journal mode it has instead of being switched to write-ahead logging for a writer's batches,
   * so that opening it writes nothing.
   */
  keepJournalMode?: boolean;
}

export class SqliteStore implements Store {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly statements;
  private readonly readOnly: boolean;
  /** This connection turned write-ahead logging on, and turns it off when it closes, if alone. */
  private writeAheadLog = false;
  private readonly searcher: SqliteSearch;
  private unindexed: UnindexedMessage[] = [];
  /** Copies the write-ahead log into the store beside the writing thread; null without such a log. */
  private readonly checkpointer: WalCheckpointer | null;

  constructor(file: string, options: OpenStoreOptions = {}) {
    this.path = file;
    this.readOnly = options.readOnly ?? false;
    if (this.readOnly) {
      this.db = openReadOnly(file);
    } else {
      if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      this.db = new Database(file);
      // First, so that turning write-ahead logging on waits for a reader instead of failing.
      this.db.pragma(`busy_timeout = ${writerBusyTimeoutMs}`);
      this.writeAheadLog = !options.keepJournalMode && file !== ':memory:';
      if (this.writeAheadLog) {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma(`wal_autocheckpoint = ${walCheckpointPages}`);
      }
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
    }
    this.checkpointer = this.writeAheadLog ? new WalCheckpointer(file) : null;
    registerSearchFunctions(this.db);
    this.statements = this.prepare();
    this.searcher = new SqliteSearch(this.db);
  }

  private prepare() {
    const db = this.db;
    return {
      rawBySha: db.prepare<[string], { id: number }>('SELECT id FROM raw WHERE sha256 = ?'),
      insertRaw: db.prepare('INSERT INTO raw (sha256, size, encoding, bytes) VALUES (?, ?, ?, ?)'),
      copyOfRaw: db.prepare<[string], { list: string }>(
        'SELECT c.list FROM copies c JOIN raw r ON r.id = c.raw WHERE r.sha256 = ?',
      ),
      sameIdRows: db.prepare<{ id: string }, SameIdRow>(
        `SELECT id, message_id, text, own_text, from_address, date FROM messages WHERE message_id = @id
         UNION ALL
         SELECT id, message_id, text, own_text, from_address, date FROM messages WHERE header_message_id = @id
         ORDER BY id`,
      ),
      // Both look a copy up by its place in its file (migration 11): among the made-up-id messages'
      // copies (`synthetic_copies`), or among all (`copies_offset`); neither reads more than that place's.
      syntheticCopiesAt: db.prepare<{ list: string; offset: number; size: number }, StoredRawRow>(
        `SELECT s.message, s.list, r.id AS raw, r.encoding, r.bytes FROM synthetic_copies s
         CROSS JOIN copies c ON c.message = s.message AND c.list = s.list JOIN raw r ON r.id = c.raw
         WHERE s.source_offset = @offset AND (s.list = @list OR s.list = '') AND r.size < @size`,
      ),
      copiesAt: db.prepare<{ list: string; offset: number; size: number }, StoredRawRow>(
        `SELECT c.message, c.list, r.id AS raw, r.encoding, r.bytes FROM copies c INDEXED BY copies_offset JOIN raw r ON r.id = c.raw
         WHERE (c.list = @list OR @list = '') AND c.source_offset = @offset AND r.size > @size`,
      ),
      renameMessage: db.prepare('UPDATE messages SET message_id = ? WHERE id = ?'),
      unplaceMessage: db.prepare('UPDATE message_threads SET root = NULL, depth = NULL, ord = NULL WHERE message = ?'),
      updateCopy: db.prepare(
        'UPDATE copies SET list = ?, raw = ?, source = ?, source_offset = ?, archive_id = ? WHERE message = ? AND list = ?',
      ),
      conflictingIds: db.prepare<{ header: string; id: number }, { message_id: string }>(
        `SELECT message_id FROM (
           SELECT id, message_id FROM messages WHERE message_id = @header
           UNION ALL SELECT id, message_id FROM messages WHERE header_message_id = @header)
         WHERE id <> @id ORDER BY id`,
      ),
      copyRaw: db.prepare<[number, string], { raw: number; size: number; encoding: string; bytes: Buffer; first: number }>(
        `SELECT r.id AS raw, r.size, r.encoding, r.bytes, r.id = (SELECT min(raw) FROM copies WHERE message = c.message) AS first
         FROM copies c JOIN raw r ON r.id = c.raw WHERE c.message = ? AND c.list = ?`,
      ),
      updateCopyRaw: db.prepare('UPDATE copies SET raw = ?, source = ?, source_offset = ? WHERE message = ? AND list = ?'),
      deleteUnusedRaw: db.prepare('DELETE FROM raw WHERE id = ? AND NOT EXISTS (SELECT 1 FROM copies WHERE raw = ?)'),
      updateMessage: db.prepare(`UPDATE messages SET
        synthetic = @synthetic, date = @date, date_source = @dateSource, from_name = @fromName, from_address = @fromAddress,
        participant_id = @participantId, subject = @subject, base_subject = @baseSubject, in_reply_to = @inReplyTo,
        refs = @refs, archived_at = @archivedAt, body_source = @bodySource, text = @text, own_text = @ownText,
        segments = @segments, attachments = @attachments, warnings = @warnings
        WHERE id = @id`),
      copyExists: db.prepare<[number, string], { one: number }>(
        'SELECT 1 AS one FROM copies WHERE message = ? AND list = ?',
      ),
      insertCopy: db.prepare(
        'INSERT INTO copies (message, list, archive_id, raw, source, source_offset) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertMessage: db.prepare(`INSERT INTO messages (
        message_id, header_message_id, synthetic, date, date_source, from_name, from_address, participant_id, subject, base_subject,
        in_reply_to, refs, archived_at, body_source, text, own_text, segments, attachments, warnings
      ) VALUES (
        @messageId, @headerMessageId, @synthetic, @date, @dateSource, @fromName, @fromAddress, @participantId, @subject, @baseSubject,
        @inReplyTo, @refs, @archivedAt, @bodySource, @text, @ownText, @segments, @attachments, @warnings
      )`),
      insertName: db.prepare('INSERT OR IGNORE INTO message_names_by_name (name, message) VALUES (?, ?)'),
      insertOwnIndex: db.prepare('INSERT INTO messages_fts (rowid, subject, own_text) VALUES (?, ?, ?)'),
      insertQuotedIndex: db.prepare('INSERT INTO messages_quoted_fts (rowid, quoted, other) VALUES (?, ?, ?)'),
      insertQuotedIndexFromView: db.prepare(
        'INSERT INTO messages_quoted_fts (rowid, quoted, other) SELECT id, quoted, other FROM messages_quoted_source WHERE id = ?',
      ),
      participantByAddress: db.prepare<[string], { id: number }>(
        'SELECT participant_id AS id FROM addresses WHERE address = ?',
      ),
      participantByKey: db.prepare<[string], { id: number }>('SELECT id FROM participants WHERE key = ?'),
      insertParticipant: db.prepare('INSERT INTO participants (key, name) VALUES (?, ?)'),
      insertAddress: db.prepare('INSERT OR IGNORE INTO addresses (address, participant_id) VALUES (?, ?)'),
      setState: db.prepare('INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)'),
      getState: db.prepare<[string], { value: string }>('SELECT value FROM state WHERE key = ?'),
      messageRow: db.prepare<[string], MessageRow>(`${selectMessage} WHERE m.message_id = ?`),
      messageText: db.prepare<[string], { text: string; from_name: string; from_address: string }>(
        'SELECT text, from_name, from_address FROM messages WHERE message_id = ?',
      ),
      copiesOf: db.prepare<[number], CopyRow>(
        'SELECT list, archive_id, source, source_offset FROM copies WHERE message = ? ORDER BY list',
      ),
      unthreadedRow: db.prepare<[string], MessageRow>(`${selectMessage} WHERE m.message_id = ? AND th.root IS NULL`),
      threadRows: db.prepare<[string], MessageRow>(`${selectMessage} WHERE th.root = ? ORDER BY th.ord`),
      fetchedArchiveIds: db.prepare<{ list: string }, { archive_id: string }>(
        'SELECT archive_id FROM copies WHERE list = @list UNION SELECT archive_id FROM fetch_marks WHERE list = @list',
      ),
      insertMark: db.prepare('INSERT OR REPLACE INTO fetch_marks (list, archive_id, reason) VALUES (?, ?, ?)'),
      pageRow: db.prepare<[string], PageRow>('SELECT * FROM fetch_pages WHERE url = ?'),
      upsertPage: db.prepare(
        `INSERT OR REPLACE INTO fetch_pages (url, etag, last_modified, complete, checked_at)
         VALUES (@url, @etag, @lastModified, @complete, @checkedAt)`,
      ),
      insertDraft: db.prepare(insertDraftSql),
      draftRow: db.prepare<[string, string, string], DraftRow>(
        'SELECT * FROM drafts WHERE name = ? AND revision = ? AND format = ?',
      ),
      importedFile: db.prepare<[string, string], ImportedFileRow>('SELECT * FROM imported_files WHERE sha256 = ? AND list = ?'),
      putImportedFile: db.prepare(
        `INSERT OR REPLACE INTO imported_files (sha256, list, path, messages, skipped, imported_at)
         VALUES (@sha256, @list, @path, @messages, @skipped, @importedAt)`,
      ),
      imapFolder: db.prepare<[string, string], ImapFolderRow>('SELECT * FROM imap_folders WHERE server = ? AND list = ?'),
      imapFolders: db.prepare<[string], ImapFolderRow>('SELECT * FROM imap_folders WHERE server = ? ORDER BY list'),
      putImapFolder: db.prepare(
        `INSERT OR REPLACE INTO imap_folders (server, list, folder, uid_validity, uid_next, highest_modseq, synced_uids, synced_at)
         VALUES (@server, @list, @folder, @uidValidity, @uidNext, @highestModseq, @syncedUids, @syncedAt)`,
      ),
      copiesPerList: db.prepare<[], { list: string; n: number }>('SELECT list, count(*) AS n FROM copies GROUP BY list'),
      draftRevisions: db.prepare<[string], { revision: string }>(
        'SELECT DISTINCT revision FROM drafts WHERE name = ? ORDER BY length(revision), revision',
      ),
    };
  }

  async hasRawCopy(rawSha256: string, list: string | null): Promise<boolean> {
    const lists = this.statements.copyOfRaw.all(rawSha256).map((row) => row.list);
    return list === null ? lists.length > 0 : lists.includes(list);
  }

  async putCopies(copies: readonly CopyInput[]): Promise<PutOutcome[]> {
    // Statement journals stay where SQLite puts them (a temporary file past 64 KiB). Kept in memory
    // (temp_store = MEMORY) they saved no measurable time once a batch's full-text entries were
    // written at its end, and in memory a statement's journal has no bound.
    try {
      return this.db.transaction(() => {
        const outcomes = copies.map((copy) => this.putCopy(copy));
        if (outcomes.some((outcome) => outcome !== 'duplicate')) this.markThreadsStale();
        this.writeSearchEntries();
        return outcomes;
      }).immediate();
    } finally {
      this.unindexed = [];
      this.checkpointer?.afterWrite();
    }
  }

  /**
   * A copy whose Message-ID is stored joins that message when it is the same message (`sameMessage`:
   * the same body, give or take what lists add); a different message with that Message-ID is stored
   * beside it, keyed by id and content, and flagged as a conflicting id.
   */
  private putCopy(input: CopyInput): PutOutcome {
    const headerId = input.message.messageId;
    const sameId = this.statements.sameIdRows.all({ id: headerId });
    if (sameId.length === 0) {
      if (input.inArchiveFile) {
        if (input.message.messageIdSynthetic && this.wholeCopyStored(input)) return 'duplicate';
        if (!input.message.messageIdSynthetic && this.replaceHeaderCut(input)) return 'completed';
      }
      this.addCopy(this.insertMessage(input), input);
      return 'new';
    }
    const content = contentOf(input.message);
    const existing = sameId.find((row) => sameMessage(storedContent(row), content));
    if (!existing) {
      this.addCopy(this.insertMessage(input, `${headerId}#${contentKey(content)}`), input);
      return 'conflict';
    }
    if (this.statements.copyExists.get(existing.id, input.list)) return this.complete(existing.id, input) ? 'completed' : 'duplicate';
    this.addCopy(existing.id, input);
    return 'new-copy';
  }

  /** The archive id is made from the Message-ID the archive saw: the header's, also for a conflicting message. */
  private addCopy(messageRowId: number, input: CopyInput): void {
    const copyArchiveId = input.list ? archiveId(input.message.messageId, input.list) : '';
    this.statements.insertCopy.run(messageRowId, input.list, copyArchiveId, this.storeRaw(input), input.source, input.offset);
  }

  /**
   * When the list's stored copy was cut off (an archive file truncated, a download broken off) and
   * `input` is the whole of it (its bytes begin with the stored ones), stores these bytes for the copy,
   * and the message read from them when the message was read from that copy. True when it did.
   */
  private complete(messageRowId: number, input: CopyInput): boolean {
    const stored = this.statements.copyRaw.get(messageRowId, input.list);
    if (!stored || input.raw.length <= stored.size) return false;
    if (!input.raw.subarray(0, stored.size).equals(decodeRaw(stored.encoding, stored.bytes))) return false;
    this.writeSearchEntries();
    if (stored.first) this.statements.updateMessage.run({ id: messageRowId, ...this.messageColumns(input) });
    this.statements.updateCopyRaw.run(this.storeRaw(input), input.source, input.offset, messageRowId, input.list);
    this.statements.deleteUnusedRaw.run(stored.raw, stored.raw);
    return true;
  }

  /**
   * A file cut inside a message's header block (before its Message-ID line) left a copy stored under a
   * made-up id, and with no list if the cut came before its List-Id too. When the whole message comes
   * (the same place in its file, bytes that begin with the cut copy's, the same list or the cut copy
   * without one), it takes that copy's place: the message gets its real id and its whole
   * content, instead of being stored a second time.
   */
  private replaceHeaderCut(input: CopyInput): boolean {
    const where = { list: input.list, offset: input.offset, size: input.raw.length };
    const cut = this.statements.syntheticCopiesAt.all(where).find((stored) => startsWith(input.raw, rawOf(stored)));
    if (!cut) return false;
    this.writeSearchEntries();
    this.statements.renameMessage.run(input.message.messageId, cut.message);
    this.statements.unplaceMessage.run(cut.message);
    this.statements.updateMessage.run({ id: cut.message, ...this.messageColumns(input) });
    const copyArchiveId = input.list ? archiveId(input.message.messageId, input.list) : '';
    this.statements.updateCopy.run(input.list, this.storeRaw(input), input.source, input.offset, copyArchiveId, cut.message, cut.list);
    this.statements.deleteUnusedRaw.run(cut.raw, cut.raw);
    return true;
  }

  /** A copy with a made-up id whose bytes begin a copy stored at the same place (and list, if it has one): the same message, cut off. */
  private wholeCopyStored(input: CopyInput): boolean {
    const where = { list: input.list, offset: input.offset, size: input.raw.length };
    return this.statements.copiesAt.all(where).some((stored) => startsWith(rawOf(stored), input.raw));
  }

  private storeRaw({ raw, rawSha256, encodedRaw }: CopyInput): number {
    const known = this.statements.rawBySha.get(rawSha256);
    if (known) return known.id;
    const { encoding, bytes } = encodedRaw ?? encodeRaw(raw);
    return Number(this.statements.insertRaw.run(rawSha256, raw.length, encoding, bytes).lastInsertRowid);
  }

  /** `storedId` differs from the Message-ID only for a message whose Message-ID a different message has. */
  private insertMessage(input: CopyInput, storedId = input.message.messageId): number {
    const { message } = input;
    const headerMessageId = storedId === message.messageId ? null : message.messageId;
    const id = Number(this.statements.insertMessage.run({ messageId: storedId, headerMessageId, ...this.messageColumns(input) }).lastInsertRowid);
    this.indexNewMessage(id, storedId, message);
    return id;
  }

  /**
   * What triggers keep for a changed or deleted message (schema.ts, migrations 11 and 14), written here
   * for a new one from the values at hand: the ids it names now, its full-text entries (own words;
   * quoted and other text for `q:` and `all:`) when the transaction ends.
   */
  private indexNewMessage(id: number, storedId: string, message: Message): void {
    for (const name of namedIds(storedId, message.references, message.inReplyTo)) this.statements.insertName.run(name, id);
    this.unindexed.push({ id, subject: message.subject, ownText: message.ownText, quoted: quotedIndexText(message.segments) });
  }

  /**
   * Writes the full-text entries of the messages stored so far in this transaction. Called after every
   * other statement of a batch, so that FTS5 keeps them in memory and writes one segment at commit
   * (migration 14), and before a stored message is changed, so that the change triggers find its
   * entries. Entries made by SQL go first: an INSERT ... SELECT makes FTS5 write out what it holds.
   */
  private writeSearchEntries(): void {
    const { insertOwnIndex, insertQuotedIndex, insertQuotedIndexFromView } = this.statements;
    const messages = this.unindexed;
    this.unindexed = [];
    for (const { id, quoted } of messages) if (!quoted) insertQuotedIndexFromView.run(id);
    for (const { id, subject, ownText } of messages) insertOwnIndex.run(id, subject, ownText);
    for (const { id, quoted } of messages) if (quoted) insertQuotedIndex.run(id, quoted.quoted, quoted.other);
  }

  private messageColumns({ message }: CopyInput) {
    return {
      synthetic: message.messageIdSynthetic ? 1 : 0,
      date: message.date ? message.date.toISOString() : null,
      dateSource: message.dateSource,
      fromName: message.from.name,
      fromAddress: message.from.address,
      participantId: this.participantFor(message.from),
      subject: message.subject,
      baseSubject: message.baseSubject,
      inReplyTo: message.inReplyTo,
      refs: JSON.stringify(message.references),
      archivedAt: JSON.stringify(message.archivedAt),
      bodySource: message.bodySource,
      text: message.text,
      ownText: message.ownText,
      segments: JSON.stringify(message.segments),
      attachments: JSON.stringify(message.attachments),
      warnings: JSON.stringify(message.warnings),
    };
  }

  /** One person: the same address, else the same normalised name, else someone new. */
  private participantFor(identity: Identity): number {
    const byAddress = identity.address ? this.statements.participantByAddress.get(identity.address) : undefined;
    if (byAddress) return byAddress.id;
    const key = participantKey(identity);
    const id =
      this.statements.participantByKey.get(key)?.id ??
      Number(this.statements.insertParticipant.run(key, identity.name || identity.address).lastInsertRowid);
    if (identity.address) this.statements.insertAddress.run(identity.address, id);
    return id;
  }

  /**
   * Gives each address the participant named for it. Only addresses that change are touched: a
   * message's participant is its address's (`participantFor`), so its messages are found through the
   * participant index, and an alias file applied again (each nightly import) changes and reads nothing.
   */
  async applyAliases(aliases: Map<string, string>): Promise<void> {
    const moveAddress = this.db.prepare('INSERT OR REPLACE INTO addresses (address, participant_id) VALUES (?, ?)');
    const moveMessages = this.db.prepare('UPDATE messages SET participant_id = ? WHERE participant_id = ? AND from_address = ?');
    const deleteIfUnused = this.db.prepare(`DELETE FROM participants WHERE id = @id
      AND NOT EXISTS (SELECT 1 FROM addresses WHERE participant_id = @id) AND NOT EXISTS (SELECT 1 FROM messages WHERE participant_id = @id)`);
    this.db.transaction(() => {
      const left = new Set<number>();
      for (const [address, name] of aliases) {
        const key = participantKey({ name, address: '' });
        const id =
          this.statements.participantByKey.get(key)?.id ??
          Number(this.statements.insertParticipant.run(key, name).lastInsertRowid);
        const before = this.statements.participantByAddress.get(address)?.id;
        if (before === id) continue;
        moveAddress.run(address, id);
        if (before === undefined) continue;
        moveMessages.run(id, before, address);
        left.add(before);
      }
      for (const id of left) deleteIfUnused.run({ id });
    }).immediate();
  }

  private markThreadsStale(): void {
    this.statements.setState.run('threads', 'stale');
  }

  /**
   * A store opened for writing is a writer's (import, fetch): reading it brings threads up to date
   * first. A read-only store (every reading command) never writes: it answers with the threads there
   * are, a message not yet threaded left out of `threads` and standing alone in `threadMessages`.
   */
  private ensureThreads(): void {
    if (!this.readOnly && this.statements.getState.get('threads')?.value === 'stale') this.rethreadNow();
  }

  async rethread(options: RethreadOptions = {}): Promise<void> {
    this.rethreadNow(options.full ?? false);
  }

  /**
   * Threads what came in or changed since the last run: only the threads it touches
   * (sqlite-incremental-threads.ts), or, for `full` or a store threaded before that was possible,
   * every thread in batches (sqlite-threads.ts).
   */
  private rethreadNow(full = false): void {
    if (full || !canThreadIncrementally(this.db)) {
      rethreadInBatches(this.db);
    } else if (hasThreadWork(this.db)) {
      rethreadIncrementally(this.db);
    }
    this.statements.setState.run('threads', 'fresh');
    this.checkpointer?.afterWrite();
  }

  async message(messageId: string): Promise<StoredMessage | null> {
    this.ensureThreads();
    const row = this.statements.messageRow.get(messageId);
    return row ? this.toStoredMessage(row) : null;
  }

  async messageText(messageId: string): Promise<ParentText | null> {
    const row = this.statements.messageText.get(messageId);
    return row ? { text: row.text, from: { name: row.from_name, address: row.from_address } } : null;
  }

  private toStoredMessage(row: MessageRow): StoredMessage {
    return {
      messageId: row.message_id,
      messageIdSynthetic: row.synthetic === 1,
      date: dateOf(row.date),
      dateSource: row.date_source as StoredMessage['dateSource'],
      from: { name: row.from_name, address: row.from_address },
      participant: { id: row.participant_id, name: row.participant_name },
      subject: row.subject,
      baseSubject: row.base_subject,
      inReplyTo: row.in_reply_to,
      references: JSON.parse(row.refs) as string[],
      archivedAt: JSON.parse(row.archived_at) as string[],
      text: row.text,
      ownText: row.own_text,
      segments: JSON.parse(row.segments) as StoredMessage['segments'],
      attachments: JSON.parse(row.attachments) as StoredMessage['attachments'],
      warnings: JSON.parse(row.warnings) as string[],
      copies: this.statements.copiesOf.all(row.id).map(toStoredCopy),
      conflictingIds: this.statements.conflictingIds.all({ header: row.header_message_id ?? row.message_id, id: row.id }).map((other) => other.message_id),
      threadRoot: row.thread_root ?? row.message_id,
      threadDepth: row.thread_depth ?? 0,
      inferredParent: row.inferred_parent ?? null,
    };
  }

  async findByArchiveId(list: string, id: string): Promise<string[]> {
    return this.db
      .prepare<{ list: string; id: string }, { message_id: string }>(
        `SELECT m.message_id FROM copies c JOIN messages m ON m.id = c.message WHERE c.list = @list AND c.archive_id = @id
         UNION
         SELECT message_id FROM messages WHERE instr(archived_at, '/arch/msg/' || @list || '/' || @id) > 0`,
      )
      .all({ list, id })
      .map((row) => row.message_id);
  }

  async findBySubject(text: string): Promise<string[]> {
    return this.db
      .prepare<[string], { message_id: string }>(
        "SELECT message_id FROM messages WHERE instr(lower(subject), lower(?)) > 0 ORDER BY date IS NULL, date, message_id",
      )
      .all(text)
      .map((row) => row.message_id);
  }

  async threads(filter: ThreadFilter): Promise<ThreadSummary[]> {
    this.ensureThreads();
    const { clauses, params } = messageConditions('t', threadConditions(filter));
    const narrowed =
      clauses.length > 0
        ? `AND th.root IN (SELECT tt.root FROM messages t JOIN message_threads tt ON tt.message = t.id WHERE ${clauses.join(' AND ')})`
        : '';
    const rows = this.db
      .prepare<Record<string, string>, ThreadRow>(
        `SELECT th.root AS root,
                (SELECT r.base_subject FROM messages r WHERE r.message_id = th.root) AS subject,
                (SELECT group_concat(list, ',') FROM (
                   SELECT DISTINCT c.list FROM copies c JOIN message_threads tt ON tt.message = c.message
                   WHERE tt.root = th.root AND c.list <> '' ORDER BY c.list)) AS lists,
                count(*) AS message_count,
                count(DISTINCT m.participant_id) AS participant_count,
                min(m.date) AS first_date, max(m.date) AS last_date
         FROM ${placedMessages} WHERE th.root IS NOT NULL ${narrowed}
         GROUP BY th.root
         ORDER BY first_date IS NULL, first_date, root`,
      )
      .all(params);
    const subThreads = this.subThreadsOf(new Set(rows.map((row) => row.root)));
    return rows.map((row) => ({
      root: row.root,
      subject: row.subject,
      lists: splitJoined(row.lists),
      messageCount: row.message_count,
      participantCount: row.participant_count,
      firstDate: dateOf(row.first_date),
      lastDate: dateOf(row.last_date),
      subThreads: subThreads.get(row.root) ?? [],
    }));
  }

  /** The sub-threads of the given threads: only threads holding a second subject are read whole. */
  private subThreadsOf(roots: ReadonlySet<string>): Map<string, SubThread[]> {
    const mixed = this.db
      .prepare<[], { root: string }>(
        `SELECT DISTINCT th.root AS root FROM ${placedMessages} JOIN messages r ON r.message_id = th.root
         WHERE lower(m.base_subject) <> lower(r.base_subject)`,
      )
      .all()
      .map((row) => row.root)
      .filter((root) => roots.has(root));
    const result = new Map<string, SubThread[]>();
    for (const root of mixed) {
      const members = this.db
        .prepare<[string], { message_id: string; subject: string; base_subject: string; thread_depth: number | null; date: string | null }>(
          `SELECT m.message_id, m.subject, m.base_subject, th.depth AS thread_depth, m.date FROM ${placedMessages}
           WHERE th.root = ? ORDER BY th.ord`,
        )
        .all(root)
        .map((row) => ({ ...row, depth: row.thread_depth ?? 0 }));
      const found = subThreadStarts(members).map((start): SubThread => {
        let end = start + 1;
        while (end < members.length && (members[end]?.depth ?? 0) > (members[start]?.depth ?? 0)) end++;
        const first = members[start]!;
        return { root: first.message_id, subject: first.base_subject, messageCount: end - start, firstDate: dateOf(first.date) };
      });
      if (found.length > 0) result.set(root, found);
    }
    return result;
  }

  async threadMessages(root: string): Promise<StoredMessage[]> {
    this.ensureThreads();
    const rows = this.statements.threadRows.all(root);
    // A message not threaded yet (an import is running, or was stopped before it threaded) stands alone.
    const unthreaded = rows.length === 0 ? this.statements.unthreadedRow.get(root) : undefined;
    return (unthreaded ? [unthreaded] : rows).map((row) => this.toStoredMessage(row));
  }

  async participants(): Promise<Participant[]> {
    const rows = this.db
      .prepare<[], { id: number; name: string; addresses: string | null }>(
        `SELECT p.id, p.name, ${participantAddresses} FROM participants p ORDER BY p.name, p.id`,
      )
      .all();
    return rows.map((row) => ({ id: row.id, name: row.name, addresses: splitJoined(row.addresses) }));
  }

  async participantActivity(filter: ThreadFilter): Promise<ParticipantActivity[]> {
    const { clauses, params } = messageConditions('m', threadConditions(filter));
    const also = messageConditions('f', threadConditions(filter)).clauses.map((clause) => ` AND ${clause}`).join('');
    const rows = this.db
      .prepare<
        Record<string, string>,
        { id: number; name: string; addresses: string | null; lists: string | null; message_count: number; first_date: string | null; last_date: string | null; first_message: string | null; last_message: string | null }
      >(
        `SELECT p.id, p.name, count(*) AS message_count, min(m.date) AS first_date, max(m.date) AS last_date, ${participantAddresses},
                (SELECT f.message_id FROM messages f WHERE f.participant_id = p.id${also} ORDER BY f.date IS NULL, f.date, f.id LIMIT 1) AS first_message,
                (SELECT f.message_id FROM messages f WHERE f.participant_id = p.id${also} ORDER BY f.date IS NULL, f.date DESC, f.id DESC LIMIT 1) AS last_message,
                (SELECT group_concat(list, ',') FROM
                   (SELECT DISTINCT c.list FROM copies c JOIN messages t ON t.id = c.message
                    WHERE t.participant_id = p.id AND c.list <> '' ORDER BY c.list)) AS lists
         FROM messages m JOIN participants p ON p.id = m.participant_id
         ${clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : ''}
         GROUP BY p.id ORDER BY message_count DESC, p.name, p.id`,
      )
      .all(params);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      addresses: splitJoined(row.addresses),
      messageCount: row.message_count,
      lists: splitJoined(row.lists),
      firstDate: dateOf(row.first_date),
      lastDate: dateOf(row.last_date),
      firstMessageId: row.first_message,
      lastMessageId: row.last_message,
    }));
  }

  async search(search: MessageSearch): Promise<SearchHit[]> {
    this.ensureThreads();
    return this.searcher.search(search);
  }

  async counts() {
    this.ensureThreads();
    const count = (sql: string) => (this.db.prepare<[], { n: number }>(sql).get()?.n ?? 0);
    return {
      messages: count('SELECT count(*) AS n FROM messages'),
      copies: count('SELECT count(*) AS n FROM copies'),
      participants: count('SELECT count(DISTINCT participant_id) AS n FROM messages'),
      threads: count('SELECT count(DISTINCT root) AS n FROM message_threads'),
    };
  }

  /** The stored bytes of a copy, as they were read. */
  async rawBytes(messageId: string, list: string): Promise<Buffer | null> {
    const row = this.db
      .prepare<[string, string], { encoding: string; bytes: Buffer }>(
        `SELECT r.encoding, r.bytes FROM copies c JOIN raw r ON r.id = c.raw JOIN messages m ON m.id = c.message
         WHERE m.message_id = ? AND c.list = ?`,
      )
      .get(messageId, list);
    if (!row) return null;
    return decodeRaw(row.encoding, row.bytes);
  }

  async fetchedArchiveIds(list: string): Promise<Set<string>> {
    return new Set(this.statements.fetchedArchiveIds.all({ list }).map((row) => row.archive_id));
  }

  async markFetched(list: string, marks: readonly FetchMark[]): Promise<void> {
    if (marks.length === 0) return;
    this.db.transaction(() => {
      for (const mark of marks) this.statements.insertMark.run(list, mark.archiveId, mark.reason);
    }).immediate();
  }

  async pageState(url: string): Promise<PageState | null> {
    const row = this.statements.pageRow.get(url);
    if (!row) return null;
    return {
      url: row.url,
      etag: row.etag,
      lastModified: row.last_modified,
      complete: row.complete === 1,
      checkedAt: new Date(row.checked_at),
    };
  }

  async putPageState(state: PageState): Promise<void> {
    this.statements.upsertPage.run({
      url: state.url,
      etag: state.etag,
      lastModified: state.lastModified,
      complete: state.complete ? 1 : 0,
      checkedAt: state.checkedAt.toISOString(),
    });
  }

  async putDraftFiles(files: readonly DraftFile[]): Promise<number> {
    if (this.readOnly) return writeOnOwnConnection(this.path, 0, (db) => insertDraftFiles(db, db.prepare(insertDraftSql), files));
    return insertDraftFiles(this.db, this.statements.insertDraft, files);
  }

  async groupChairs(acronym: string): Promise<GroupChairs | null> {
    const row = this.db
      .prepare<[string], { acronym: string; chairs: string; source: string; fetched_at: string }>('SELECT * FROM group_chairs WHERE acronym = ?')
      .get(acronym);
    return row ? { acronym: row.acronym, chairs: JSON.parse(row.chairs) as GroupChairs['chairs'], source: row.source, fetchedAt: new Date(row.fetched_at) } : null;
  }

  async putGroupChairs(chairs: GroupChairs): Promise<void> {
    const put = (db: Database.Database) => {
      db.prepare(insertGroupChairsSql).run({ ...chairs, chairs: JSON.stringify(chairs.chairs), fetchedAt: chairs.fetchedAt.toISOString() });
    };
    if (this.readOnly) writeOnOwnConnection(this.path, undefined, put);
    else put(this.db);
  }

  async draftFile(name: string, revision: string, format: DraftFileFormat): Promise<DraftFile | null> {
    const row = this.statements.draftRow.get(name, revision, format);
    if (!row) return null;
    return {
      name: row.name,
      revision: row.revision,
      format: row.format as DraftFileFormat,
      source: row.source,
      text: row.text,
      sha256: row.sha256,
      fetchedAt: new Date(row.fetched_at),
    };
  }

  async draftRevisions(name: string): Promise<string[]> {
    return this.statements.draftRevisions.all(name).map((row) => row.revision);
  }

  async draftFiles(): Promise<StoredDraftFile[]> {
    return this.db
      .prepare<[], Omit<DraftRow, 'text'>>(
        'SELECT name, revision, format, source, sha256, fetched_at FROM drafts ORDER BY name, length(revision), revision, format',
      )
      .all()
      .map((row) => ({
        name: row.name,
        revision: row.revision,
        format: row.format as DraftFileFormat,
        source: row.source,
        sha256: row.sha256,
        fetchedAt: new Date(row.fetched_at),
      }));
  }

  async importedFile(sha256: string, list: string | null): Promise<ImportedFile | null> {
    const row = this.statements.importedFile.get(sha256, list ?? '');
    if (!row) return null;
    return {
      sha256: row.sha256,
      list: row.list === '' ? null : row.list,
      path: row.path,
      messages: row.messages,
      skipped: row.skipped,
      importedAt: new Date(row.imported_at),
    };
  }

  async putImportedFile(file: ImportedFile): Promise<void> {
    this.statements.putImportedFile.run({ ...file, list: file.list ?? '', importedAt: file.importedAt.toISOString() });
  }

  async maildirFolder(folder: string, list: string | null): Promise<MaildirFolderState | null> {
    const row = this.db
      .prepare<[string, string], { mtime_ms: number; files: number }>('SELECT mtime_ms, files FROM maildir_folders WHERE folder = ? AND list = ?')
      .get(folder, list ?? '');
    return row ? { folder, list, mtimeMs: row.mtime_ms, files: row.files } : null;
  }

  async startMaildirScan(maildir: string, list: string | null, verify: boolean): Promise<MaildirScan> {
    return new SqliteMaildirScan(this.db, maildir, list ?? '', verify);
  }

  async imapFolderSync(server: string, list: string): Promise<ImapFolderSync | null> {
    const row = this.statements.imapFolder.get(server, list);
    return row ? toImapFolderSync(row) : null;
  }

  async imapFolderSyncs(server: string): Promise<ImapFolderSync[]> {
    return this.statements.imapFolders.all(server).map(toImapFolderSync);
  }

  async putImapFolderSync(sync: ImapFolderSync): Promise<void> {
    this.statements.putImapFolder.run({
      ...sync,
      syncedUids: JSON.stringify(mergeUidRanges(sync.syncedUids).map((range) => [range.first, range.last])),
      syncedAt: sync.syncedAt ? sync.syncedAt.toISOString() : null,
    });
  }

  async copiesPerList(): Promise<Map<string, number>> {
    return new Map(this.statements.copiesPerList.all().map((row) => [row.list, row.n]));
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    if (this.writeAheadLog) leaveWriteAheadLog(this.db);
    this.db.close();
  }
}

/**
 * Opens a store so that nothing is written: a store in a folder the user cannot write is still read.
 * Only a store last closed mid-write (its -wal and -shm files left beside it) needs those files readable.
 */
function openReadOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${readerBusyTimeoutMs}`);
    checkSchemaVersion(db);
    return db;
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_CANTOPEN') {
      throw new ListlensError(
        'failed',
        `${file} was left in write-ahead mode (a run was stopped while it wrote) and its folder cannot be written: run an import or fetch where it can be written, once`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * A writer leaves the store in rollback-journal mode when no one else has it open, so that it can be
 * read where its folder cannot be written: a write-ahead-log store needs its -shm file, which a reader
 * cannot make there. The next writer turns write-ahead logging on again. With other connections open
 * the switch is skipped at once: they keep the log in use.
 */
function leaveWriteAheadLog(db: Database.Database): void {
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
  } catch {
    // Busy: a reader or another writer has the store open, and the log stays.
  }
}

function insertDraftFiles(db: Database.Database, insert: Database.Statement, files: readonly DraftFile[]): number {
  return db.transaction(() => files.reduce((added, file) => added + insert.run({ ...file, fetchedAt: file.fetchedAt.toISOString() }).changes, 0)).immediate();
}

/**
 * A store opened read-only still keeps what a reading command downloaded (drafts, a group's chairs),
 * through a connection of its own for just that, when the store can be written; when it cannot,
 * nothing is kept and `unkept` is returned.
 */
function writeOnOwnConnection<T>(file: string, unkept: T, write: (db: Database.Database) => T): T {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch {
    return unkept;
  }
  try {
    db.pragma(`busy_timeout = ${writerBusyTimeoutMs}`);
    return write(db);
  } catch {
    return unkept;
  } finally {
    db.close();
  }
}

const insertGroupChairsSql = `INSERT OR REPLACE INTO group_chairs (acronym, chairs, source, fetched_at)
  VALUES (@acronym, @chairs, @source, @fetchedAt)`;

const insertDraftSql = `INSERT OR IGNORE INTO drafts (name, revision, format, source, sha256, text, fetched_at)
  VALUES (@name, @revision, @format, @source, @sha256, @text, @fetchedAt)`;

function toImapFolderSync(row: ImapFolderRow): ImapFolderSync {
  return {
    server: row.server,
    list: row.list,
    folder: row.folder,
    uidValidity: row.uid_validity,
    uidNext: row.uid_next,
    highestModseq: row.highest_modseq,
    syncedUids: (JSON.parse(row.synced_uids) as [number, number][]).map(([first, last]) => ({ first, last })),
    syncedAt: dateOf(row.synced_at),
  };
}

function threadConditions(filter: ThreadFilter) {
  return {
    ...(filter.list ? { lists: [filter.list] } : {}),
    ...(filter.participant ? { from: [filter.participant] } : {}),
    since: filter.since ?? null,
    until: filter.until ?? null,
  };
}

const selectMessage = `SELECT m.id, m.message_id, m.header_message_id, m.synthetic, m.date, m.date_source, m.from_name,
  m.from_address, m.participant_id, m.subject, m.base_subject, m.in_reply_to, m.refs, m.archived_at, m.text, m.own_text,
  m.segments, m.attachments, m.warnings, th.root AS thread_root, th.depth AS thread_depth, p.name AS participant_name,
  (SELECT i.parent FROM inferred_parents i WHERE i.message_id = m.message_id) AS inferred_parent
  FROM ${placedMessages} JOIN participants p ON p.id = m.participant_id`;

function toStoredCopy(row: CopyRow): StoredCopy {
  return {
    list: row.list,
    archiveId: row.archive_id,
    url: row.list ? archiveUrl(row.list, row.archive_id) : null,
    source: row.source,
    offset: row.source_offset,
  };
}
