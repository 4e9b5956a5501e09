/**
 * Threading only what new or changed messages touch, with the result of a full rethread
 * (sqlite-threads.ts). A full rethread's threads are unions of reference components (messages that name
 * one another, an inferred parent included) joined by subject gathering, which only joins component
 * roots with the same subject key. So the threads to compute again are the closure of the new and
 * changed messages under:
 * - a name they share (Message-ID, References, In-Reply-To: `message_names_by_name`), so joins of two threads
 *   and late-arriving parents are seen;
 * - the thread they are in now (a thread is rebuilt whole; an inferred parent and its child share one);
 * - both ends of every inferred parent that changed (a new orphan, or a later parent arriving for one);
 * - subject gathering's neighbours. Gathering takes the roots of one subject key in date order; a root
 *   whose subject is not a reply (or the key's first) starts a thread, and each reply-looking root
 *   joins the thread started last before it. So a stored thread of that key (`thread_keys`) is touched
 *   only where a root of the set lands in it: the thread started last before that root, unless a root
 *   of the set that starts a thread comes between; and the key's first thread, if it starts with a
 *   reply and a root of the set comes before it. A root that started its thread before (not a reply,
 *   same key) lands where it was. A thread that changed in place (`threads_dirty`) brings every thread
 *   of its key, as it may have moved.
 * JWZ over that closure is JWZ over whole components and whole subject groups, the same as over the store.
 */
import type Database from 'better-sqlite3';
import { looksLikeReply, subjectKey } from '../mail/index.js';
import { compareMessages, flattenThread, threadMessages, type ThreadInput } from '../thread/index.js';
import {
  hasUnthreaded,
  inferredParentsOf,
  namedIds,
  type MessageRow as Row,
  messageRowColumns as rowColumns,
  orphanReplies,
  type OrphanRow,
  placedMessages,
  placeMessageSql,
  putThreadStartSql,
  startTime,
  threadInputOf,
  threadStartOf,
  type ThreadStartRow,
} from './sqlite-threads.js';

/**
 * New messages threaded incrementally at most. What they touch is held in memory at once (15,000 new
 * messages into a store of 85,000: 23 MB live), while a full rethread reads the store in batches and
 * its memory does not grow with the mail.
 */
const maxIncrementalMessages = 20_000;

/**
 * True when the store knows enough (`thread_keys` filled by a full rethread) to thread incrementally,
 * and no more than `maxNewMessages` messages wait to be threaded.
 */
export function canThreadIncrementally(db: Database.Database, maxNewMessages = maxIncrementalMessages): boolean {
  if (db.prepare("SELECT 1 FROM state WHERE key = 'thread_keys' AND value = 'ready'").get() === undefined) return false;
  const unthreaded = db
    .prepare<[number], number>('SELECT count(*) FROM (SELECT 1 FROM message_threads WHERE root IS NULL LIMIT ?)')
    .pluck()
    .get(maxNewMessages + 1);
  return (unthreaded ?? 0) <= maxNewMessages;
}

/** True when some message was never threaded or some thread holds a message that changed. */
export function hasThreadWork(db: Database.Database): boolean {
  return hasUnthreaded(db) || db.prepare('SELECT 1 FROM threads_dirty LIMIT 1').get() !== undefined;
}

/** Rethreads the threads the new and changed messages touch; see the top of this file. */
export function rethreadIncrementally(db: Database.Database): void {
  const inferred = inferredParentsOf(db, orphansToInfer(db));
  const changedInferences = writeInferenceChanges(db, inferred);
  const closure = new Closure(db, inferred);
  for (const row of db.prepare<[], Row>(`SELECT ${rowColumns} FROM ${placedMessages} WHERE th.root IS NULL`).all()) closure.addRow(row);
  for (const { root } of db.prepare<[], { root: string }>('SELECT root FROM threads_dirty').all()) closure.addChangedThread(root);
  for (const id of changedInferences) closure.addName(id);
  closure.complete();
  writeThreads(db, closure);
}

