import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import {
  analyseThreadFully,
  coverageJson,
  ListlensError,
  resolveRef,
  resolveThreadRoot,
  searchJson,
  searchMessages,
  type StoredMessage,
  type ThreadFilter,
  threadJson,
  threadListJson,
} from '../index.js';
import { dateFilter, draftsOf, type ToolContext } from './context.js';
import { cursorAt, cursorSchema, limitSchema, offsetOf, pageOf } from './paging.js';
import { citedThreadPage } from './thread-citations.js';

const refSchema = z.string().min(1).max(1000).describe('a Message-ID, an archive URL, or a subject substring that picks out one thread');
const dateSchema = (what: string) => z.string().max(10).optional().describe(`${what} (YYYY, YYYY-MM or YYYY-MM-DD)`);

/** `list`, `since` and `until`, worded for what they narrow ("threads with a message"). */
function narrowingSchema(what: string) {
  return {
    list: z.string().max(100).optional().describe(`${what} in this list`),
    since: dateSchema(`${what} from the start of this date on`),
    until: dateSchema(`${what} up to the end of this date`),
  };
}

function filterOf(list: string | undefined, since: string | undefined, until: string | undefined, participant: string | undefined): ThreadFilter {
  return { ...(list ? { list: list.toLowerCase() } : {}), ...(participant ? { participant } : {}), ...dateFilter(since, until) };
}
const draftsSchema = z.array(z.string().min(1).max(200)).max(5);
const chairsSchema = z
  .array(z.string().min(1).max(200))
  .max(10)
  .default([])
  .describe("the group's chairs, by address or name: their messages are not counted as responses");

const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

