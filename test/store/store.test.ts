import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/mail/types.js';
import { openStore, schemaVersion, storePath } from '../../src/store/index.js';
import type { CopyInput, Store } from '../../src/store/types.js';

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
  return { message: msg, list, raw: Buffer.from(raw), rawSha256: `sha-${raw}`, source: `${list}.mail`, offset: 0 };
}

describe('SQLite store', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-store-'));
    store = openStore(path.join(dir, 'nested', 'archive.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a cross-posted message once, with a copy and an archive URL per list', () => {
    const root = message({ messageId: 'root@example.org' });
    expect(store.putCopy(copy(root, 'iotops'))).toBe('new');
    expect(store.putCopy(copy(root, 't2trg'))).toBe('new-copy');
    expect(store.putCopy(copy(root, 't2trg', 'other bytes, same list'))).toBe('duplicate');
    const stored = store.message('root@example.org')!;
    expect(stored.copies.map((c) => [c.list, c.url])).toEqual([
      ['iotops', `https://mailarchive.ietf.org/arch/msg/iotops/${stored.copies[0]!.archiveId}/`],
      ['t2trg', `https://mailarchive.ietf.org/arch/msg/t2trg/${stored.copies[1]!.archiveId}/`],
    ]);
    expect(store.counts()).toEqual({ messages: 1, copies: 2, participants: 1, threads: 1 });
  });

  it('keeps the raw bytes of every copy, byte for byte', () => {
    const long = `Subject: x\n\n${'a line of a long message body\n'.repeat(100)}`;
    store.putCopy(copy(message({ messageId: 'a@x' }), 'iotops', long));
    expect(store.rawBytes('a@x', 'iotops')?.toString()).toBe(long);
    expect(store.hasRawCopy(`sha-${long}`, null)).toBe(true);
    expect(store.hasRawCopy(`sha-${long}`, 't2trg')).toBe(false);
  });

  it('groups one person by address and by normalised name', () => {
    store.putCopy(copy(message({ messageId: '1@x', from: { name: 'Ari Keränen', address: 'ari@example.com' } }), 'iotops'));
    store.putCopy(copy(message({ messageId: '2@x', from: { name: 'Ari Keranen', address: 'ari.k@example.net' } }), 'iotops'));
    store.putCopy(copy(message({ messageId: '3@x', from: { name: '', address: 'ari@example.com' } }), 'iotops'));
    store.putCopy(copy(message({ messageId: '4@x', from: { name: 'Bob', address: 'bob@example.com' } }), 'iotops'));
    const people = store.participants();
    expect(people.map((p) => [p.name, p.addresses])).toEqual([
      ['Ari Keränen', ['ari.k@example.net', 'ari@example.com']],
      ['Bob', ['bob@example.com']],
    ]);
  });

  it('merges addresses named in an alias file', () => {
    store.putCopy(copy(message({ messageId: '1@x', from: { name: 'J. Doe', address: 'jd@example.net' } }), 'iotops'));
    store.putCopy(copy(message({ messageId: '2@x', from: { name: 'Jane Doe', address: 'jane@example.org' } }), 'iotops'));
    store.applyAliases(new Map([['jd@example.net', 'Jane Doe']]));
    expect(store.participants().map((p) => [p.name, p.addresses])).toEqual([['Jane Doe', ['jane@example.org', 'jd@example.net']]]);
    expect(store.message('1@x')!.participant.name).toBe('Jane Doe');
  });

  it('rolls a failed transaction back whole', () => {
    expect(() =>
      store.transaction(() => {
        store.putCopy(copy(message({ messageId: 'kept-out@x' }), 'iotops'));
        throw new Error('killed');
      }),
    ).toThrow('killed');
    expect(store.message('kept-out@x')).toBeNull();
    expect(store.counts().messages).toBe(0);
  });

  it('threads across lists and lists threads with their lists and people', () => {
    store.putCopy(copy(message({ messageId: 'root@x', date: new Date('2021-02-19T10:00:00Z') }), 'iotops'));
    store.putCopy(copy(message({ messageId: 'root@x', date: new Date('2021-02-19T10:00:00Z') }), 't2trg'));
    store.putCopy(
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
    );
    store.putCopy(copy(message({ messageId: 'other@x', subject: 'Interim', baseSubject: 'Interim', date: new Date('2021-02-21T10:00:00Z') }), 'iotops'));
    expect(store.threads({})).toEqual([
      {
        root: 'root@x',
        subject: 'Secure IoT Bootstrapping',
        lists: ['iotops', 't2trg'],
        messageCount: 2,
        participantCount: 2,
        firstDate: new Date('2021-02-19T10:00:00Z'),
        lastDate: new Date('2021-02-20T10:00:00Z'),
      },
      expect.objectContaining({ root: 'other@x', lists: ['iotops'], messageCount: 1 }),
    ]);
    expect(store.threads({ list: 't2trg' }).map((t) => t.root)).toEqual(['root@x']);
    expect(store.threads({ since: new Date('2021-02-21') }).map((t) => t.root)).toEqual(['other@x']);
    expect(store.threadMessages('root@x').map((m) => [m.messageId, m.threadDepth])).toEqual([
      ['root@x', 0],
      ['reply@x', 1],
    ]);
  });

  it("searches own text only, and takes the user's words literally", () => {
    store.putCopy(
      copy(
        message({
          messageId: 'q@x',
          text: '> EDHOC is quoted\nWe need EST-coaps and RFC8520.\n',
          ownText: 'We need EST-coaps and RFC8520.',
        }),
        'iotops',
      ),
    );
    expect(store.search('EST-coaps', 10).map((h) => h.messageId)).toEqual(['q@x']);
    expect(store.search('rfc8520', 10)).toHaveLength(1);
    expect(store.search('EDHOC', 10)).toEqual([]);
    expect(store.search('coap*', 10)).toHaveLength(1);
  });

  it('records its schema version and refuses a newer one', () => {
    const file = store.path;
    store.close();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    db.pragma(`user_version = ${schemaVersion + 1}`);
    db.close();
    expect(() => openStore(file)).toThrow(/newer than this listlens understands/);
    store = openStore(':memory:');
  });
});

describe('store location', () => {
  it('prefers --store, then LISTLENS_STORE, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(storePath('/a.sqlite', { LISTLENS_STORE: '/b.sqlite' })).toBe('/a.sqlite');
    expect(storePath(undefined, { LISTLENS_STORE: '/b.sqlite', XDG_DATA_HOME: '/xdg' })).toBe('/b.sqlite');
    expect(storePath(undefined, { XDG_DATA_HOME: '/xdg' })).toBe('/xdg/listlens/archive.sqlite');
    expect(storePath(undefined, {})).toBe(path.join(os.homedir(), '.local/share/listlens/archive.sqlite'));
  });
});