/**
 * The messages without In-Reply-To/References, with a subject that looks like a reply's (inference
 * gives no other a parent), whose inferred parent may have changed: the new and
 * changed ones, those with a stored inference (kept or lost), and those a new or changed message may
 * now be the parent of, which a parent precedes: dated from the earliest of them on, or undated (or
 * dated outside the years 0 to 9999, which do not sort as text). Older ones keep having no parent.
 */
function orphansToInfer(db: Database.Database): OrphanRow[] {
  const changed = [
    'id IN (SELECT message FROM message_threads WHERE root IS NULL)',
    'id IN (SELECT message FROM message_threads WHERE root IN (SELECT root FROM threads_dirty))',
  ];
  const earliest = changed
    .map((where) => db.prepare<[], { date: string | null }>(`SELECT min(date) AS date FROM messages WHERE ${where}`).get()?.date ?? null)
    .filter((date) => date !== null)
    .sort();
  const rows = new Map<number, OrphanRow>();
  const add = (sql: string, ...values: string[]) => {
    for (const row of orphanReplies(db, sql, ...values)) rows.set(row.id, row);
  };
  for (const where of changed) add(where);
  add('message_id IN (SELECT message_id FROM inferred_parents)');
  add("(date IS NULL OR date < '0')");
  if (earliest[0] !== undefined) add('date >= ?', earliest[0]);
  return [...rows.values()];
}

/** Stores the inferences that changed and returns the Message-IDs on both ends of each change. */
function writeInferenceChanges(db: Database.Database, inferred: ReadonlyMap<string, string>): string[] {
  const stored = new Map(
    db.prepare<[], { message_id: string; parent: string }>('SELECT message_id, parent FROM inferred_parents').all().map((r) => [r.message_id, r.parent]),
  );
  const touched: string[] = [];
  const upsert = db.prepare('INSERT OR REPLACE INTO inferred_parents (message_id, parent) VALUES (?, ?)');
  const remove = db.prepare('DELETE FROM inferred_parents WHERE message_id = ?');
  db.transaction(() => {
    for (const [child, parent] of inferred) {
      const before = stored.get(child);
      if (before === parent) continue;
      upsert.run(child, parent);
      touched.push(child, parent, ...(before ? [before] : []));
    }
    for (const [child, parent] of stored) {
      if (inferred.has(child)) continue;
      remove.run(child);
      touched.push(child, parent);
    }
  }).immediate();
  return touched;
}

/** Where subject gathering places a root: by its first message (`compareMessages`). */
type Place = Pick<ThreadInput, 'messageId' | 'date'>;

const comesBefore = (a: Place, b: Place): boolean => compareMessages(a, b) < 0;

/** A stored thread's start: its first message's place, and whether its subject is a reply's. */
interface ThreadStart extends Place {
  reply: boolean;
}

type StartRow = Omit<ThreadStartRow, 'key'>;

const startOfRow = (row: StartRow): ThreadStart => ({
  messageId: row.root,
  date: row.time === null ? null : new Date(row.time),
  reply: row.reply === 1,
});

/** Nearest first: `starts` of one time, in reverse gathering order. */
const nearestFirst = (starts: ThreadStart[]): ThreadStart[] => starts.sort((a, b) => compareMessages(b, a));

class Closure {
  readonly rows = new Map<number, Row>();
  readonly oldRoots = new Set<string>();
  private readonly names = new Set<string>();
  /** Keys whose every thread is in the set. */
  private readonly wholeKeys = new Set<string>();
  private readonly pending: Row[] = [];
  private readonly statements;

