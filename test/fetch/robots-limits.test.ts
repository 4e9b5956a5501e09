import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchLists } from '../../src/ingest/fetch.js';
import { HttpClient, HttpError } from '../../src/sources/http.js';
import { openStore } from '../../src/store/index.js';
import { ArchiveServer } from '../helpers/archive-server.js';
import { HostileServer, textAnswer } from '../helpers/hostile-server.js';

let server: HostileServer;
let client: HttpClient;
beforeEach(async () => {
  server = await HostileServer.start();
  client = new HttpClient({ intervalMs: 0, retries: 1, sleep: async () => {} });
});
afterEach(async () => {
  client.close();
  await server.close();
});

const page = textAnswer('a page\n');

describe('robots.txt that fails', () => {
  it('answering 5xx means every path is disallowed: the page is not requested, and the error says why', async () => {
    server.on('/robots.txt', (_request, response) => response.writeHead(503).end('down\n')).on('/page', page);
    const failure = await client.get(`${server.url}/page`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect((failure as HttpError).message).toBe(
      `GET ${server.url}/page: ${server.url}/robots.txt answered 503 Service Unavailable (gave up after 2 attempts), so every path counts as disallowed (RFC 9309); try again later`,
    );
    expect((failure as HttpError).transient).toBe(true);
    expect(server.requested).toEqual(['/robots.txt', '/robots.txt']);
  });

  it('answering 4xx means every path is allowed', async () => {
    server.on('/robots.txt', (_request, response) => response.writeHead(403).end('no\n')).on('/page', page);
    expect((await client.get(`${server.url}/page`)).body.toString()).toBe('a page\n');
  });

  it('stops a fetch with one line, stores nothing and downloads nothing', async () => {
    const archive = await ArchiveServer.start();
    archive.inject(/^\/robots\.txt$/, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-robots-'));
    const store = openStore(path.join(dir, 'store.sqlite'));
    try {
      const summary = await fetchLists(store, { http: client, archive: archive.url, lists: ['iotops'], since: '2021-02', until: '2021-04' });
      expect(summary.stopped).toMatch(/robots\.txt answered 500 Internal Server Error \(gave up after 2 attempts\), so every path counts as disallowed \(RFC 9309\); try again later$/);
      expect(archive.requests.map((r) => r.path)).toEqual(['/robots.txt', '/robots.txt']);
      expect((await store.counts()).messages).toBe(0);
    } finally {
      await store.close();
      await archive.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a huge robots.txt', () => {
  it('is read up to its first 500 KiB only, and 8 MB of 200,000 rules neither exhausts memory nor time', async () => {
    const head = 'User-agent: *\nDisallow: /early/\n';
    const filler = Array.from({ length: 200_000 }, (_, i) => `Disallow: /filler/${String(i).padStart(8, '0')}/*/x*y*z/more\n`).join('');
    const robots = `${head}${filler}Disallow: /late/\n`;
    expect(robots.length).toBeGreaterThan(8_000_000);
    server.on('/robots.txt', textAnswer(robots)).on('/late/page', page).on('/filler/00000001/a/xyz/more', page);
    const started = Date.now();
    await expect(client.get(`${server.url}/early/page`)).rejects.toThrow(`disallowed by ${server.url}/robots.txt`);
    // The rule past 500 KiB is not read: /late/ is allowed.
    expect((await client.get(`${server.url}/late/page`)).body.toString()).toBe('a page\n');
    await expect(client.get(`${server.url}/filler/00000001/a/xyz/more`)).rejects.toThrow('disallowed');
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
