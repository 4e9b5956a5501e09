import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Random } from '../../bench/lib/random.js';
import { importPaths } from '../../src/ingest/import.js';
import { openStore } from '../../src/store/index.js';
import { canThreadIncrementally } from '../../src/store/sqlite-incremental-threads.js';
import { rethreadInBatches } from '../../src/store/sqlite-threads.js';
import { scratchDir } from '../perf/helpers.js';

const dir = scratchDir('incremental-threads');
const fixture = (name: string) => path.join(import.meta.dirname, '../../fixtures', name);

/** The fixture archives, the broken-thread cases (inferred parents) and the Mail::Thread oracle mbox. */
const fixtureFiles = [
  'archive/iotops/2021-02.mail',
  'archive/t2trg/2021-02.mail',
  'report/arriving/iotops/2021-03.mail',
  'thread/broken-threads.mbox',
  'thread/widget-2024-04.mbox',
].map(fixture);

interface Placed {
  root: string | null;
  depth: number | null;
  order: number | null;
}

function splitMbox(text: string): string[] {
  return text.split(/^(?=From )/m).filter((part) => part.startsWith('From '));
}

/**
 * Threads that join and split as mail arrives: In-Reply-To-only chains (a middle message arriving last
 * joins two threads), References naming the roots of two threads, replies to a message nobody has,
 * replies that lost their headers (gathered by subject, a few subjects shared by many threads), one
 * Message-ID on two different messages, undated mail, and replies without In-Reply-To under a new
 * subject whose quoted Outlook header block names their parent (inferred parents, found only by the block).
 */
function joiningThreads(count: number, seed: number): string[] {
  const random = new Random(seed);
  const subjects = ['Agenda', 'Minutes', 'Adoption call', 'WGLC'];
  const earlier: { id: string; subject: string; refs: string[]; root: string; time: number | null; author: number }[] = [];
  const messages: string[] = [];
  for (let i = 0; i < count; i++) {
    let id = `j${i}@example.org`;
    const parent = earlier.length > 0 ? random.pick(earlier) : null;
    const other = earlier.length > 0 ? random.pick(earlier) : null;
    let subject = random.pick(subjects);
    let refs: string[] = [];
    let inReplyTo: string | null = null;
    let time: number | null = random.chance(0.92) ? Date.UTC(2024, 3, 1) + random.int(0, 60) * 3_600_000 : null;
    let body = `Message ${i}.`;
    const reply = (p: { subject: string }) => `Re: ${p.subject.replace(/^Re: /, '')}`;
    const roll = random.next();
    if (parent && roll < 0.3) [subject, refs] = [reply(parent), [...parent.refs, parent.id]];
    else if (parent && roll < 0.55) [subject, inReplyTo] = [reply(parent), parent.id];
    else if (parent && other && roll < 0.6) [subject, refs] = [reply(parent), [other.root, parent.root]];
    else if (roll < 0.68) [subject, refs] = [`Re: ${subject}`, [`absent${random.int(0, 3)}@example.org`]];
    else if (roll < 0.8) subject = `Re: ${subject}`;
    else if (parent && roll < 0.84) id = parent.id; // another message under a Message-ID already used
    else if (parent?.time && roll < 0.92) {
      [subject, time] = [`RE: Renamed ${i}`, parent.time + random.int(1, 5) * 3_600_000];
      body += `\n\n________________________________\nFrom: Person ${parent.author} <p${parent.author}@example.org>\n` +
        `Sent: ${new Date(parent.time).toUTCString()}\nSubject: ${parent.subject}\n\nThe message answered.`;
    }
    const date = time === null ? '' : `Date: ${new Date(time).toUTCString()}\n`;
    // Undated mail has no date on its From line either, which would stand in for the header's.
    const envelope = time === null ? 'From a@example.org' : 'From a@example.org  Mon Apr  1 10:00:00 2024';
    messages.push(
      `${envelope}\nFrom: Person ${i % 7} <p${i % 7}@example.org>\nMessage-ID: <${id}>\nSubject: ${subject}\n${date}` +
        `${inReplyTo ? `In-Reply-To: <${inReplyTo}>\n` : ''}${refs.length ? `References: ${refs.map((r) => `<${r}>`).join(' ')}\n` : ''}\n${body}\n\n`,
    );
    const root = refs[0] ?? (inReplyTo ? (earlier.find((e) => e.id === inReplyTo)?.root ?? inReplyTo) : id);
    earlier.push({ id, subject, refs: refs.length ? refs : inReplyTo ? [inReplyTo] : [], root, time, author: i % 7 });
  }
  return messages;
}

