import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { repoRoot } from '../helpers/corpus.js';
import { connectHttp, demoStore, startHttpServer } from './server.js';

interface ServerEntry {
  type?: string;
  command?: string;
  args?: string[];
  url?: string;
}

const documentedStore = '/home/chair/ietf/archive.sqlite';

/** The client configurations of docs/mcp.md: each JSON block's servers. */
function documentedServers(): ServerEntry[] {
  const text = readFileSync(path.join(repoRoot, 'docs', 'mcp.md'), 'utf8');
  return [...text.matchAll(/```json\n([\s\S]*?)```/g)].flatMap((block) => {
    const config = JSON.parse(block[1]!) as { mcpServers?: Record<string, ServerEntry>; servers?: Record<string, ServerEntry> };
    return Object.values(config.mcpServers ?? config.servers ?? {});
  });
}

let store: string;
let dispose: () => void;
beforeAll(() => ({ store, dispose } = demoStore()));
afterAll(() => dispose());

describe('the client configurations of docs/mcp.md', () => {
  it('start a server that lists its tools (the store path and the installed listlens replaced by the test ones)', async () => {
    const stdio = documentedServers().filter((entry) => entry.command);
    expect(stdio.length).toBeGreaterThanOrEqual(2);
    for (const entry of stdio) {
      expect(entry.command).toBe('listlens');
      const args = entry.args!.map((arg) => (arg === documentedStore ? store : arg));
      const client = new Client({ name: 'docs-test', version: '1.0.0' });
      await client.connect(new StdioClientTransport({ command: process.execPath, args: [cliPath, ...args], stderr: 'pipe' }));
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('search');
      await client.close();
    }
  });

  it('reach the HTTP server at its documented path', async () => {
    const [entry] = documentedServers().filter((server) => server.url);
    expect(entry).toMatchObject({ type: 'http', url: 'http://127.0.0.1:8765/mcp' });
    const server = await startHttpServer(store);
    try {
      const url = new URL(entry!.url!);
      url.port = new URL(server.url).port;
      const connection = await connectHttp(url.href);
      expect((await connection.client.listTools()).tools.length).toBe(7);
      await connection.close();
    } finally {
      await server.stop();
    }
  });
});
