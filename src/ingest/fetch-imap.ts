import { mergeUidRanges, subtractUidRanges, uidBatches, uidCount, uidRangesOf, type UidRange } from '../core/index.js';
import { rawMessageDate } from '../mail/index.js';
import { ImapError, type ImapArchive, type ImapFolderStatus, type ImapStats } from '../sources/index.js';
import type { ImapFolderSync, Store } from '../store/index.js';
import { BatchImporter, emptySummary, type ImportProblem, type ImportSummary } from './import.js';
import { periodEnd, periodStart } from './months.js';

export interface ImapFetchOptions {
  /** One client per connection, all to one server; lists are shared out among them. The caller closes them. */
  imap: readonly ImapArchive[];
  /** List names; with `all`, every list folder the server has. */
  lists: string[];
  all?: boolean;
  /** First month (`YYYY-MM`), by internal date, then by the message's Date:. */
  since?: string;
  /** Last month, included. */
  until?: string;
  /** UIDs per UID FETCH, and per store transaction: a killed fetch fetches at most this many again. */
  batchSize?: number;
  now?: () => Date;
  onProgress?: (progress: ImapFetchProgress) => void;
  onProblem?: (problem: ImportProblem) => void;
  /** Things worth telling that do not stop the fetch (a list with no folder, a changed UIDVALIDITY). */
  onWarning?: (message: string) => void;
}

export interface ImapFetchProgress {
  list: string;
  /** Lists done, and in all. */
  listsDone: number;
  lists: number;
  /** Messages fetched of this list, and UIDs it lacks (an upper bound: some may have been expunged). */
  fetched: number;
  missing: number;
  startedAt: number;
}

/** What an IMAP fetch did, for the one-line summary and `fetch --json`. */
export interface ImapFetchSummary {
  source: 'imap';
  /** `imaps://imap.ietf.org`. */
  server: string;
  lists: string[];
  folders: {
    examined: number;
    /** UIDNEXT and HIGHESTMODSEQ as last time, every UID had: nothing fetched. */
    unchanged: number;
    /** Read again from the start because the server changed their UIDVALIDITY. */
    resynced: number;
  };
  messages: {
    fetched: number;
    /** Fetched, but dated (Date:) outside --since/--until: not imported, and asked for again by a wider sync. */
    outsideRange: number;
  };
  /** What importing the fetched messages did, as `listlens import` counts it. */
  import: ImportSummary;
  imap: ImapStats;
  /** Lists the server has no folder for. */
  notFound: string[];
  /** The failure that ended the fetch early (still failing after every retry), else null. */
  stopped: string | null;
  /** With `--thread`: the thread the message belongs to, once fetched. */
  thread: { root: string; subject: string; messages: number; lists: string[] } | null;
}

const defaultBatchSize = 100;
/** Message-IDs per thread SEARCH: each asks for three headers, ORed. */
const idsPerSearch = 20;
const threadHeaders = ['Message-ID', 'References', 'In-Reply-To'];

/**
 * Brings lists up to date from an IMAP archive: per list, examines its folder, fetches the UIDs the
 * store has not had under the folder's UIDVALIDITY in batches, imports them exactly as `listlens
 * import` does (a message already stored from the web or a file is recognised, and gets its copy for
 * this list), and records the UIDs had after each batch, so a killed fetch resumes where it stopped.
 */
export async function fetchImapLists(store: Store, options: ImapFetchOptions): Promise<ImapFetchSummary> {
  const { imap: first, sync } = fetchImapSetup(store, options);
  try {
    const lists = options.all ? (await first.lists()).map((folder) => folder.list) : options.lists;
    sync.summary.lists.push(...lists);
    let next = 0;
    let failure: unknown = null;
    const connection = async (imap: ImapArchive) => {
      try {
        for (let index = next++; index < lists.length && failure === null; index = next++) {
          await sync.onFolder(imap, lists[index]!, index, (folder) => folder.sync());
        }
      } catch (error) {
        failure ??= error;
      } finally {
        // Its lists done, a connection leaves: a server that limits connections per user lets a waiting one in.
        await imap.close();
      }
    };
    await Promise.all(options.imap.map(connection));
    if (failure !== null) throw failure;
  } catch (error) {
    if (!(error instanceof ImapError) || error.reason !== 'failed') throw error;
    sync.summary.stopped = error.message;
  }
  return sync.finish();
}

/** The first client of the run (it lists, and names the server), and the run's shared state. */
export function fetchImapSetup(store: Store, options: ImapFetchOptions): { imap: ImapArchive; sync: ImapSync } {
  const [first] = options.imap;
  if (!first) throw new RangeError('an IMAP fetch needs at least one client');
  return { imap: first, sync: new ImapSync(store, options, first.server) };
}

