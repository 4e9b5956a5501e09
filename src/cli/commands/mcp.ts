import type { Command } from 'commander';
import { loadTaxonomy } from '../../index.js';
import type { McpContext } from '../../mcp/index.js';
import { type RegisterCommands, withStore } from '../context.js';
import { exitCodes } from '../exit-codes.js';
import { taxonomyOption } from '../options.js';

interface McpOptions {
  http?: string;
  allowFetch?: boolean;
  taxonomy: string[];
}

/** Resolves on the first SIGINT or SIGTERM, so that an HTTP server closes its port and the store. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

async function mcpCommand(options: McpOptions, command: Command): Promise<number> {
  // The MCP SDK and zod are loaded by this command only, not at every start of the CLI.
  const { parseLoopbackAddress, serveHttp, serveStdio } = await import('../../mcp/index.js');
  const address = options.http ? parseLoopbackAddress(options.http) : null;
  const taxonomy = loadTaxonomy(options.taxonomy);
  const allowFetch = options.allowFetch ?? false;
  return withStore(
    command,
    async (store) => {
      const context: McpContext = { store, taxonomy, allowFetch };
      if (!address) await serveStdio(context);
      else await serveHttp(context, address, (url) => process.stderr.write(`listlens: MCP server listening on ${url}\n`), stopSignal());
      return exitCodes.ok;
    },
    allowFetch ? 'read' : 'read-only',
  );
}

export const registerMcp: RegisterCommands = (program, act) => {
  program
    .command('mcp')
    .description('serve the store to MCP clients (AI assistants): search, threads, messages, coverage, participants, drafts; read-only')
    .option('--http <host:port>', 'Streamable HTTP at http://HOST:PORT/mcp on a loopback address (127.0.0.1:8765) instead of stdio')
    .option('--allow-fetch', 'let tools download a draft the store lacks (and store it), or read a draft file')
    .addOption(taxonomyOption())
    .addHelpText('after', '\nTools, resources and client configuration: docs/mcp.md')
    .action(act((options: McpOptions, command: Command) => mcpCommand(options, command)));
};
