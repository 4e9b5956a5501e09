import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient, HttpError, retryAfterMs, type HttpClientOptions, type RetryEvent } from '../../src/sources/http.js';
import { listlensUserAgent } from '../../src/core/version.js';
import { ArchiveServer } from '../helpers/archive-server.js';
import { fixturePath } from '../helpers/corpus.js';

const serverNow = new Date('2021-04-20T12:00:00Z');
let server: ArchiveServer;
beforeAll(async () => {
  server = await ArchiveServer.start({ now: serverNow });
});
afterAll(() => server.close());
beforeEach(() => server.clearRequests());

const message = () => server.messages('iotops')[0]!;
const downloadPath = () => `/arch/msg/iotops/${message().archiveId}/download/`;

/** A client whose back-off waits are recorded, not slept. */
function client(options: HttpClientOptions = {}) {
  const waits: number[] = [];
  const retries: RetryEvent[] = [];
  const http = new HttpClient({
    intervalMs: 0,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    onRetry: (event) => retries.push(event),
    ...options,
  });
  return { http, waits, retries };
}

describe('HttpClient', () => {
  it('names listlens, its version and its home page in the User-Agent', async () => {
    const { http } = client();
    const { version, homepage } = JSON.parse(readFileSync(fixturePath('../package.json'), 'utf8')) as { version: string; homepage: string };
    expect(listlensUserAgent).toBe(`listlens/${version} (+${homepage})`);
    const response = await http.get(`${server.url}${downloadPath()}`);
    expect(response.body.equals(message().bytes)).toBe(true);
    expect(server.requests.map((r) => r.headers['user-agent'])).toEqual([listlensUserAgent, listlensUserAgent]);
    http.close();
  });

  it('retries 503 with exponential back-off and jitter, then succeeds', async () => {
    const { http, retries } = client({ baseDelayMs: 1000 });
    server.inject(/download/, { kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'status', status: 502 });
    const response = await http.get(`${server.url}${downloadPath()}`);
    expect(response.status).toBe(200);
    // random() = 0.5: half of each ceiling plus a quarter: 1 s, 2 s, 4 s ceilings.
    expect(retries.map((r) => [r.attempt, r.reason, r.delayMs])).toEqual([
      [1, '503 Service Unavailable', 750],
      [2, '503 Service Unavailable', 1500],
      [3, '502 Bad Gateway', 3000],
    ]);
    expect(server.downloads()).toHaveLength(4);
    expect(http.stats.retries).toBe(3);
    http.close();
  });

  it('caps the back-off at maxDelayMs', async () => {
    const { http, retries } = client({ baseDelayMs: 1000, maxDelayMs: 2000, retries: 4 });
    server.inject(/download/, ...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 500 })));
    await http.get(`${server.url}${downloadPath()}`);
    expect(retries.map((r) => r.delayMs)).toEqual([750, 1500, 1500, 1500]);
    http.close();
  });

  it('gives up after the last retry with an error naming the URL and the status', async () => {
    const { http } = client({ retries: 2 });
    server.inject(/download/, ...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 503 })));
    const failure = await http.get(`${server.url}${downloadPath()}`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect((failure as HttpError).message).toBe(`GET ${server.url}${downloadPath()}: 503 Service Unavailable (gave up after 3 attempts)`);
    expect((failure as HttpError).status).toBe(503);
    expect(server.downloads()).toHaveLength(3);
    http.close();
  });

  it('does not retry a 404, and says so', async () => {
    const { http } = client();
    const url = `${server.url}/arch/msg/iotops/AAAAAAAAAAAAAAAAAAAAAAAAAAA/download/`;
    await expect(http.get(url)).rejects.toThrow(`GET ${url}: 404 Not Found`);
    expect(server.downloads()).toHaveLength(1);
    http.close();
  });

  it('honours Retry-After in seconds, for real: 1 s and 0 s', async () => {
    const { http, retries } = client({ sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
    server.inject(/download/, { kind: 'status', status: 429, retryAfter: '1' }, { kind: 'status', status: 429, retryAfter: '0' });
    const response = await http.get(`${server.url}${downloadPath()}`);
    expect(response.status).toBe(200);
    expect(retries.map((r) => [r.reason, r.delayMs])).toEqual([
      ['429 Too Many Requests', 1000],
      ['429 Too Many Requests', 0],
    ]);
    expect(server.downloads()).toHaveLength(3);
    http.close();
  });

  it('honours Retry-After as an HTTP date, read against the response Date', async () => {
    const { http, retries } = client();
    const later = new Date(serverNow.getTime() + 7000).toUTCString();
    server.inject(/download/, { kind: 'status', status: 503, retryAfter: later });
    await http.get(`${server.url}${downloadPath()}`);
    expect(retries.map((r) => r.delayMs)).toEqual([7000]);
    http.close();
  });

  it('refuses to wait for a Retry-After longer than it is willing to', async () => {
    const { http } = client({ maxRetryAfterMs: 60_000 });
    server.inject(/download/, { kind: 'status', status: 429, retryAfter: '3600' });
    await expect(http.get(`${server.url}${downloadPath()}`)).rejects.toThrow(
      `GET ${server.url}${downloadPath()}: 429 Too Many Requests; the server asks to wait 3600 s, more than listlens waits`,
    );
    expect(server.downloads()).toHaveLength(1);
    http.close();
  });

  it('retries a reset connection, a truncated body and a stalled body', async () => {
    const { http, retries } = client({ bodyTimeoutMs: 200 });
    server.inject(/download/, { kind: 'reset' }, { kind: 'truncate' }, { kind: 'stall', ms: 2000 });
    const response = await http.get(`${server.url}${downloadPath()}`);
    expect(response.body.equals(message().bytes)).toBe(true);
    expect(retries.map((r) => r.reason)).toEqual([
      'connection reset (ECONNRESET)',
      `body truncated: ${message().bytes.length} of ${message().bytes.length + 100} bytes`,
      'no data for 200 ms',
    ]);
    expect(server.downloads()).toHaveLength(4);
    http.close();
  });

  it('times out an answer that does not come, and retries it', async () => {
    const { http, retries } = client({ bodyTimeoutMs: 200 });
    server.inject(/download/, { kind: 'slow', ms: 2000 });
    await http.get(`${server.url}${downloadPath()}`);
    expect(retries.map((r) => r.reason)).toEqual(['no data for 200 ms']);
    http.close();
  });

  it('never has more requests in flight than its concurrency', async () => {
    const slow = await ArchiveServer.start({ delayMs: 30 });
    const { http } = client({ concurrency: 3 });
    const ids = slow.messages('iotops').slice(0, 12);
    await Promise.all(ids.map((m) => http.get(`${slow.url}/arch/msg/iotops/${m.archiveId}/download/`)));
    expect(slow.downloads()).toHaveLength(12);
    expect(slow.maxInFlight).toBe(3);
    expect(http.stats.maxInFlight).toBe(3);
    http.close();
    await slow.close();
  });

  it('obeys robots.txt, and never requests the archive search, advanced search or export paths', async () => {
    const strict = await ArchiveServer.start({ robotsTxt: 'User-agent: *\nDisallow: /arch/msg/t2trg/\n\nUser-agent: otherbot\nDisallow: /\n' });
    const { http } = client();
    await expect(http.get(`${strict.url}/arch/msg/t2trg/x/download/`)).rejects.toThrow(`GET ${strict.url}/arch/msg/t2trg/x/download/: disallowed by ${strict.url}/robots.txt`);
    for (const path of ['/arch/search/?q=brski', '/arch/advsearch/', '/arch/export/mbox/?email_list=iotops', '/arch/search']) {
      await expect(http.get(`${strict.url}${path}`)).rejects.toThrow('listlens never requests this path (robots.txt disallows it)');
    }
    await http.get(`${strict.url}/arch/msg/iotops/${strict.messages('iotops')[0]!.archiveId}/download/`);
    expect(strict.requests.map((r) => r.path)).toEqual(['/robots.txt', `/arch/msg/iotops/${strict.messages('iotops')[0]!.archiveId}/download/`]);
    http.close();
    await strict.close();
  });

  it('revalidates with If-None-Match and returns a 304', async () => {
    const { http } = client();
    const url = `${server.url}/arch/browse/static/iotops/thread/2021-04/`;
    const first = await http.get(url);
    expect(first.validators.etag).toMatch(/^"[0-9a-f]{40}"$/);
    const second = await http.get(url, { validators: first.validators });
    expect(second.status).toBe(304);
    expect(server.requestsTo(/thread\/2021-04/).map((r) => r.headers['if-none-match'])).toEqual([undefined, first.validators.etag]);
    expect(http.stats.notModified).toBe(1);
    http.close();
  });
});

