import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchImapLists, fetchImapThread, importPaths, type ImapFetchOptions, type ImapFetchSummary } from '../../src/ingest/index.js';
import { ImapArchive, type ImapArchiveOptions } from '../../src/sources/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { fixturePath } from '../helpers/corpus.js';
import { dovecotMissing, startDovecot, startDroppingRelay, type TestDovecot } from '../helpers/dovecot.js';

const mbox = { iotops: fixturePath('archive/iotops/2021-02.mail'), t2trg: fixturePath('archive/t2trg/2021-02.mail') };

function lateReply(n: number, date = 'Sat, 27 Feb 2021 12:00:00 +0000'): Buffer {
  return Buffer.from(
    [
      'From: Late Replier <late@example.org>',
      'To: iotops@ietf.org',
      `Subject: Re: a late reply ${n}`,
      `Message-ID: <late-reply-${n}@example.org>`,
      `Date: ${date}`,
      'List-Id: IOT Operations <iotops.ietf.org>',
      '',
      `A reply that arrived after the first sync (${n}).`,
      '',
    ].join('\r\n'),
  );
}

/** Parses as no message can: MIME nested deeper than listlens reads. */
function mimeBomb(): Buffer {
  let body = 'innermost\r\n';
  for (let i = 200; i > 0; i--) body = `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n${body}\r\n--b${i}--\r\n`;
  const header = 'From: Bomb <bomb@example.org>\r\nMessage-ID: <bomb@example.org>\r\nDate: Sat, 27 Feb 2021 13:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n';
  return Buffer.from(header + body);
}

/** Message-IDs and their lists, as the store holds them. */
async function contents(store: Store): Promise<string[]> {
  const rows: string[] = [];
  for (const thread of await store.threads({})) {
    for (const message of await store.threadMessages(thread.root)) {
      rows.push(`${message.messageId} ${message.copies.map((copy) => `${copy.list}/${copy.archiveId}`).join(' ')}`);
    }
  }
  return rows.sort();
}

