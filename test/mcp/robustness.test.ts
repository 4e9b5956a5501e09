import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, listlens } from '../helpers/cli.js';
import { fixturePath, repoRoot } from '../helpers/corpus.js';
import { call, connectHttp, connectStdio, demoDraft, demoStore, demoThread, startHttpServer, storeBytes } from './server.js';

let store: string;
let dispose: () => void;
let before: Buffer;
beforeAll(() => {
  ({ store, dispose } = demoStore());
  before = storeBytes(store);
});
afterAll(() => {
  expect(storeBytes(store).equals(before)).toBe(true);
  dispose();
});

const jsonRpc = (id: number, method: string, params: Record<string, unknown>) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
const coverageCall = (id: number) => jsonRpc(id, 'tools/call', { name: 'coverage', arguments: { ref: demoThread, drafts: [demoDraft] } });
const initialize = (id: number) =>
  jsonRpc(id, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } });

/** The status of a POST with this Host header (fetch sets its own): a DNS-rebinding page's request. */
function statusWithHost(url: string, host: string, body: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { host, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('listlens mcp --http, spoken to badly', () => {
  const post = (url: string, body: string, init: RequestInit = {}) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, ...init });

  it('refuses malformed requests, foreign hosts and other paths, survives a client that leaves mid-call, and stops on SIGTERM', async () => {
    const server = await startHttpServer(store);
    try {
      expect((await post(server.url, '{"jsonrpc": "2.0", "id": 1, "method"')).status).toBe(400);
      const unknownMethod = await post(server.url, jsonRpc(1, 'no/such/method', {}));
      expect(((await unknownMethod.json()) as { error: { code: number } }).error.code).toBe(-32601);
      expect((await fetch(new URL('/elsewhere', server.url))).status).toBe(404);
      const port = new URL(server.url).port;
      expect(await statusWithHost(server.url, `evil.example:${port}`, initialize(1))).toBe(403);
      expect(await statusWithHost(server.url, `localhost:${port}`, initialize(1))).toBe(200);
      for (let attempt = 0; attempt < 5; attempt++) {
        const leaving = new AbortController();
        const request = post(server.url, coverageCall(2), { signal: leaving.signal }).catch((error: Error) => error);
        setTimeout(() => leaving.abort(), 5 * attempt);
        await request;
      }
      const connection = await connectHttp(server.url);
      const answer = await call(connection.client, 'search', { query: 'BRSKI' });
      expect(answer.isError).toBe(false);
      await connection.close();
      expect(server.child.exitCode).toBeNull();
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.stderr()).not.toMatch(/Unhandled|TypeError|at .*\.js:\d+/);
  });

  it('refuses to listen anywhere but on a loopback address, in one line with exit code 2', () => {
    for (const address of ['0.0.0.0:8765', '192.0.2.1:8765', 'example.org:80', '127.0.0.1', '127.0.0.1:99999']) {
      const result = listlens(['--store', store, 'mcp', '--http', address]);
      expect(result.status, address).toBe(2);
      expect(result.stderr).toMatch(/^listlens: --http [^\n]+\n$/);
    }
  });

  it('refuses a store that does not exist rather than serve an empty one', () => {
    const result = listlens(['--store', `${store}.missing`, 'mcp']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^listlens: no store at /);
  });
});

describe('listlens mcp over stdio, spoken to badly', () => {
  it('answers a line that is not JSON-RPC with nothing fatal, and the requests after it', async () => {
    const child = spawn(process.execPath, [cliPath, '--store', store, 'mcp'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const answered = (id: number) =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { id?: number; result?: unknown })
        .some((message) => message.id === id && message.result !== undefined);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.write('this is not json\n{"jsonrpc": "2.0"}\n');
    child.stdin.write(`${initialize(1)}\n`);
    await expect.poll(() => answered(1), { timeout: 10_000 }).toBe(true);
    child.stdin.write(`${jsonRpc(2, 'tools/call', { name: 'search', arguments: { query: 'BRSKI' } })}\n`);
    await expect.poll(() => answered(2), { timeout: 10_000 }).toBe(true);
    // The client goes away in the middle of a call: the server finishes, and ends with stdin.
    child.stdin.end(`${coverageCall(3)}\n`);
    expect(await exited).toBe(0);
  });

  it('with --allow-fetch, reads a draft file, as listlens coverage does', async () => {
    const connection = await connectStdio(store, ['--allow-fetch']);
    try {
      const draft = fixturePath(`drafts/${demoDraft}.xml`);
      const answer = await call(connection.client, 'coverage', { ref: demoThread, drafts: [draft] });
      const expected = listlens(['--store', store, 'coverage', demoThread, '--draft', draft, '--format', 'json']);
      expect(answer.json).toEqual(JSON.parse(expected.stdout));
    } finally {
      await connection.close();
    }
  });
});
