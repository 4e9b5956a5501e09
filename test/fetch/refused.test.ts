import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveServer } from '../helpers/archive-server.js';
import { runListlens } from './run-cli.js';

/** What Cloudflare answers an automated client: 403 to every request, with a challenge page. */
function startRefusingServer(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(403, { 'Content-Type': 'text/html' }).end('<title>Just a moment...</title>');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-refused-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refusedLine = (url: string) => `listlens: fetch stopped: the archive refused automated access (HTTP 403) at ${url}; use --source imap`;

describe('the web source, refused with HTTP 403', () => {
  it('says in one line that the archive refused automated access and that IMAP works, and exits 1', async () => {
    const server = await startRefusingServer();
    try {
      const result = await runListlens(['--store', path.join(dir, 'index.sqlite'), 'fetch', 'iotops', '--source', 'web', '--since', '2021-02', '--until', '2021-02', '--archive', server.url]);
      expect(result.status).toBe(1);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe(refusedLine(server.url));
      expect(lines.filter((line) => line.includes('403'))).toHaveLength(1);
      // Refused is final: not retried.
      expect(server.requests.filter((url) => url !== '/robots.txt')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('stops at the first refused download instead of reporting every message', async () => {
    const archive = await ArchiveServer.start();
    try {
      archive.inject(/\/download\/$/, ...Array.from({ length: 100 }, () => ({ kind: 'status' as const, status: 403 })));
      const result = await runListlens(['--store', path.join(dir, 'downloads.sqlite'), 'fetch', 'iotops', '--source', 'web', '--since', '2021-02', '--until', '2021-02', '--archive', archive.url]);
      // The downloads already in flight (at most --concurrency) end; those waiting for a slot are not sent.
      expect(result.status).toBe(1);
      expect(result.stderr.split('\n').filter((line) => line.includes('403'))).toEqual([refusedLine(archive.url)]);
      expect(archive.downloads().length).toBeLessThanOrEqual(4);
    } finally {
      await archive.close();
    }
  });
});
