import { ImapError, type ImapArchive } from '../sources/index.js';
import { resolveRef, type Store } from '../store/index.js';
import { fetchImapSetup, ImapSync, type ImapFetchOptions, type ImapFetchSummary } from './fetch-imap.js';
import { addressedLists } from '../mail/index.js';
import { threadOf, ThreadRefError } from './fetch-thread.js';

export interface ImapThreadOptions extends Omit<ImapFetchOptions, 'all' | 'since' | 'until'> {
  /** A Message-ID, or a `<ref>` of a stored message. */
  ref: string;
}

/** A thread grows by a round per generation of replies at most; more than this is a loop. */
const maxRounds = 50;

/**
 * Fetches one message and the rest of its thread over IMAP: in every list the thread's messages were
 * posted or addressed to (and `lists`), the messages whose Message-ID, References or In-Reply-To names
 * one of the thread's messages (`UID SEARCH HEADER`), round after round until none is new.
 */
export async function fetchImapThread(store: Store, options: ImapThreadOptions): Promise<ImapFetchSummary> {
  const { imap, sync } = fetchImapSetup(store, options);
  const seed = await seedOf(store, options.ref);
  const search = new ThreadSearch(store, sync, seed.messageId, new Set([...options.lists, ...seed.lists]));
  try {
    await search.run(imap);
  } catch (error) {
    if (!(error instanceof ImapError) || error.reason !== 'failed') throw error;
    sync.summary.stopped = error.message;
  }
  const summary = await sync.finish();
  if (!(await store.message(seed.messageId))) {
    throw new ThreadRefError(`no message <${seed.messageId}> in ${search.lists.join(', ') || 'any list searched'}`);
  }
  summary.thread = await threadOf(store, seed.messageId);
  return summary;
}

/** The Message-ID `ref` names, and the lists its stored copies are in. */
async function seedOf(store: Store, ref: string): Promise<{ messageId: string; lists: string[] }> {
  const bare = ref.trim().replace(/^<+|>+$/g, '');
  const stored = await store.message(bare);
  if (bare.includes('@') && !/\s/.test(bare) && !stored) return { messageId: bare, lists: [] };
  const messageId = stored ? bare : await resolveRef(store, ref);
  const message = stored ?? (await store.message(messageId));
  return { messageId, lists: (message?.copies ?? []).map((copy) => copy.list).filter(Boolean) };
}

class ThreadSearch {
  /** Per list, the Message-IDs already searched for in it. */
  private readonly searched = new Map<string, Set<string>>();
  private known: Set<string>;
  /** The thread's base subject, once its root is stored, and the lists searched for it. */
  private subject: string | null = null;
  private readonly subjectSearched = new Set<string>();
  /** Lists the server has no folder for: not asked for again. */
  private readonly absent = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly sync: ImapSync,
    private readonly seed: string,
    private readonly wanted: Set<string>,
  ) {
    this.known = new Set([seed]);
    this.showLists();
  }

  get lists(): string[] {
    return [...this.wanted].sort();
  }

  /** The summary names the lists searched, as they become known. */
  private showLists(): void {
    this.sync.summary.lists.splice(0, Infinity, ...this.lists);
  }

  async run(client: ImapArchive): Promise<void> {
    if (this.wanted.size === 0) {
      throw new ThreadRefError(`<${this.seed}> is not in the store: name the lists to look for it in (fetch <list...> --source imap --thread <Message-ID>)`);
    }
    for (let round = 0; round < maxRounds; round++) {
      for (const list of this.lists) {
        const ids = this.unsearched(list);
        const subject = this.subject && !this.subjectSearched.has(list) ? this.subject : null;
        if (ids.length === 0 && !subject) continue;
        this.subjectSearched.add(list);
        const index = this.lists.indexOf(list);
        const found = await this.sync.onFolder(client, list, index, async (folder) => folder.fetchSome(await folder.searchThread(ids, subject)));
        if (!found) {
          this.wanted.delete(list);
          this.absent.add(list);
        }
        this.showLists();
      }
      await this.sync.flush();
      if (!(await this.grow())) return;
    }
  }

  private unsearched(list: string): string[] {
    const done = this.searched.get(list) ?? new Set<string>();
    this.searched.set(list, done);
    const ids = [...this.known].filter((id) => !done.has(id));
    for (const id of ids) done.add(id);
    return ids;
  }

  /** Takes in the thread as stored now: its messages, those they reply to, the lists they went to. True when any is new. */
  private async grow(): Promise<boolean> {
    await this.store.rethread();
    const seed = await this.store.message(this.seed);
    if (!seed) return false;
    const [ids, lists] = [new Set(this.known), new Set(this.wanted)];
    const subject = (await this.store.message(seed.threadRoot))?.baseSubject || null;
    const newSubject = subject !== this.subject;
    if (newSubject) this.subjectSearched.clear();
    this.subject = subject;
    for (const member of await this.store.threadMessages(seed.threadRoot)) {
      for (const id of [member.messageId, ...member.references, ...(member.inReplyTo ? [member.inReplyTo] : [])]) ids.add(id);
      for (const copy of member.copies) {
        if (copy.list) lists.add(copy.list);
        const raw = await this.store.rawBytes(member.messageId, copy.list);
        for (const list of raw ? addressedLists(raw) : []) lists.add(list);
      }
    }
    const grew = newSubject || ids.size > this.known.size || [...lists].some((list) => !this.wanted.has(list) && !this.absent.has(list));
    this.known = ids;
    for (const list of lists) if (!this.absent.has(list)) this.wanted.add(list);
    this.showLists();
    return grew;
  }
}