describe.skipIf(dovecotMissing !== null)('fetching lists over IMAP', () => {
  let server: TestDovecot;
  let dir: string;
  let store: Store;
  let clients: ImapArchive[];
  let warnings: string[];

  async function sync(options: Partial<ImapFetchOptions> = {}, client: ImapArchiveOptions = {}, connections = 1): Promise<ImapFetchSummary> {
    const imap = Array.from({ length: connections }, () => new ImapArchive({ url: server.url, ca: server.certificate, sleep: async () => {}, ...client }));
    clients.push(...imap);
    const summary = await fetchImapLists(store, { imap, lists: ['iotops', 't2trg'], onWarning: (line) => warnings.push(line), ...options });
    for (const connection of imap) await connection.close();
    return summary;
  }

  beforeAll(async () => {
    server = await startDovecot();
  });
  afterAll(async () => server?.stop());
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-imap-fetch-'));
    store = openStore(path.join(dir, 'archive.sqlite'));
    [clients, warnings] = [[], []];
    await server.createFolder('iotops', mbox.iotops);
    await server.createFolder('t2trg', mbox.t2trg);
  });
  afterEach(async () => {
    for (const client of clients) await client.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    for (const list of ['iotops', 't2trg']) await server.deleteFolder(list);
  });

  /** The main thread of the fixture archive as importing the files stores it: its rows, and a late reply in it. */
  async function mainThreadFromFiles(): Promise<{ rows: string[]; reply: string; root: string }> {
    const reference = openStore(path.join(dir, 'thread-reference.sqlite'));
    try {
      await importPaths(reference, [mbox.iotops, mbox.t2trg]);
      const [thread] = (await reference.threads({})).sort((a, b) => b.messageCount - a.messageCount);
      const members = await reference.threadMessages(thread!.root);
      const rows = (await contents(reference)).filter((row) => members.some((member) => row.startsWith(`${member.messageId} `)));
      return { rows, reply: members[members.length - 1]!.messageId, root: thread!.root };
    } finally {
      await reference.close();
    }
  }

  async function importedFromFiles(): Promise<string[]> {
    const reference = openStore(path.join(dir, 'reference.sqlite'));
    try {
      await importPaths(reference, [mbox.iotops, mbox.t2trg]);
      return await contents(reference);
    } finally {
      await reference.close();
    }
  }

  it('stores exactly the messages of the folders, each once with a copy per list, as importing the files does', async () => {
    const summary = await sync();
    expect(summary).toMatchObject({ source: 'imap', lists: ['iotops', 't2trg'], folders: { examined: 2, unchanged: 0, resynced: 0 }, stopped: null, notFound: [] });
    expect(summary.messages.fetched).toBe(43);
    expect(summary.import).toMatchObject({ read: 43, new: 34, crossPosted: 8, skipped: 1, failed: 0 });
    expect(await contents(store)).toEqual(await importedFromFiles());
    expect(Object.fromEntries(await store.copiesPerList())).toEqual({ iotops: 24, t2trg: 18 });
    const state = await store.imapFolderSync(server.url, 'iotops');
    expect(state).toMatchObject({ folder: 'Shared Folders/iotops', uidNext: 26, syncedUids: [{ first: 1, last: 25 }] });
    expect(state!.uidValidity).toBe(Number(await server.uidValidity('iotops')));
    expect(state!.highestModseq).toMatch(/^\d+$/);
    expect(state!.syncedAt).toBeInstanceOf(Date);
  });

  it('shares the lists out among its connections', async () => {
    const summary = await sync({}, {}, 2);
    expect(summary.imap.connections).toBe(2);
    expect(summary.import).toMatchObject({ read: 43, new: 34, crossPosted: 8 });
    expect(await contents(store)).toEqual(await importedFromFiles());
  });

  it('fetches no body on a second sync', async () => {
    await sync();
    const again = await sync();
    expect(again.folders).toEqual({ examined: 2, unchanged: 2, resynced: 0 });
    expect(again.messages.fetched).toBe(0);
    expect(again.imap.messages).toBe(0);
    expect(again.import.read).toBe(0);
  });

  it('brings in messages appended between runs, and only those', async () => {
    await sync();
    await server.append('iotops', lateReply(1));
    await server.append('iotops', lateReply(2));
    const again = await sync();
    expect(again.messages.fetched).toBe(2);
    expect(again.import).toMatchObject({ new: 2, duplicates: 0 });
    expect((await store.message('late-reply-2@example.org'))?.copies.map((copy) => copy.source)).toEqual([
      expect.stringMatching(/^imaps:\/\/127\.0\.0\.1:\d+\/Shared%20Folders\/iotops;UIDVALIDITY=\d+\/;UID=27$/),
    ]);
    expect(await store.imapFolderSync(server.url, 'iotops')).toMatchObject({ uidNext: 28, syncedUids: [{ first: 1, last: 27 }] });
  });

  it('reads a folder again when its UIDVALIDITY changed, losing and doubling nothing', async () => {
    await sync();
    const before = await contents(store);
    await server.recreateFolder('iotops', mbox.iotops);
    await server.append('iotops', lateReply(3));
    const again = await sync();
    expect(again.folders).toMatchObject({ resynced: 1, unchanged: 1 });
    expect(again.messages.fetched).toBe(26);
    expect(again.import).toMatchObject({ new: 1, crossPosted: 0, failed: 0 });
    expect(warnings.join('\n')).toMatch(/Shared Folders\/iotops: UIDVALIDITY changed from \d+ to \d+/);
    expect((await contents(store)).filter((row) => !row.startsWith('late-reply-3'))).toEqual(before);
    expect(Object.fromEntries(await store.copiesPerList())).toEqual({ iotops: 25, t2trg: 18 });
  });

  it('reconnects when the connection drops mid-fetch and resumes with what it lacks', async () => {
    const relay = await startDroppingRelay(server.port, 60_000);
    try {
      const summary = await sync({}, { url: relay.url });
      expect(relay.dropped()).toBe(1);
      expect(summary.imap.retries).toBe(1);
      expect(summary.imap.connections).toBe(2);
      expect(summary.messages.fetched).toBe(43);
      expect(await contents(store)).toEqual(await importedFromFiles());
    } finally {
      await relay.stop();
    }
  });

  it('keeps each batch it stored when a fetch stops, and goes on from there the next time', async () => {
    const relay = await startDroppingRelay(server.port, 60_000);
    try {
      const stopped = await sync({ lists: ['iotops'], batchSize: 5 }, { url: relay.url, retries: 0 });
      expect(stopped.stopped).toMatch(/UID FETCH .* \(gave up after 1 attempt\)$/);
      const kept = (await store.imapFolderSync(relay.url, 'iotops'))!.syncedUids;
      expect(kept).toHaveLength(1);
      expect(kept[0]!.first).toBe(1);
      expect(kept[0]!.last % 5).toBe(0);
      const resumed = await sync({ lists: ['iotops'] }, { url: relay.url });
      expect(resumed.messages.fetched).toBe(25 - kept[0]!.last);
      expect(Object.fromEntries(await store.copiesPerList())).toEqual({ iotops: 24 });
    } finally {
      await relay.stop();
    }
  });

  it('recognises messages already imported from the archive files: none doubled, none downloaded twice later', async () => {
    await importPaths(store, [mbox.iotops, mbox.t2trg]);
    const summary = await sync();
    expect(summary.import).toMatchObject({ new: 0, crossPosted: 0, failed: 0 });
    expect(await contents(store)).toEqual(await importedFromFiles());
    expect((await sync()).messages.fetched).toBe(0);
  });

  it('reports a message that cannot be parsed and skips it, once', async () => {
    await server.append('iotops', mimeBomb());
    const problems: string[] = [];
    const summary = await sync({ lists: ['iotops'], onProblem: (problem) => problems.push(`${problem.where}: ${problem.reason}`) });
    expect(summary.import.failed).toBe(1);
    expect(problems).toEqual([expect.stringMatching(/;UID=26:0: MIME nesting deeper than 100 levels$/)]);
    expect(Object.fromEntries(await store.copiesPerList())).toEqual({ iotops: 24 });
    expect((await sync({ lists: ['iotops'] })).import.failed).toBe(0);
  });

  it('does not read a message over the size limit whole, and reports it once', async () => {
    const large = Buffer.concat([lateReply(5), Buffer.from(`${'A long line of a large attachment. '.repeat(60)}\r\n`.repeat(20))]);
    await server.append('iotops', large);
    await server.append('iotops', lateReply(6));
    const problems: string[] = [];
    const summary = await sync({ lists: ['iotops'], onProblem: (problem) => problems.push(`${problem.where}: ${problem.reason}`) }, { maxMessageBytes: 32 * 1024 });
    expect(problems).toEqual([expect.stringMatching(new RegExp(`;UID=26:0: message larger than 32 KiB \\(${large.length} bytes\\); skipped$`))]);
    expect(summary.import.failed).toBe(1);
    expect(summary.imap.messages).toBe(26);
    expect(await store.message('late-reply-5@example.org')).toBeNull();
    expect(await store.message('late-reply-6@example.org')).not.toBeNull();
    expect((await sync({ lists: ['iotops'] }, { maxMessageBytes: 32 * 1024 })).import.failed).toBe(0);
  });

  it('fetches only the months asked for, by internal date and then by Date:', async () => {
    await server.append('iotops', lateReply(4, 'Mon, 01 Mar 2021 00:30:00 +0000'), new Date('2021-02-28T23:00:00Z'));
    const february = await sync({ lists: ['iotops'], since: '2021-02', until: '2021-02' });
    expect(february.messages.outsideRange).toBe(1);
    expect(await store.message('late-reply-4@example.org')).toBeNull();
    const march = await sync({ lists: ['iotops'], since: '2021-03' });
    expect(march.messages.fetched).toBe(1);
    expect(await store.message('late-reply-4@example.org')).not.toBeNull();
  });

  it('says which lists the server has no folder for, and fetches the others', async () => {
    const summary = await sync({ lists: ['nosuchlist', 't2trg'] });
    expect(summary.notFound).toEqual(['nosuchlist']);
    expect(warnings).toEqual([expect.stringMatching(/has no folder for the list "nosuchlist"/)]);
    expect(Object.fromEntries(await store.copiesPerList())).toEqual({ t2trg: 18 });
  });

  it('fetches one thread from a late reply: up to its root, down to every reply, into every list it went to', async () => {
    const expected = await mainThreadFromFiles();
    const imap = new ImapArchive({ url: server.url, ca: server.certificate });
    clients.push(imap);
    const summary = await fetchImapThread(store, { imap: [imap], lists: ['iotops'], ref: `<${expected.reply}>` });
    expect(summary.lists).toEqual(['iotops', 't2trg']);
    // 26 of the 27: one asks not to be archived.
    expect(summary.thread).toMatchObject({ root: expected.root, messages: 26, lists: ['iotops', 't2trg'] });
    expect(await contents(store)).toEqual(expected.rows);
    const again = await fetchImapThread(store, { imap: [imap], lists: [], ref: expected.reply });
    expect(again.messages.fetched).toBe(0);
    expect((await sync()).import.new).toBe(8);
  });

  it('says when the thread\'s message is in none of the lists searched', async () => {
    const imap = new ImapArchive({ url: server.url, ca: server.certificate });
    clients.push(imap);
    await expect(fetchImapThread(store, { imap: [imap], lists: ['t2trg'], ref: '<nothing-like-it@example.org>' })).rejects.toThrow(
      'no message <nothing-like-it@example.org> in t2trg',
    );
    await expect(fetchImapThread(store, { imap: [imap], lists: [], ref: '<nothing-like-it@example.org>' })).rejects.toThrow(/name the lists to look for it in/);
  });

  it('fetches every list the server has with all', async () => {
    const summary = await sync({ lists: [], all: true });
    expect(summary.lists).toEqual(['iotops', 't2trg']);
    expect(summary.import.new).toBe(34);
  });
});