/** A tool's answer: the JSON as text for any client, and as structured content for those that read it. */
function answer(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

/** A refused call answers with the error, so the client (and the model) can read it; the server goes on. */
function refusal(error: unknown): CallToolResult {
  const message = error instanceof Error ? error.message : String(error);
  const kind = error instanceof ListlensError ? error.kind : 'failed';
  return { isError: true, content: [{ type: 'text', text: `${kind}: ${message}` }] };
}

function tool<A>(work: (args: A) => Promise<Record<string, unknown>>): (args: A) => Promise<CallToolResult> {
  return async (args) => {
    try {
      return answer(await work(args));
    } catch (error) {
      return refusal(error);
    }
  };
}

export function registerTools(server: McpServer, context: ToolContext): void {
  const { store } = context;

  server.registerTool(
    'search',
    {
      title: 'Search the mail',
      description:
        "Searches the authors' own words (not quotes, signatures or footers), as `listlens search` does. Query syntax: words and " +
        '"phrases" (word* a prefix) in the own words; from:NAME|ADDRESS, list:NAME, subject:WORD, d:2021-02..2021-04, ' +
        'thread:REF, draft:NAME (own words naming it), tech:ID (own words raising a taxonomy technology), q:WORD (in quoted ' +
        'text), all:WORD (anywhere). Every term must match; repeated from:, list:, thread: are alternatives. Each hit has ' +
        'its Message-ID, thread and archive links.',
      inputSchema: {
        query: z.string().min(1).max(1000).describe("e.g. from:jane list:iotops d:2021-02 BRSKI"),
        sort: z.enum(['rank', 'date']).optional().describe('rank: best first (default with words); date: newest first'),
        limit: limitSchema(20, 100, 'hits'),
        cursor: cursorSchema,
      },
      annotations: readOnly,
    },
    tool(async ({ query, sort, limit, cursor }) => {
      const offset = offsetOf(cursor);
      const found = await searchMessages(store, query, { limit, offset, taxonomy: context.taxonomy, ...(sort ? { sort } : {}) });
      return { query, hits: searchJson(found.hits), ...(found.more ? { nextCursor: cursorAt(offset + found.hits.length) } : {}) };
    }),
  );

  server.registerTool(
    'list_threads',
    {
      title: 'List threads',
      description: 'Threads of the store, oldest first: root Message-ID and archive link, subject, lists, dates, message and participant counts. Narrow by list, dates (a thread with a message in the period) and participant.',
      inputSchema: {
        ...narrowingSchema('threads with a message'),
        participant: z.string().max(200).optional().describe('threads with a message from a participant whose name or address contains this'),
        limit: limitSchema(20, 200, 'threads'),
        cursor: cursorSchema,
      },
      annotations: readOnly,
    },
    tool(async ({ list, since, until, participant, limit, cursor }) => {
      const threads = await store.threads(filterOf(list, since, until, participant));
      const page = pageOf(threadListJson(threads), cursor, limit);
      const items = await Promise.all(page.items.map(async (thread) => ({ ...thread, url: archiveLink(await store.message(thread.root)) })));
      return { total: threads.length, threads: items, ...cursorOf(page) };
    }),
  );

  server.registerTool(
    'get_thread',
    {
      title: 'Summarise a thread',
      description:
        "A thread's summary, as `listlens thread --format json`: the opening question, participants, a timeline with a gist " +
        "of each message's own words, the chairs' call the thread is about (kind, documents, question, deadline, closing) and " +
        "each participant's position on it with its sentence, the tally and the objections, technologies raised, with the drafts' " +
        'verdicts when drafts are given, and open questions. Every statement cites its messages (Message-ID and archive link). ' +
        'Each list is paged by the one cursor (a page holds the next `limit` items of each); totals gives their lengths.',

      inputSchema: {
        ref: refSchema,
        drafts: draftsSchema.default([]).describe('stored drafts (name or name-rev) to judge the technologies against'),
        chairs: chairsSchema,
        limit: limitSchema(50, 200, 'items of each list'),
        cursor: cursorSchema,
      },
      annotations: readOnly,
    },
    tool(async ({ ref, drafts, chairs, limit, cursor }) => {
      const root = await resolveThreadRoot(store, ref);
      const judged = drafts.length > 0 ? await draftsOf(context, drafts) : null;
      const summary = threadJson(await (await analyseThreadFully(store, root, { taxonomy: context.taxonomy, drafts: judged, chairs })).summary());
      return citedThreadPage(summary, cursor, limit);
    }),
  );

  server.registerTool(
    'get_message',
    {
      title: 'Read a message',
      description:
        "One message: headers, the archive link of each list copy, its thread, and its own words (paged by characters). " +
        'Quoted text (quotes, attributions, forwarded messages) only when includeQuoted is true.',
      inputSchema: {
        ref: refSchema,
        includeQuoted: z.boolean().default(false).describe('also give the quoted text'),
        maxChars: limitSchema(8000, 50_000, 'characters of own words (and of quoted text)'),
        cursor: cursorSchema,
      },
      annotations: readOnly,
    },
    tool(async ({ ref, includeQuoted, maxChars, cursor }) => {
      const message = (await store.message(await resolveRef(store, ref)))!;
      const offset = offsetOf(cursor);
      const end = offset + maxChars;
      const quoted = includeQuoted ? quotedText(message) : null;
      return {
        ...messageHeaders(message),
        ownTextLength: message.ownText.length,
        ownText: message.ownText.slice(offset, end),
        ...(quoted === null ? {} : { quotedText: quoted.slice(0, maxChars), quotedTextLength: quoted.length }),
        ...(end < message.ownText.length ? { nextCursor: cursorAt(end) } : {}),
      };
    }),
  );

  server.registerTool(
    'coverage',
    {
      title: 'Coverage of a thread by a draft',
      description:
        'The coverage report of a thread against stored drafts, exactly as `listlens coverage --format json` gives it ' +
        '(listlens/coverage@2): each technology respondents raised, who raised it in which messages, whether the last ' +
        'draft covers it (and in which sections), a quote with its archive link; candidate terms; each message. The ' +
        'per-message list is paged.',
      inputSchema: {
        ref: refSchema,
        drafts: draftsSchema.min(1).describe('stored drafts (name or name-rev), oldest first; the last is judged'),
        chairs: chairsSchema,
        limit: limitSchema(50, 200, 'messages'),
        cursor: cursorSchema,
      },
      annotations: readOnly,
    },
    tool(async ({ ref, drafts, chairs, limit, cursor }) => {
      const root = await resolveThreadRoot(store, ref);
      const { coverage } = await analyseThreadFully(store, root, { taxonomy: context.taxonomy, drafts: await draftsOf(context, drafts), chairs });
      const report = coverageJson(coverage);
      const page = pageOf(report.messages, cursor, limit);
      return { ...report, messages: page.items, ...cursorOf(page) };
    }),
  );

  server.registerTool(
    'participants',
    {
      title: 'Participants',
      description:
        'Who wrote, busiest first: name, addresses (one person counted once over their addresses), message count, lists, ' +
        'first and last message (date, Message-ID, archive link), and a search query that pages through all their messages ' +
        '(in the period and list asked). Narrow by list, dates and name or address.',
      inputSchema: {
        ...narrowingSchema('count only messages'),
        name: z.string().max(200).optional().describe('participants whose name or an address contains this'),
        limit: limitSchema(50, 500, 'participants'),
        cursor: cursorSchema,
      },
      annotations: readOnly,
    },
    tool(async ({ list, since, until, name, limit, cursor }) => {
      const people = await store.participantActivity(filterOf(list, since, until, name));
      const page = pageOf(people, cursor, limit);
      const citation = async (messageId: string | null) => (messageId ? { messageId, url: archiveLink(await store.message(messageId)) } : null);
      const items = await Promise.all(page.items.map(async (person) => ({
        name: person.name,
        addresses: person.addresses,
        messageCount: person.messageCount,
        lists: person.lists,
        firstDate: person.firstDate?.toISOString() ?? null,
        lastDate: person.lastDate?.toISOString() ?? null,
        firstMessage: await citation(person.firstMessageId),
        lastMessage: await citation(person.lastMessageId),
        search: [`from:${JSON.stringify(person.addresses[0] ?? person.name)}`, ...(list ? [`list:${list.toLowerCase()}`] : []), ...(since || until ? [`d:${since ?? ''}..${until ?? ''}`] : [])].join(' '),
      })));
      return { total: people.length, participants: items, ...cursorOf(page) };
    }),
  );

  server.registerTool(
    'drafts',
    {
      title: 'Stored drafts',
      description: 'The drafts in the store, each with its revisions and their files (format, where it was read from, when), and the resource URI of each file.',
      inputSchema: {
        name: z.string().max(200).optional().describe('only drafts whose name contains this'),
        limit: limitSchema(50, 200, 'drafts'),
        cursor: cursorSchema,
      },
      annotations: readOnly,
    },
    tool(async ({ name, limit, cursor }) => {
      const files = (await store.draftFiles()).filter((file) => !name || file.name.includes(name.toLowerCase()));
      const names = [...new Set(files.map((file) => file.name))];
      const page = pageOf(names, cursor, limit);
      const drafts = page.items.map((draft) => {
        const own = files.filter((file) => file.name === draft);
        const revisions = [...new Set(own.map((file) => file.revision))];
        return {
          name: draft,
          revisions: revisions.map((revision) => ({
            revision,
            files: own
              .filter((file) => file.revision === revision)
              .map((file) => ({ format: file.format, source: file.source, fetchedAt: file.fetchedAt.toISOString(), resource: draftResourceUri(file) })),
          })),
        };
      });
      return { total: names.length, drafts, ...cursorOf(page) };
    }),
  );
}

function cursorOf(page: { nextCursor?: string }): { nextCursor?: string } {
  return page.nextCursor ? { nextCursor: page.nextCursor } : {};
}

function archiveLink(message: StoredMessage | null): string | null {
  return message?.copies.find((copy) => copy.url)?.url ?? null;
}

function messageHeaders(message: StoredMessage) {
  return {
    messageId: message.messageId,
    date: message.date?.toISOString() ?? null,
    from: message.from,
    participant: message.participant.name,
    subject: message.subject,
    inReplyTo: message.inReplyTo,
    lists: message.copies.map((copy) => copy.list).filter(Boolean),
    archiveUrls: message.copies.flatMap((copy) => (copy.url ? [copy.url] : [])),
    archivedAt: message.archivedAt,
    threadRoot: message.threadRoot,
    attachments: message.attachments,
  };
}

/** What the message quotes: quotes, their attributions, forwarded messages. */
function quotedText(message: StoredMessage): string {
  return message.segments
    .filter((segment) => segment.kind === 'quote' || segment.kind === 'attribution' || segment.kind === 'forwarded')
    .map((segment) => segment.text)
    .join('');
}

export function draftResourceUri(file: { name: string; revision: string; format: string }): string {
  return `listlens://draft/${file.name}/${file.revision}/${file.format}`;
}
