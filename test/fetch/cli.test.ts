import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { archiveId } from '../../src/mail/index.js';
import { renderFetchProgress } from '../../src/render/fetch.js';
import { listlensUserAgent } from '../../src/core/version.js';
import { ArchiveServer } from '../helpers/archive-server.js';
import { fixturePath } from '../helpers/corpus.js';
import { runListlens } from './run-cli.js';

let server: ArchiveServer;
let dir: string;
let store: string;
let stores = 0;
beforeAll(async () => {
  server = await ArchiveServer.start();
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-fetch-cli-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.clearRequests();
  store = path.join(dir, `store-${++stores}.sqlite`);
});

const run = (...args: string[]) => runListlens(['--store', store, ...args]);
const fetchArgs = () => ['fetch', 'iotops', 't2trg', '--since', '2021-02', '--until', '2021-04', '--archive', server.url];
const summaryLine = (stderr: string) => stderr.trim().split('\n').at(-1);

interface ThreadJson {
  subject: string;
  lists: string[];
  messageCount: number;
}

describe('listlens fetch', () => {
  it('fetches two lists over three months: threads lists the cross-posted threads once each, with the replies of both lists', async () => {
    // The acceptance command, with the default politeness (4 in flight, 100 ms between requests).
    const fetched = await run(...fetchArgs());
    expect(fetched.stderr).toBe(
      'fetch: 4 pages read, 0 not modified, 0 skipped as complete; 51 messages downloaded, 0 already stored, 0 gone; ' +
        'import: 51 read, 41 new, 10 cross-posted copies, 0 duplicates, 0 skipped (no-archive), 0 failed; 60 requests, 0 retries\n',
    );
    expect(fetched.status).toBe(0);
    expect(fetched.stdout).toBe('');

    const threads = await run('threads', '--json');
    expect((JSON.parse(threads.stdout) as ThreadJson[]).map((t) => [t.subject, t.lists, t.messageCount])).toEqual([
      ['Secure IoT Bootstrapping: A Survey', ['iotops', 't2trg'], 28],
      ['SenML unit for volumetric water content?', ['t2trg'], 4],
      ['IETF 110: call for agenda items', ['iotops'], 4],
      ['Call for adoption: draft-sarikaya-t2trg-sbootstrapping', ['t2trg'], 3],
      ['IETF 110 session notes', ['iotops'], 2],
    ]);
    expect(new Set(server.requests.map((r) => r.headers['user-agent']))).toEqual(new Set([listlensUserAgent]));
    expect(server.requests.filter((r) => /^\/arch\/(search|advsearch|export)/.test(r.path))).toEqual([]);
  });

  it('makes no request on a second run, says so, and prints the summary as JSON', async () => {
    await run(...fetchArgs());
    server.clearRequests();
    const second = await run(...fetchArgs(), '--json');
    expect(second.status).toBe(0);
    expect(server.requests).toEqual([]);
    expect(summaryLine(second.stderr)).toBe(
      'fetch: 0 pages read, 0 not modified, 12 skipped as complete; 0 messages downloaded, 0 already stored, 0 gone; ' +
        'import: 0 read, 0 new, 0 duplicates, 0 skipped (no-archive), 0 failed; 0 requests, 0 retries',
    );
    expect(JSON.parse(second.stdout)).toEqual({
      source: 'archive',
      lists: ['iotops', 't2trg'],
      pages: { read: 0, notModified: 0, skipped: 12 },
      messages: { listed: 0, alreadyStored: 0, downloaded: 0, gone: 0 },
      import: { read: 0, new: 0, crossPosted: 0, completed: 0, duplicates: 0, conflictingIds: 0, skipped: 0, failed: 0, maildirFilesRead: 0, problems: [] },
      http: { requests: 0, retries: 0, notModified: 0, bytes: 0, maxInFlight: 0 },
      notFound: [],
      errors: [],
      stopped: null,
      thread: null,
    });
  });

  it('exits 3 with a clear error for a list the archive does not have', async () => {
    const result = await run('fetch', 'nosuchlist', '--since', '2021-02', '--until', '2021-02', '--archive', server.url);
    expect(result.status).toBe(3);
    expect(result.stderr.split('\n')[0]).toBe(
      `listlens: the archive has no list "nosuchlist" (${server.url}/arch/browse/static/nosuchlist/thread/2021-02/ answered 404)`,
    );
    expect(summaryLine(result.stderr)).toMatch(/; not found: nosuchlist$/);
  });

  it('exits 1 naming the URL and status when a request fails after its last retry', async () => {
    server.inject(/thread\/2021\/$/, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const result = await run(...fetchArgs(), '--retries', '1', '--interval', '0');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`listlens: ${server.url}/arch/browse/static/iotops/thread/2021/: 503 Service Unavailable; retrying in `);
    expect(result.stderr).toContain(`listlens: fetch stopped: GET ${server.url}/arch/browse/static/iotops/thread/2021/: 503 Service Unavailable (gave up after 2 attempts)\n`);
  });

  it('fetches one thread from an archive URL, from both lists', async () => {
    const seed = 'HE1PR0902MB1739A1B2C3D4E5F60718293A4B5C6@HE1PR0902MB1739.eurprd09.prod.outlook.com';
    const url = `https://mailarchive.ietf.org/arch/msg/t2trg/${archiveId(seed, 't2trg')}/`;
    const result = await run('fetch', '--thread', url, '--archive', server.url, '--interval', '0', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).thread).toEqual({
      root: 'DB8PR07MB6428E3F1A2C94B07D5C81B2AB8849@DB8PR07MB6428.eurprd07.prod.outlook.com',
      subject: 'Secure IoT Bootstrapping: A Survey',
      messages: 28,
      lists: ['iotops', 't2trg'],
    });
    expect(summaryLine(result.stderr)).toMatch(/; thread "Secure IoT Bootstrapping: A Survey": 28 messages in iotops, t2trg$/);
  });

  it('reads the monthly files with --source text', async () => {
    const result = await run('fetch', 'iotops', '--source', 'text', '--text-archive', `${server.url}/mail-archive/text`, '--until', '2021-03');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      'fetch: 2 files read, 0 not modified, 0 skipped as complete; ' +
        'import: 28 read, 27 new, 0 duplicates, 1 skipped (no-archive), 0 failed; 4 requests, 0 retries\n',
    );
  });

  it('refuses a wrong command line with exit 2', async () => {
    expect((await run('fetch')).status).toBe(2);
    expect((await run('fetch', 'iotops', '--thread', 'https://mailarchive.ietf.org/arch/msg/iotops/x/')).stderr).toBe(
      'listlens: fetch: give lists or --thread <ref>, not both\n',
    );
    const badMonth = await run('fetch', 'iotops', '--since', 'February');
    expect([badMonth.status, badMonth.stderr.trim()]).toEqual([2, "listlens: option '--since <month>' argument 'February' is invalid. give a month as YYYY-MM"]);
    expect((await run('fetch', 'iotops', '--concurrency', '0')).status).toBe(2);
    expect((await run('fetch', '--thread', 'https://mailarchive.ietf.org/arch/msg/iotops/x/', '--since', '2021-02')).stderr).toBe(
      'listlens: fetch: --thread fetches the whole thread; it does not go with --since or --until\n',
    );
    expect(server.requests).toEqual([]);
  });
});

