import { HttpError, type HttpClient, type HttpStats } from '../sources/index.js';
import { defaultArchiveUrl, MailArchive } from '../sources/index.js';
import type { RawMessage } from '../sources/index.js';
import type { FetchMark, Store } from '../store/index.js';
import { BatchImporter, emptySummary, type ImportProblem, type ImportSummary } from './import.js';

/** What every kind of fetch is given. */
export interface FetchOptions {
  /** The one HTTP client of the run: it keeps the politeness limits across everything fetched. */
  http: HttpClient;
  /** The mail archive, or a mirror; default `https://mailarchive.ietf.org`. */
  archive?: string;
  /** Read every index page (or monthly file) again, also those that cannot have changed. */
  full?: boolean;
  /** The clock, for the default `--until`; injectable for tests. */
  now?: () => Date;
  onProgress?: (progress: FetchProgress) => void;
  /** Each message that could not be imported, as found. */
  onProblem?: (problem: ImportProblem) => void;
  /** Each request that failed for good but did not stop the fetch (a message gone from the archive, a 403). */
  onError?: (message: string) => void;
}

export interface FetchProgress {
  /** Index pages (or monthly files) read or revalidated so far. */
  pages: number;
  downloaded: number;
  /** Downloads known so far: done, in flight and waiting. */
  queued: number;
  /** `Date.now()` when the fetch began, for the rate and the ETA. */
  startedAt: number;
  /** What is being read: `iotops 2021-02`. */
  current: string;
}

/** What a fetch did, for the one-line summary and `fetch --json` (docs/json.md). */
export interface FetchSummary {
  source: 'archive' | 'text';
  lists: string[];
  pages: {
    /** Index pages (or monthly files) read in full. */
    read: number;
    /** Revalidated and answered 304 Not Modified. */
    notModified: number;
    /** Not requested: complete (their period had ended when they were read) or already read in this run. */
    skipped: number;
  };
  messages: {
    /** Listed on the pages read. */
    listed: number;
    alreadyStored: number;
    downloaded: number;
    /** Listed, but the archive answered 404 or 410 for the download. */
    gone: number;
  };
  /** What importing the downloads did, as `listlens import` counts it. */
  import: ImportSummary;
  /** This run's requests (robots.txt included), retries, 304 answers and body bytes; the most in flight at once. */
  http: HttpStats;
  /** Lists (or, with `--thread`, the message) the archive does not have. */
  notFound: string[];
  /** Requests that failed for good without stopping the fetch. */
  errors: string[];
  /** The failure that ended the fetch early (a request that still failed after every retry), else null. */
  stopped: string | null;
  /** With `--thread`: the thread the message belongs to, once fetched. */
  thread: { root: string; subject: string; messages: number; lists: string[] } | null;
}

/** The archive (behind Cloudflare) refuses automated clients with 403: say so, and what works instead. */
function refusedMessage(error: HttpError): string {
  return `the archive refused automated access (HTTP 403) at ${new URL(error.url).origin}; use --source imap`;
}

/** Why a listed message was not stored under its archive id; null when it was. */
type Outcome = string | null;

/** Messages per store transaction while downloading: a killed fetch downloads at most this many again. */
const flushEvery = 25;

/**
 * The state one fetch run shares: the archive client, what the store already has per list, the
 * importers (downloads go through `BatchImporter`, exactly as `listlens import`), and the summary.
 */
export class FetchSession {
  readonly summary: FetchSummary;
  readonly archive: MailArchive;
  readonly now: () => Date;
  readonly full: boolean;
  private readonly known = new Map<string, Set<string>>();
  /** Ids listed on the pages read so far in this run, per list: a message on two pages counts once. */
  private readonly listed = new Map<string, Set<string>>();
  private readonly importers = new Map<string, BatchImporter>();
  private readonly aborter = new AbortController();
  private readonly startedAt = Date.now();
  private queued = 0;
  /** The failure that stopped the downloads (the others then fail as aborted). */
  private fatalError: unknown = null;
  private current = '';
  /** The client's counts when this run began: the summary gives this run's share. */
  private readonly httpAtStart: HttpStats;

