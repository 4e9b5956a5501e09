import type { UidRange } from '../core/index.js';
import type { Attachment, DateSource, Identity, Message, ParentText, Segment } from '../mail/index.js';
import type { EncodedRaw } from './raw-encoding.js';

/** One list's copy of a message: the same Message-ID posted to two lists has two copies. */
export interface StoredCopy {
  /** Bare list name (`iotops`); empty when neither `--list` nor the headers named one. */
  list: string;
  archiveId: string;
  /** `https://mailarchive.ietf.org/arch/msg/<list>/<id>/`, or null for a copy with no list. */
  url: string | null;
  /** File (or URL) and byte offset the copy was read from. */
  source: string;
  offset: number;
}

export interface Participant {
  id: number;
  name: string;
  addresses: string[];
}

export interface StoredMessage {
  /**
   * The Message-ID, which keys the message in the store; for a message whose Message-ID another,
   * different message had first, `<Message-ID>#<content key>` (see `conflictingIds`).
   */
  messageId: string;
  messageIdSynthetic: boolean;
  date: Date | null;
  dateSource: DateSource;
  from: Identity;
  participant: { id: number; name: string };
  subject: string;
  baseSubject: string;
  inReplyTo: string | null;
  references: string[];
  archivedAt: string[];
  text: string;
  ownText: string;
  segments: Segment[];
  attachments: Attachment[];
  warnings: string[];
  copies: StoredCopy[];
  /**
   * The stored ids of the other, different messages that carry the same Message-ID (mail software
   * that reuses ids): empty for almost every message.
   */
  conflictingIds: string[];
  /** Message-ID of the first message of the thread this one belongs to. */
  threadRoot: string;
  threadDepth: number;
  /**
   * The parent this message was attached to because its quoted header block or attribution names it
   * (author, date, subject), when it has no In-Reply-To or References; null otherwise.
   */
  inferredParent: string | null;
}

/** A reply that changed the subject, and the replies below it: a sub-thread of its thread. */
export interface SubThread {
  /** Message-ID of the reply that changed the subject. */
  root: string;
  /** Its base subject. */
  subject: string;
  /** It and every reply below it. */
  messageCount: number;
  firstDate: Date | null;
}

/** A thread as `listlens threads` lists it. */
export interface ThreadSummary {
  root: string;
  subject: string;
  lists: string[];
  messageCount: number;
  participantCount: number;
  firstDate: Date | null;
  lastDate: Date | null;
  /** Replies that changed the subject, in reading order. */
  subThreads: SubThread[];
}

/**
 * What storing one copy did. `completed`: the list's copy was stored cut off (a truncated file, a
 * broken download) and these bytes are the whole of it, so the copy and the message now hold them.
 * `conflict`: a new message whose Message-ID a different stored message has (see `sameMessage` in
 * src/mail/same-message.ts); it is stored as well, under `<Message-ID>#<content key>`.
 */
export type PutOutcome = 'new' | 'new-copy' | 'completed' | 'duplicate' | 'conflict';

export interface CopyInput {
  message: Message;
  list: string;
  raw: Buffer;
  rawSha256: string;
  /** `raw` encoded for storage (`encodeRaw`) when the caller did it already, on a parse worker. */
  encodedRaw?: EncodedRaw;
  source: string;
  offset: number;
  /**
   * The copy is one of the messages of an archive file (mbox, MMDF), at `offset` in it: only such a
   * copy is matched with a copy cut off at the same place of another import of that file. A file or a
   * download of one message is at offset 0 like every other, so the place says nothing there.
   */
  inArchiveFile: boolean;
}

export interface SearchHit {
  messageId: string;
  subject: string;
  from: Identity;
  date: Date | null;
  /** A piece of the own words, the matched words in `[brackets]` (the start of them when no own word was asked for). */
  snippet: string;
  threadRoot: string;
  /** The base subject of the thread's first message. */
  threadSubject: string;
  /** The archive link of each list copy, by list name. */
  copies: { list: string; url: string | null }[];
}

/**
 * A search narrowed by fields (docs/search.md). Terms are words, `word*` for a prefix, or phrases of
 * several words; every given condition must hold, and within `from`, `lists` and `threadRoots` any one value.
 */
export interface MessageSearch {
  /** All of these in the own words. */
  words?: readonly string[];
  /** Each group: at least one of its terms in the own words (a technology's names, say). */
  wordsAnyOf?: readonly (readonly string[])[];
  subject?: readonly string[];
  /** In the quoted text (quotes and forwarded messages). */
  quoted?: readonly string[];
  /** Anywhere in the subject or the whole body. */
  anywhere?: readonly string[];
  /** A participant's name or any of their addresses contains one of these (case and accents ignored). */
  from?: readonly string[];
  lists?: readonly string[];
  since?: Date | null;
  /** Exclusive. */
  until?: Date | null;
  threadRoots?: readonly string[];
  /** `rank` (the default when there are own or subject words): best first; `date`: newest first. */
  sort?: 'rank' | 'date';
  limit: number;
  offset?: number;
}

