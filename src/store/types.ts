import type { Attachment, DateSource, Identity, Message, Segment } from '../mail/types.js';

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
  /** Message-ID of the first message of the thread this one belongs to. */
  threadRoot: string;
  threadDepth: number;
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
}

/** What storing one copy did. */
export type PutOutcome = 'new' | 'new-copy' | 'duplicate';

export interface CopyInput {
  message: Message;
  list: string;
  raw: Buffer;
  rawSha256: string;
  source: string;
  offset: number;
}

export interface SearchHit {
  messageId: string;
  subject: string;
  from: Identity;
  date: Date | null;
  snippet: string;
  threadRoot: string;
}

/**
 * Everything the rest of listlens asks of the store. The SQLite implementation is the only one today;
 * another back end (PostgreSQL, say) implements this same interface.
 */
export interface Store {
  readonly path: string;
  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: () => T): T;
  /** True when these exact bytes are already stored as a copy (of `list`, when given). */
  hasRawCopy(rawSha256: string, list: string | null): boolean;
  putCopy(input: CopyInput): PutOutcome;
  /** Maps addresses to a person's name, so one person's several addresses count as one participant. */
  applyAliases(aliases: Map<string, string>): void;
  /** Recomputes thread membership for the whole store (after an import). */
  rethread(): void;
  message(messageId: string): StoredMessage | null;
  /** Message-IDs of the copies with this archive id (an archive URL's last part) in `list`. */
  findByArchiveId(list: string, archiveId: string): string[];
  /** Message-IDs whose subject contains `text` (case-insensitive), oldest first. */
  findBySubject(text: string): string[];
  threads(filter: { list?: string; since?: Date }): ThreadSummary[];
  threadMessages(root: string): StoredMessage[];
  participants(): Participant[];
  search(query: string, limit: number): SearchHit[];
  /** The bytes of a list's copy exactly as they were read, so nothing needs downloading again. */
  rawBytes(messageId: string, list: string): Buffer | null;
  counts(): { messages: number; copies: number; participants: number; threads: number };
  close(): void;
}
