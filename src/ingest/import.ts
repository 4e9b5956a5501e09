import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { parseMessage } from '../mail/index.js';
import { expandSourcePaths, holdsManyMessages, readSource } from '../sources/index.js';
import type { Origin, RawMessage, SourceItem } from '../sources/index.js';
import type { EncodedRaw } from '../store/index.js';
import type { CopyInput, Store } from '../store/index.js';
import { defaultWorkerCount, failureReason, ParsePool, parseWorkersAvailable, type ParseOutcome } from './import-pool.js';
import { recordUnchangedFile, sourceBytes, sourceFingerprint, unchangedFile } from './import-files.js';
import { importMaildir } from './import-maildir.js';
import { compareWithParents } from './parent-compare.js';

export interface ImportProblem {
  /** `file:offset`, the place the message starts. */
  where: string;
  /** The Message-ID, when the message got far enough to have one. */
  messageId: string | null;
  reason: string;
}

export interface ImportSummary {
  read: number;
  new: number;
  /** Copies of already-stored messages from another list (a cross-post). */
  crossPosted: number;
  /** Stored copies that had been cut off, replaced by the whole message. */
  completed: number;
  duplicates: number;
  /**
   * Of the new messages, those whose Message-ID a different stored message has (other sender, other
   * body): each is kept, flagged as a conflicting id.
   */
  conflictingIds: number;
  /** Messages that asked not to be archived (`X-No-Archive: yes`). */
  skipped: number;
  failed: number;
  /** Maildir message files read from disk: a re-import reads only those it has not imported before. */
  maildirFilesRead: number;
  problems: ImportProblem[];
}

export interface ImportOptions {
  /** The list every message is filed under, overriding List-Id / X-BeenThere. */
  list?: string;
  /** Called after each message with the running totals and the source being read. */
  onProgress?: (summary: ImportSummary, source: string) => void;
  /** Called with each problem as it is found. */
  onProblem?: (problem: ImportProblem) => void;
  /**
   * Worker threads that parse messages for `importPaths`; 0 parses in the main thread. Default: one per
   * core but one, once the sources are large enough to repay starting them. The store is the same either way.
   */
  workers?: number;
  /** A message larger than this is reported and skipped, never buffered; default readSource's (32 MiB). */
  maxMessageBytes?: number;
  /** Reads every file of a maildir, not only those not imported before: catches a file changed under its name. */
  verify?: boolean;
}

export interface BatchImporterOptions extends ImportOptions {
  /** Parses on these workers instead of in the main thread; whoever made the pool closes it. */
  pool?: ParsePool;
}

/** Messages per transaction: a killed import loses at most one batch, which the next run reads again. */
const batchSize = 200;
/** Below this much input, starting workers costs more than it saves. */
const parallelAboveBytes = 4 * 1024 * 1024;

/** Where a problem is, as reports name it: `path:offset` (for a fetched message, its URL and 0). */
function placeOf({ path, offset }: Pick<Origin, 'path' | 'offset'>): string {
  return `${path}:${offset}`;
}

export function emptySummary(): ImportSummary {
  return { read: 0, new: 0, crossPosted: 0, completed: 0, duplicates: 0, conflictingIds: 0, skipped: 0, failed: 0, maildirFilesRead: 0, problems: [] };
}

/**
 * Imports every message under `paths` into `store`; one bad message never stops the rest. A file
 * imported before with these exact bytes (and `list`), every message of it stored, is not read again:
 * its messages count as read and duplicate, as reading them would find.
 */
export async function importPaths(store: Store, paths: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const summary = emptySummary();
  const files = await expandSourcePaths(paths);
  const pool = await poolFor(files, options.workers);
  const importer = new BatchImporter(store, summary, { ...options, ...(pool ? { pool } : {}) });
  try {
    for (const file of files) await importFile(importer, file, options);
  } finally {
    await pool?.close();
  }
  return summary;
}