  constructor(
    db: Database.Database,
    readonly inferred: ReadonlyMap<string, string>,
  ) {
    this.statements = {
      rowsNaming: db.prepare<[string], Row>(
        `SELECT ${rowColumns} FROM ${placedMessages} WHERE m.id IN (SELECT message FROM message_names_by_name WHERE name = ?)`,
      ),
      threadRows: db.prepare<[string], Row>(`SELECT ${rowColumns} FROM ${placedMessages} WHERE th.root = ?`),
      keyStarts: db.prepare<[string], StartRow>('SELECT root, time, reply FROM thread_keys WHERE key = ?'),
      startsAt: db.prepare<[string, number], StartRow>('SELECT root, time, reply FROM thread_keys WHERE key = ? AND time = ?'),
      undatedStarts: db.prepare<[string], StartRow>('SELECT root, time, reply FROM thread_keys WHERE key = ? AND time IS NULL'),
      startsBefore: db.prepare<[string, number], StartRow>(
        'SELECT root, time, reply FROM thread_keys WHERE key = ? AND time < ? ORDER BY time DESC',
      ),
      datedStarts: db.prepare<[string], StartRow>(
        'SELECT root, time, reply FROM thread_keys WHERE key = ? AND time IS NOT NULL ORDER BY time DESC',
      ),
      firstTime: db.prepare<[string], number | null>('SELECT min(time) FROM thread_keys WHERE key = ?').pluck(),
      startsThread: db.prepare<[string, string], number>('SELECT 1 FROM thread_keys WHERE root = ? AND key = ?').pluck(),
      rootKey: db.prepare<[string], { key: string }>('SELECT key FROM thread_keys WHERE root = ?').pluck(),
    };
  }

  addRow(row: Row): void {
    if (this.rows.has(row.id)) return;
    this.rows.set(row.id, row);
    this.pending.push(row);
  }

  addThread(root: string): void {
    if (this.oldRoots.has(root)) return;
    this.oldRoots.add(root);
    for (const row of this.statements.threadRows.all(root)) this.addRow(row);
  }

  /** A thread holding a message that changed in place: it and every thread of its subject key. */
  addChangedThread(root: string): void {
    this.addThread(root);
    const key = this.statements.rootKey.get(root) as unknown as string | undefined;
    if (key === undefined || key === '' || this.wholeKeys.has(key)) return;
    this.wholeKeys.add(key);
    for (const row of this.statements.keyStarts.all(key)) this.addThread(row.root);
  }

  addName(name: string): void {
    if (this.names.has(name)) return;
    this.names.add(name);
    for (const row of this.statements.rowsNaming.all(name)) this.addRow(row);
  }

  /** The stored threads of `key` whose first message has this time (null: undated). */
  private startsAtTime(key: string, time: number | null): ThreadStart[] {
    const rows = time === null ? this.statements.undatedStarts.all(key) : this.statements.startsAt.all(key, time);
    return rows.map(startOfRow);
  }

  /** The stored thread of `key` that gathering takes first. */
  private firstStart(key: string): ThreadStart | undefined {
    const time = this.statements.firstTime.get(key) as number | null | undefined;
    return this.startsAtTime(key, time ?? null).sort(compareMessages)[0];
  }

  /**
   * The stored threads of `key` that gathering takes before `place`, nearest first, read from the
   * (key, time) index as far as the caller goes; starts of one time are ordered as `compareMessages` does.
   */
  private *startsBefore(key: string, place: Place): Generator<ThreadStart> {
    const time = startTime(place.date);
    yield* nearestFirst(this.startsAtTime(key, time).filter((start) => comesBefore(start, place)));
    const earlier = time === null ? this.statements.datedStarts.iterate(key) : this.statements.startsBefore.iterate(key, time);
    let sameTime: ThreadStart[] = [];
    for (const row of earlier) {
      const start = startOfRow(row);
      if (sameTime.length > 0 && sameTime[0]!.date!.getTime() !== row.time) {
        yield* nearestFirst(sameTime);
        sameTime = [];
      }
      sameTime.push(start);
    }
    yield* nearestFirst(sameTime);
  }

  /** The nearest stored thread of `key` before `place` that is not in the set yet. */
  private lastOutsideBefore(key: string, place: Place): ThreadStart | undefined {
    for (const start of this.startsBefore(key, place)) if (!this.oldRoots.has(start.messageId)) return start;
    return undefined;
  }

  /** Grows the set until every rule in the file comment holds for it. */
  complete(): void {
    for (;;) {
      for (let row = this.pending.pop(); row; row = this.pending.pop()) this.expand(row);
      for (const [key, roots] of this.componentRootsByKey()) this.addGatheringNeighbours(key, roots);
      if (this.pending.length === 0) return;
    }
  }

