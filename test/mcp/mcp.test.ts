import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listlens } from '../helpers/cli.js';
import { fixturePath } from '../helpers/corpus.js';
import { call, type Connection, connectHttp, connectStdio, demoDraft, demoStore, demoThread, type HttpServer, startHttpServer, storeBytes } from './server.js';

const acceptanceQuery = 'from:Jürgen list:iotops d:2021-02..2021-02 BRSKI';
const chair = 'Jürgen Albrecht';

/** The words of a text as the search reads them. */
const wordsOf = (text: string): string[] => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

describe.each(['stdio', 'http'] as const)('listlens mcp over %s', (transport) => {
  let store: string;
  let dispose: () => void;
  let before: Buffer;
  let http: HttpServer | null = null;
  let connection: Connection;
  const cli = (...args: string[]) => {
    const result = listlens(['--store', store, ...args]);
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    ({ store, dispose } = demoStore());
    before = storeBytes(store);
    if (transport === 'http') http = await startHttpServer(store);
    connection = transport === 'http' ? await connectHttp(http!.url) : await connectStdio(store);
  });

  afterAll(async () => {
    await connection.close();
    if (http) expect(await http.stop()).toBe(0);
    expect(storeBytes(store).equals(before)).toBe(true);
    dispose();
  });

  it('lists its tools, each with an input schema', async () => {
    const { tools } = await connection.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['coverage', 'drafts', 'get_message', 'get_thread', 'list_threads', 'participants', 'search']);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description!.length).toBeGreaterThan(40);
      expect(tool.annotations?.readOnlyHint).toBe(true);
    }
  });

  it('searches as listlens search does: the same ids, each hit holding the words in its own text', async () => {
    const answer = await call(connection.client, 'search', { query: acceptanceQuery });
    const expected = JSON.parse(cli('search', acceptanceQuery, '--json')) as { messageId: string }[];
    const hits = answer.json.hits as { messageId: string; copies: { url: string }[] }[];
    expect(hits.map((hit) => hit.messageId)).toEqual(expected.map((hit) => hit.messageId));
    expect(hits.length).toBe(1);
    const broad = (await call(connection.client, 'search', { query: 'onboarding device', limit: 50 })).json.hits as { messageId: string }[];
    expect(broad.length).toBeGreaterThan(1);
    for (const hit of broad) {
      const message = (await call(connection.client, 'get_message', { ref: hit.messageId, maxChars: 50_000 })).json;
      expect(wordsOf(message.ownText as string)).toEqual(expect.arrayContaining(['onboarding', 'device']));
    }
  });

  it('pages search hits with a cursor, and refuses a made-up cursor', async () => {
    const all = (await call(connection.client, 'search', { query: 'list:iotops', sort: 'date', limit: 100 })).json.hits as { messageId: string }[];
    const first = (await call(connection.client, 'search', { query: 'list:iotops', sort: 'date', limit: 4 })).json;
    const second = (await call(connection.client, 'search', { query: 'list:iotops', sort: 'date', limit: 4, cursor: first.nextCursor })).json;
    expect([...(first.hits as { messageId: string }[]), ...(second.hits as { messageId: string }[])].map((hit) => hit.messageId)).toEqual(
      all.slice(0, 8).map((hit) => hit.messageId),
    );
    const forged = await call(connection.client, 'search', { query: 'BRSKI', cursor: 'not-a-cursor' });
    expect(forged.isError).toBe(true);
    expect(forged.text).toMatch(/^usage: cursor: not one this server gave/);
  });

  it('answers a malformed query, a huge limit and missing arguments with an error, and goes on serving', async () => {
    const malformed = await call(connection.client, 'search', { query: 'foo:bar BRSKI' });
    expect(malformed).toMatchObject({ isError: true, text: expect.stringMatching(/^usage: search query: unknown field "foo:"/) });
    const huge = await call(connection.client, 'search', { query: 'BRSKI', limit: 1e9 });
    expect(huge.isError).toBe(true);
    expect(huge.text).toMatch(/limit/);
    const missing = await call(connection.client, 'get_thread', {});
    expect(missing.isError).toBe(true);
    const unknownRef = await call(connection.client, 'get_message', { ref: '<no-such-message@example.org>' });
    expect(unknownRef).toMatchObject({ isError: true, text: expect.stringMatching(/^not-found: no message with Message-ID/) });
    expect((await call(connection.client, 'search', { query: 'BRSKI' })).isError).toBe(false);
  });

  it('refuses arguments of the wrong type to every tool, naming the argument', async () => {
    const invalid: Record<string, Record<string, unknown>> = {
      search: { query: 'BRSKI', limit: 'many' },
      list_threads: { limit: 0 },
      get_thread: { ref: demoThread, limit: 1e6 },
      get_message: { ref: demoThread, maxChars: -5 },
      coverage: { ref: demoThread, drafts: [] },
      participants: { list: 42 },
      drafts: { cursor: 7 },
    };
    for (const [name, args] of Object.entries(invalid)) {
      const answer = await call(connection.client, name, args);
      expect(answer.isError, name).toBe(true);
      expect(answer.text, name).toMatch(new RegExp(Object.keys(args).at(-1)!));
    }
    expect((await call(connection.client, 'participants', {})).isError).toBe(false);
  });

  it('answers an unknown tool with an error, and goes on serving', async () => {
    const unknown = await connection.client.callTool({ name: 'delete_everything', arguments: {} }).then(
      (result) => ({ isError: result.isError, text: JSON.stringify(result.content) }),
      (error: Error) => ({ isError: true, text: error.message }),
    );
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/delete_everything/);
    expect((await call(connection.client, 'drafts', {})).isError).toBe(false);
  });

  it('lists threads as listlens threads does, each with the archive link of its first message', async () => {
    const answer = (await call(connection.client, 'list_threads', { list: 'iotops', since: '2021-02' })).json;
    const expected = JSON.parse(cli('threads', '--list', 'iotops', '--since', '2021-02', '--json')) as { root: string }[];
    const threads = answer.threads as { root: string; url: string }[];
    expect(threads.map((thread) => thread.root)).toEqual(expected.map((thread) => thread.root));
    expect(threads.every((thread) => thread.url.startsWith('https://mailarchive.ietf.org/arch/msg/'))).toBe(true);
    const byJurgen = (await call(connection.client, 'list_threads', { participant: 'jurgen', until: '2021-02-19' })).json;
    expect(byJurgen.total).toBe(0);
    const bad = await call(connection.client, 'list_threads', { since: 'last week' });
    expect(bad).toMatchObject({ isError: true, text: expect.stringMatching(/^usage: .*is not a date/) });
  });

  it('summarises a thread as listlens thread --format json does, every list paged, every statement citing its messages', async () => {
    const expected = JSON.parse(cli('thread', demoThread, '--format', 'json'));
    type Cited = { messageId: string; url: string | null };
    type Page = Record<string, unknown> & { nextCursor?: string; totals: Record<string, number> };
    const lists = ['timeline', 'participants', 'positions', 'technologies', 'openQuestions'] as const;
    const pages: Page[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = (await call(connection.client, 'get_thread', { ref: demoThread, limit: 4, ...(cursor ? { cursor } : {}) })).json as Page;
      for (const list of lists) expect((page[list] as unknown[]).length, list).toBeLessThanOrEqual(4);
      pages.push(page);
      cursor = page.nextCursor;
    }
    const all = (list: (typeof lists)[number]) => pages.flatMap((page) => page[list] as Record<string, unknown>[]);
    const { participants: expectedParticipants, ...expectedThread } = expected.thread;
    expect(pages[0]!.thread).toEqual({ ...expectedThread, openedBy: { ...expectedThread.openedBy, messageId: expectedThread.root } });
    expect(pages[0]!.totals).toEqual({
      timeline: expected.timeline.length,
      participants: expectedParticipants.length,
      positions: expected.positions.length,
      technologies: expected.technologies.length,
      openQuestions: expected.openQuestions.length,
    });
    expect(pages.length).toBe(Math.ceil(Math.max(...Object.values(pages[0]!.totals)) / 4));
    expect(all('timeline')).toEqual(expected.timeline);
    expect(all('openQuestions')).toEqual(expected.openQuestions);
    const timeline = expected.timeline as (Cited & { author: string })[];
    const urlOf = new Map(timeline.map((entry) => [entry.messageId, entry.url]));
    expect(all('positions')).toEqual(expected.positions.map((position: Cited & { evidence: { url: string | null } | null }) => ({ ...position, url: position.evidence?.url ?? urlOf.get(position.messageId) ?? null })));
    expect(all('technologies').map((technology) => (technology.messages as Cited[]).map((message) => message.messageId))).toEqual(
      expected.technologies.map((technology: { messages: string[] }) => technology.messages),
    );
    const participants = all('participants') as { name: string; messageCount: number; messages: Cited[] }[];
    expect(participants.map(({ name, messageCount }) => ({ name, messageCount }))).toEqual(expectedParticipants);
    for (const person of participants) {
      expect(person.messages.length).toBe(person.messageCount);
      expect(person.messages.map((message) => message.messageId)).toEqual(timeline.filter((entry) => entry.author === person.name).map((entry) => entry.messageId));
    }
    // Every cited message, wherever it is cited, names its archive page.
    const cited = pages.flatMap((page) => citationsIn(page));
    expect(cited.length).toBeGreaterThan(expected.timeline.length * 2);
    for (const citation of cited) expect(citation.url, citation.messageId).toBe(urlOf.get(citation.messageId));
    expect(cited.every((citation) => citation.url?.startsWith('https://mailarchive.ietf.org/arch/msg/'))).toBe(true);
  });

  it('gives a message with its own words and archive links, quoted text only when asked', async () => {
    const ref = (JSON.parse(cli('search', acceptanceQuery, '--json')) as { messageId: string }[])[0]!.messageId;
    const expected = JSON.parse(cli('show', ref, '--json'));
    const plain = (await call(connection.client, 'get_message', { ref })).json;
    expect(plain).toMatchObject({ messageId: ref, ownText: expected.ownText, archiveUrls: expected.copies.map((copy: { url: string }) => copy.url) });
    expect(plain).not.toHaveProperty('quotedText');
    const quoted = (await call(connection.client, 'get_message', { ref, includeQuoted: true })).json;
    expect(quoted.quotedText).toMatch(/\S/);
    const cut = (await call(connection.client, 'get_message', { ref, maxChars: 100 })).json;
    const rest = (await call(connection.client, 'get_message', { ref, maxChars: 50_000, cursor: cut.nextCursor })).json;
    expect(`${cut.ownText}${rest.ownText}`).toBe(expected.ownText);
  });

  it('gives the coverage report exactly as listlens coverage --format json does', async () => {
    const expected = JSON.parse(cli('coverage', demoThread, '--draft', demoDraft, '--chair', chair, '--format', 'json'));
    const answer = await call(connection.client, 'coverage', { ref: demoThread, drafts: [demoDraft], chairs: [chair] });
    expect(answer.json).toEqual(expected);
    const latest = await call(connection.client, 'coverage', { ref: demoThread, drafts: ['draft-example-t2trg-iot-bootstrapping'], chairs: [chair] });
    expect(latest.json).toEqual(expected);
    const missing = await call(connection.client, 'coverage', { ref: demoThread, drafts: ['draft-ietf-nothing-here'] });
    expect(missing).toMatchObject({ isError: true, text: expect.stringMatching(/^not-found: draft draft-ietf-nothing-here is not in the store/) });
    const file = await call(connection.client, 'coverage', { ref: demoThread, drafts: [fixturePath(`drafts/${demoDraft}.xml`)] });
    expect(file).toMatchObject({ isError: true, text: expect.stringMatching(/--allow-fetch/) });
  });

  it('counts participants, one person once, with a search for their messages', async () => {
    const { participants, total } = (await call(connection.client, 'participants', { list: 'iotops', limit: 500 })).json as {
      participants: { name: string; messageCount: number; search: string }[];
      total: number;
    };
    expect(participants.length).toBe(total);
    const iotops = JSON.parse(cli('search', 'list:iotops', '--limit', '1000', '--json')) as unknown[];
    expect(participants.reduce((sum, person) => sum + person.messageCount, 0)).toBe(iotops.length);
    const jurgen = participants.find((person) => person.name === chair)!;
    const theirs = (await call(connection.client, 'search', { query: jurgen.search, limit: 100 })).json.hits as unknown[];
    expect(theirs.length).toBe(jurgen.messageCount);
  });

  it('cites the first and last message of each participant, and pages, in the period asked', async () => {
    type Person = { name: string; messageCount: number; firstDate: string; lastDate: string; search: string; firstMessage: { messageId: string; url: string }; lastMessage: { messageId: string; url: string } };
    const everyone = (await call(connection.client, 'participants', { since: '2021-02-20', until: '2021-02-25', limit: 500 })).json as { participants: Person[]; total: number };
    const pages: Person[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = (await call(connection.client, 'participants', { since: '2021-02-20', until: '2021-02-25', limit: 3, ...(cursor ? { cursor } : {}) })).json;
      expect((page.participants as Person[]).length).toBeLessThanOrEqual(3);
      pages.push(...(page.participants as Person[]));
      cursor = page.nextCursor as string | undefined;
    }
    expect(pages).toEqual(everyone.participants);
    expect(everyone.total).toBeGreaterThan(3);
    for (const person of everyone.participants) {
      for (const [cited, date] of [[person.firstMessage, person.firstDate], [person.lastMessage, person.lastDate]] as const) {
        const message = (await call(connection.client, 'get_message', { ref: cited.messageId })).json;
        expect(message).toMatchObject({ participant: person.name, date, archiveUrls: expect.arrayContaining([cited.url]) });
      }
      const hits = (await call(connection.client, 'search', { query: person.search, sort: 'date', limit: 100 })).json.hits as { messageId: string }[];
      expect(hits.length, person.search).toBe(person.messageCount);
      expect([hits.at(-1)!.messageId, hits[0]!.messageId]).toEqual([person.firstMessage.messageId, person.lastMessage.messageId]);
    }
  });

  it('lists stored drafts, and serves their text and reports as resources', async () => {
    const { drafts } = (await call(connection.client, 'drafts', {})).json as { drafts: { name: string; revisions: { revision: string; files: { resource: string }[] }[] }[] };
    expect(drafts.map((draft) => [draft.name, draft.revisions.map((revision) => revision.revision)])).toEqual([['draft-example-t2trg-iot-bootstrapping', ['05']]]);
    const uri = drafts[0]!.revisions[0]!.files[0]!.resource;
    const { resources } = await connection.client.listResources();
    expect(resources.map((resource) => resource.uri)).toContain(uri);
    const text = await connection.client.readResource({ uri });
    expect((text.contents[0] as { text: string }).text).toBe(readFileSync(fixturePath(`drafts/${demoDraft}.xml`), 'utf8'));
    const summary = resources.find((resource) => resource.name === `Summary: ${demoThread}`)!;
    const markdown = (await connection.client.readResource({ uri: summary.uri })).contents[0] as { text: string };
    expect(markdown.text).toBe(cli('thread', demoThread, '--format', 'md'));
    const coverageUri = summary.uri.replace(/summary\.md$/, `coverage/${demoDraft}.md`);
    const coverage = (await connection.client.readResource({ uri: coverageUri })).contents[0] as { text: string };
    expect(coverage.text).toBe(cli('coverage', demoThread, '--draft', demoDraft, '--format', 'md'));
  });
});

/** Every `{ messageId, url }` pair in an answer, however deep. */
function citationsIn(value: unknown): { messageId: string; url: string | null }[] {
  if (Array.isArray(value)) return value.flatMap(citationsIn);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own = typeof record.messageId === 'string' && 'url' in record ? [{ messageId: record.messageId, url: record.url as string | null }] : [];
  return [...own, ...Object.values(record).flatMap(citationsIn)];
}
