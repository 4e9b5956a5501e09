import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { analyseThreadFully, coverageMarkdown, type DraftFileFormat, ListlensError, threadMarkdown } from '../index.js';
import { draftsOf, type ToolContext } from './context.js';
import { draftResourceUri } from './tools.js';

/** Threads listed as report resources: the latest, so that a large store lists a bounded number. */
const listedThreads = 50;

const mimeTypes: Record<DraftFileFormat, string> = { txt: 'text/plain', xml: 'application/xml', md: 'text/markdown' };

type Variables = Record<string, string | string[]>;

function variable(variables: Variables, name: string): string {
  const value = variables[name];
  return decodeURIComponent(Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
}

function markdown(uri: URL, text: string): ReadResourceResult {
  return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
}

async function storedRoot(context: ToolContext, variables: Variables): Promise<string> {
  const root = variable(variables, 'root');
  if (!(await context.store.message(root))) throw new ListlensError('not-found', `no message <${root}> in the store`);
  return root;
}

const threadUri = (root: string) => `listlens://thread/${encodeURIComponent(root)}`;

/**
 * Stored drafts (`listlens://draft/<name>/<revision>/<format>`) and reports on threads: the summary
 * (`listlens://thread/<root>/summary.md`) and the coverage against a stored draft
 * (`listlens://thread/<root>/coverage/<draft>.md`), Markdown as `listlens thread` and `listlens coverage` write it.
 */
export function registerResources(server: McpServer, context: ToolContext): void {
  const { store, taxonomy } = context;

  server.registerResource(
    'draft',
    new ResourceTemplate('listlens://draft/{name}/{revision}/{format}', {
      list: async () => ({
        resources: (await store.draftFiles()).map((file) => ({
          uri: draftResourceUri(file),
          name: `${file.name}-${file.revision}.${file.format}`,
          mimeType: mimeTypes[file.format],
        })),
      }),
    }),
    { title: 'A stored draft', description: 'The text of a stored draft revision, in one of its formats' },
    async (uri, variables) => {
      const [name, revision, format] = ['name', 'revision', 'format'].map((key) => variable(variables, key)) as [string, string, DraftFileFormat];
      const file = await store.draftFile(name, revision, format);
      if (!file?.text) throw new ListlensError('not-found', `no stored draft file ${name}-${revision}.${format}`);
      return { contents: [{ uri: uri.href, mimeType: mimeTypes[format] ?? 'text/plain', text: file.text }] };
    },
  );

  server.registerResource(
    'thread-summary',
    new ResourceTemplate('listlens://thread/{root}/summary.md', {
      list: async () => ({
        resources: (await store.threads({}))
          .slice(-listedThreads)
          .map((thread) => ({ uri: `${threadUri(thread.root)}/summary.md`, name: `Summary: ${thread.subject}`, mimeType: 'text/markdown' })),
      }),
    }),
    { title: 'A thread summary', description: 'The summary of a thread (root Message-ID, URI-encoded), as `listlens thread --format md`' },
    async (uri, variables) => {
      const analysis = await analyseThreadFully(store, await storedRoot(context, variables), { taxonomy });
      return markdown(uri, threadMarkdown(await analysis.summary()));
    },
  );

  server.registerResource(
    'thread-coverage',
    new ResourceTemplate('listlens://thread/{root}/coverage/{draft}.md', { list: undefined }),
    { title: 'A coverage report', description: 'The coverage of a thread against a stored draft (name or name-rev), as `listlens coverage --format md`' },
    async (uri, variables) => {
      const drafts = await draftsOf(context, [variable(variables, 'draft')]);
      const analysis = await analyseThreadFully(store, await storedRoot(context, variables), { taxonomy, drafts });
      return markdown(uri, coverageMarkdown(analysis.coverage, await analysis.summary()));
    },
  );
}
