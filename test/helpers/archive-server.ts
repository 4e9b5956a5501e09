/**
 * A loopback stand-in for mailarchive.ietf.org, the datatracker, the draft archive and the old text
 * archive, answering the way they do (see ../shared/reference/ietf-mail-archive.md): static thread and
 * date indexes in the archive's markup, with its client-side refresh pages; raw downloads; msg_counts;
 * robots.txt; datatracker document JSON, "replaces" relations and group chair roles; draft texts; monthly .mail files and
 * their directory listing. It records every request and can inject faults. Its data are the project's
 * fixtures: the mbox files of fixtures/archive and fixtures/fetch/archive, split with the real reader.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { archiveId } from '../../src/mail/index.js';
import { readSource } from '../../src/sources/index.js';
import { fixturePath } from './corpus.js';

/** One list's copy of a message, as the archive holds it. */
export interface ArchiveMessage {
  list: string;
  archiveId: string;
  messageId: string;
  subject: string;
  sender: string;
  /** First `Received:`, else `Date:`, as the archive dates a message. */
  date: Date;
  bytes: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Requests in flight when this one arrived, itself included. */
  inFlight: number;
}

export type Fault =
  /** Answer this status (with `Retry-After` when given) instead. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Drop the connection before answering. */
  | { kind: 'reset' }
  /** Send the headers, a `Content-Length` larger than the body, half the body, then close. */
  | { kind: 'truncate' }
  /** Wait this long before answering. */
  | { kind: 'slow'; ms: number }
  /** Send the headers and half the body, then wait this long before the rest. */
  | { kind: 'stall'; ms: number }
  /** Answer a client-side refresh page to this URL instead. */
  | { kind: 'refresh'; to: string }
  /** Answer an HTTP redirect (302) to this URL instead. */
  | { kind: 'redirect'; to: string };

export interface ArchiveServerOptions {
  /** The server's clock: the current year for the refresh rules, and every response's `Date`. Default: the real time. */
  now?: Date;
  /** A year with fewer messages than this is one yearly page (the archive's STATIC_INDEX_YEAR_MINIMUM). */
  smallYear?: number;
  /** Folders of `<list>/<YYYY-MM>.mail` files; default fixtures/archive and fixtures/fetch/archive. */
  mailFolders?: string[];
  /** Every response waits this long first (to make requests overlap). */
  delayMs?: number;
  robotsTxt?: string;
  /** Answer /api/v1/ with a plain 404, as a mirror without the archive's API does. */
  noApi?: boolean;
}

interface ThreadOfMessage {
  root: ArchiveMessage;
  members: { message: ArchiveMessage; depth: number }[];
}

interface ListData {
  messages: ArchiveMessage[];
  threads: ThreadOfMessage[];
  /** `2021-02` -> the mbox file of that month, for the text archive. */
  files: Map<string, string>;
}

const defaultRobots = 'User-agent: *\nDisallow: /arch/search/\nDisallow: /arch/advsearch/\nDisallow: /arch/export/\n';
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const lastModified = 'Mon, 01 Mar 2021 00:00:00 GMT';

export class ArchiveServer {
  readonly requests: RecordedRequest[] = [];
  maxInFlight = 0;
  private inFlight = 0;
  private readonly faults: { match: RegExp; faults: Fault[] }[] = [];
  private readonly lists = new Map<string, ListData>();
  private readonly server: http.Server;
  private url_ = '';

  private constructor(private readonly options: ArchiveServerOptions) {
    this.server = http.createServer((request, response) => this.handle(request, response));
  }

  static async start(options: ArchiveServerOptions = {}): Promise<ArchiveServer> {
    const server = new ArchiveServer(options);
    await server.addMail(options.mailFolders ?? [fixturePath('archive'), fixturePath('fetch/archive')]);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    server.url_ = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    return server;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return this.url_;
  }

  /** The copies the archive serves for `list` (messages asking not to be archived are not among them), oldest first. */
  messages(list: string): ArchiveMessage[] {
    return this.lists.get(list)?.messages ?? [];
  }