/** What `threads` can be narrowed to. */
export interface ThreadFilter {
  /** Threads with a message in this list. */
  list?: string;
  /** Threads with a message on or after. */
  since?: Date;
  /** Threads with a message before (exclusive). */
  until?: Date;
  /** Threads with a message from a participant whose name or address contains this. */
  participant?: string;
}

/** A participant and what they wrote, as `participantActivity` counts it. */
export interface ParticipantActivity extends Participant {
  messageCount: number;
  lists: string[];
  firstDate: Date | null;
  lastDate: Date | null;
  /** The Message-IDs of the earliest and latest of the counted messages (by date). */
  firstMessageId: string | null;
  lastMessageId: string | null;
}

/** A stored draft file without its text. */
export type StoredDraftFile = Omit<DraftFile, 'text'>;

/**
 * What a fetch remembers of an index page or a monthly file it has read: the validators to revalidate
 * it with (`If-None-Match`, `If-Modified-Since`), and whether it can still change. A page is only
 * recorded once every message it lists is stored, so a fetch killed part-way reads it again.
 */
export interface PageState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** The period the page covers had ended when the page was made: it is never read again (short of `--full`). */
  complete: boolean;
  checkedAt: Date;
}

/** A draft file's format: the archive publishes `.txt` and `.xml`; a local or linked kramdown-rfc source is `.md`. */
export type DraftFileFormat = 'txt' | 'xml' | 'md';

/** One stored file of a draft revision; each (name, revision, format) is stored once. */
export interface DraftFile {
  /** `draft-sarikaya-t2trg-sbootstrapping`, without the revision. */
  name: string;
  /** `11`. */
  revision: string;
  format: DraftFileFormat;
  /** The URL (or local path) it was read from. */
  source: string;
  /** Null when the archive has no file in this format for the revision (it was looked for). */
  text: string | null;
  sha256: string | null;
  fetchedAt: Date;
}

/** The people the datatracker lists in the `chair` role of a group (an IETF list's acronym, `t2trg`). */
export interface GroupChairs {
  acronym: string;
  /** Empty when the group has no chairs there (or is no group). */
  chairs: { name: string; address: string }[];
  /** The URL asked. */
  source: string;
  fetchedAt: Date;
}

/** A maildir folder (`cur/` or `new/`) as the last import that read all of it found it. */
export interface MaildirFolderState {
  folder: string;
  /** The `--list` given for it; null when each message's list came from its headers. */
  list: string | null;
  mtimeMs: number;
  files: number;
}

/** A maildir file found by a scan: its name in its folder, and that name without `:2,FLAGS`. */
export interface MaildirFile {
  folder: string;
  name: string;
  base: string;
}

/**
 * A maildir being imported. The files to read are kept in the store while it runs, not in memory (a
 * folder of a million files is a million names), and read back in file-name order.
 */
export interface MaildirScan {
  /** Adds files listed in the maildir's folders. */
  add(files: readonly MaildirFile[]): Promise<void>;
  /**
   * Selects, in order of name then folder, the files added whose base name was not imported from this
   * maildir before (all of them when verifying); returns how many.
   */
  selectNew(): Promise<number>;
  /** The files selected: `limit` of them from the `start`th (counted from 0). */
  files(start: number, limit: number): Promise<MaildirFile[]>;
  /** Records the files selected as imported, by base name, and the state of the folders read whole; all or none. */
  finish(folders: readonly MaildirFolderState[]): Promise<void>;
}

/**
 * A source file every message of which is stored (or asked not to be archived): importing the same
 * bytes again need not read it. Keyed by the hash of the file's bytes and the `--list` it was read under.
 */
export interface ImportedFile {
  sha256: string;
  /** The `--list` given for it; null when each message's list came from its headers. */
  list: string | null;
  /** Where it was read from last. */
  path: string;
  /** Messages read from it. */
  messages: number;
  /** Of those, how many asked not to be archived. */
  skipped: number;
  importedAt: Date;
}

/** A download that stored no copy under its archive id (asked not to be archived, unreadable, gone). */
export interface FetchMark {
  archiveId: string;
  reason: string;
}

/**
 * What an IMAP sync remembers of one list's folder on one server. UIDs only mean something under
 * their UIDVALIDITY: when the server changes it, `syncedUids` no longer applies.
 */
export interface ImapFolderSync {
  /** `imaps://imap.ietf.org`: UIDs are the server's own. */
  server: string;
  list: string;
  /** `Shared Folders/iotops`. */
  folder: string;
  uidValidity: number;
  /** UIDNEXT when the folder was last examined. */
  uidNext: number;
  /** HIGHESTMODSEQ then, where the server has CONDSTORE (a 63-bit number, as text). */
  highestModseq: string | null;
  /** UIDs fetched and imported (or found unreadable, or asking not to be archived): never asked for again. */
  syncedUids: UidRange[];
  /** When a sync of the list last ran to its end; null while none has. */
  syncedAt: Date | null;
}

