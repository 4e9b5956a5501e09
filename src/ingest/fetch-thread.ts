import { addressedLists, archiveId, listsOfCopies } from '../mail/index.js';
import { ListNotFoundError, parseMessageUrl, threadGroups, type IndexEntry } from '../sources/index.js';
import type { Store } from '../store/index.js';
import { FetchSession, type FetchOptions, type FetchSummary } from './fetch-session.js';
import { addMonths, monthOf, periodOfUrl } from './months.js';
import { resolveRef } from '../store/index.js';
import { ListlensError } from '../core/index.js';

export interface FetchThreadOptions extends FetchOptions {
  /** An archive message URL (`…/arch/msg/<list>/<id>/`; only its list and id are used), or a `<ref>` of a stored message. */
  ref: string;
  /** How many months before a list's first known message of the thread to look for the thread's page; default 12. */
  monthsBack?: number;
}

/** The `--thread` message could not be fetched or is not in the store. */
export class ThreadRefError extends ListlensError {
  override name = 'ThreadRefError';

  constructor(message: string, options?: ErrorOptions) {
    super('not-found', message, options);
  }
}

const maxRefreshHops = 3;

/**
 * Fetches one message and the rest of its thread: from the thread index pages of every list the
 * thread's messages were posted to (their `List-Id`, and IETF/IRTF/IAB lists in `To` and `Cc`), since a
 * cross-posted thread lives in each list and the archive keeps a thread's late replies on the page of
 * the month it began.
 */
export async function fetchThread(store: Store, options: FetchThreadOptions): Promise<FetchSummary> {
  const session = new FetchSession(store, options, 'archive');
  const search = new ThreadSearch(session, options.monthsBack ?? 12);
  let seed: string | null = null;
  const summary = await session.run(async () => {
    seed = await seedMessage(session, options.ref);
    await search.run(seed);
  });
  summary.lists.push(...search.lists());
  if (seed !== null) summary.thread = await threadOf(store, seed);
  return summary;
}

export async function threadOf(store: Store, messageId: string): Promise<FetchSummary['thread']> {
  const root = (await store.message(messageId))!.threadRoot;
  const members = await store.threadMessages(root);
  return {
    root,
    subject: members[0]?.baseSubject ?? '',
    messages: members.length,
    lists: listsOfCopies(members),
  };
}

/** The Message-ID of the message `ref` names, downloading it first when it is an archive URL. */
async function seedMessage(session: FetchSession, ref: string): Promise<string> {
  const url = parseMessageUrl(ref);
  if (!url) {
    const messageId = await resolveRef(session.store, ref);
    if (!(await session.store.message(messageId))?.copies.some((copy) => copy.list)) {
      throw new ThreadRefError(`<${messageId}> is in no list: give its archive URL`);
    }
    return messageId;
  }
  const outcomes = await session.downloadAll(url.list, [url.archiveId]);
  const [found] = await session.store.findByArchiveId(url.list, url.archiveId);
  if (found) return found;
  const why = outcomes.get(url.archiveId) ?? 'not stored (see the errors above)';
  session.summary.notFound.push(ref.trim());
  throw new ThreadRefError(`${session.archive.urls.download(url.list, url.archiveId)}: ${why}`);
}

class ThreadSearch {
  /** Message-IDs of the thread's messages and of those they reply to. */
  private readonly members = new Set<string>();
  /** Each list the thread may live in, with the date of its earliest known message addressed to it. */
  private readonly listStarts = new Map<string, Date | null>();
  private readonly groups = new Map<string, IndexEntry[][]>();
  private readonly scanned = new Set<string>();
  private readonly fetched = new Set<string>();
  private readonly pagesRead = new Set<string>();
  private readonly yearly = new Map<string, string>();

  constructor(
    private readonly session: FetchSession,
    private readonly monthsBack: number,
  ) {}

  lists(): string[] {
    return [...this.listStarts.keys()].filter((list) => this.groups.has(list));
  }

  async run(seed: string): Promise<void> {
    await this.addMember(seed);
    for (let changed = true; changed; ) {
      changed = false;
      for (const list of [...this.listStarts.keys()]) {
        if (!this.scanned.has(list)) await this.scan(list);
        for (const group of this.matchingGroups(list)) {
          changed = true;
          await this.fetchGroup(list, group);
        }
      }
    }
  }

  private async addMember(messageId: string): Promise<void> {
    const message = await this.session.store.message(messageId);
    if (!message) return;
    for (const id of [message.messageId, message.inReplyTo, ...message.references]) if (id) this.members.add(id);
    for (const copy of message.copies.filter((c) => c.list)) {
      const raw = await this.session.store.rawBytes(message.messageId, copy.list);
      for (const list of [copy.list, ...(raw ? addressedLists(raw) : [])]) this.addList(list, message.date);
    }
  }

  private addList(list: string, date: Date | null): void {
    if (!this.listStarts.has(list)) {
      this.listStarts.set(list, date);
      return;
    }
    const known = this.listStarts.get(list);
    if (date && (!known || date < known)) this.listStarts.set(list, date);
  }

  private matchingGroups(list: string): IndexEntry[][] {
    const ids = new Set([...this.members].map((messageId) => archiveId(messageId, list)));
    return (this.groups.get(list) ?? []).filter(
      (group) => !this.fetched.has(`${list} ${group[0]!.archiveId}`) && group.some((entry) => ids.has(entry.archiveId)),
    );
  }

  private async fetchGroup(list: string, group: IndexEntry[]): Promise<void> {
    this.fetched.add(`${list} ${group[0]!.archiveId}`);
    await this.session.downloadAll(list, group.map((entry) => entry.archiveId));
    for (const entry of group) for (const messageId of await this.session.store.findByArchiveId(list, entry.archiveId)) await this.addMember(messageId);
  }

  /** Reads the list's thread pages back from its first known message's month until one holds the thread. */
  private async scan(list: string): Promise<void> {
    this.scanned.add(list);
    const start = monthOf(this.listStarts.get(list) ?? this.session.now());
    for (let back = 0; back <= this.monthsBack; back++) {
      let entries: IndexEntry[] | null;
      try {
        entries = await this.readThreadPage(list, addMonths(start, -back));
      } catch (error) {
        if (error instanceof ListNotFoundError) return; // an address at ietf.org that is not a list
        throw error;
      }
      if (entries === null) continue;
      this.groups.set(list, [...(this.groups.get(list) ?? []), ...threadGroups(entries)]);
      if (this.matchingGroups(list).length > 0) return;
    }
  }

  /** The entries of a month's thread page, following refresh pages; null when that page was read already. */
  private async readThreadPage(list: string, month: string): Promise<IndexEntry[] | null> {
    const { archive } = this.session;
    let url = this.yearly.get(`${list}/${month.slice(0, 4)}`) ?? archive.urls.index('thread', list, month);
    this.session.reading(`${list} ${month}`);
    for (let hops = 0; hops <= maxRefreshHops; hops++) {
      if (this.pagesRead.has(url)) return null;
      this.pagesRead.add(url);
      const answer = await archive.index(list, url, null, this.session.signal);
      if (answer.kind === 'page') {
        this.session.pageRead();
        return answer.entries;
      }
      if (answer.kind !== 'refresh') return null;
      const [from, to] = [periodOfUrl(url), periodOfUrl(answer.target)];
      if (from?.length === 7 && to === from.slice(0, 4)) this.yearly.set(`${list}/${to}`, answer.target);
      url = answer.target;
    }
    throw new ListlensError('failed', `${url}: more than ${maxRefreshHops} refresh pages in a row`);
  }
}
