import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { archiveId } from '../../src/mail/index.js';
import { fetchThread, ThreadRefError } from '../../src/ingest/fetch-thread.js';
import { importPaths } from '../../src/ingest/import.js';
import { HttpClient } from '../../src/sources/http.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { ArchiveServer } from '../helpers/archive-server.js';
import { fixturePath } from '../helpers/corpus.js';

const root = 'DB8PR07MB6428E3F1A2C94B07D5C81B2AB8849@DB8PR07MB6428.eurprd07.prod.outlook.com';
/** The March summary, posted to both lists. */
const summaryReply = 'DB8PR07MB64283C1D5E7F9A0B2C4D6E8F0A1B2@DB8PR07MB6428.eurprd07.prod.outlook.com';
/** The April reply, months after the thread began. */
const lateReply = 'HE1PR0902MB1739A1B2C3D4E5F60718293A4B5C6@HE1PR0902MB1739.eurprd09.prod.outlook.com';

let dir: string;
let reference: Store;
let client: HttpClient;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-thread-'));
  reference = openStore(path.join(dir, 'reference.sqlite'));
  await importPaths(reference, [fixturePath('archive'), fixturePath('fetch/archive')]);
});
afterAll(async () => {
  await reference.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  client = new HttpClient({ intervalMs: 0 });
});
afterEach(() => client.close());

let stores = 0;
const newStore = (): Store => openStore(path.join(dir, `store-${++stores}.sqlite`));
const messageUrl = (messageId: string, list: string) => `https://mailarchive.ietf.org/arch/msg/${list}/${archiveId(messageId, list)}/`;
const threadIds = async (store: Store, messageId: string) => (await store.threadMessages((await store.message(messageId))!.threadRoot)).map((m) => m.messageId).sort();
const copiesIn = async (store: Store, messageId: string) => (await store.threadMessages((await store.message(messageId))!.threadRoot)).flatMap((m) => m.copies).length;

describe.each([
  ['a past year, served as one yearly page', undefined],
  ['the current year, served month by month', new Date('2021-04-20T12:00:00Z')],
])('fetch --thread in %s', (_, now) => {
  let server: ArchiveServer;
  beforeAll(async () => {
    server = await ArchiveServer.start(now ? { now } : {});
  });
  afterAll(() => server.close());
  beforeEach(() => server.clearRequests());

  it.each([
    ['the March summary, in iotops', summaryReply, 'iotops'],
    ['the late April reply, in t2trg', lateReply, 't2trg'],
  ])('from %s, downloads the whole cross-posted thread and nothing else', async (_, seed, list) => {
    const store = newStore();
    const summary = await fetchThread(store, { http: client, archive: server.url, ref: messageUrl(seed, list) });
    expect(summary.thread).toEqual({ root, subject: 'Secure IoT Bootstrapping: A Survey', messages: 28, lists: ['iotops', 't2trg'] });
    expect(await threadIds(store, seed)).toEqual(await threadIds(reference, seed));
    expect((await store.counts()).messages).toBe(28);
    expect(server.downloads()).toHaveLength(await copiesIn(reference, seed));
    expect(summary.stopped).toBeNull();

    server.clearRequests();
    const again = await fetchThread(store, { http: client, archive: server.url, ref: messageUrl(seed, list) });
    expect(again.thread?.messages).toBe(28);
    expect(server.downloads()).toEqual([]);
  });

  it('takes a stored message by its Message-ID too, and says when the store has none', async () => {
    const store = newStore();
    await importPaths(store, [fixturePath('fetch/archive/t2trg/2021-04.mail')]);
    const summary = await fetchThread(store, { http: client, archive: server.url, ref: `<${lateReply}>` });
    expect(summary.thread?.messages).toBe(28);
    expect(await threadIds(store, lateReply)).toEqual(await threadIds(reference, lateReply));
    await expect(fetchThread(newStore(), { http: client, archive: server.url, ref: lateReply })).rejects.toThrow(
      `no message with Message-ID <${lateReply}> in the store`,
    );
  });
});

describe('fetch --thread with a message the archive does not have', () => {
  it('fails with the URL and the reason', async () => {
    const server = await ArchiveServer.start();
    const store = newStore();
    const ref = 'https://mailarchive.ietf.org/arch/msg/iotops/AAAAAAAAAAAAAAAAAAAAAAAAAAA/';
    const failure = fetchThread(store, { http: client, archive: server.url, ref });
    await expect(failure).rejects.toThrow(ThreadRefError);
    await expect(failure).rejects.toThrow(`${server.url}/arch/msg/iotops/AAAAAAAAAAAAAAAAAAAAAAAAAAA/download/: gone from the archive (404)`);
    await server.close();
  });
});
