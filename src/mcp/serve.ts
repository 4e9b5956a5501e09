import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListlensError, listlensVersion } from '../index.js';
import type { ToolContext } from './context.js';
import { registerResources } from './resources.js';
import { registerTools } from './tools.js';

export type { ToolContext as McpContext } from './context.js';

/** Where `--http` listens: a loopback host and a port (0: any free one). */
export interface LoopbackAddress {
  host: string;
  port: number;
}

const instructions =
  'listlens answers from a store of IETF mailing-list mail: search it (the search tool takes from:, list:, d:, thread:, ' +
  'draft:, tech: terms), list and summarise threads, read messages, and compare a thread with a stored draft (coverage). ' +
  'Every answer carries Message-IDs and archive links: cite them.';

/** One MCP server over the store, with the tools and resources registered. */
export function createMcpServer(context: ToolContext): McpServer {
  const server = new McpServer({ name: 'listlens', version: listlensVersion }, { instructions });
  registerTools(server, context);
  registerResources(server, context);
  return server;
}

/** Serves MCP on stdin and stdout until stdin ends. Nothing else may write to stdout meanwhile. */
export async function serveStdio(context: ToolContext): Promise<void> {
  const server = createMcpServer(context);
  const ended = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  await server.connect(new StdioServerTransport());
  await ended;
  await server.close();
}

/**
 * `127.0.0.1:8765`, `[::1]:8765`, `localhost:8765`. Only loopback: the server has no authentication,
 * so it must not be reachable from another machine.
 */
export function parseLoopbackAddress(text: string): LoopbackAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!match || !host || port > 65_535) throw new ListlensError('usage', `--http ${text}: give HOST:PORT, such as 127.0.0.1:8765`);
  if (!/^127(\.\d{1,3}){3}$/.test(host) && host !== '::1' && host !== 'localhost') {
    throw new ListlensError('usage', `--http ${text}: ${host} is not a loopback address (127.0.0.1, ::1 or localhost); the server has no authentication`);
  }
  return { host, port };
}

/**
 * Serves MCP over Streamable HTTP at `http://HOST:PORT/mcp`, statelessly (each request its own server and
 * transport), until `stop` resolves. `onListening` is told the URL once the port is open.
 */
export async function serveHttp(context: ToolContext, address: LoopbackAddress, onListening: (url: string) => void, stop: Promise<void>): Promise<void> {
  const allowedHosts: string[] = [];
  const httpServer = createServer((request, response) => void handle(context, allowedHosts, request, response));
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error) => reject(new ListlensError('failed', `--http ${address.host}:${address.port}: ${error.message}`, { cause: error })));
    httpServer.listen(address.port, address.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const hostPart = address.host.includes(':') ? `[${address.host}]` : address.host;
  allowedHosts.push(`${hostPart}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`);
  onListening(`http://${hostPart}:${port}/mcp`);
  await stop;
  httpServer.closeAllConnections();
  await new Promise<void>((resolve) => httpServer.close(() => resolve()));
}

async function handle(context: ToolContext, allowedHosts: string[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/mcp') {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('listlens MCP server: the endpoint is /mcp\n');
    return;
  }
  const server = createMcpServer(context);
  // DNS rebinding: a web page must not reach the server under another host name.
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, enableDnsRebindingProtection: true, allowedHosts });
  response.on('close', () => {
    void transport.close();
    void server.close();
  });
  try {
    await server.connect(transport);
    await transport.handleRequest(request, response);
  } catch (error) {
    process.stderr.write(`listlens: mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!response.headersSent) response.writeHead(500).end();
  }
}
