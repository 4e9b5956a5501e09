import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchLists, FetchUsageError, type FetchListsOptions } from '../../src/ingest/fetch.js';
import { archiveId } from '../../src/mail/index.js';
import { importPaths } from '../../src/ingest/import.js';
import { messageJson, threadListJson } from '../../src/render/json.js';
import { HttpClient } from '../../src/sources/http.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { ArchiveServer } from '../helpers/archive-server.js';
import { fixturePath } from '../helpers/corpus.js';

const lists = ['iotops', 't2trg'];
const range = { since: '2021-02', until: '2021-04' };
const disallowed = /^\/arch\/(search|advsearch|export)(\/|$)/;

let dir: string;
let clients: HttpClient[];
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-fetch-'));
  clients = [];
});
afterEach(async () => {
  for (const client of clients) client.close();
  rmSync(dir, { recursive: true, force: true });
});

function newStore(name: string): Store {
  return openStore(path.join(dir, `${name}.sqlite`));
}

function http(options: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient {
  const client = new HttpClient({ intervalMs: 0, baseDelayMs: 1, ...options });
  clients.push(client);
  return client;
}

function fetchAll(store: Store, server: ArchiveServer, options: Partial<FetchListsOptions> = {}) {
  return fetchLists(store, { http: http(), archive: server.url, lists, ...range, ...options });
}

/** Everything `show --json` says of a message, but where its copies were read from and the participant's row id. */
async function comparable(store: Store) {
  const messages = [];
  for (const thread of await store.threads({})) messages.push(...(await store.threadMessages(thread.root)));
  return messages.map((message) => {
    const json = messageJson(message);
    return {
      ...json,
      participant: json.participant.name,
      copies: json.copies.map(({ list, archiveId, url }) => ({ list, archiveId, url })),
    };
  });
}

describe('fetching two lists over three months from the archive', () => {
  let server: ArchiveServer;
  beforeAll(async () => {
    server = await ArchiveServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.clearRequests());

  it('stores what importing the same messages stores', async () => {
    const imported = newStore('imported');
    await importPaths(imported, [fixturePath('archive'), fixturePath('fetch/archive')]);
    const fetched = newStore('fetched');
    const summary = await fetchAll(fetched, server);

    const served = lists.flatMap((list) => server.messages(list));
    expect(served).toHaveLength(51);
    expect(summary.messages).toEqual({ listed: 51, alreadyStored: 0, downloaded: 51, gone: 0 });
    expect(summary.import).toMatchObject({ read: 51, new: 41, crossPosted: 10, duplicates: 0, skipped: 0, failed: 0 });
    expect(summary.notFound).toEqual([]);
    expect(summary.stopped).toBeNull();
    expect(threadListJson(await fetched.threads({}))).toEqual(threadListJson(await imported.threads({})));
    expect(await comparable(fetched)).toEqual(await comparable(imported));
    expect(await fetched.counts()).toEqual(await imported.counts());
    expect((await fetched.message(served[0]!.messageId))!.copies[0]!.source).toBe(`${server.url}/arch/msg/${served[0]!.list}/${served[0]!.archiveId}/download/`);
    expect(server.requests.filter((r) => disallowed.test(r.path))).toEqual([]);
  });

  it('lists the cross-posted threads once each, with the replies of both lists', async () => {
    const store = newStore('threads');
    await fetchAll(store, server);
    expect((await store.threads({})).map((t) => [t.subject, t.lists, t.messageCount])).toEqual([
      ['Secure IoT Bootstrapping: A Survey', ['iotops', 't2trg'], 28],
      ['SenML unit for volumetric water content?', ['t2trg'], 4],
      ['IETF 110: call for agenda items', ['iotops'], 4],
      ['Call for adoption: draft-sarikaya-t2trg-sbootstrapping', ['t2trg'], 3],
      ['IETF 110 session notes', ['iotops'], 2],
    ]);
  });

  it('makes no request at all on a second run: no download, no complete page', async () => {
    const store = newStore('twice');
    await fetchAll(store, server);
    server.clearRequests();
    const second = await fetchAll(store, server);
    expect(server.downloads()).toEqual([]);
    expect(server.requests).toEqual([]);
    expect(second.pages).toEqual({ read: 0, notModified: 0, skipped: 12 });
    expect(second.import.read).toBe(0);
  });

  it('reads a small past year once, from the yearly page every month refreshes to', async () => {
    const store = newStore('yearly');
    await fetchAll(store, server);
    expect(server.requestsTo(/\/browse\//).map((r) => r.path)).toEqual([
      '/arch/browse/static/iotops/thread/2021-02/',
      '/arch/browse/static/iotops/thread/2021/',
      '/arch/browse/static/iotops/2021-02/',
      '/arch/browse/static/iotops/2021/',
      '/arch/browse/static/t2trg/thread/2021-02/',
      '/arch/browse/static/t2trg/thread/2021/',
      '/arch/browse/static/t2trg/2021-02/',
      '/arch/browse/static/t2trg/2021/',
    ]);
  });

  it('finds where a list starts through the message counts when no --since is given', async () => {
    const store = newStore('start');
    const summary = await fetchLists(store, { http: http(), archive: server.url, lists: ['t2trg'], until: '2021-04' });
    expect(summary.messages.downloaded).toBe(server.messages('t2trg').length);
    const probes = server.requestsTo(/msg_counts/);
    expect(probes.length).toBeGreaterThan(5);
    expect(probes.length).toBeLessThanOrEqual(11);
    expect(server.requestsTo(/\/browse\//)[0]!.path).toBe('/arch/browse/static/t2trg/thread/2021-02/');
  });

  it('says where to start when the archive has no message-count API', async () => {
    const mirror = await ArchiveServer.start({ noApi: true });
    const failure = fetchLists(newStore('mirror'), { http: http(), archive: mirror.url, lists: ['iotops'] });
    await expect(failure).rejects.toThrow(FetchUsageError);
    await expect(failure).rejects.toThrow(`${mirror.url} has no message-count API to find where iotops starts: give --since YYYY-MM`);
    await mirror.close();
  });

  it('reports a list the archive does not have, and fetches the others', async () => {
    const errors: string[] = [];
    const summary = await fetchAll(newStore('missing'), server, { lists: ['nosuchlist', 'iotops'], onError: (m) => errors.push(m) });
    expect(summary.notFound).toEqual(['nosuchlist']);
    expect(errors).toEqual([`the archive has no list "nosuchlist" (${server.url}/arch/browse/static/nosuchlist/thread/2021-02/ answered 404)`]);
    expect(summary.messages.downloaded).toBe(server.messages('iotops').length);
  });

  it('survives 429, 503, resets and truncated bodies on the way, and ends with the same store', async () => {
    server.inject(/download/, { kind: 'status', status: 429, retryAfter: '0' }, { kind: 'reset' }, { kind: 'status', status: 503 }, { kind: 'truncate' });
    server.inject(/thread\/2021\//, { kind: 'status', status: 502 });
    const store = newStore('faults');
    const summary = await fetchAll(store, server);
    expect(summary.stopped).toBeNull();
    expect(summary.http.retries).toBe(5);
    expect(summary.messages.downloaded).toBe(51);
    expect(await store.counts()).toEqual({ messages: 41, copies: 51, participants: expect.any(Number), threads: 5 });
  });

  it('stops on a request that fails after every retry, keeps what it stored, and a rerun completes', async () => {
    const flaky = await ArchiveServer.start({ delayMs: 5 });
    const third = flaky.messages('iotops')[2]!;
    const failing = new RegExp(`${third.archiveId}/download/$`);
    flaky.inject(failing, ...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 503 })));
    const store = newStore('stopped');
    const first = await fetchLists(store, { http: http({ retries: 2 }), archive: flaky.url, lists, ...range });
    expect(first.stopped).toBe(`GET ${flaky.url}/arch/msg/iotops/${third.archiveId}/download/: 503 Service Unavailable (gave up after 3 attempts)`);
    expect(await store.findByArchiveId('iotops', third.archiveId)).toEqual([]);
    expect(await store.pageState(`${flaky.url}/arch/browse/static/iotops/thread/2021/`)).toBeNull();
    const stored = (await store.counts()).copies;
    expect(stored).toBeLessThan(51);

    const second = await fetchLists(store, { http: http(), archive: flaky.url, lists, ...range });
    expect(second.stopped).toBeNull();
    expect(second.messages.downloaded).toBe(51 - stored);
    expect(await store.counts()).toMatchObject({ messages: 41, copies: 51 });
    await flaky.close();
  });

  it('marks a message gone from the archive (410) and does not ask for it again', async () => {
    const gone = server.messages('t2trg')[1]!;
    server.inject(new RegExp(`${gone.archiveId}/download/$`), { kind: 'status', status: 410 });
    const store = newStore('gone');
    const warnings: string[] = [];
    const first = await fetchAll(store, server, { onError: (m) => warnings.push(m) });
    expect(first.messages.gone).toBe(1);
    expect(first.errors).toEqual([]);
    expect(warnings).toEqual([`GET ${server.url}/arch/msg/t2trg/${gone.archiveId}/download/: 410 Gone`]);
    server.clearRequests();
    const second = await fetchAll(store, server, { full: true });
    expect(second.pages.read).toBe(4);
    expect(server.downloads()).toEqual([]);
  });

  it('follows a refresh page to a disallowed path nowhere, and says why it stopped', async () => {
    server.inject(/iotops\/thread\/2021-02\/$/, { kind: 'refresh', to: '/arch/export/mbox/?email_list=iotops' });
    const summary = await fetchAll(newStore('export'), server, { lists: ['iotops'] });
    expect(summary.stopped).toBe(`GET ${server.url}/arch/export/mbox/?email_list=iotops: listlens never requests this path (robots.txt disallows it)`);
    expect(server.requests.filter((r) => disallowed.test(r.path))).toEqual([]);
  });

  it('keeps at most --concurrency requests in flight', async () => {
    const slow = await ArchiveServer.start({ delayMs: 15 });
    await fetchLists(newStore('two'), { http: http({ concurrency: 2 }), archive: slow.url, lists, ...range });
    expect(slow.maxInFlight).toBe(2);
    slow.clearRequests();
    await fetchLists(newStore('four'), { http: http(), archive: slow.url, lists, ...range });
    expect(slow.maxInFlight).toBe(4);
    expect(Math.max(...slow.requests.map((r) => r.inFlight))).toBe(4);
    await slow.close();
  });
});

describe('fetching in the current year', () => {
  let server: ArchiveServer;
  beforeAll(async () => {
    server = await ArchiveServer.start({ now: new Date('2021-04-20T12:00:00Z') });
  });
  afterAll(() => server.close());
  beforeEach(() => server.clearRequests());

  it('reads monthly pages, never again for past months, and revalidates the current one', async () => {
    const store = newStore('current');
    const first = await fetchAll(store, server);
    expect(first.pages).toEqual({ read: 12, notModified: 0, skipped: 0 });
    expect(first.messages.downloaded).toBe(51);
    server.clearRequests();

    const second = await fetchAll(store, server);
    expect(second.pages).toEqual({ read: 0, notModified: 4, skipped: 8 });
    const revalidated = server.requestsTo(/\/browse\//);
    expect(revalidated.map((r) => r.path)).toEqual([
      '/arch/browse/static/iotops/thread/2021-04/',
      '/arch/browse/static/iotops/2021-04/',
      '/arch/browse/static/t2trg/thread/2021-04/',
      '/arch/browse/static/t2trg/2021-04/',
    ]);
    expect(revalidated.every((r) => /^"[0-9a-f]{40}"$/.test(r.headers['if-none-match'] ?? ''))).toBe(true);
    expect(server.downloads()).toEqual([]);
  });

  it('downloads only the message that arrived since, found on the current month\'s date index', async () => {
    const live = await ArchiveServer.start({ now: new Date('2021-04-20T12:00:00Z') });
    const store = newStore('arrival');
    await fetchAll(store, live);
    const arrived = path.join(dir, 'arrived');
    mkdirSync(path.join(arrived, 'iotops'), { recursive: true });
    writeFileSync(path.join(arrived, 'iotops', '2021-04.mail'), lateReply(readFileSync(fixturePath('fetch/archive/iotops/2021-04.mail'), 'latin1')), 'latin1');
    await live.addMail([arrived]);
    live.clearRequests();

    const second = await fetchAll(store, live);
    const id = archiveId('late-reply-2021-04-19@example.org', 'iotops');
    expect(live.downloads().map((r) => r.path)).toEqual([`/arch/msg/iotops/${id}/download/`]);
    expect(second.pages).toEqual({ read: 1, notModified: 3, skipped: 8 });
    expect(live.requestsTo(/\/browse\//).map((r) => r.path)).toEqual([
      '/arch/browse/static/iotops/thread/2021-04/',
      '/arch/browse/static/iotops/2021-04/',
      '/arch/browse/static/t2trg/thread/2021-04/',
      '/arch/browse/static/t2trg/2021-04/',
    ]);
    expect((await store.message('late-reply-2021-04-19@example.org'))!.threadRoot).toBe(
      'DB8PR07MB6428E3F1A2C94B07D5C81B2AB8849@DB8PR07MB6428.eurprd07.prod.outlook.com',
    );
    await live.close();
  });
});

/** A reply to the February thread, dated April 19, to add to the April file. */
function lateReply(april: string): string {
  return (
    april +
    april
      .replace(/Message-ID: <[^>]+>/, 'Message-ID: <late-reply-2021-04-19@example.org>')
      .replace(/14 Apr 2021/g, '19 Apr 2021')
      .replace(/Apr 14 /g, 'Apr 19 ')
  );
}