async function importFile(importer: BatchImporter, file: string, options: ImportOptions): Promise<void> {
  const { store, summary } = importer;
  const list = options.list ?? null;
  const readOptions = options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes };
  const storeItems = async (items: AsyncIterable<SourceItem>) => {
    for await (const item of items) {
      if (item.kind === 'problem') importer.fail(item.origin, item.reason);
      else await importer.add(item);
      options.onProgress?.(summary, file);
    }
  };
  const readWhole = async () => {
    await storeItems(readSource(file, readOptions));
    await importer.finish();
  };
  if ((await stat(file).catch(() => null))?.isDirectory()) {
    await importMaildir(importer, file, options, storeItems, readWhole);
    options.onProgress?.(summary, file);
    return;
  }
  const fingerprint = await sourceFingerprint(file);
  if (fingerprint && (await unchangedFile(store, fingerprint, list, summary))) {
    options.onProgress?.(summary, file);
    return;
  }
  const before = { ...summary };
  await readWhole();
  if (fingerprint) await recordUnchangedFile(store, fingerprint, list, before, summary);
}

async function poolFor(files: string[], workers: number | undefined): Promise<ParsePool | null> {
  if (workers === 0) return null;
  if (workers === undefined) {
    if (!parseWorkersAvailable() || (await sourceBytes(files)) < parallelAboveBytes) return null;
  }
  return new ParsePool(workers ?? defaultWorkerCount());
}

/** A message on its way to the store: parsed (or being parsed), waiting for its turn. */
interface QueuedCopy {
  kind: 'copy';
  raw: RawMessage;
  sha256: string;
  /** Another copy with the same bytes is ahead in the queue: this one shares its outcome. */
  twin: boolean;
  outcome: ParseOutcome | null;
}

/** A problem found while messages before it were still being parsed: it is reported in its turn. */
interface QueuedProblem {
  kind: 'problem';
  problem: ImportProblem;
}

/**
 * Parses raw messages and writes them to the store in batches; shared by file import and fetch.
 * With a pool, messages are parsed in parallel but stored in the order they were added, so the store
 * is the same as a sequential import's.
 */
export class BatchImporter {
  private pending: CopyInput[] = [];
  /** Raw hashes of the copies in `pending` and in `queue`, to count a repeat in this run as a duplicate. */
  private readonly pendingHashes = new Set<string>();
  private readonly queuedHashes = new Map<string, Promise<ParseOutcome>>();
  private queue: (QueuedCopy | QueuedProblem)[] = [];
  private settled: Promise<void> = Promise.resolve();
  /** Batches are written one after another, in the order they filled. */
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly pool: ParsePool | null;

  constructor(
    readonly store: Store,
    readonly summary: ImportSummary,
    private readonly options: BatchImporterOptions,
  ) {
    this.pool = options.pool ?? null;
  }

  /**
   * Takes one raw message. Without a pool it is parsed before this resolves; with one, this resolves
   * as soon as the pool has room (back-pressure), and `finish()` waits for the rest. Either way it
   * waits for a batch being written, so that batches do not pile up in memory.
   */
  async add(raw: RawMessage): Promise<void> {
    if (this.failure) throw this.failure;
    this.summary.read++;
    const sha256 = createHash('sha256').update(raw.bytes).digest('hex');
    if (this.pendingHashes.has(sha256) || (await this.store.hasRawCopy(sha256, this.options.list ?? null))) {
      this.summary.duplicates++;
      return;
    }
    if (!this.pool) {
      this.accept({ kind: 'copy', raw, sha256, twin: false, outcome: await parseInThread(raw) });
      await this.writing;
      return;
    }
    const twinOf = this.queuedHashes.get(sha256);
    const entry: QueuedCopy = { kind: 'copy', raw, sha256, twin: twinOf !== undefined, outcome: null };
    this.queue.push(entry);
    const outcome = twinOf ?? this.submit(raw);
    this.queuedHashes.set(sha256, outcome);
    this.settled = Promise.all([this.settled, outcome.then((result) => void (entry.outcome = result))])
      .then(() => this.acceptSettled())
      .catch((error: unknown) => void (this.failure ??= error));
    await this.pool.whenReady();
    await this.writing;
  }

