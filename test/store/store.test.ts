import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/mail/types.js';
import { openStore, schemaVersion, storePath } from '../../src/store/index.js';
import type { CopyInput, MessageSearch, Store } from '../../src/store/types.js';

function message(overrides: Partial<Message> & { messageId: string }): Message {
  return {
    messageIdSynthetic: false,
    date: new Date('2021-02-19T15:24:11Z'),
    dateSource: 'date',
    from: { name: 'Jane Doe', address: 'jane@example.org' },
    subject: 'Secure IoT Bootstrapping',
    baseSubject: 'Secure IoT Bootstrapping',
    inReplyTo: null,
    references: [],
    archivedAt: [],
    noArchive: false,
    text: 'We use BRSKI for onboarding.\n',
    bodySource: 'plain',
    ownText: 'We use BRSKI for onboarding.',
    segments: [{ kind: 'own', text: 'We use BRSKI for onboarding.\n' }],
    attachments: [],
    warnings: [],
    ...overrides,
  };
}

function copy(msg: Message, list: string, raw = `raw of ${msg.messageId} in ${list}`): CopyInput {
  return { message: msg, list, raw: Buffer.from(raw), rawSha256: `sha-${raw}`, source: `${list}.mail`, offset: 0, inArchiveFile: true };
}

describe('SQLite store', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-store-'));
    store = openStore(path.join(dir, 'nested', 'archive.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a cross-posted message once, with a copy and an archive URL per list', async () => {
    const root = message({ messageId: 'root@example.org' });
    expect((await store.putCopies([copy(root, 'iotops')]))[0]).toBe('new');
    expect((await store.putCopies([copy(root, 't2trg')]))[0]).toBe('new-copy');
    expect((await store.putCopies([copy(root, 't2trg', 'other bytes, same list')]))[0]).toBe('duplicate');
    const stored = (await store.message('root@example.org'))!;
    expect(stored.copies.map((c) => [c.list, c.url])).toEqual([
      ['iotops', `https://mailarchive.ietf.org/arch/msg/iotops/${stored.copies[0]!.archiveId}/`],
      ['t2trg', `https://mailarchive.ietf.org/arch/msg/t2trg/${stored.copies[1]!.archiveId}/`],
    ]);
    expect(await store.counts()).toEqual({ messages: 1, copies: 2, participants: 1, threads: 1 });
  });

  it('keeps the raw bytes of every copy, byte for byte', async () => {
    const long = `Subject: x\n\n${'a line of a long message body\n'.repeat(100)}`;
    await store.putCopies([copy(message({ messageId: 'a@x' }), 'iotops', long)]);
    expect((await store.rawBytes('a@x', 'iotops'))?.toString()).toBe(long);
    expect(await store.hasRawCopy(`sha-${long}`, null)).toBe(true);
    expect(await store.hasRawCopy(`sha-${long}`, 't2trg')).toBe(false);
  });

  it('groups one person by address and by normalised name', async () => {
    await store.putCopies([copy(message({ messageId: '1@x', from: { name: 'Ari Keränen', address: 'ari@example.com' } }), 'iotops')]);
    await store.putCopies([copy(message({ messageId: '2@x', from: { name: 'Ari Keranen', address: 'ari.k@example.net' } }), 'iotops')]);
    await store.putCopies([copy(message({ messageId: '3@x', from: { name: '', address: 'ari@example.com' } }), 'iotops')]);
    await store.putCopies([copy(message({ messageId: '4@x', from: { name: 'Bob', address: 'bob@example.com' } }), 'iotops')]);
    const people = await store.participants();
    expect(people.map((p) => [p.name, p.addresses])).toEqual([
      ['Ari Keränen', ['ari.k@example.net', 'ari@example.com']],
      ['Bob', ['bob@example.com']],
    ]);
  });

  it('merges addresses named in an alias file', async () => {
    await store.putCopies([copy(message({ messageId: '1@x', from: { name: 'J. Doe', address: 'jd@example.net' } }), 'iotops')]);
    await store.putCopies([copy(message({ messageId: '2@x', from: { name: 'Jane Doe', address: 'jane@example.org' } }), 'iotops')]);
    await store.applyAliases(new Map([['jd@example.net', 'Jane Doe']]));
    expect((await store.participants()).map((p) => [p.name, p.addresses])).toEqual([['Jane Doe', ['jane@example.org', 'jd@example.net']]]);
    expect((await store.message('1@x'))!.participant.name).toBe('Jane Doe');
  });

  it('moves only the messages of the addresses an alias file changes, and drops the people left with none', async () => {
    const from = (messageId: string, name: string, address: string) => copy(message({ messageId, from: { name, address } }), 'iotops');
    await store.putCopies([from('1@x', 'Jane Doe', 'jane@example.org'), from('2@x', 'Jane Doe', 'jane@example.org'), from('3@x', 'J. Doe', 'jd@example.net')]);
    await store.putCopies([from('4@x', 'Bob', 'bob@example.com'), from('5@x', 'Bob', 'bob@work.example'), from('6@x', 'Ann', 'ann@example.com')]);
    const people = async () => (await store.participants()).map((p) => [p.name, p.addresses]);
    const ofMessages = async () => Promise.all(['1@x', '2@x', '3@x', '4@x', '5@x', '6@x'].map(async (id) => (await store.message(id))!.participant.name));

    const aliases = new Map([['jd@example.net', 'Jane Doe'], ['bob@work.example', 'Ann']]);
    await store.applyAliases(aliases);
    const merged = await people();
    expect(merged).toEqual([
      ['Ann', ['ann@example.com', 'bob@work.example']],
      ['Bob', ['bob@example.com']],
      ['Jane Doe', ['jane@example.org', 'jd@example.net']],
    ]);
    expect(await ofMessages()).toEqual(['Jane Doe', 'Jane Doe', 'Jane Doe', 'Bob', 'Ann', 'Ann']);

    await store.applyAliases(aliases);
    expect(await people()).toEqual(merged);
    await store.applyAliases(new Map([['bob@example.com', 'Ann']]));
    expect(await people()).toEqual([
      ['Ann', ['ann@example.com', 'bob@example.com', 'bob@work.example']],
      ['Jane Doe', ['jane@example.org', 'jd@example.net']],
    ]);
    expect(await ofMessages()).toEqual(['Jane Doe', 'Jane Doe', 'Jane Doe', 'Ann', 'Ann', 'Ann']);
  });

  it('stores a batch whole or not at all', async () => {
    const kept = copy(message({ messageId: 'kept-out@x' }), 'iotops');
    const broken = copy(message({ messageId: 'broken@x' }), 'iotops');
    const unstorable = { ...broken, message: { ...broken.message, from: null } } as unknown as CopyInput;
    await expect(store.putCopies([kept, unstorable])).rejects.toThrow();
    expect(await store.message('kept-out@x')).toBeNull();
    expect((await store.counts()).messages).toBe(0);
  });

  // A batch's full-text entries are written as it ends (migration 14); a message it stored and then
  // completed, or whose made-up-id copy it replaced, must be indexed as it ends up, once.
  it('indexes a message completed or replaced within the batch that stored it as it ends up', async () => {
    const whole = (messageId: string) =>
      message({
        messageId,
        text: '> Is EST covered?\nWe use BRSKI for onboarding.\n',
        segments: [{ kind: 'quote', text: '> Is EST covered?\n' }, { kind: 'own', text: 'We use BRSKI for onboarding.\n' }],
      });
    const bodyCut = message({ messageId: 'body@x', text: '> Is EST covered?\nWe use BRSKI', ownText: 'We use BRSKI', segments: [{ kind: 'own', text: 'We use BRSKI' }] });
    const headerCut = message({ messageId: 'made-up@listlens.invalid', messageIdSynthetic: true, subject: '', baseSubject: '', text: '', ownText: '', segments: [] });
    const outcomes = await store.putCopies([
      copy(bodyCut, 'iotops', 'Message-ID: <body@x>\n\n> Is EST covered?\nWe use BRSKI'),
      copy(whole('body@x'), 'iotops', 'Message-ID: <body@x>\n\n> Is EST covered?\nWe use BRSKI for onboarding.\n'),
      copy(headerCut, 't2trg', 'From: Jane'),
      copy(whole('header@x'), 't2trg', 'From: Jane\nMessage-ID: <header@x>\n\n> Is EST covered?\nWe use BRSKI for onboarding.\n'),
    ]);
    expect(outcomes).toEqual(['new', 'completed', 'new', 'completed']);
    expect(await store.counts()).toMatchObject({ messages: 2, copies: 2 });
    const found = async (query: Omit<MessageSearch, 'limit'>) => (await store.search({ ...query, limit: 10 })).map((hit) => hit.messageId).sort();
    expect(await found({ words: ['onboarding'] })).toEqual(['body@x', 'header@x']);
    expect(await found({ quoted: ['EST'] })).toEqual(['body@x', 'header@x']);
    const db = new Database(path.join(dir, 'nested', 'archive.sqlite'));
    for (const table of ['messages_fts', 'messages_quoted_fts']) db.prepare(`INSERT INTO ${table}(${table}, rank) VALUES ('integrity-check', 1)`).run();
    db.close();
  });

  it('threads across lists and lists threads with their lists and people', async () => {
    await store.putCopies([copy(message({ messageId: 'root@x', date: new Date('2021-02-19T10:00:00Z') }), 'iotops')]);
    await store.putCopies([copy(message({ messageId: 'root@x', date: new Date('2021-02-19T10:00:00Z') }), 't2trg')]);
    await store.putCopies([
      copy(
        message({
          messageId: 'reply@x',
          inReplyTo: 'root@x',
          references: ['root@x'],
          subject: 'Re: Secure IoT Bootstrapping',
          date: new Date('2021-02-20T10:00:00Z'),
          from: { name: 'Bob', address: 'bob@example.com' },
        }),
        't2trg',
      ),
    ]);
    await store.putCopies([copy(message({ messageId: 'other@x', subject: 'Interim', baseSubject: 'Interim', date: new Date('2021-02-21T10:00:00Z') }), 'iotops')]);
    expect(await store.threads({})).toEqual([
      {
        root: 'root@x',
        subject: 'Secure IoT Bootstrapping',
        lists: ['iotops', 't2trg'],
        messageCount: 2,
        participantCount: 2,
        firstDate: new Date('2021-02-19T10:00:00Z'),
        lastDate: new Date('2021-02-20T10:00:00Z'),
        subThreads: [],
      },
      expect.objectContaining({ root: 'other@x', lists: ['iotops'], messageCount: 1 }),
    ]);
    expect((await store.threads({ list: 't2trg' })).map((t) => t.root)).toEqual(['root@x']);
    expect((await store.threads({ since: new Date('2021-02-21') })).map((t) => t.root)).toEqual(['other@x']);
    expect((await store.threadMessages('root@x')).map((m) => [m.messageId, m.threadDepth])).toEqual([
      ['root@x', 0],
      ['reply@x', 1],
    ]);
  });

  it("searches own text only, and takes the user's words literally", async () => {
    await store.putCopies([
      copy(
        message({
          messageId: 'q@x',
          text: '> EDHOC is quoted\nWe need EST-coaps and RFC8520.\n',
          ownText: 'We need EST-coaps and RFC8520.',
        }),
        'iotops',
      ),
    ]);
    expect((await store.search({ words: ['EST-coaps'], limit: 10 })).map((h) => h.messageId)).toEqual(['q@x']);
    expect(await store.search({ words: ['rfc8520'], limit: 10 })).toHaveLength(1);
    expect(await store.search({ words: ['EDHOC'], limit: 10 })).toEqual([]);
    expect(await store.search({ words: ['coap*'], limit: 10 })).toHaveLength(1);
  });

  it("quotes each hit's own words in its snippet, and does not match a subject", async () => {
    await store.putCopies([
      copy(message({ messageId: 'a@x', ownText: 'Zigbee install codes are missing from the survey.' }), 'iotops'),
      copy(message({ messageId: 'b@x', ownText: 'Keep link-layer onboarding such as the Zigbee join.' }), 'iotops'),
      copy(message({ messageId: 'c@x', subject: 'Re: Zigbee and Thread', ownText: '+1' }), 'iotops'),
    ]);
    const hits = await store.search({ words: ['zigbee'], limit: 10 });
    expect(hits.map((hit) => [hit.messageId, hit.snippet.replace(/[[\]…]/g, '')]).sort()).toEqual([
      ['a@x', 'Zigbee install codes are missing from the survey.'],
      ['b@x', 'Keep link-layer onboarding such as the Zigbee join.'],
    ]);
  });

  it('counts one participant over their several addresses, and finds them by any of them', async () => {
    await store.putCopies([
      copy(message({ messageId: 'a@x', from: { name: 'Jane Doe', address: 'jane@example.org' }, date: new Date('2021-02-01T10:00:00Z') }), 'iotops'),
      copy(message({ messageId: 'b@x', from: { name: 'Doe, Jane', address: 'jdoe@work.example' }, date: new Date('2021-03-01T10:00:00Z') }), 't2trg'),
      copy(message({ messageId: 'c@x', from: { name: 'Max Roe', address: 'max@example.org' } }), 'iotops'),
    ]);
    const byAddress = await store.search({ from: ['JANE@example.org'], limit: 10, sort: 'date' });
    expect(byAddress.map((hit) => hit.messageId)).toEqual(['b@x', 'a@x']);
    const [jane] = await store.participantActivity({ participant: 'jdoe@work' });
    expect(jane).toMatchObject({ name: 'Jane Doe', messageCount: 2, lists: ['iotops', 't2trg'], addresses: ['jane@example.org', 'jdoe@work.example'] });
    expect((await store.participantActivity({ list: 'iotops' })).map((p) => [p.name, p.messageCount])).toEqual([['Jane Doe', 1], ['Max Roe', 1]]);
    expect((await store.threads({ participant: 'jane', until: new Date('2021-02-15') })).map((thread) => thread.root)).toEqual(['a@x']);
  });

  it('pages a ranked search without repeats or gaps', async () => {
    const texts = ['BRSKI', 'BRSKI BRSKI BRSKI', 'BRSKI and more words here', 'BRSKI BRSKI', 'only BRSKI once in a longer text than the rest'];
    await store.putCopies(texts.map((ownText, i) => copy(message({ messageId: `m${i}@x`, ownText }), 'iotops')));
    const all = (await store.search({ words: ['BRSKI'], limit: 2 * texts.length })).map((hit) => hit.messageId);
    expect(all).toHaveLength(texts.length);
    const pages = [0, 2, 4].map((offset) => store.search({ words: ['BRSKI'], limit: 2, offset }));
    expect((await Promise.all(pages)).flat().map((hit) => hit.messageId)).toEqual(all);
  });

  it('opened read-only, reads what is stored, writes nothing and refuses to', async () => {
    await store.putCopies([copy(message({ messageId: 'a@x' }), 'iotops')]);
    await store.putDraftFiles([{ name: 'draft-x-y', revision: '01', format: 'txt', source: 'x.txt', text: 'hello', sha256: 'h', fetchedAt: new Date(0) }]);
    const file = store.path;
    await store.close();
    const before = readFileSync(file);
    const readOnly = openStore(file, { readOnly: true });
    expect((await readOnly.search({ words: ['BRSKI'], limit: 5 })).map((hit) => hit.messageId)).toEqual(['a@x']);
    expect(await readOnly.draftFiles()).toEqual([{ name: 'draft-x-y', revision: '01', format: 'txt', source: 'x.txt', sha256: 'h', fetchedAt: new Date(0) }]);
    await expect(readOnly.putCopies([copy(message({ messageId: 'b@x' }), 'iotops')])).rejects.toThrow(/readonly/);
    await readOnly.close();
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(() => openStore(path.join(dir, 'none.sqlite'), { readOnly: true })).toThrow();
    store = openStore(file);
  });

  it('records its schema version and refuses a newer one', async () => {
    const file = store.path;
    await store.close();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    db.pragma(`user_version = ${schemaVersion + 1}`);
    db.close();
    expect(() => openStore(file)).toThrow(/newer than this listlens understands/);
    store = openStore(':memory:');
  });
});

describe('store location', () => {
  it('prefers --store, then LISTLENS_STORE, then XDG_DATA_HOME, then ~/.local/share', async () => {
    expect(storePath('/a.sqlite', { LISTLENS_STORE: '/b.sqlite' })).toBe('/a.sqlite');
    expect(storePath(undefined, { LISTLENS_STORE: '/b.sqlite', XDG_DATA_HOME: '/xdg' })).toBe('/b.sqlite');
    expect(storePath(undefined, { XDG_DATA_HOME: '/xdg' })).toBe('/xdg/listlens/archive.sqlite');
    expect(storePath(undefined, {})).toBe(path.join(os.homedir(), '.local/share/listlens/archive.sqlite'));
  });
});
