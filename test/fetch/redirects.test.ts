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
let other: HostileServer;
let client: HttpClient;
beforeEach(async () => {
  server = await HostileServer.start();
  other = await HostileServer.start();
  client = new HttpClient({ intervalMs: 0, retries: 1, sleep: async () => {} });
  server.on('/robots.txt', textAnswer('User-agent: *\nDisallow:\n'));
  other.on('/robots.txt', textAnswer('User-agent: *\nDisallow:\n')).on('/page', textAnswer('elsewhere\n'));
});
afterEach(async () => {
  client.close();
  await server.close();
  await other.close();
});

const redirect = (to: string) => (_request: unknown, response: import('node:http').ServerResponse) => response.writeHead(302, { Location: to }).end();

async function failure(url: string): Promise<HttpError> {
  const error = await client.get(url).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('redirects', () => {
  it('are followed on the same site', async () => {
    server.on('/old', redirect('/new')).on('/new', textAnswer('moved\n'));
    const response = await client.get(`${server.url}/old`);
    expect(response.body.toString()).toBe('moved\n');
    expect(response.url).toBe(`${server.url}/new`);
  });

  it('to another host are refused, and that host is never asked', async () => {
    server.on('/away', redirect(`${other.url}/page`));
    const error = await failure(`${server.url}/away`);
    expect(error.message).toBe(`GET ${server.url}/away: 302 Found redirects to another site (${other.url}/page); not followed`);
    expect(error.transient).toBe(false);
    expect(other.requested).toEqual([]);
  });

  it('to another scheme are refused', async () => {
    const https = server.url.replace('http:', 'https:');
    server.on('/secure', redirect(`${https}/page`));
    const error = await failure(`${server.url}/secure`);
    expect(error.message).toBe(`GET ${server.url}/secure: 302 Found redirects to another site (${https}/page); not followed`);
  });

  it('to file: or any scheme but http(s) fail that request with one line', async () => {
    server.on('/passwd', redirect('file:///etc/passwd')).on('/data', redirect('data:text/plain,hello'));
    expect((await failure(`${server.url}/passwd`)).message).toBe(`GET ${server.url}/passwd: 302 Found redirects to another site (file:///etc/passwd); not followed`);
    expect((await failure(`${server.url}/data`)).message).toBe(`GET ${server.url}/data: 302 Found redirects to another site (data:text/plain,hello); not followed`);
  });

  it('to file: in a fetch skip that message with one line, and the fetch goes on', async () => {
    const archive = await ArchiveServer.start();
    const victim = archive.messages('iotops')[1]!;
    // Every time it is asked for: a message on two index pages is asked for twice.
    archive.inject(new RegExp(`${victim.archiveId}/download/$`), ...Array.from({ length: 5 }, () => ({ kind: 'redirect' as const, to: 'file:///etc/passwd' })));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-redirect-'));
    const store = openStore(path.join(dir, 'store.sqlite'));
    const errors: string[] = [];
    try {
      const summary = await fetchLists(store, { http: client, archive: archive.url, lists: ['iotops'], since: '2021-02', until: '2021-04', onError: (m) => errors.push(m) });
      expect(summary.stopped).toBeNull();
      const download = `${archive.url}/arch/msg/iotops/${victim.archiveId}/download/`;
      expect(new Set(errors)).toEqual(new Set([`GET ${download}: 302 Found redirects to another site (file:///etc/passwd); not followed`]));
      expect(await store.findByArchiveId('iotops', victim.archiveId)).toEqual([]);
      expect(summary.messages.downloaded).toBe(summary.messages.listed - 1);
      expect((await store.counts()).copies).toBe(summary.messages.listed - 1);
    } finally {
      await store.close();
      await archive.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