describe('listlens draft', () => {
  const draftArgs = () => ['--datatracker', server.url, '--draft-archive', `${server.url}/archive/id`];

  it('fetches the draft that replaced the one named, and says what it stored', async () => {
    const result = await run('draft', 'draft-sarikaya-t2trg-sbootstrapping', '--follow-replaced', ...draftArgs(), '--json');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      'draft: draft-irtf-t2trg-security-setup-iot-devices-00, replacing draft-sarikaya-t2trg-sbootstrapping → draft-irtf-t2trg-secure-bootstrapping: stored (txt, xml)\n',
    );
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      name: 'draft-irtf-t2trg-security-setup-iot-devices',
      revision: '00',
      title: 'Terminology and Processes for Initial Security Setup of IoT Devices',
      names: ['draft-sarikaya-t2trg-sbootstrapping', 'draft-irtf-t2trg-secure-bootstrapping', 'draft-irtf-t2trg-security-setup-iot-devices'],
      cached: false,
    });
    expect(json.files.map((f: { format: string; source: string }) => [f.format, f.source])).toEqual([
      ['txt', `${server.url}/archive/id/draft-irtf-t2trg-security-setup-iot-devices-00.txt`],
      ['xml', `${server.url}/archive/id/draft-irtf-t2trg-security-setup-iot-devices-00.xml`],
    ]);
  });

  it('prints the stored text, from the store the second time', async () => {
    const first = await run('draft', 'draft-sarikaya-t2trg-sbootstrapping', ...draftArgs());
    const text = readFileSync(fixturePath('fetch/drafts/draft-sarikaya-t2trg-sbootstrapping-11.txt'));
    expect(first.stdout).toBe(`draft-sarikaya-t2trg-sbootstrapping-11\ttxt\t${text.length} bytes\t${server.url}/archive/id/draft-sarikaya-t2trg-sbootstrapping-11.txt\n`);
    server.clearRequests();
    const printed = await run('draft', 'draft-sarikaya-t2trg-sbootstrapping-11', ...draftArgs(), '--print', 'txt');
    expect(printed.status).toBe(0);
    expect(printed.stdout).toBe(readFileSync(fixturePath('fetch/drafts/draft-sarikaya-t2trg-sbootstrapping-11.txt'), 'utf8'));
    expect(printed.stderr).toBe('draft: draft-sarikaya-t2trg-sbootstrapping-11: already stored (txt)\n');
    expect(server.requests).toEqual([]);
  });

  it('exits 3 with a clear error for a draft the datatracker does not know', async () => {
    const result = await run('draft', 'draft-nobody-nothing', ...draftArgs());
    expect(result.status).toBe(3);
    expect(result.stderr).toBe(`listlens: the datatracker has no draft "draft-nobody-nothing" (${server.url}/api/v1/doc/document/draft-nobody-nothing/ answered 404)\n`);
  });
});

describe('the progress line', () => {
  it('shows pages, downloads of those found, the rate and the time left', () => {
    const state = { pages: 6, downloaded: 34, queued: 50, startedAt: 0, current: 'iotops 2021-03' };
    expect(renderFetchProgress(state, 10_000)).toBe('fetch iotops 2021-03: 6 pages, 34/50 messages, 3.4/s, ETA 5 s');
    expect(renderFetchProgress({ ...state, downloaded: 50 }, 10_000)).toBe('fetch iotops 2021-03: 6 pages, 50/50 messages, 5.0/s');
  });
});