  /** Requests whose path matches `pattern`. */
  requestsTo(pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => pattern.test(request.path));
  }

  downloads(): RecordedRequest[] {
    return this.requestsTo(/\/download\/$/);
  }

  /** The next requests matching `match` meet these faults, one each, in order. */
  inject(match: RegExp, ...faults: Fault[]): void {
    this.faults.push({ match, faults });
  }

  clearRequests(): void {
    this.requests.length = 0;
    this.maxInFlight = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Adds the `<list>/<YYYY-MM>.mail` files under `folders` to what the archive holds (mail arriving). */
  async addMail(folders: string[]): Promise<void> {
    const byList = new Map<string, { files: Map<string, string>; copies: ArchiveMessage[] }>();
    for (const [list, data] of this.lists) byList.set(list, { files: new Map(data.files), copies: [...data.messages] });
    for (const folder of folders) {
      for (const list of readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
        const entry = byList.get(list) ?? { files: new Map<string, string>(), copies: [] };
        byList.set(list, entry);
        for (const name of readdirSync(path.join(folder, list)).filter((n) => /^\d{4}-\d{2}\.mail$/.test(n)).sort()) {
          const file = path.join(folder, list, name);
          entry.files.set(name.slice(0, 7), file);
          for await (const item of readSource(file)) {
            if (item.kind === 'problem') throw new Error(`${file}: ${item.reason}`);
            const copy = describeCopy(list, item.bytes);
            if (copy && !entry.copies.some((known) => known.archiveId === copy.archiveId)) entry.copies.push(copy);
          }
        }
      }
    }
    for (const [list, { files, copies }] of byList) {
      const messages = copies.sort((a, b) => a.date.getTime() - b.date.getTime());
      this.lists.set(list, { messages, threads: threadList(messages), files });
    }
  }

  private now(): Date {
    return this.options.now ?? new Date();
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, inFlight: this.inFlight });
    response.on('close', () => this.inFlight--);
    const fault = this.nextFault(request.url ?? '');
    const answer = (): void => this.answer(request, response, fault);
    const wait = (this.options.delayMs ?? 0) + (fault?.kind === 'slow' ? fault.ms : 0);
    if (wait > 0) setTimeout(answer, wait);
    else answer();
  }

  private nextFault(url: string): Fault | null {
    for (const rule of this.faults) {
      if (rule.faults.length > 0 && rule.match.test(url)) return rule.faults.shift()!;
    }
    return null;
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse, fault: Fault | null): void {
    if (fault?.kind === 'reset') {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'refresh') {
      const page = refreshPage(fault.to);
      response.writeHead(200, { 'Content-Type': page.type, Date: this.now().toUTCString() }).end(page.body);
      return;
    }
    if (fault?.kind === 'redirect') {
      response.writeHead(302, { Location: fault.to, Date: this.now().toUTCString() }).end();
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8', Date: this.now().toUTCString() };
      if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
      response.writeHead(fault.status, headers).end(`<h1>${fault.status}</h1>`);
      return;
    }
    const reply = this.route(new URL(request.url ?? '/', 'http://archive.test'));
    const headers: Record<string, string> = { 'Content-Type': reply.type, Date: this.now().toUTCString(), ...reply.headers };
    if (reply.status === 200 && reply.validated && this.notModified(request, reply.body)) {
      response.writeHead(304, { Date: headers.Date!, ETag: etagOf(reply.body) }).end();
      return;
    }
    if (reply.validated) Object.assign(headers, { ETag: etagOf(reply.body), 'Last-Modified': lastModified, 'Cache-Control': 'max-age=604800' });
    this.send(response, reply.status, headers, reply.body, fault);
  }

  private notModified(request: http.IncomingMessage, body: Buffer): boolean {
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch) return ifNoneMatch.split(',').map((tag) => tag.trim()).includes(etagOf(body));
    const since = request.headers['if-modified-since'];
    return Boolean(since) && Date.parse(since!) >= Date.parse(lastModified);
  }

  private send(response: http.ServerResponse, status: number, headers: Record<string, string>, body: Buffer, fault: Fault | null): void {
    const half = body.subarray(0, Math.floor(body.length / 2));
    if (fault?.kind === 'truncate') {
      response.writeHead(status, { ...headers, 'Content-Length': String(body.length + 100) });
      response.write(body, () => response.socket?.destroy());
      return;
    }
    if (fault?.kind === 'stall') {
      response.writeHead(status, { ...headers, 'Content-Length': String(body.length) });
      response.write(half);
      setTimeout(() => {
        if (!response.destroyed) response.end(body.subarray(half.length));
      }, fault.ms);
      return;
    }
    response.writeHead(status, { ...headers, 'Content-Length': String(body.length) }).end(body);
  }

  private route(url: URL): Reply {
    const p = url.pathname;
    let match: RegExpExecArray | null;
    if (p === '/robots.txt') return text(this.options.robotsTxt ?? defaultRobots, 'text/plain');
    if (this.options.noApi && p.startsWith('/api/v1/stats/')) return notFound();
    if ((match = /^\/arch\/browse\/static\/([^/]+)\/(thread\/)?(\d{4})(?:-(\d{2}))?\/$/.exec(p))) {
      return this.index(match[1]!, match[2] ? 'thread' : 'date', Number(match[3]), match[4] ? Number(match[4]) : null);
    }
    if ((match = /^\/arch\/msg\/([^/]+)\/([\w-]+)\/download\/$/.exec(p))) return this.download(match[1]!, match[2]!);
    if (p === '/api/v1/stats/msg_counts/') return this.messageCounts(url.searchParams);
    if ((match = /^\/api\/v1\/doc\/document\/([^/]+)\/$/.exec(p))) return fixtureFile(`fetch/datatracker/${match[1]}.json`, 'application/json');
    if (p === '/api/v1/doc/relateddocument/') return this.relations(url.searchParams);
    if (p === '/api/v1/group/role/') return groupRoles(url.searchParams);
    if ((match = /^\/api\/v1\/person\/person\/(\d+)\/$/.exec(p))) return person(match[1]!);
    if ((match = /^\/archive\/id\/(draft-[a-z0-9-]+-\d{2}\.(?:txt|xml))$/.exec(p))) {
      return fixtureFile(`fetch/drafts/${match[1]}`, match[1]!.endsWith('.xml') ? 'application/xml' : 'text/plain; charset=utf-8');
    }
    if ((match = /^\/mail-archive\/text\/([^/]+)\/$/.exec(p))) return this.textListing(match[1]!);
    if ((match = /^\/mail-archive\/text\/([^/]+)\/(\d{4}-\d{2})\.mail$/.exec(p))) return this.textFile(match[1]!, match[2]!);
    return notFound();
  }

  private index(list: string, kind: 'thread' | 'date', year: number, month: number | null): Reply {
    const data = this.lists.get(list);
    if (!data) return notFound();
    const currentYear = this.now().getUTCFullYear();
    const inYear = data.messages.filter((m) => m.date.getUTCFullYear() === year);
    const small = inYear.length < (this.options.smallYear ?? 750);
    const base = `/arch/browse/static/${list}/${kind === 'thread' ? 'thread/' : ''}`;
    if (month !== null && year < currentYear && small) return refreshPage(`${base}${year}/`);
    if (month === null && inYear.length > 0 && (year === currentYear || !small)) {
      const latest = inYear[inYear.length - 1]!.date;
      return refreshPage(`${base}${year}-${String(latest.getUTCMonth() + 1).padStart(2, '0')}/`);
    }
    const inPeriod = (date: Date): boolean => date.getUTCFullYear() === year && (month === null || date.getUTCMonth() + 1 === month);
    const period = month === null ? String(year) : `${monthNames[month - 1]} ${year}`;
    const items =
      kind === 'thread'
        ? threadItems(data.threads.filter((thread) => inPeriod(thread.root.date)))
        : dateItems(data.messages.filter((m) => inPeriod(m.date)));
    return { ...text(indexPage(list, kind, period, items), 'text/html; charset=utf-8'), validated: true };
  }

  private download(list: string, id: string): Reply {
    const message = this.lists.get(list)?.messages.find((m) => m.archiveId === id);
    return message ? { status: 200, type: 'message/rfc822', body: message.bytes, headers: {}, validated: false } : notFound();
  }

  private messageCounts(query: URLSearchParams): Reply {
    const lists = (query.get('list') ?? '').split(',').filter(Boolean);
    if (lists.some((list) => !this.lists.has(list))) return { ...json({ error: 'list not found' }), status: 404 };
    const start = Date.parse(query.get('start') ?? '1900-01-01');
    const end = Date.parse(query.get('end') ?? '2100-01-01');
    const counts = Object.fromEntries(
      lists.map((list) => [list, this.messages(list).filter((m) => m.date.getTime() >= start && m.date.getTime() < end).length]),
    );
    return json({ start: query.get('start'), end: query.get('end'), msg_counts: counts });
  }

  private relations(query: URLSearchParams): Reply {
    const relations = JSON.parse(readFileSync(fixturePath('fetch/datatracker/replaces.json'), 'utf8')) as { source: string; target: string }[];
    const target = query.get('target__name');
    const objects = relations
      .filter((r) => query.get('relationship__slug') === 'replaces' && (!target || r.target === target))
      .map((r) => ({
        source: `/api/v1/doc/document/${r.source}/`,
        target: `/api/v1/doc/document/${r.target}/`,
        relationship: '/api/v1/name/docrelationshipname/replaces/',
      }));
    return json({ meta: { limit: 20, next: null, offset: 0, previous: null, total_count: objects.length }, objects });
  }

  private textListing(list: string): Reply {
    const data = this.lists.get(list);
    if (!data) return notFound();
    const rows = [...data.files.keys()].sort().map((month) => `<tr><td><a href="${month}.mail">${month}.mail</a></td><td align="right">${lastModified}</td></tr>`);
    const html = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
<html><head><title>Index of /mail-archive/text/${list}</title></head><body>
<h1>Index of /mail-archive/text/${list}</h1>
<table>
<tr><th>Name</th><th>Last modified</th></tr>
<tr><td><a href="/mail-archive/text/">Parent Directory</a></td><td></td></tr>
${rows.join('\n')}
</table>
</body></html>
`;
    return text(html, 'text/html; charset=utf-8');
  }

  private textFile(list: string, month: string): Reply {
    const file = this.lists.get(list)?.files.get(month);
    if (!file) return notFound();
    return { status: 200, type: 'application/mbox', body: readFileSync(file), headers: {}, validated: true };
  }
}

interface Reply {
  status: number;
  type: string;
  body: Buffer;
  headers: Record<string, string>;
  /** Served with `ETag` and `Last-Modified`, and answered 304 when they match. */
  validated: boolean;
}

const text = (body: string, type: string): Reply => ({ status: 200, type, body: Buffer.from(body), headers: {}, validated: false });
const json = (value: unknown): Reply => text(JSON.stringify(value), 'application/json');
const notFound = (): Reply => ({ ...text('<h1>Not Found</h1><p>The requested resource was not found on this server.</p>', 'text/html; charset=utf-8'), status: 404 });

interface GroupRolesFixture {
  roles: Record<string, { person: number; email: string; name: string }[]>;
  persons: Record<string, { name: string; plain: string; ascii: string }>;
}

const groupRolesFixture = (): GroupRolesFixture => JSON.parse(readFileSync(fixturePath('fetch/datatracker/group-roles.json'), 'utf8')) as GroupRolesFixture;

/** `/api/v1/group/role/?group__acronym=…&name=…` as the datatracker's Tastypie API answers it: no such group is no objects. */
function groupRoles(query: URLSearchParams): Reply {
  const acronym = query.get('group__acronym') ?? '';
  const objects = (groupRolesFixture().roles[acronym] ?? [])
    .filter((role) => !query.get('name') || role.name === query.get('name'))
    .map((role, i) => ({
      id: 9000 + i,
      group: `/api/v1/group/group/${acronym}/`,
      person: `/api/v1/person/person/${role.person}/`,
      email: `/api/v1/person/email/${encodeURIComponent(role.email)}/`,
      name: `/api/v1/name/rolename/${role.name}/`,
      resource_uri: `/api/v1/group/role/${9000 + i}/`,
    }));
  return json({ meta: { limit: 20, next: null, offset: 0, previous: null, total_count: objects.length }, objects });
}

function person(id: string): Reply {
  const found = groupRolesFixture().persons[id];
  return found ? json({ id: Number(id), ...found, resource_uri: `/api/v1/person/person/${id}/` }) : notFound();
}

function fixtureFile(relative: string, type: string): Reply {
  const file = fixturePath(relative);
  return existsSync(file) ? { status: 200, type, body: readFileSync(file), headers: {}, validated: false } : notFound();
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('hex')}"`;
}