describe('retryAfterMs', () => {
  it('reads delta-seconds, 0 included, and HTTP dates against the server clock', () => {
    expect(retryAfterMs(undefined, '120')).toBe(120_000);
    expect(retryAfterMs(undefined, '0')).toBe(0);
    expect(retryAfterMs('Tue, 20 Apr 2021 12:00:00 GMT', 'Tue, 20 Apr 2021 12:00:30 GMT')).toBe(30_000);
    expect(retryAfterMs('Tue, 20 Apr 2021 12:00:00 GMT', 'Tue, 20 Apr 2021 11:00:00 GMT')).toBe(0);
    expect(retryAfterMs(undefined, 'soon')).toBeNull();
    expect(retryAfterMs(undefined, undefined)).toBeNull();
  });

  it('ignores a negative, fractional or otherwise unparsable value, rather than reading it as a date in the past', () => {
    for (const value of ['-1', '-30', '1.5', '+5', '1e3', '0x10', 'abc 2', 'Monday', '20 Apr 2021 12:00:30']) {
      expect([value, retryAfterMs('Tue, 20 Apr 2021 12:00:00 GMT', value)]).toEqual([value, null]);
    }
    // The three date forms of RFC 9110 are read.
    for (const value of ['Tue, 20 Apr 2021 12:00:30 GMT', 'Tuesday, 20-Apr-21 12:00:30 GMT', 'Tue Apr 20 12:00:30 2021']) {
      expect([value, retryAfterMs('Tue, 20 Apr 2021 12:00:00 GMT', value)]).toEqual([value, 30_000]);
    }
  });

  it('a negative Retry-After leaves the back-off to apply', async () => {
    const { http, retries } = client({ baseDelayMs: 1000 });
    server.inject(/download/, { kind: 'status', status: 503, retryAfter: '-1' });
    await http.get(`${server.url}${downloadPath()}`);
    expect(retries.map((r) => r.delayMs)).toEqual([750]);
    http.close();
  });
});
