import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate.js';
import { Random } from '../../bench/lib/random.js';
import { importPaths } from '../../src/ingest/import.js';
import { openStore } from '../../src/store/index.js';
import { hasUnthreaded, rethreadInBatches } from '../../src/store/sqlite-threads.js';
import { flattenThread, threadMessages } from '../../src/thread/index.js';
import { scratchDir } from './helpers.js';

const dir = scratchDir('threads');

interface Placed {
  root: string;
  depth: number;
  order: number;
}

/**
 * Threads that test every JWZ step: full References chains, In-Reply-To only, replies to messages the
 * archive lacks (shared by several), replies that lost their headers and are gathered by subject (a few
 * subjects shared by many threads), reference loops, self-references, and undated messages.
 */
function hardThreads(count: number, seed: number): string {
  const random = new Random(seed);
  const subjects = ['Adoption call', 'Agenda', 'WGLC', 'Minutes', 'Charter text', 'Errata'];
  const earlier: { id: string; subject: string; refs: string[] }[] = [];
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `m${i}@example.org`;
    const parent = earlier.length > 0 ? random.pick(earlier) : null;
    let subject = random.pick(subjects);
    let refs: string[] = [];
    let inReplyTo: string | null = null;
    const roll = random.next();
    if (parent && roll < 0.35) [subject, refs] = [`Re: ${parent.subject.replace(/^Re: /, '')}`, [...parent.refs, parent.id]];
    else if (parent && roll < 0.45) [subject, inReplyTo] = [`Re: ${parent.subject.replace(/^Re: /, '')}`, parent.id];
    else if (roll < 0.6) [subject, refs] = [`Re: ${subject}`, [`missing${random.int(0, 9)}@example.org`]];
    else if (roll < 0.75) subject = `Re: ${subject}`;
    else if (roll < 0.78) refs = [`m${i + 1}@example.org`];
    else if (roll < 0.8) refs = [id];
    const date = random.chance(0.9) ? `Date: ${new Date(Date.UTC(2021, 1, 1) + random.int(0, 40) * 3_600_000).toUTCString()}\n` : '';
    parts.push(
      `From a@example.org  Mon Feb  1 10:00:00 2021\nFrom: Person ${i % 13} <p${i % 13}@example.org>\nMessage-ID: <${id}>\nSubject: ${subject}\n${date}` +
        `${inReplyTo ? `In-Reply-To: <${inReplyTo}>\n` : ''}${refs.length ? `References: ${refs.map((r) => `<${r}>`).join(' ')}\n` : ''}\nMessage ${i}.\n\n`,
    );
    earlier.push({ id, subject, refs });
  }
  return parts.join('');
}

/** What JWZ over every message at once gives: the reference for the batched threading. */
function wholeStoreThreads(db: Database.Database): Map<string, Placed> {
  const rows = db.prepare('SELECT message_id, in_reply_to, refs, subject, date FROM messages').all() as {
    message_id: string;
    in_reply_to: string | null;
    refs: string;
    subject: string;
    date: string | null;
  }[];
  const inputs = rows.map((row) => ({
    messageId: row.message_id,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.refs) as string[],
    subject: row.subject,
    date: row.date ? new Date(row.date) : null,
  }));
  const placed = new Map<string, Placed>();
  for (const tree of threadMessages(inputs)) {
    const members = flattenThread(tree);
    members.forEach((member, order) => placed.set(member.message.messageId, { root: members[0]!.message.messageId, depth: member.depth, order }));
  }
  return placed;
}

function storedThreads(db: Database.Database): Map<string, Placed> {
  const rows = db
    .prepare('SELECT m.message_id, th.root AS root, th.depth AS depth, th.ord AS "order" FROM messages m LEFT JOIN message_threads th ON th.message = m.id')
    .all() as (Placed & { message_id: string })[];
  return new Map(rows.map(({ message_id, ...placed }) => [message_id, placed]));
}

async function storeWith(name: string, files: string[]): Promise<string> {
  const file = path.join(dir, name);
  const store = openStore(file);
  await importPaths(store, files, { workers: 0 });
  await store.close();
  return file;
}

describe('threading in batches of whole threads', () => {
  const hard = path.join(dir, 'hard.mail');
  writeFileSync(hard, hardThreads(900, 11));
  const archive = path.join(dir, 'archive');
  const generated = generateArchive({ messages: 800, seed: 5, dir: archive, specialScale: 10 });

  it.each([1, 7, 5000])('places every message as JWZ over the whole store does (batches of %i)', async (batch) => {
    const file = await storeWith(`hard-${batch}.sqlite`, [hard, archive]);
    const db = new Database(file);
    rethreadInBatches(db, batch);
    const expected = wholeStoreThreads(db);
    expect(expected.size).toBe(900 + generated.expected.stored);
    expect(storedThreads(db)).toEqual(expected);
    // Subject gathering did join threads here, so the second pass was exercised.
    const gathered = db
      .prepare(
        "SELECT count(*) AS n FROM messages m JOIN message_threads th ON th.message = m.id WHERE subject LIKE 'Re: %' AND refs = '[]' AND in_reply_to IS NULL AND th.root <> message_id",
      )
      .get() as { n: number };
    expect(gathered.n).toBeGreaterThan(20);
    db.close();
  });

  it('threads only when messages came in since the last time, and then places the new ones among the old', async () => {
    const file = await storeWith('incremental.sqlite', [archive]);
    const store = openStore(file);
    await store.rethread();
    const db = new Database(file);
    expect(hasUnthreaded(db)).toBe(false);
    const before = storedThreads(db);
    await store.rethread();
    expect(storedThreads(db)).toEqual(before);

    await importPaths(store, [hard], { workers: 0 });
    expect(hasUnthreaded(db)).toBe(true);
    await store.rethread();
    expect(hasUnthreaded(db)).toBe(false);
    expect(storedThreads(db)).toEqual(wholeStoreThreads(db));
    db.close();
    await store.close();
  });
});
