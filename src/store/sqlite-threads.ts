/**
 * Threading a whole store in bounded memory. JWZ over all messages at once would hold every
 * message's ids and references (about 1 KB a message: a gigabyte for the IETF archive). Instead:
 *
 * 1. Messages that name one another (Message-ID, References, In-Reply-To, a missing parent they share)
 *    form reference components, found with a union-find over row ids while SQLite streams the
 *    (message, id named) pairs in id order; only a few bytes per message stay in memory.
 * 2. JWZ without subject gathering runs on batches of whole components, which cannot affect one another,
 *    and the result is written; each resulting thread's first message is noted (subject key, date).
 * 3. Subject gathering (JWZ step 5) only joins roots with the same subject key: replaying it over the
 *    noted roots, key by key, finds which components it joins. Those few groups are threaded again
 *    with gathering, so the result is exactly that of `threadMessages` over the whole store.
 */
import type Database from 'better-sqlite3';
import { looksLikeReply, quotedParentOf, subjectKey, type Segment } from '../mail/index.js';
import { flattenThread, inferParents, threadMessages } from '../thread/index.js';
import type { Orphan, ParentCandidate, ThreadInput, ThreadNode, ThreadOptions } from '../thread/index.js';
import { ListlensError } from '../core/index.js';

/**
 * JWZ runs on at least this many messages at a time (whole components), then writes them in one
 * transaction; orphans and thread starts are read this many at a time, so that memory holds a batch,
 * not the store.
 */
const defaultBatchMessages = 1000;
/** Row ids and component ids share one sort key: component * idSpan + id. */
const idSpan = 2 ** 26;

/** What threading reads of a stored message. */
export interface MessageRow {
  id: number;
  message_id: string;
  in_reply_to: string | null;
  refs: string;
  subject: string;
  date: string | null;
  thread_root: string | null;
  thread_depth: number | null;
  thread_order: number | null;
}

/** The ids a message names, as `message_names_by_name` keeps them: its own, its References, its In-Reply-To (`namesOf` in schema.ts, for the triggers, in SQL). */
export function namedIds(messageId: string, references: readonly string[], inReplyTo: string | null): string[] {
  const names = [messageId, ...references.filter((name) => name !== '')];
  if (inReplyTo) names.push(inReplyTo);
  return names;
}

/** The messages (`m`) with their places in their threads (`th`, a row of `message_threads` each). */
export const placedMessages = 'messages m JOIN message_threads th ON th.message = m.id';

export const messageRowColumns =
  'm.id, m.message_id, m.in_reply_to, m.refs, m.subject, m.date, th.root AS thread_root, th.depth AS thread_depth, th.ord AS thread_order';

export const placeMessageSql = 'UPDATE message_threads SET root = ?, depth = ?, ord = ? WHERE message = ?';

export function threadInputOf(row: MessageRow, inferred: ReadonlyMap<string, string>): ThreadInput {
  return {
    messageId: row.message_id,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.refs) as string[],
    subject: row.subject,
    date: row.date ? new Date(row.date) : null,
    inferredParent: inferred.get(row.message_id) ?? null,
  };
}

interface RootRow {
  key: string;
  reply: number;
  time: number | null;
  message_id: string;
  container: string;
  part: number;
}

class DisjointSets {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  find(item: number): number {
    const parent = this.parent;
    let node = item;
    while (parent[node] !== node) {
      const grand = parent[parent[node] as number] as number;
      parent[node] = grand;
      node = grand;
    }
    return node;
  }

  union(a: number, b: number): void {
    const [rootA, rootB] = [this.find(a), this.find(b)];
    // The smaller id stays the root, so a component is named by its first row.
    if (rootA < rootB) this.parent[rootB] = rootA;
    else if (rootB < rootA) this.parent[rootA] = rootB;
  }
}

/** True when some message has never been threaded (it came in since the last run). */
export function hasUnthreaded(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM message_threads WHERE root IS NULL LIMIT 1').get() !== undefined;
}

/**
 * Recomputes every message's thread root, depth and order, the same as `threadMessages` over the whole
 * store would; see the top of this file. `batchMessages` is only smaller in tests.
 */
export function rethreadInBatches(db: Database.Database, batchMessages = defaultBatchMessages): void {
  const inferred = inferredParents(db, batchMessages);
  writeInferredParents(db, inferred);
  const order = messagesByComponent(db, inferred);
  const threader = new BatchThreader(db, batchMessages, inferred);
  threader.run(order, { gatherSubjects: false });
  const regroup = subjectGroups(db, threader.finishRoots());
  // A group is threaded in one JWZ run, however large: gathering joins across its components.
  for (const parts of regroup) threader.thread(rowsOfComponents(order, parts), {});
  rebuildThreadKeys(db, batchMessages);
}