  private submit(raw: RawMessage): Promise<ParseOutcome> {
    return (this.pool as ParsePool).parse(raw.bytes, raw.origin.envelope?.date ?? null);
  }

  /** Waits for every message added so far to be parsed, and stores them. */
  async finish(): Promise<void> {
    await this.settled;
    if (this.failure) throw this.failure;
    await this.flush();
  }

  /** Reports a message at `origin` that could not be read; in its turn, after the messages added before it. */
  fail(origin: Pick<Origin, 'path' | 'offset'>, reason: string): void {
    const problem = { where: placeOf(origin), messageId: null, reason };
    if (this.queue.length > 0) this.queue.push({ kind: 'problem', problem });
    else this.report(problem);
  }

  private report(problem: ImportProblem): void {
    this.summary.failed++;
    this.summary.problems.push(problem);
    this.options.onProblem?.(problem);
  }

  /** Stores what has been parsed; with a pool, messages still being parsed wait for `finish()`. */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  private async write(batch: CopyInput[]): Promise<void> {
    if (batch.length === 0) return;
    await compareWithParents(batch, this.store);
    const outcomes = await this.store.putCopies(batch);
    for (const outcome of outcomes) {
      if (outcome === 'new') this.summary.new++;
      else if (outcome === 'conflict') {
        this.summary.new++;
        this.summary.conflictingIds++;
      }
      else if (outcome === 'new-copy') this.summary.crossPosted++;
      else if (outcome === 'completed') this.summary.completed++;
      else this.summary.duplicates++;
    }
    for (const copy of batch) this.pendingHashes.delete(copy.rawSha256);
  }

  /** Moves the parsed head of the queue, in order, to the batch. */
  private acceptSettled(): void {
    for (let head = this.queue[0]; head && (head.kind === 'problem' || head.outcome); head = this.queue[0]) {
      this.queue.shift();
      if (head.kind === 'problem') {
        this.report(head.problem);
        continue;
      }
      const { sha256 } = head;
      if (!this.queue.some((other) => other.kind === 'copy' && other.sha256 === sha256)) this.queuedHashes.delete(sha256);
      this.accept(head);
    }
  }

  private accept(entry: QueuedCopy): void {
    const { raw, sha256, outcome } = entry as QueuedCopy & { outcome: ParseOutcome };
    if (entry.twin && this.pendingHashes.has(sha256)) {
      this.summary.duplicates++;
    } else if (outcome.kind === 'failed') {
      this.report({ where: placeOf(raw.origin), messageId: null, reason: outcome.reason });
    } else if (outcome.parsed.message.noArchive) {
      this.summary.skipped++;
    } else {
      this.pending.push({
        message: outcome.parsed.message,
        list: this.options.list ?? outcome.parsed.list ?? '',
        raw: raw.bytes,
        rawSha256: sha256,
        ...(outcome.encodedRaw ? { encodedRaw: asBuffer(outcome.encodedRaw) } : {}),
        source: raw.origin.path,
        offset: raw.origin.offset,
        inArchiveFile: holdsManyMessages(raw.origin.format),
      });
      this.pendingHashes.add(sha256);
    }
    if (this.pending.length >= batchSize) void this.flush().catch((error: unknown) => void (this.failure ??= error));
  }
}

/** Bytes posted back by a worker arrive as a plain Uint8Array; the store writes Buffers. */
function asBuffer({ encoding, bytes }: EncodedRaw): EncodedRaw {
  return { encoding, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

async function parseInThread(raw: RawMessage): Promise<ParseOutcome> {
  try {
    return { kind: 'parsed', parsed: await parseMessage(raw.bytes, { envelopeDate: raw.origin.envelope?.date ?? null }) };
  } catch (error) {
    // A parser bug on hostile input is still one bad message, not the end of the import.
    return { kind: 'failed', reason: failureReason(error) };
  }
}