/** One run's summary and importers, shared by its connections; each list is synced over one of them. */
export class ImapSync {
  readonly summary: ImapFetchSummary;
  private readonly importer: Map<string, BatchImporter> = new Map();
  private readonly startedAt = Date.now();
  private readonly statsAtStart: ImapStats[];

  constructor(
    private readonly store: Store,
    readonly options: ImapFetchOptions,
    server: string,
  ) {
    this.statsAtStart = options.imap.map((imap) => ({ ...imap.stats }));
    this.summary = {
      source: 'imap',
      server,
      lists: [],
      folders: { examined: 0, unchanged: 0, resynced: 0 },
      messages: { fetched: 0, outsideRange: 0 },
      import: emptySummary(),
      imap: { connections: 0, retries: 0, messages: 0, bytes: 0 },
      notFound: [],
      stopped: null,
      thread: null,
    };
  }

  /**
   * Runs `work` on one list's folder; once more from the start when the folder's UIDVALIDITY changes
   * in the middle. False when the server has no folder for the list (reported).
   */
  async onFolder(imap: ImapArchive, list: string, index: number, work: (folder: FolderSync) => Promise<void>): Promise<boolean> {
    const progress = { list, listsDone: index, lists: this.summary.lists.length, fetched: 0, missing: 0, startedAt: this.startedAt };
    for (let attempt = 1; ; attempt++) {
      try {
        await work(new FolderSync(this, this.store, imap, list, progress));
        return true;
      } catch (error) {
        if (!(error instanceof ImapError)) throw error;
        if (error.reason === 'no-folder') {
          this.summary.notFound.push(list);
          this.warn(`${imap.server} has no folder for the list "${list}"`);
          return false;
        }
        if (error.reason !== 'uidvalidity' || attempt > 1) throw error;
      }
    }
  }

  /** Stores what the importers hold. */
  async flush(): Promise<void> {
    for (const importer of this.importer.values()) await importer.finish();
  }

  warn(message: string): void {
    this.options.onWarning?.(message);
  }

  importerOf(list: string): BatchImporter {
    let importer = this.importer.get(list);
    if (!importer) {
      importer = new BatchImporter(this.store, this.summary.import, { list, ...(this.options.onProblem ? { onProblem: this.options.onProblem } : {}) });
      this.importer.set(list, importer);
    }
    return importer;
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async finish(): Promise<ImapFetchSummary> {
    await this.flush();
    const counts = this.summary.imap;
    for (const [index, imap] of this.options.imap.entries()) {
      const [now, start] = [imap.stats, this.statsAtStart[index]!];
      counts.connections += now.connections - start.connections;
      counts.retries += now.retries - start.retries;
      counts.messages += now.messages - start.messages;
      counts.bytes += now.bytes - start.bytes;
    }
    return this.summary;
  }
}

/** One sync of one list's folder, over one connection. */
export class FolderSync {
  private readonly summary: ImapFetchSummary;
  private readonly options: ImapFetchOptions;

  constructor(
    private readonly run: ImapSync,
    private readonly store: Store,
    private readonly imap: ImapArchive,
    private readonly list: string,
    private readonly progress: ImapFetchProgress,
  ) {
    this.summary = run.summary;
    this.options = run.options;
  }

  async sync(): Promise<void> {
    const { status, state } = await this.open();
    const missing = subtractUidRanges(await this.wantedUids(status), state.syncedUids);
    if (missing.length === 0 && state.uidNext === status.uidNext && state.highestModseq === status.highestModseq) {
      this.summary.folders.unchanged++;
    }
    await this.fetchMissing(status, state, missing);
    await this.store.putImapFolderSync({ ...state, uidNext: status.uidNext, highestModseq: status.highestModseq, syncedAt: this.run.now() });
  }

  /** Fetches the messages of `uids` not had yet; a thread fetch's part of a folder. */
  async fetchSome(uids: readonly UidRange[]): Promise<void> {
    const { status, state } = await this.open();
    await this.fetchMissing(status, state, subtractUidRanges(uids, state.syncedUids));
  }

  /**
   * UIDs of the messages whose Message-ID, References or In-Reply-To holds one of `messageIds`, or
   * whose Subject holds `subject` (a reply that lost its references joins its thread by subject).
   */
  async searchThread(messageIds: readonly string[], subject: string | null): Promise<UidRange[]> {
    const uids = subject ? await this.imap.search(this.list, { headers: [{ name: 'Subject', value: subject }] }) : [];
    for (let start = 0; start < messageIds.length; start += idsPerSearch) {
      const headers = messageIds.slice(start, start + idsPerSearch).flatMap((id) => threadHeaders.map((name) => ({ name, value: `<${id}>` })));
      uids.push(...(await this.imap.search(this.list, { headers })));
    }
    return uidRangesOf(uids);
  }