/**
 * What incremental threading looks a thread up by: the subject key of its first message, and that
 * message's place in subject gathering (its time, null when undated, and whether its subject is a reply's).
 */
export interface ThreadStartRow {
  root: string;
  key: string;
  time: number | null;
  reply: 0 | 1;
}

/** The `thread_keys` row of a thread whose first message is `first`; null when it has no subject key. */
export function threadStartOf(first: { messageId: string; subject: string; date: Date | null }): ThreadStartRow | null {
  const key = subjectKey(first.subject);
  if (key === '') return null;
  return { root: first.messageId, key, time: startTime(first.date), reply: looksLikeReply(first.subject) ? 1 : 0 };
}

/** A first message's time as `thread_keys` keeps it: null when undated or invalid, which gathering puts last. */
export function startTime(date: Date | null): number | null {
  const time = date ? date.getTime() : Number.NaN;
  return Number.isNaN(time) ? null : time;
}

export const putThreadStartSql = 'INSERT OR REPLACE INTO thread_keys (root, key, time, reply) VALUES (@root, @key, @time, @reply)';

/** The thread start of every thread's first message, which incremental threading looks threads up by. */
function rebuildThreadKeys(db: Database.Database, pageRows: number): void {
  const insert = db.prepare(putThreadStartSql);
  const rootsAfter = db.prepare<[number, number], { id: number; message_id: string; subject: string; date: string | null }>(
    `SELECT m.id, m.message_id, m.subject, m.date FROM ${placedMessages}
     WHERE th.message > ? AND th.ord = 0 ORDER BY th.message LIMIT ?`,
  );
  db.transaction(() => {
    db.exec('DELETE FROM thread_keys; DELETE FROM threads_dirty');
    for (let roots = rootsAfter.all(0, pageRows); roots.length > 0; roots = rootsAfter.all(roots.at(-1)!.id, pageRows)) {
      for (const root of roots) {
        const start = threadStartOf({ messageId: root.message_id, subject: root.subject, date: root.date ? new Date(root.date) : null });
        if (start) insert.run(start);
      }
    }
    db.prepare("INSERT OR REPLACE INTO state (key, value) VALUES ('thread_keys', 'ready')").run();
  }).immediate();
}

/**
 * Replies that lost In-Reply-To and References (Outlook through some gateways, forwarded-as-reply):
 * the parent their quoted header block or attribution names, when it is in the store, by Message-ID.
 */
function inferredParents(db: Database.Database, pageRows: number): Map<string, string> {
  const inferred = new Map<string, string>();
  let page: OrphanRow[] = [];
  const inferPage = () => {
    for (const [child, parent] of inferredParentsOf(db, page)) inferred.set(child, parent);
    page = [];
  };
  for (const row of orphanReplies(db)) {
    page.push(row);
    if (page.length === pageRows) inferPage();
  }
  inferPage();
  return inferred;
}

/** A message without In-Reply-To/References, as parent inference reads it. */
export interface OrphanRow {
  id: number;
  message_id: string;
  subject: string;
  date: string | null;
}

/** A message without In-Reply-To/References (the `messages_unreferencing` index's condition). */
const isOrphan = "(in_reply_to IS NULL OR in_reply_to = '') AND refs = '[]'";

/**
 * The messages without In-Reply-To/References (and matching `where`, if given) whose subject looks
 * like a reply's: the only ones parent inference can give a parent. Read through a cursor.
 */
export function* orphanReplies(db: Database.Database, where = '1', ...values: string[]): Generator<OrphanRow> {
  const rows = db.prepare<string[], OrphanRow>(`SELECT id, message_id, subject, date FROM messages WHERE ${isOrphan} AND ${where}`);
  for (const row of rows.iterate(...values)) if (looksLikeReply(row.subject)) yield row;
}