function allMessages(seed: number): string[] {
  return [...fixtureFiles.flatMap((file) => splitMbox(readFileSync(file, 'utf8'))), ...joiningThreads(150, seed)];
}

function shuffled<T>(items: T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function placements(db: Database.Database): Map<string, Placed> {
  const rows = db
    .prepare(
      `SELECT m.message_id, th.root AS root, th.depth AS depth, th.ord AS "order"
       FROM messages m LEFT JOIN message_threads th ON th.message = m.id ORDER BY m.message_id`,
    )
    .all() as (Placed & { message_id: string })[];
  return new Map(rows.map(({ message_id, ...placed }) => [message_id, placed]));
}

function inferences(db: Database.Database): [string, string][] {
  return (db.prepare('SELECT message_id, parent FROM inferred_parents ORDER BY message_id').all() as { message_id: string; parent: string }[]).map(
    (row) => [row.message_id, row.parent],
  );
}

/** What a full rethread of the same messages gives, worked out on a copy of the store. */
/** Each thread's start as incremental threading looks threads up by it. */
function threadStarts(db: Database.Database): unknown[] {
  return db.prepare('SELECT root, key, time, reply FROM thread_keys ORDER BY root').all();
}

function fullRethreadOf(db: Database.Database, file: string): { placed: Map<string, Placed>; inferred: [string, string][]; starts: unknown[] } {
  const copy = `${file}.full`;
  rmSync(copy, { force: true });
  db.prepare('VACUUM INTO ?').run(copy);
  const full = new Database(copy);
  full.exec('UPDATE message_threads SET root = NULL, depth = NULL, ord = NULL; DELETE FROM inferred_parents');
  rethreadInBatches(full, 7);
  const result = { placed: placements(full), inferred: inferences(full), starts: threadStarts(full) };
  full.close();
  return result;
}

interface Arrival {
  name: string;
  seed: number;
  /** Largest batch; 1 is message by message. */
  batch: number;
}

const arrivals: Arrival[] = [
  { name: 'message by message', seed: 1, batch: 1 },
  { name: 'in random batches', seed: 2, batch: 12 },
  { name: 'in random batches, another order', seed: 3, batch: 30 },
];

describe('incremental threading equals a full rethread', () => {
  it.each(arrivals)('on the fixture archives and the oracle cases arriving $name (seed $seed)', async ({ name, seed, batch }) => {
    const random = new Random(seed);
    const work = path.join(dir, name.replace(/\W+/g, '-'));
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const file = path.join(work, 'store.sqlite');
    const store = openStore(file);
    const db = new Database(file);
    const messages = shuffled(allMessages(seed), random);
    let [joins, lateParents, crossPosts, steps] = [0, 0, 0, 0];
    for (let start = 0; start < messages.length; ) {
      const size = random.int(1, batch);
      const files = messages.slice(start, start + size).map((text, i) => {
        const one = path.join(work, `m${start + i}.mbox`);
        writeFileSync(one, text);
        return one;
      });
      start += size;
      const before = placements(db);
      await importPaths(store, files, { workers: 0 });
      // A cross-post: some of the same messages again, filed under another list.
      if (random.chance(0.2)) {
        const again = path.join(work, `cross${start}.mbox`);
        copyFileSync(random.pick(files), again);
        await importPaths(store, [again], { workers: 0, list: 'other-list' });
        crossPosts++;
      }
      await store.rethread();
      steps++;
      const after = placements(db);
      const full = fullRethreadOf(db, file);
      expect(after, `after step ${steps}`).toEqual(full.placed);
      expect(inferences(db), `after step ${steps}`).toEqual(full.inferred);
      expect(threadStarts(db), `after step ${steps}`).toEqual(full.starts);
      joins += joinedThreads(before, after);
      lateParents += [...before].filter(([id, placed]) => (after.get(id)?.depth ?? 0) > (placed.depth ?? 0)).length;
    }
    // The orders did exercise what incremental threading must get right.
    expect(joins).toBeGreaterThan(0);
    expect(lateParents).toBeGreaterThan(0);
    expect(crossPosts).toBeGreaterThan(0);
    // Inferred parents under another subject: linked by the quoted block alone, not by subject gathering.
    expect(inferences(db).filter(([child]) => child.startsWith('j')).length).toBeGreaterThan(2);
    const incremental = placements(db);
    await store.rethread({ full: true });
    expect(placements(db)).toEqual(incremental);
    db.close();
    await store.close();
  }, 240_000); // about 200 imports, each compared with a full rethread: 10 to 20 s alone, more beside other work

  it('rethreads a thread whose message changed, and a store threaded before it kept thread keys', async () => {
    const { file, store, db } = await threadedFixtures('changed.sqlite');
    // A message's References rewritten in place (as a later, fuller copy does): its old thread is redone.
    const moved = db
      .prepare(
        `SELECT message_id FROM messages m JOIN message_threads th ON th.message = m.id WHERE th.depth > 0 AND refs <> '[]'
         AND NOT EXISTS (SELECT 1 FROM message_names_by_name n WHERE n.name = m.message_id AND n.message <> m.id) LIMIT 1`,
      ).get() as { message_id: string };
    db.prepare("UPDATE messages SET refs = '[]', in_reply_to = NULL, subject = 'Something else' WHERE message_id = ?").run(moved.message_id);
    // Thread keys lost (a store last threaded before they existed): the next run threads everything.
    db.exec("DELETE FROM state WHERE key = 'thread_keys'");
    await store.rethread();
    expect(db.prepare("SELECT value FROM state WHERE key = 'thread_keys'").pluck().get()).toBe('ready');
    expect(placements(db).get(moved.message_id)).toMatchObject({ root: moved.message_id, depth: 0 });
    db.prepare("UPDATE messages SET subject = 'Re: Something else again' WHERE message_id = ?").run(moved.message_id);
    await store.rethread();
    expect(placements(db)).toEqual(fullRethreadOf(db, file).placed);
    db.close();
    await store.close();
  });

  it('fills each thread start of a store from before thread starts were kept (schema 11) as a full rethread writes it', async () => {
    const file = path.join(dir, 'schema11.sqlite');
    rmSync(file, { force: true });
    const store = openStore(file);
    const undated = 'From a@example.org\nFrom: Person <p@example.org>\nMessage-ID: <undated@example.org>\nSubject: Undated note\n\nNo date.\n\n';
    await importPaths(store, [...fixtureFiles, ...writtenMbox([...joiningThreads(150, 4), undated])], { workers: 0 });
    await store.rethread();
    await store.close();
    const db = new Database(file);
    const written = threadStarts(db);
    expect(written.some((row) => (row as { time: number | null }).time === null)).toBe(true);
    expect(written.some((row) => (row as { reply: number }).reply === 1)).toBe(true);
    // The table as schema 11 kept it: the subject key alone.
    db.exec(`CREATE TABLE old_keys (root TEXT PRIMARY KEY, key TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO old_keys SELECT root, key FROM thread_keys; DROP TABLE thread_keys; ALTER TABLE old_keys RENAME TO thread_keys;
      CREATE INDEX thread_keys_key ON thread_keys(key); PRAGMA user_version = 11`);
    db.close();
    const migrated = openStore(file);
    const after = new Database(file);
    expect(after.prepare('SELECT root, key, time, reply FROM thread_keys ORDER BY root').all()).toEqual(written);
    after.close();
    await migrated.close();
  });

  it('keeps each message in its place when a store that kept places in the message rows (schema 12) is opened, and threads new mail into it', async () => {
    const file = path.join(dir, 'schema12.sqlite');
    rmSync(file, { force: true });
    const mail = joiningThreads(200, 5);
    const store = openStore(file);
    await importPaths(store, [...fixtureFiles, ...writtenMbox(mail.slice(0, 120))], { workers: 0 });
    await store.rethread();
    const threadsBefore = await store.threads({});
    await store.close();
    const db = new Database(file);
    const placed = placements(db);
    expect([...placed.values()].every((place) => place.root !== null)).toBe(true);
    // The store as schema 12 kept it: each place in the message's row, indexed there.
    db.exec(`UPDATE messages SET (thread_root, thread_depth, thread_order) =
        (SELECT root, depth, ord FROM message_threads WHERE message = messages.id);
      DROP TRIGGER message_threads_insert; DROP TABLE message_threads;
      CREATE INDEX messages_thread ON messages(thread_root, thread_order); PRAGMA user_version = 12`);
    db.close();
    const migrated = openStore(file);
    const after = new Database(file);
    expect(placements(after)).toEqual(placed);
    expect(await migrated.threads({})).toEqual(threadsBefore);
    await importPaths(migrated, writtenMbox(mail.slice(120)), { workers: 0 });
    await migrated.rethread();
    expect(placements(after).size).toBeGreaterThan(placed.size);
    expect(placements(after)).toEqual(fullRethreadOf(after, file).placed);
    after.close();
    await migrated.close();
  });

  it('leaves more new mail than the incremental bound to a full rethread, whose memory does not grow with the mail', async () => {
    const { store, db } = await threadedFixtures('bound.sqlite');
    expect(canThreadIncrementally(db)).toBe(true);
    await importPaths(store, writtenMbox(joiningThreads(60, 6)), { workers: 0 });
    const waiting = db.prepare('SELECT count(*) FROM message_threads WHERE root IS NULL').pluck().get() as number;
    expect(waiting).toBeGreaterThan(50);
    expect(canThreadIncrementally(db, waiting)).toBe(true);
    expect(canThreadIncrementally(db, waiting - 1)).toBe(false);
    db.close();
    await store.close();
  });
});

/** A new store of the fixture files, threaded, and a second connection to read it with. */
async function threadedFixtures(name: string): Promise<{ file: string; store: ReturnType<typeof openStore>; db: Database.Database }> {
  const file = path.join(dir, name);
  rmSync(file, { force: true });
  const store = openStore(file);
  await importPaths(store, fixtureFiles, { workers: 0 });
  await store.rethread();
  return { file, store, db: new Database(file) };
}

/** The messages as one mbox file each, in a folder of their own. */
function writtenMbox(messages: string[]): string[] {
  const folder = path.join(dir, 'written');
  mkdirSync(folder, { recursive: true });
  return messages.map((text, i) => {
    const file = path.join(folder, `m${i}.mbox`);
    writeFileSync(file, text);
    return file;
  });
}

/** How many pairs of threads before became one after. */
function joinedThreads(before: Map<string, Placed>, after: Map<string, Placed>): number {
  const rootsBefore = new Map<string, Set<string>>();
  for (const [id, placed] of before) {
    const now = after.get(id)?.root;
    if (!now || !placed.root) continue;
    rootsBefore.set(now, (rootsBefore.get(now) ?? new Set()).add(placed.root));
  }
  return [...rootsBefore.values()].reduce((sum, roots) => sum + roots.size - 1, 0);
}
