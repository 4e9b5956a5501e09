import { ListNotFoundError, type IndexKind } from '../sources/index.js';
import type { Store } from '../store/index.js';
import { FetchSession, type FetchOptions, type FetchSummary } from './fetch-session.js';
import { addMonths, monthOf, monthsBetween, periodEnd, periodOfUrl } from './months.js';
import { isoDay, ListlensError } from '../core/index.js';

export { fetchThread, type FetchThreadOptions } from './fetch-thread.js';
export { fetchTextArchive, type FetchTextOptions } from './fetch-text.js';
export type { FetchOptions, FetchProgress, FetchSummary } from './fetch-session.js';

export interface FetchListsOptions extends FetchOptions {
  lists: string[];
  /** First month (`YYYY-MM`); default: the list's first month, found through the archive's message counts. */
  since?: string;
  /** Last month, included; default: the current month. */
  until?: string;
}

/** The archive could not be asked what it needs to be asked (no message-count API to find a list's start). */
export class FetchUsageError extends ListlensError {
  override name = 'FetchUsageError';

  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, options);
  }
}

/** Before this the archive holds nothing; the search for a list's first month starts here. */
const earliestMonth = '1980-01';
/** A refresh page leads to a data page at once; more hops than this is a loop. */
const maxRefreshHops = 3;

/**
 * Fetches lists from the mail archive: for every month in range, the thread index (threads begun that
 * month, with all their replies, even later ones) and the date index (every message dated that month,
 * replies to older threads too), then every listed message the store lacks, imported as `listlens import`
 * does. A page is recorded once all its messages are stored: a page whose period had ended when it was
 * made is never read again, any other is revalidated (`If-None-Match` / `If-Modified-Since`).
 */
export async function fetchLists(store: Store, options: FetchListsOptions): Promise<FetchSummary> {
  const session = new FetchSession(store, options, 'archive');
  const reader = new IndexReader(session);
  return session.run(async () => {
    for (const list of options.lists) {
      session.summary.lists.push(list);
      try {
        await fetchList(session, reader, list, options);
      } catch (error) {
        if (!(error instanceof ListNotFoundError)) throw error;
        session.notFound(list, error.message);
      }
    }
  });
}

async function fetchList(session: FetchSession, reader: IndexReader, list: string, options: FetchListsOptions): Promise<void> {
  const first = options.since ?? (await firstMonth(session, list));
  if (first === null) return;
  for (const month of monthsBetween(first, options.until ?? monthOf(session.now()))) {
    await reader.read(list, 'thread', month);
    await reader.read(list, 'date', month);
  }
}

/** Reads index pages with what the store remembers of them, following the archive's refresh pages. */
class IndexReader {
  private readonly visited = new Set<string>();
  /** `thread/iotops/2021` -> the yearly page every month of that (small, past) year refreshes to. */
  private readonly yearly = new Map<string, string>();

  constructor(private readonly session: FetchSession) {}

  async read(list: string, kind: IndexKind, month: string): Promise<void> {
    const url = this.session.archive.urls.index(kind, list, month);
    this.session.reading(`${list} ${month}`);
    const yearlyUrl = this.yearly.get(`${kind}/${list}/${month.slice(0, 4)}`);
    if (yearlyUrl && !this.visited.has(url)) {
      // Every month of a small past year refreshes to the year's page: no need to ask for each.
      this.visited.add(url);
      this.recordRefresh(url, yearlyUrl);
      return;
    }
    await this.readUrl(list, kind, url, 0);
  }

  private async readUrl(list: string, kind: IndexKind, url: string, hops: number): Promise<void> {
    const { store, summary } = this.session;
    if (this.visited.has(url)) return;
    this.visited.add(url);
    const state = this.session.full ? null : await store.pageState(url);
    if (state?.complete) {
      summary.pages.skipped++;
      return;
    }
    const answer = await this.session.archive.index(list, url, state, this.session.signal);
    if (answer.kind === 'not-modified') {
      summary.pages.notModified++;
      await store.putPageState({ ...state!, complete: isComplete(url, answer.generatedAt), checkedAt: this.session.now() });
    } else if (answer.kind === 'refresh') {
      await this.followRefresh(list, kind, url, answer.target, hops);
    } else {
      this.session.pageRead();
      await this.session.downloadAll(list, answer.entries.map((entry) => entry.archiveId));
      const known = await this.session.knownIds(list);
      if (answer.entries.every((entry) => known.has(entry.archiveId))) {
        await store.putPageState({ url, ...answer.validators, complete: isComplete(url, answer.generatedAt), checkedAt: this.session.now() });
      }
    }
  }

  private async followRefresh(list: string, kind: IndexKind, url: string, target: string, hops: number): Promise<void> {
    if (hops >= maxRefreshHops) throw new ListlensError('failed', `${url}: more than ${maxRefreshHops} refresh pages in a row`);
    const [from, to] = [periodOfUrl(url), periodOfUrl(target)];
    if (from?.length === 7 && to === from.slice(0, 4)) this.yearly.set(`${kind}/${list}/${to}`, target);
    await this.readUrl(list, kind, target, hops + 1);
    await this.recordRefresh(url, target);
  }

  /** A refresh page is as complete as the page it leads to (its validators are not kept: it is tiny). */
  private async recordRefresh(url: string, target: string): Promise<void> {
    const reached = await this.session.store.pageState(target);
    if (reached) await this.session.store.putPageState({ url, etag: null, lastModified: null, complete: reached.complete, checkedAt: this.session.now() });
  }
}

/** A page can no longer change once it was made after its period ended. */
function isComplete(url: string, generatedAt: Date): boolean {
  const period = periodOfUrl(url);
  return period !== null && generatedAt.getTime() >= periodEnd(period).getTime();
}

/**
 * The first month with a message in `list`, by bisection over the archive's message counts (about ten
 * small requests); null when the list has no message at all.
 */
async function firstMonth(session: FetchSession, list: string): Promise<string | null> {
  const last = monthOf(session.now());
  const startDay = `${earliestMonth}-01`;
  const countUpTo = (month: string): Promise<number | null> =>
    session.archive.messageCount(list, startDay, isoDay(periodEnd(month)));
  const total = await countUpTo(last);
  if (total === null) {
    throw new FetchUsageError(`${session.archive.urls.base} has no message-count API to find where ${list} starts: give --since YYYY-MM`);
  }
  if (total === 0) return null;
  let [low, high] = [0, monthsBetween(earliestMonth, last).length - 1];
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (((await countUpTo(addMonths(earliestMonth, middle))) ?? 0) > 0) high = middle;
    else low = middle + 1;
  }
  return addMonths(earliestMonth, low);
}
