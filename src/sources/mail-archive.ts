import { ListlensError } from '../core/index.js';
import { defaultMaxMessageBytes } from './message-accumulator.js';
import { contentDate, HttpError, type HttpClient, type Validators } from './http.js';

/** mailarchive.ietf.org, or a mirror that answers the same way. */
export const defaultArchiveUrl = 'https://mailarchive.ietf.org';

/** One message as an index page lists it. */
export interface IndexEntry {
  /** The message's id in the list (the last part of its archive URL). */
  archiveId: string;
  list: string;
  /** Depth in its thread (0 for a thread's first message, capped at 6 by the archive); 0 on a date index. */
  depth: number;
  subject: string;
  sender: string;
}

/** What an index URL answered. */
export type IndexAnswer =
  | { kind: 'page'; url: string; entries: IndexEntry[]; validators: Validators; generatedAt: Date }
  | { kind: 'refresh'; url: string; target: string }
  | { kind: 'not-modified'; url: string; generatedAt: Date };

/** The archive does not know the list (its index pages answer 404). */
export class ListNotFoundError extends ListlensError {
  override name = 'ListNotFoundError';
  constructor(
    readonly list: string,
    readonly url: string,
    options?: ErrorOptions,
  ) {
    super('not-found', `the archive has no list "${list}" (${url} answered 404)`, options);
  }
}

export type IndexKind = 'thread' | 'date';

/** The archive's URLs, against a base (`https://mailarchive.ietf.org` or a mirror). */
export class ArchiveUrls {
  readonly base: string;

  constructor(base: string) {
    this.base = base.replace(/\/+$/, '');
  }

  /** `/arch/browse/static/<list>/thread/<period>/` or the date index `/arch/browse/static/<list>/<period>/`. */
  index(kind: IndexKind, list: string, period: string): string {
    const thread = kind === 'thread' ? 'thread/' : '';
    return `${this.base}/arch/browse/static/${encodeURIComponent(list)}/${thread}${period}/`;
  }

  download(list: string, archiveId: string): string {
    return `${this.base}/arch/msg/${encodeURIComponent(list)}/${archiveId}/download/`;
  }

  /** `end` is exclusive, as the archive reads it. */
  messageCounts(lists: readonly string[], start: string, end: string): string {
    const query = new URLSearchParams({ list: lists.join(','), start, end });
    return `${this.base}/api/v1/stats/msg_counts/?${query.toString().replaceAll('%2C', ',')}`;
  }
}

/** A list's message URL, `…/arch/msg/<list>/<id>/` (also an `Archived-At` one or a download URL), split up. */
export function parseMessageUrl(url: string): { list: string; archiveId: string } | null {
  const match = /^https?:\/\/[^/]+(?:\/[^/]+)*?\/arch\/msg\/([^/\s]+)\/([A-Za-z0-9_-]+)(?:\/(?:download\/?)?)?$/.exec(url.trim());
  return match ? { list: decodeURIComponent(match[1]!), archiveId: match[2]! } : null;
}

/** Reads the archive's index pages, downloads and message counts through a polite HTTP client. */
export class MailArchive {
  readonly urls: ArchiveUrls;

  constructor(
    private readonly http: HttpClient,
    base: string = defaultArchiveUrl,
  ) {
    this.urls = new ArchiveUrls(base);
  }

  /** One index URL: its messages, the refresh page it answered instead, or "not modified". */
  async index(list: string, url: string, validators: Validators | null, signal?: AbortSignal): Promise<IndexAnswer> {
    const response = await this.http
      .get(url, { validators, accept: 'text/html', ...(signal ? { signal } : {}) })
      .catch((error: unknown) => {
        if (error instanceof HttpError && error.status === 404) throw new ListNotFoundError(list, url, { cause: error });
        throw error;
      });
    const generatedAt = contentDate(response);
    if (response.status === 304) return { kind: 'not-modified', url: response.url, generatedAt };
    const html = response.body.toString('utf8');
    const refresh = refreshTarget(html, response.url);
    // A mirror's page may not send listlens off to another site.
    if (refresh && new URL(refresh).origin !== new URL(response.url).origin) {
      throw new ListlensError('failed', `${response.url}: refreshes to another site (${refresh})`);
    }
    if (refresh) return { kind: 'refresh', url: response.url, target: refresh };
    return { kind: 'page', url: response.url, entries: parseIndexEntries(html, list), validators: response.validators, generatedAt };
  }