/**
 * Everything the rest of listlens asks of the store. Every call returns a promise, so that a back end
 * whose driver is asynchronous (PostgreSQL, say) implements this same interface; the SQLite store
 * answers at once. Each write is atomic on its own: a batch is stored whole or not at all.
 */
export interface RethreadOptions {
  /** Recompute every thread, not only those new or changed messages touch. */
  full?: boolean;
}

export interface Store {
  readonly path: string;
  /** True when these exact bytes are already stored as a copy (of `list`, when given). */
  hasRawCopy(rawSha256: string, list: string | null): Promise<boolean>;
  /** Stores a batch of copies in one transaction; one outcome per copy, in order. */
  putCopies(copies: readonly CopyInput[]): Promise<PutOutcome[]>;
  /** Maps addresses to a person's name, so one person's several addresses count as one participant. */
  applyAliases(aliases: Map<string, string>): Promise<void>;
  /**
   * Brings thread membership up to date after an import: only the threads the new or changed messages
   * touch, with the same result as recomputing every thread, which `{ full: true }` does (for repair).
   */
  rethread(options?: RethreadOptions): Promise<void>;
  message(messageId: string): Promise<StoredMessage | null>;
  /** A stored message's body text and sender, by Message-ID (indexed), threads left as they are: what an import compares a reply with. */
  messageText(messageId: string): Promise<ParentText | null>;
  /** Message-IDs of the copies with this archive id (an archive URL's last part) in `list`. */
  findByArchiveId(list: string, archiveId: string): Promise<string[]>;
  /** Message-IDs whose subject contains `text` (case-insensitive), oldest first. */
  findBySubject(text: string): Promise<string[]>;
  threads(filter: ThreadFilter): Promise<ThreadSummary[]>;
  threadMessages(root: string): Promise<StoredMessage[]>;
  participants(): Promise<Participant[]>;
  /** Participants with messages matching the filter, busiest first. */
  participantActivity(filter: ThreadFilter): Promise<ParticipantActivity[]>;
  search(search: MessageSearch): Promise<SearchHit[]>;
  /** The bytes of a list's copy exactly as they were read, so nothing needs downloading again. */
  rawBytes(messageId: string, list: string): Promise<Buffer | null>;
  counts(): Promise<{ messages: number; copies: number; participants: number; threads: number }>;
  /**
   * Archive ids (the last part of an archive URL) a fetch need not download again for `list`: those of
   * the stored copies, and those marked with `markFetched`.
   */
  fetchedArchiveIds(list: string): Promise<Set<string>>;
  /** Records downloads of `list` that stored no copy under their archive ids, all or none. */
  markFetched(list: string, marks: readonly FetchMark[]): Promise<void>;
  pageState(url: string): Promise<PageState | null>;
  putPageState(state: PageState): Promise<void>;
  /** Stores each draft file unless its (name, revision, format) is already stored, all or none; how many were new. */
  putDraftFiles(files: readonly DraftFile[]): Promise<number>;
  draftFile(name: string, revision: string, format: DraftFileFormat): Promise<DraftFile | null>;
  /** The stored revisions of a draft, oldest first. */
  draftRevisions(name: string): Promise<string[]>;
  /** Every stored draft file (its text left out), by name, then revision oldest first. */
  draftFiles(): Promise<StoredDraftFile[]>;
  /** The datatracker's chairs of a group as last fetched, or null when they never were. */
  groupChairs(acronym: string): Promise<GroupChairs | null>;
  /** Keeps a group's chairs in place of those stored (a store opened read-only keeps them when it can be written). */
  putGroupChairs(chairs: GroupChairs): Promise<void>;
  /** The record of a fully imported file with these bytes (imported under `list`), if any. */
  importedFile(sha256: string, list: string | null): Promise<ImportedFile | null>;
  putImportedFile(file: ImportedFile): Promise<void>;
  /** What the last import of a maildir folder (under `list`) found, if one read all of it. */
  maildirFolder(folder: string, list: string | null): Promise<MaildirFolderState | null>;
  /**
   * Starts importing `maildir` under `list`: a file is new when its base name (without `:2,FLAGS`) was
   * not imported from it before, or always with `verify`. One scan at a time: another ends this one.
   */
  startMaildirScan(maildir: string, list: string | null, verify: boolean): Promise<MaildirScan>;
  /** What the last IMAP sync of `list` from `server` left, if one ran. */
  imapFolderSync(server: string, list: string): Promise<ImapFolderSync | null>;
  /** Every list synced from `server`, by name. */
  imapFolderSyncs(server: string): Promise<ImapFolderSync[]>;
  putImapFolderSync(sync: ImapFolderSync): Promise<void>;
  /** Stored copies per list name. */
  copiesPerList(): Promise<Map<string, number>>;
  close(): Promise<void>;
}
