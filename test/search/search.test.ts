import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefError, searchMessages, SearchQueryError } from '../../src/index.js';
import { openStore, type Store, type StoredMessage } from '../../src/store/index.js';
import { labels, openArchiveStore } from '../summary/archive.js';

let store: Store;
let dispose: () => Promise<void>;
let messages: StoredMessage[];

/** The words of a text as FTS5's unicode61 tokenizer reads them. */
const wordsOf = (text: string): string[] => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const ids = (found: { messageId: string }[]) => found.map((message) => message.messageId).sort();
const search = async (query: string, limit = 100) => (await searchMessages(store, query, { limit })).hits;

beforeAll(async () => {
  ({ store, dispose } = await openArchiveStore());
  const roots = (await store.threads({})).map((thread) => thread.root);
  messages = (await Promise.all(roots.map((root) => store.threadMessages(root)))).flat();
});
afterAll(() => dispose());

describe('search narrowed by fields, on the bundled archive', () => {
  it('finds exactly the messages of a participant, a list and a month whose own words hold the word', async () => {
    const expected = messages.filter(
      (message) =>
        message.participant.name === 'Jürgen Albrecht' &&
        message.copies.some((copy) => copy.list === 'iotops') &&
        message.date!.toISOString().startsWith('2021-02') &&
        wordsOf(message.ownText).includes('brski'),
    );
    expect(expected.length).toBeGreaterThan(0);
    for (const who of ['Jürgen', '"jurgen albrecht"', '"Jürgen Albrecht"', expected[0]!.from.address]) {
      expect(ids(await search(`from:${who} list:iotops d:2021-02..2021-02 BRSKI`)), who).toEqual(ids(expected));
    }
    expect(await search('from:jurgen list:iotops d:2021-03 BRSKI')).toEqual([]);
  });

  it('gives each hit its thread and archive links, and its own words hold every searched word', async () => {
    const hits = await search('onboarding device');
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      const message = messages.find((stored) => stored.messageId === hit.messageId)!;
      expect(wordsOf(message.ownText)).toEqual(expect.arrayContaining(['onboarding', 'device']));
      expect(hit.threadRoot).toBe(message.threadRoot);
      expect(hit.copies).toEqual(message.copies.map((copy) => ({ list: copy.list, url: copy.url })));
    }
  });

  it('searches quoted text with q: and everything with all:, own words alone by default', async () => {
    const quotedOnly = messages.filter((message) => !wordsOf(message.ownText).includes('brski') && wordsOf(message.text).includes('brski'));
    expect(quotedOnly.length).toBeGreaterThan(0);
    const quoted = ids(await search('q:BRSKI'));
    expect(quoted).toEqual(expect.arrayContaining(ids(quotedOnly)));
    expect(ids(await search('all:BRSKI'))).toEqual(ids(messages.filter((message) => wordsOf(`${message.subject}\n${message.text}`).includes('brski'))));
    expect(ids(await search('BRSKI'))).toEqual(ids(messages.filter((message) => wordsOf(message.ownText).includes('brski'))));
  });

  it('finds the messages whose own words raise a technology as the hand labels say', async () => {
    for (const technology of ['brski', 'est', 'thread', 'fdo']) {
      const labelled = Object.entries(labels).filter(([, label]) => !label.noArchive && label.technologies.includes(technology));
      expect(ids(await search(`tech:${technology}`)), technology).toEqual(labelled.map(([id]) => id).sort());
    }
  });

  it('narrows to a thread, to a subject, and to messages naming a draft', async () => {
    const senml = messages.filter((message) => message.subject.includes('SenML'));
    expect(ids(await search('thread:SenML d:2021'))).toEqual(ids(senml));
    expect(ids(await search('subject:senml'))).toEqual(ids(senml));
    const naming = messages.filter((message) => message.ownText.includes('draft-ietf-anima-constrained-voucher'));
    expect(naming.length).toBeGreaterThan(0);
    expect(ids(await search('draft:draft-ietf-anima-constrained-voucher'))).toEqual(ids(naming));
  });

  it('sorts by date, newest first, and pages with offset and more', async () => {
    const all = (await searchMessages(store, 'list:iotops', { limit: 1000, sort: 'date' })).hits;
    const dates = all.map((hit) => hit.date!.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const first = await searchMessages(store, 'list:iotops', { limit: 5, sort: 'date' });
    const second = await searchMessages(store, 'list:iotops', { limit: 5, offset: 5, sort: 'date' });
    expect(first.more).toBe(true);
    expect([...first.hits, ...second.hits].map((hit) => hit.messageId)).toEqual(all.slice(0, 10).map((hit) => hit.messageId));
    const last = await searchMessages(store, 'list:iotops', { limit: 5, offset: all.length - 2 });
    expect([last.hits.length, last.more]).toEqual([2, false]);
  });

  it('refuses an unknown technology as a usage error, an unknown thread as not found', async () => {
    await expect(search('tech:no-such-thing')).rejects.toBeInstanceOf(SearchQueryError);
    await expect(search('thread:"no such subject anywhere"')).rejects.toBeInstanceOf(RefError);
  });
});

describe('draft: names', () => {
  it('finds a draft named with or without revision, not a longer name that begins with it', async () => {
    const memory = openStore(':memory:');
    const said = (messageId: string, ownText: string) => ({
      message: {
        messageId, messageIdSynthetic: false, date: new Date('2021-02-19T10:00:00Z'), dateSource: 'date' as const,
        from: { name: 'Jane Doe', address: 'jane@example.org' }, subject: 'Drafts', baseSubject: 'Drafts', inReplyTo: null,
        references: [], archivedAt: [], noArchive: false, text: ownText, bodySource: 'plain' as const, ownText,
        segments: [{ kind: 'own' as const, text: ownText }], attachments: [], warnings: [],
      },
      list: 'iotops', raw: Buffer.from(messageId), rawSha256: messageId, source: 'test', offset: 0, inArchiveFile: true,
    });
    await memory.putCopies([
      said('plain@x', 'See draft-ietf-foo-bar for the details.'),
      said('revision@x', 'Section 3 of draft-ietf-foo-bar-05, please.'),
      said('longer@x', 'draft-ietf-foo-bar-baz is another draft.'),
      said('elsewhere@x', 'Nothing about drafts here.'),
    ]);
    const hits = (await searchMessages(memory, 'draft:ietf-foo-bar', { limit: 10 })).hits;
    expect(ids(hits)).toEqual(['plain@x', 'revision@x']);
    await memory.close();
  });
});