  /** Examines the folder and reads what the store remembers of it. */
  private async open(): Promise<{ status: ImapFolderStatus; state: ImapFolderSync }> {
    const status = await this.imap.examine(this.list);
    this.summary.folders.examined++;
    return { status, state: await this.syncState(status) };
  }

  /** Fetches and imports `missing` in batches, storing the UIDs had after each. */
  private async fetchMissing(status: ImapFolderStatus, state: ImapFolderSync, missing: UidRange[]): Promise<void> {
    this.progress.missing = uidCount(missing);
    this.options.onProgress?.(this.progress);
    for (const batch of uidBatches(missing, this.options.batchSize ?? defaultBatchSize)) {
      const had = await this.fetchBatch(status, batch);
      state.syncedUids = mergeUidRanges([...state.syncedUids, ...had]);
      await this.store.putImapFolderSync(state);
    }
  }

  /** What the store remembers of the folder; nothing of its UIDs when the server changed its UIDVALIDITY. */
  private async syncState(status: ImapFolderStatus): Promise<ImapFolderSync> {
    const stored = await this.store.imapFolderSync(this.imap.server, this.list);
    if (stored && stored.uidValidity === status.uidValidity) return { ...stored, folder: status.path };
    if (stored) {
      this.summary.folders.resynced++;
      this.run.warn(
        `${status.path}: UIDVALIDITY changed from ${stored.uidValidity} to ${status.uidValidity}: reading the folder again (stored messages are recognised, not doubled)`,
      );
    }
    return { server: this.imap.server, list: this.list, folder: status.path, uidValidity: status.uidValidity, uidNext: 0, highestModseq: null, syncedUids: [], syncedAt: null };
  }

  /** Every UID below UIDNEXT; with --since or --until, those SEARCH finds by internal date, a day wider each side (it ignores time zones). */
  private async wantedUids(status: ImapFolderStatus): Promise<UidRange[]> {
    const { since, until } = this.options;
    if (!since && !until) return status.uidNext > 1 ? [{ first: 1, last: status.uidNext - 1 }] : [];
    const day = 24 * 60 * 60 * 1000;
    const uids = await this.imap.search(this.list, {
      ...(since ? { since: new Date(periodStart(since).getTime() - day) } : {}),
      ...(until ? { before: new Date(periodEnd(until).getTime() + day) } : {}),
    });
    return uidRangesOf(uids);
  }

  /**
   * Fetches and imports one batch; returns the UIDs had: the whole batch (a UID the server no longer
   * has will never be used again), but for messages dated outside --since/--until.
   */
  private async fetchBatch(status: ImapFolderStatus, batch: UidRange[]): Promise<UidRange[]> {
    const importer = this.run.importerOf(this.list);
    const outside: number[] = [];
    for await (const message of this.imap.fetch(this.list, status.uidValidity, batch)) {
      const origin = { path: imapMessageUrl(this.imap.server, status, message.uid), offset: 0, format: 'eml' as const, envelope: null };
      if (message.bytes === null) {
        importer.fail(origin, message.skipped);
        continue;
      }
      this.summary.messages.fetched++;
      this.progress.fetched++;
      this.options.onProgress?.(this.progress);
      if (!this.inRange(message.bytes)) {
        this.summary.messages.outsideRange++;
        outside.push(message.uid);
        continue;
      }
      await importer.add({ kind: 'message', bytes: message.bytes, origin });
    }
    await importer.finish();
    return subtractUidRanges(batch, uidRangesOf(outside));
  }

  /** The message's own date against --since/--until; one without a date is kept (its internal date matched). */
  private inRange(bytes: Buffer): boolean {
    const { since, until } = this.options;
    if (!since && !until) return true;
    const date = rawMessageDate(bytes);
    if (!date) return true;
    return (!since || date >= periodStart(since)) && (!until || date < periodEnd(until));
  }
}

/** The message's IMAP URL (RFC 5092), naming the copy's source: `imaps://host/Shared%20Folders/iotops;UIDVALIDITY=7/;UID=12`. */
export function imapMessageUrl(server: string, folder: ImapFolderStatus, uid: number): string {
  const path = folder.path.split('/').map(encodeURIComponent).join('/');
  return `${server}/${path};UIDVALIDITY=${folder.uidValidity}/;UID=${uid}`;
}