/** The archive's refresh.html. */
function refreshPage(url: string): Reply {
  return text(
    `<!DOCTYPE html>\n<html lang="en">\n  <head>\n    <title>Title</title>\n    <meta http-equiv="refresh" content="0;URL='${url}'" />\n  </head>\n  <body>\n  </body>\n</html>`,
    'text/html; charset=utf-8',
  );
}

const escapeHtml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#x27;');

function item(message: ArchiveMessage, depthClass: string): string {
  const link = `<a id="${message.archiveId}" href="/arch/msg/${message.list}/${message.archiveId}/">${escapeHtml(message.subject)}</a>`;
  return `                <li${depthClass}>\n                    ${link}, <em>${escapeHtml(message.sender)}</em>\n                </li>`;
}

function threadItems(threads: ThreadOfMessage[]): string[] {
  return [...threads]
    .sort((a, b) => b.root.date.getTime() - a.root.date.getTime())
    .flatMap((thread) => thread.members.map(({ message, depth }) => item(message, ` class="depth-${Math.min(depth, 6)}"`)));
}

function dateItems(messages: ArchiveMessage[]): string[] {
  const lines: string[] = [];
  let day = '';
  for (const message of [...messages].sort((a, b) => b.date.getTime() - a.date.getTime())) {
    const d = message.date;
    const label = `${monthNames[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${d.getUTCFullYear()}`;
    if (label !== day) lines.push(`                    <strong>${label}</strong>`);
    day = label;
    lines.push(item(message, ''));
  }
  return lines;
}