  private expand(row: Row): void {
    if (row.thread_root !== null) this.addThread(row.thread_root);
    for (const name of namedIds(row.message_id, JSON.parse(row.refs) as string[], row.in_reply_to)) this.addName(name);
  }

  /** The roots of the set's reference components, by subject key, in gathering order. */
  private componentRootsByKey(): Map<string, ThreadStart[]> {
    const byKey = new Map<string, ThreadStart[]>();
    for (const tree of threadMessages(this.inputs(), { gatherSubjects: false })) {
      const first = flattenThread(tree)[0]?.message;
      const key = first ? subjectKey(first.subject) : '';
      if (!first || key === '' || this.wholeKeys.has(key)) continue;
      const roots = byKey.get(key) ?? [];
      roots.push({ messageId: first.messageId, date: first.date, reply: looksLikeReply(first.subject) });
      byKey.set(key, roots);
    }
    for (const roots of byKey.values()) roots.sort(compareMessages);
    return byKey;
  }

  /** Adds the stored threads of `key` that gathering the set's `roots` (in order) can join or split. */
  private addGatheringNeighbours(key: string, roots: readonly ThreadStart[]): void {
    const first = this.firstStart(key);
    const firstRoot = roots[0];
    if (first && firstRoot && first.reply && !this.oldRoots.has(first.messageId) && comesBefore(firstRoot, first)) this.addThread(first.messageId);
    let lastStarter: Place | null = null;
    roots.forEach((root, index) => {
      const startedBefore = !root.reply && this.statements.startsThread.get(root.messageId, key) !== undefined;
      if (!startedBefore) {
        // Starts nearer to the root come later in gathering order: the nearest one outside the set is the last.
        const landsIn = this.lastOutsideBefore(key, root);
        if (landsIn && (lastStarter === null || comesBefore(lastStarter, landsIn))) this.addThread(landsIn.messageId);
      }
      const firstOfKey = index === 0 && this.lastOutsideBefore(key, root) === undefined;
      if (!root.reply || firstOfKey) lastStarter = root;
    });
  }

  inputs(): ThreadInput[] {
    return [...this.rows.values()].map((row) => threadInputOf(row, this.inferred));
  }
}

function writeThreads(db: Database.Database, closure: Closure): void {
  const byMessageId = new Map([...closure.rows.values()].map((row) => [row.message_id, row]));
  const update = db.prepare(placeMessageSql);
  const storedStart = db.prepare<[string], ThreadStartRow>('SELECT root, key, time, reply FROM thread_keys WHERE root = ?');
  const dropKey = db.prepare('DELETE FROM thread_keys WHERE root = ?');
  const putStart = db.prepare(putThreadStartSql);
  const trees = threadMessages(closure.inputs());
  const starts = new Map<string, ThreadStartRow>();
  db.transaction(() => {
    for (const tree of trees) {
      const members = flattenThread(tree);
      const first = members[0]?.message;
      if (!first) continue;
      members.forEach((member, order) => {
        const row = byMessageId.get(member.message.messageId)!;
        if (row.thread_root === first.messageId && row.thread_depth === member.depth && row.thread_order === order) return;
        update.run(first.messageId, member.depth, order, row.id);
      });
      const start = threadStartOf(first);
      if (start) starts.set(start.root, start);
    }
    // Most touched threads keep their first message: their rows are left as they are, not written again.
    for (const root of closure.oldRoots) if (!starts.has(root)) dropKey.run(root);
    for (const start of starts.values()) if (!closure.oldRoots.has(start.root) || !sameStart(storedStart.get(start.root), start)) putStart.run(start);
    db.exec('DELETE FROM threads_dirty');
  }).immediate();
}

const sameStart = (stored: ThreadStartRow | undefined, start: ThreadStartRow): boolean =>
  stored !== undefined && stored.key === start.key && stored.time === start.time && stored.reply === start.reply;