  constructor(
    readonly store: Store,
    readonly options: FetchOptions,
    source: FetchSummary['source'],
  ) {
    this.archive = new MailArchive(options.http, options.archive ?? defaultArchiveUrl);
    this.now = options.now ?? (() => new Date());
    this.full = options.full ?? false;
    this.httpAtStart = { ...options.http.stats };
    this.summary = {
      source,
      lists: [],
      pages: { read: 0, notModified: 0, skipped: 0 },
      messages: { listed: 0, alreadyStored: 0, downloaded: 0, gone: 0 },
      import: emptySummary(),
      http: { requests: 0, retries: 0, notModified: 0, bytes: 0, maxInFlight: 0 },
      notFound: [],
      errors: [],
      stopped: null,
      thread: null,
    };
  }

  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  /** Archive ids of `list` that need no download: stored copies, and downloads marked as storing none. */
  async knownIds(list: string): Promise<Set<string>> {
    let ids = this.known.get(list);
    if (!ids) {
      ids = await this.store.fetchedArchiveIds(list);
      this.known.set(list, ids);
    }
    return ids;
  }

  importer(list: string): BatchImporter {
    let importer = this.importers.get(list);
    if (!importer) {
      importer = new BatchImporter(this.store, this.summary.import, {
        list,
        ...(this.options.onProblem ? { onProblem: this.options.onProblem } : {}),
      });
      this.importers.set(list, importer);
    }
    return importer;
  }

  reading(what: string): void {
    this.current = what;
    this.report();
  }

  pageRead(): void {
    this.summary.pages.read++;
    this.report();
  }

  error(message: string): void {
    this.summary.errors.push(message);
    this.options.onError?.(message);
  }

  /** Something worth telling that is no failure (a message gone from the archive). */
  warn(message: string): void {
    this.options.onError?.(message);
  }

  /** A list (or message) the archive does not have: the rest of the fetch goes on. */
  notFound(name: string, message: string): void {
    this.summary.notFound.push(name);
    this.options.onError?.(message);
  }

  /**
   * Downloads the messages of `list` the store lacks, at most the client's concurrency at once, and
   * imports them one by one as they arrive. A message gone from the archive (404, 410) is marked so it
   * is not asked for again; another client error is reported and the rest goes on; a transient failure
   * (after the client's retries) stops the whole fetch. Returns why each id was not stored (null: stored).
   */
  async downloadAll(list: string, ids: readonly string[]): Promise<Map<string, Outcome>> {
    const known = await this.knownIds(list);
    const missing = [...new Set(ids)].filter((id) => !known.has(id));
    this.countListed(list, ids, missing);
    this.queued += missing.length;
    const batch = new DownloadBatch(this, list);
    const results = await Promise.allSettled(missing.map((id) => batch.download(id)));
    await batch.finish();
    const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (rejected) throw this.fatalError ?? rejected.reason;
    return batch.outcomes;
  }

  private countListed(list: string, ids: readonly string[], missing: readonly string[]): void {
    const listed = this.listed.get(list) ?? new Set<string>();
    this.listed.set(list, listed);
    const first = ids.filter((id) => !listed.has(id));
    for (const id of first) listed.add(id);
    this.summary.messages.listed += new Set(first).size;
    const downloading = new Set(missing);
    this.summary.messages.alreadyStored += new Set(first.filter((id) => !downloading.has(id))).size;
  }

  /** Stops every download still waiting or in flight: `error` ends the fetch. */
  stop(error: unknown): void {
    if (this.signal.aborted) return;
    this.fatalError = error;
    this.aborter.abort();
  }

  downloaded(): void {
    this.summary.messages.downloaded++;
    this.report();
  }