/** The parents of those of `rows` (from `orphanReplies`) whose quoted block names one. */
export function inferredParentsOf(db: Database.Database, orphanRows: readonly OrphanRow[]): Map<string, string> {
  if (orphanRows.length === 0) return new Map();
  const segmentsOf = db.prepare<[number], { segments: string }>('SELECT segments FROM messages WHERE id = ?');
  const orphans: Orphan[] = [];
  for (const row of orphanRows) {
    const quoted = quotedParentOf(JSON.parse(segmentsOf.get(row.id)?.segments ?? '[]') as Segment[]);
    if (quoted) orphans.push({ messageId: row.message_id, subject: row.subject, date: row.date ? new Date(row.date) : null, quoted });
  }
  if (orphans.length === 0) return new Map();
  const keys = [...new Set(orphans.map((orphan) => subjectKey(orphan.quoted.subject ?? orphan.subject)))];
  const candidates = db
    .prepare<[string], { message_id: string; from_name: string; from_address: string; subject: string; date: string | null }>(
      `SELECT message_id, from_name, from_address, subject, date FROM messages
       WHERE lower(base_subject) IN (SELECT lower(value) FROM json_each(?))`,
    )
    .all(JSON.stringify(keys))
    .map(
      (row): ParentCandidate => ({
        messageId: row.message_id,
        fromName: row.from_name,
        fromAddress: row.from_address,
        subject: row.subject,
        date: row.date ? new Date(row.date) : null,
      }),
    );
  return inferParents(orphans, candidates);
}

function writeInferredParents(db: Database.Database, inferred: ReadonlyMap<string, string>): void {
  const insert = db.prepare('INSERT INTO inferred_parents (message_id, parent) VALUES (?, ?)');
  db.transaction(() => {
    db.exec('DELETE FROM inferred_parents');
    for (const [child, parent] of inferred) insert.run(child, parent);
  })();
}

/**
 * Every row id, ordered by reference component (named by its smallest row id), as sort keys
 * `component * idSpan + id`. Stored ids are already normalised (no <>, no spaces) as JWZ compares them.
 */
function messagesByComponent(db: Database.Database, inferred: ReadonlyMap<string, string>): Float64Array {
  const maxId = (db.prepare('SELECT max(id) AS n FROM messages').get() as { n: number | null }).n ?? 0;
  if (maxId >= idSpan) throw new ListlensError('failed', `store too large to thread in batches (${maxId} rows)`);
  const sets = new DisjointSets(maxId + 1);
  const present = new Uint8Array(maxId + 1);
  const pairs = db
    .prepare(
      `SELECT id, message_id AS named FROM messages
       UNION ALL SELECT m.id, j.value FROM messages m, json_each(m.refs) j WHERE j.value <> ''
       UNION ALL SELECT id, in_reply_to FROM messages WHERE in_reply_to IS NOT NULL AND in_reply_to <> ''
       ORDER BY named`,
    )
    .raw()
    .iterate() as IterableIterator<[number, string]>;
  let named: string | null = null;
  let first = 0;
  for (const [id, name] of pairs) {
    present[id] = 1;
    if (name !== named) [named, first] = [name, id];
    else sets.union(first, id);
  }
  if (inferred.size > 0) {
    const rowId = db.prepare<[string], { id: number }>('SELECT id FROM messages WHERE message_id = ?');
    for (const [child, parent] of inferred) {
      const [childRow, parentRow] = [rowId.get(child), rowId.get(parent)];
      if (childRow && parentRow) sets.union(childRow.id, parentRow.id);
    }
  }
  let count = 0;
  for (let id = 0; id <= maxId; id++) count += present[id] as number;
  const keys = new Float64Array(count);
  let next = 0;
  for (let id = 0; id <= maxId; id++) if (present[id]) keys[next++] = sets.find(id) * idSpan + id;
  return keys.sort();
}

const componentOf = (key: number) => Math.floor(key / idSpan);
const rowIdOf = (key: number) => key % idSpan;

/** Runs JWZ over batches of whole components and writes what changed, one transaction a batch. */
class BatchThreader {
  private readonly row;
  private readonly update;
  private readonly insertRoot;

