import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { cliPath, listlens } from '../helpers/cli.js';
import { fixturePath, repoRoot } from '../helpers/corpus.js';

/** The bundled draft, stored under its name so that tools use it without reading files or the network. */
export const demoDraft = 'draft-example-t2trg-iot-bootstrapping-05';
export const demoThread = 'Secure IoT Bootstrapping: A Survey';

/** A store holding the bundled archive, imported as scripts/demo.js does, and the bundled draft. */
export function demoStore(): { store: string; dispose: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-mcp-'));
  const store = path.join(dir, 'archive.sqlite');
  for (const args of [['import', fixturePath('archive')], ['draft', fixturePath(`drafts/${demoDraft}.xml`)]]) {
    const result = listlens(['--store', store, ...args]);
    if (result.status !== 0) throw new Error(`listlens ${args.join(' ')}: ${result.stderr}`);
  }
  return { store, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The store file's bytes, to show that serving it changed nothing. */
export function storeBytes(store: string): Buffer {
  return readFileSync(store);
}

export interface Connection {
  client: Client;
  close: () => Promise<void>;
  /** What the server wrote on stderr so far. */
  stderr: () => string;
}

/** `listlens mcp` as a child process, spoken to with the SDK's client over stdio. */
export async function connectStdio(store: string, extra: string[] = []): Promise<Connection> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [cliPath, '--store', store, 'mcp', ...extra], cwd: repoRoot, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'listlens-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, close: () => client.close(), stderr: () => stderr };
}

export interface HttpServer {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** `listlens mcp --http 127.0.0.1:0` as a child process; resolves with its URL once it listens. */
export async function startHttpServer(store: string): Promise<HttpServer> {
  const child = spawn(process.execPath, [cliPath, '--store', store, 'mcp', '--http', '127.0.0.1:0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(stderr);
      if (listening) resolve(listening[1]!);
    });
    void exited.then((code) => reject(new Error(`listlens mcp --http exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function connectHttp(url: string): Promise<Connection> {
  const client = new Client({ name: 'listlens-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return { client, close: () => client.close(), stderr: () => '' };
}

export interface ToolAnswer {
  isError: boolean;
  text: string;
  json: Record<string, unknown>;
}

/** Calls a tool and reads its answer: the JSON of a success, the message of an error. */
export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const result = await client.callTool({ name, arguments: args });
  const text = (result.content as { type: string; text: string }[]).map((part) => part.text).join('');
  const isError = result.isError === true;
  return { isError, text, json: isError ? {} : (JSON.parse(text) as Record<string, unknown>) };
}