  /**
   * Runs the fetch. A request that still fails after every retry ends it: that is recorded in the
   * summary (`stopped`), what was stored until then stays stored, and the summary is returned.
   */
  async run(work: () => Promise<void>): Promise<FetchSummary> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      this.summary.stopped = error.status === 403 ? refusedMessage(error) : error.message;
    }
    return await this.finish();
  }

  /** Flushes the importers and fills in the HTTP counts; call once at the end. */
  async finish(): Promise<FetchSummary> {
    for (const importer of this.importers.values()) await importer.flush();
    const [now, start] = [this.options.http.stats, this.httpAtStart];
    this.summary.http = {
      requests: now.requests - start.requests,
      retries: now.retries - start.retries,
      notModified: now.notModified - start.notModified,
      bytes: now.bytes - start.bytes,
      maxInFlight: now.maxInFlight,
    };
    return this.summary;
  }

  private report(): void {
    this.options.onProgress?.({
      pages: this.summary.pages.read + this.summary.pages.notModified,
      downloaded: this.summary.messages.downloaded,
      queued: this.queued,
      startedAt: this.startedAt,
      current: this.current,
    });
  }
}

/** The downloads of one page: imported in arrival order, flushed every `flushEvery` messages. */
class DownloadBatch {
  readonly outcomes = new Map<string, Outcome>();
  private unflushed = new Map<string, Outcome>();
  private imports: Promise<void> = Promise.resolve();

  constructor(
    private readonly session: FetchSession,
    private readonly list: string,
  ) {}

  async download(id: string): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = await this.session.archive.download(this.list, id, this.session.signal);
    } catch (error) {
      this.failed(id, error);
      return;
    }
    this.session.downloaded();
    this.imports = this.imports.then(() => this.importOne(id, bytes));
    await this.imports;
  }

  private failed(id: string, error: unknown): void {
    if (error instanceof HttpError && (error.status === 404 || error.status === 410)) {
      this.session.summary.messages.gone++;
      this.record(id, `gone from the archive (${error.status})`);
      this.session.warn(error.message);
      return;
    }
    // A refusal (403) is the archive's answer to every request that follows: it ends the fetch.
    if (error instanceof HttpError && !error.transient && error.status !== 403) {
      this.session.error(error.message);
      return;
    }
    this.session.stop(error);
    throw error;
  }

  private async importOne(id: string, bytes: Buffer): Promise<void> {
    const url = this.session.archive.urls.download(this.list, id);
    const counts = this.session.summary.import;
    const [skipped, failed] = [counts.skipped, counts.failed];
    const raw: RawMessage = { kind: 'message', bytes, origin: { path: url, offset: 0, format: 'eml', envelope: null } };
    await this.session.importer(this.list).add(raw);
    if (counts.skipped > skipped) this.record(id, 'asks not to be archived (X-No-Archive)');
    else if (counts.failed > failed) this.record(id, `unreadable: ${counts.problems[counts.problems.length - 1]?.reason ?? ''}`);
    else this.record(id, null);
    if (this.unflushed.size >= flushEvery) await this.flush();
  }

  private record(id: string, outcome: Outcome): void {
    this.outcomes.set(id, outcome);
    this.unflushed.set(id, outcome);
  }

  async finish(): Promise<void> {
    await this.imports.catch(() => {});
    await this.flush();
  }

  /**
   * Commits the imported messages, then marks the ids that stored no copy under that id (a message
   * the archive knows under another id), so they are not downloaded again. A kill before the marks
   * only means downloading those again.
   */
  private async flush(): Promise<void> {
    const { store } = this.session;
    const unflushed = this.unflushed;
    this.unflushed = new Map();
    await this.session.importer(this.list).flush();
    const known = await this.session.knownIds(this.list);
    const marks: FetchMark[] = [];
    for (const [id, outcome] of unflushed) {
      const reason = outcome ?? ((await store.findByArchiveId(this.list, id)).length > 0 ? null : 'stored under another archive id');
      if (reason !== null) marks.push({ archiveId: id, reason });
      this.outcomes.set(id, reason);
      known.add(id);
    }
    await store.markFetched(this.list, marks);
  }
}