/** static_index.html in base.html, trimmed to what a client sees. */
function indexPage(list: string, kind: 'thread' | 'date', period: string, items: string[]): string {
  const title = `${list} Discussion Archive - ${kind === 'thread' ? 'Thread' : 'Date'} Index - ${period}`;
  const body = items.length > 0 ? items.join('\n') : '            <li>No messages</li>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
  <link rel="stylesheet" href="/static/mlarchive/css/static_index.css">
</head>
<body>
<nav class="navbar">
  <a class="navbar-brand" href="/arch/">Mail Archive</a> <a href="/arch/search/?q=">Search</a>
  <a href="/arch/advsearch/">Advanced search</a> <a href="/arch/export/mbox/?email_list=${list}">Export</a>
</nav>
    <div id="static-page" class="container-fluid">
        <h3 class="mt-4">${title}</h3>
        <ul class="static-index" data-static-off-url="/arch/browse/${list}/">
${body}
        </ul>
        <hr>
    </div> <!-- static-page -->
<script type="text/javascript" src="/static/mlarchive/js/static_index.js"></script>
</body>
</html>
`;
}

/**
 * The archive's threading: a message joins the thread of the first References id in the same list,
 * else its In-Reply-To's, else (a reply by its subject) the latest earlier message's with that base subject.
 */
function threadList(messages: ArchiveMessage[]): ThreadOfMessage[] {
  const byId = new Map<string, { message: ArchiveMessage; thread: ThreadOfMessage; parent: string | null }>();
  const bySubject = new Map<string, ThreadOfMessage>();
  const threads: ThreadOfMessage[] = [];
  const children = new Map<string, ArchiveMessage[]>();
  for (const message of messages) {
    const headers = headerFields(message.bytes);
    const references = bracketed(header(headers, 'references'));
    const inReplyTo = bracketed(header(headers, 'in-reply-to'))[0] ?? null;
    const parentId = inReplyTo && byId.has(inReplyTo) ? inReplyTo : ([...references].reverse().find((id) => byId.has(id)) ?? null);
    const joined =
      references.map((id) => byId.get(id)?.thread).find(Boolean) ??
      (inReplyTo ? byId.get(inReplyTo)?.thread : undefined) ??
      (looksLikeReply(message.subject) ? bySubject.get(baseSubject(message.subject)) : undefined);
    const thread = joined ?? { root: message, members: [] };
    if (!joined) threads.push(thread);
    const parent = joined ? (parentId && byId.get(parentId)?.thread === thread ? parentId : thread.root.messageId) : null;
    byId.set(message.messageId, { message, thread, parent });
    if (parent) children.set(parent, [...(children.get(parent) ?? []), message]);
    bySubject.set(baseSubject(message.subject), thread);
  }
  for (const thread of threads) {
    const walk = (message: ArchiveMessage, depth: number): void => {
      thread.members.push({ message, depth });
      for (const child of children.get(message.messageId) ?? []) walk(child, depth + 1);
    };
    walk(thread.root, 0);
  }
  return threads;
}

function looksLikeReply(subject: string): boolean {
  return /^\s*(\[[^\]]*\]\s*)*(re|fwd?|aw)\s*:/i.test(subject);
}

function baseSubject(subject: string): string {
  let current = subject;
  for (let previous = ''; previous !== current; ) {
    previous = current;
    current = current.replace(/^\s*((re|fwd?|aw)\s*(\[\d+\])?\s*:|\[[^\]]*\])\s*/i, '').replace(/\s*\(fwd\)\s*$/i, '').trim();
  }
  return current.toLowerCase();
}

/** A served copy, or null when the message asks not to be archived (the archive drops those). */
function describeCopy(list: string, bytes: Buffer): ArchiveMessage | null {
  const fields = headerFields(bytes);
  if (/^yes/i.test(header(fields, 'x-no-archive') ?? '')) return null;
  const messageId = (header(fields, 'message-id') ?? '').replace(/\s+/g, ' ').trim().replace(/^[<>]+|[<>]+$/g, '');
  const received = header(fields, 'received');
  const stamp = received ? Date.parse(received.slice(received.lastIndexOf(';') + 1).replace(/\(.*\)/, '').trim()) : Number.NaN;
  const date = new Date(Number.isNaN(stamp) ? Date.parse(header(fields, 'date') ?? '') : stamp);
  const from = decodeWords(header(fields, 'from') ?? '');
  const sender = /^\s*"?([^"<]*?)"?\s*</.exec(from)?.[1]?.trim() || from.replace(/[<>]/g, '').trim();
  return { list, archiveId: archiveId(messageId, list), messageId, subject: decodeWords(header(fields, 'subject') ?? ''), sender, date, bytes };
}

type Fields = [name: string, value: string][];

function headerFields(bytes: Buffer): Fields {
  const text = bytes.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return block.split(/\r?\n/).flatMap((line): Fields => {
    const colon = line.indexOf(':');
    return colon > 0 ? [[line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]] : [];
  });
}

function header(fields: Fields, name: string): string | null {
  return fields.find(([n]) => n === name)?.[1] ?? null;
}

function bracketed(value: string | null): string[] {
  return [...(value ?? '').matchAll(/<([^<>]+)>/g)].map((m) => m[1]!.trim());
}

/** RFC 2047 words in the charsets the fixtures use. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset: string, encoding: string, data: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1');
      return new TextDecoder(/^utf-?8$/i.test(charset) ? 'utf-8' : 'latin1').decode(bytes);
    })
    .replace(/[\x80-\xff]+/g, (raw) => Buffer.from(raw, 'latin1').toString('utf8'));
}
