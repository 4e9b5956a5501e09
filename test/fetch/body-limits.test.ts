import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient, HttpError } from '../../src/sources/http.js';
import { MailArchive } from '../../src/sources/mail-archive.js';
import { defaultMaxMessageBytes } from '../../src/sources/index.js';
import { HostileServer, textAnswer } from '../helpers/hostile-server.js';
import { runListlens } from './run-cli.js';

let server: HostileServer;
let client: HttpClient;
beforeEach(async () => {
  server = await HostileServer.start();
  server.on('/robots.txt', textAnswer('User-agent: *\nDisallow:\n'));
});
afterEach(async () => {
  client.close();
  await server.close();
});

function newClient(options: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient {
  client = new HttpClient({ intervalMs: 0, retries: 0, sleep: async () => {}, ...options });
  return client;
}

/** `mebibytes` MiB of zeros as gzip: members of 1 MiB each, one after another (a valid multi-member gzip stream). */
function gzipBomb(mebibytes: number): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * 1024));
  return Buffer.concat(Array.from({ length: mebibytes }, () => member));
}

/** The message a request failed with, or "resolved" (never the body: a huge one would be printed). */
async function failureOf(request: Promise<unknown>): Promise<string> {
  return request.then(
    () => 'resolved',
    (error: unknown) => (error instanceof HttpError ? error.message : `not an HttpError: ${String(error)}`),
  );
}

const downloadPath = '/arch/msg/iotops/bomb/download/';

describe('bodies that are too large', () => {
  it('a gzip bomb (2 MB expanding to 2 GiB) is stopped at the size limit once gunzipped', async () => {
    const bomb = gzipBomb(2048);
    expect(bomb.length).toBeLessThan(3_000_000);
    server.on('/bomb', textAnswer(bomb, { 'content-encoding': 'gzip' }));
    expect(await failureOf(newClient({ maxBodyBytes: 1024 * 1024 }).get(`${server.url}/bomb`))).toBe(`GET ${server.url}/bomb: body larger than 1 MiB once gunzipped`);
  });

  it('a message download is capped at the import size limit (32 MiB), gzipped or not', async () => {
    expect(defaultMaxMessageBytes).toBe(32 * 1024 * 1024);
    const archive = new MailArchive(newClient(), server.url);
    server.on(downloadPath, textAnswer(Buffer.alloc(defaultMaxMessageBytes + 1, 'a')));
    expect(await failureOf(archive.download('iotops', 'bomb'))).toBe(`GET ${server.url}${downloadPath}: body larger than 32 MiB`);
    server.on(downloadPath, textAnswer(gzipBomb(512), { 'content-encoding': 'gzip' }));
    expect(await failureOf(archive.download('iotops', 'bomb'))).toBe(`GET ${server.url}${downloadPath}: body larger than 32 MiB once gunzipped`);
  });

  it('a gzipped body within the limit arrives whole', async () => {
    const text = 'line of text\n'.repeat(10_000);
    server.on('/fine', textAnswer(gzipSync(text), { 'content-encoding': 'gzip' }));
    expect((await newClient().get(`${server.url}/fine`)).body.toString()).toBe(text);
  });
});

function trickle(_request: unknown, response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/html' });
  const timer = setInterval(() => response.write(' '), 50);
  response.on('close', () => clearInterval(timer));
}

describe('a body that trickles', () => {
  it('ends listlens fetch after --request-timeout, with one line naming the URL', async () => {
    newClient();
    const index = '/arch/browse/static/iotops/thread/2021-02/';
    server.on(index, trickle);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-trickle-'));
    try {
      const args = ['--store', path.join(dir, 's.sqlite'), 'fetch', 'iotops', '--archive', server.url, '--since', '2021-02', '--until', '2021-02'];
      const started = Date.now();
      const result = await runListlens([...args, '--timeout', '1', '--request-timeout', '2', '--retries', '0']);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(result.stderr).toContain(`listlens: fetch stopped: GET ${server.url}${index}: no complete answer within 2000 ms\n`);
      expect(result.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('one byte at a time, never idle long enough for the idle timeout, hits the deadline of the whole request', async () => {
    server.on('/trickle', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => response.write('x'), 50);
      response.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const error = await newClient({ bodyTimeoutMs: 1000, requestTimeoutMs: 1500 }).get(`${server.url}/trickle`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toBe(`GET ${server.url}/trickle: no complete answer within 1500 ms`);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
