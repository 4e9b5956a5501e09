import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/sources/http.js';
import { MailArchive } from '../../src/sources/mail-archive.js';

let server: http.Server;
let base = '';
const requested: string[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    requested.push(request.url ?? '');
    if (request.url === '/robots.txt') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html' });
    const target = request.url?.includes('/2021-02/') ? 'http://elsewhere.invalid/arch/browse/static/iotops/thread/2021/' : '/arch/browse/static/iotops/thread/2021/';
    response.end(`<html><head><meta http-equiv="refresh" content="0;URL='${target}'" /></head></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('refresh pages of the archive', () => {
  it('are followed on the same site, and refused when they point to another', async () => {
    const client = new HttpClient({ retries: 0, intervalMs: 0 });
    const archive = new MailArchive(client, base);
    const same = await archive.index('iotops', `${base}/arch/browse/static/iotops/thread/2021-03/`, null);
    expect(same).toMatchObject({ kind: 'refresh', target: `${base}/arch/browse/static/iotops/thread/2021/` });
    await expect(archive.index('iotops', `${base}/arch/browse/static/iotops/thread/2021-02/`, null)).rejects.toThrow(
      `${base}/arch/browse/static/iotops/thread/2021-02/: refreshes to another site (http://elsewhere.invalid/arch/browse/static/iotops/thread/2021/)`,
    );
    client.close();
  });
});