  /** The raw RFC 822 bytes of one message; one larger than an import takes (32 MiB) fails. */
  async download(list: string, archiveId: string, signal?: AbortSignal): Promise<Buffer> {
    const response = await this.http.get(this.urls.download(list, archiveId), {
      accept: 'message/rfc822',
      maxBodyBytes: defaultMaxMessageBytes,
      ...(signal ? { signal } : {}),
    });
    return response.body;
  }

  /**
   * Messages each list holds dated in [start, end) (`YYYY-MM-DD`); null when this archive has no such
   * API (a plain mirror). Throws ListNotFoundError when the archive says the list does not exist.
   */
  async messageCount(list: string, start: string, end: string): Promise<number | null> {
    const url = this.urls.messageCounts([list], start, end);
    let body: string;
    try {
      body = (await this.http.get(url, { accept: 'application/json' })).body.toString('utf8');
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 404) throw error;
      // The archive answers an unknown list with a JSON error; a mirror without the API with a plain 404.
      const answer = parseJson(error.body?.toString('utf8') ?? '') as { error?: unknown } | null;
      if (typeof answer?.error === 'string' && /list/i.test(answer.error)) throw new ListNotFoundError(list, url, { cause: error });
      return null;
    }
    const count = (parseJson(body) as { msg_counts?: Record<string, unknown> } | null)?.msg_counts?.[list];
    return typeof count === 'number' ? count : null;
  }
}

const entryPattern =
  /<li(?:\s+class="depth-(\d+)")?\s*>\s*<a\s+id="([A-Za-z0-9_-]+)"\s+href="([^"]*)"\s*>([\s\S]*?)<\/a>\s*,\s*<em>([\s\S]*?)<\/em>/g;

/** The messages of a static thread or date index page, in page order (threads newest first, thread order inside). */
export function parseIndexEntries(html: string, list: string): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const match of html.matchAll(entryPattern)) {
    const [, depth, id, href, subject, sender] = match;
    if (!href!.includes(`/arch/msg/`)) continue;
    entries.push({
      archiveId: id!,
      list,
      depth: depth === undefined ? 0 : Number(depth),
      subject: decodeHtml(subject!.trim()),
      sender: decodeHtml(sender!.trim()),
    });
  }
  return entries;
}

/** A thread index page's messages grouped into threads: each thread starts at a depth-0 entry. */
export function threadGroups(entries: readonly IndexEntry[]): IndexEntry[][] {
  const groups: IndexEntry[][] = [];
  for (const entry of entries) {
    if (entry.depth === 0 || groups.length === 0) groups.push([entry]);
    else groups[groups.length - 1]!.push(entry);
  }
  return groups;
}

/** The URL a client-side refresh page (`<meta http-equiv="refresh" content="0;URL='…'" />`) sends to. */
export function refreshTarget(html: string, pageUrl: string): string | null {
  const meta = /<meta\s[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*>/i.exec(html);
  if (!meta) return null;
  const content = /content\s*=\s*"([^"]*)"|content\s*=\s*'([^']*)'/i.exec(meta[0]);
  const value = decodeHtml(content?.[1] ?? content?.[2] ?? '');
  const target = /url\s*=\s*['"]?([^'"\s]+)['"]?/i.exec(value)?.[1];
  return target ? new URL(target, pageUrl).href : null;
}

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The entities Django's escaping writes, and numeric ones. */
export function decodeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return namedEntities[name.toLowerCase()] ?? whole;
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