  constructor(
    private readonly db: Database.Database,
    private readonly batchMessages: number,
    private readonly inferred: ReadonlyMap<string, string>,
  ) {
    this.row = db.prepare<[number], MessageRow>(`SELECT ${messageRowColumns} FROM ${placedMessages} WHERE m.id = ?`);
    this.update = db.prepare(placeMessageSql);
    db.exec(`DROP TABLE IF EXISTS temp.thread_roots;
      CREATE TEMP TABLE thread_roots (key TEXT NOT NULL, reply INTEGER NOT NULL, time REAL, message_id TEXT NOT NULL,
        container TEXT NOT NULL, part INTEGER NOT NULL)`);
    this.insertRoot = db.prepare('INSERT INTO temp.thread_roots VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** `keys` in component order; with `gatherSubjects: false` the roots are noted for `subjectGroups`. */
  run(keys: ArrayLike<number>, options: ThreadOptions): void {
    let batch: number[] = [];
    let component = -1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as number;
      if (componentOf(key) !== component && batch.length >= this.batchMessages) {
        this.thread(batch, options);
        batch = [];
      }
      component = componentOf(key);
      batch.push(key);
    }
    if (batch.length > 0) this.thread(batch, options);
  }

  /** Threads these rows (whole components) in one JWZ run and writes what changed. */
  thread(keys: number[], options: ThreadOptions): void {
    // Not `{ ...row, part }`: V8 promoted such copies of the rows to the old generation, 250 MB of
    // garbage between full collections at 1,000,000 messages (6 MB without them).
    const rows = new Map<string, { row: MessageRow; part: number }>();
    const inputs: ThreadInput[] = [];
    for (const key of keys) {
      const row = this.row.get(rowIdOf(key));
      if (!row) continue;
      rows.set(row.message_id, { row, part: componentOf(key) });
      inputs.push(threadInputOf(row, this.inferred));
    }
    const noteRoots = options.gatherSubjects === false;
    this.db.transaction(() => {
      for (const tree of threadMessages(inputs, options)) {
        const members = flattenThread(tree);
        const first = members[0]?.message;
        if (!first) continue;
        members.forEach((member, order) => this.write(rows.get(member.message.messageId)!.row, first.messageId, member.depth, order));
        if (noteRoots) this.noteRoot(tree, first, rows.get(first.messageId)!.part);
      }
    }).immediate();
  }

  private write(row: MessageRow, root: string, depth: number, order: number): void {
    if (row.thread_root === root && row.thread_depth === depth && row.thread_order === order) return;
    this.update.run(root, depth, order, row.id);
  }

  private noteRoot(tree: ThreadNode, first: ThreadInput, part: number): void {
    const key = subjectKey(first.subject);
    if (key === '') return;
    const time = first.date ? first.date.getTime() : null;
    this.insertRoot.run(key, looksLikeReply(first.subject) ? 1 : 0, Number.isNaN(time) ? null : time, first.messageId, tree.id, part);
  }

  finishRoots(): IterableIterator<RootRow> {
    return this.db.prepare<[], RootRow>('SELECT * FROM temp.thread_roots ORDER BY key').iterate();
  }
}

/**
 * Replays JWZ subject gathering over the roots, key by key: a reply-looking root joins the latest
 * earlier root with its key. Returns the components to thread again together, one list per group.
 */
function subjectGroups(db: Database.Database, roots: IterableIterator<RootRow>): number[][] {
  const joins: [number, number][] = [];
  let group: RootRow[] = [];
  const replay = () => {
    group.sort(compareRoots);
    let latest: RootRow | null = null;
    for (const root of group) {
      if (latest && root.reply) joins.push([latest.part, root.part]);
      else latest = root;
    }
  };
  for (const root of roots) {
    if (group.length > 0 && group[0]!.key !== root.key) {
      replay();
      group = [];
    }
    group.push(root);
  }
  replay();
  db.exec('DROP TABLE IF EXISTS temp.thread_roots');
  return groupsOf(joins);
}

/** JWZ's root order: first message's date (undated last), its Message-ID, then the container id. */
function compareRoots(a: RootRow, b: RootRow): number {
  const [timeA, timeB] = [a.time ?? Number.POSITIVE_INFINITY, b.time ?? Number.POSITIVE_INFINITY];
  if (timeA !== timeB) return timeA - timeB;
  return compareText(a.message_id, b.message_id) || compareText(a.container, b.container);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupsOf(joins: [number, number][]): number[][] {
  const parent = new Map<number, number>();
  const find = (part: number): number => {
    let node = part;
    while ((parent.get(node) ?? node) !== node) node = parent.get(node) as number;
    parent.set(part, node);
    return node;
  };
  for (const [a, b] of joins) {
    const [rootA, rootB] = [find(a), find(b)];
    if (rootA !== rootB) parent.set(Math.max(rootA, rootB), Math.min(rootA, rootB));
  }
  const groups = new Map<number, number[]>();
  for (const part of parent.keys()) {
    const root = find(part);
    const group = groups.get(root);
    if (group) group.push(part);
    else groups.set(root, [part]);
  }
  return [...groups.values()].map((parts) => [...new Set(parts)].sort((a, b) => a - b));
}

/** The sort keys of the given components' rows, from the component-ordered `keys`. */
function rowsOfComponents(keys: Float64Array, parts: number[]): number[] {
  const rows: number[] = [];
  for (const part of parts) {
    for (let i = lowerBound(keys, part * idSpan); i < keys.length && componentOf(keys[i] as number) === part; i++) {
      rows.push(keys[i] as number);
    }
  }
  return rows;
}

function lowerBound(keys: Float64Array, value: number): number {
  let [low, high] = [0, keys.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((keys[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
