import type { ImapFlow, MailboxObject, SearchObject } from 'imapflow';
import { ListlensError, listlensVersion, subtractUidRanges, uidRangesOf, uidSetText, type UidRange } from '../core/index.js';
import { backoffDelay, realSleep } from './backoff.js';
import { defaultMaxMessageBytes, tooLargeReason } from './message-accumulator.js';
import { netrcLogin } from './netrc.js';

/** The IETF archive's IMAP service: one read-only folder per list, in a shared namespace. */
export const defaultImapUrl = 'imaps://imap.ietf.org';

export interface ImapCredentials {
  user: string;
  password: string;
  /** Where they came from, named when the server refuses them (never the password). */
  from?: string;
}

const environmentNames = 'LISTLENS_IMAP_USER and LISTLENS_IMAP_PASSWORD';

/**
 * The login for an IMAP server: LISTLENS_IMAP_USER and LISTLENS_IMAP_PASSWORD (both or neither); else
 * the netrc entry for the server's host (`machine`, else `default`); else anonymous.
 */
export function imapCredentialsFor(url: string, env: NodeJS.ProcessEnv = process.env): ImapCredentials {
  const { LISTLENS_IMAP_USER: user, LISTLENS_IMAP_PASSWORD: password } = env;
  if (user !== undefined || password !== undefined) {
    if (!user || password === undefined) throw new ListlensError('usage', `set both ${environmentNames}, or neither (~/.netrc, else anonymous login)`);
    return { user, password, from: environmentNames };
  }
  const host = parseImapUrl(url).hostname.replace(/^\[|\]$/g, '');
  const netrc = netrcLogin(host, env);
  return netrc ? { user: netrc.login, password: netrc.password, from: netrc.from } : anonymousImapLogin;
}

/** What imap.ietf.org lets everyone in with. */
export const anonymousImapLogin: ImapCredentials = { user: 'anonymous', password: 'anonymous' };

export interface ImapArchiveOptions {
  /** `imaps://host[:port]` (TLS from the start), or `imap://host[:port]` (STARTTLS, required). Default imap.ietf.org. */
  url?: string;
  /** Default anonymous / anonymous. Never logged. */
  credentials?: ImapCredentials;
  /**
   * PEM certificates to trust instead of Node's own; the certificate is verified either way. Without
   * it Node's store is used, to which NODE_EXTRA_CA_CERTS adds a private CA.
   */
  ca?: string | Buffer;
  /** Reconnects after a dropped connection, a BYE or a NO, for one command; default 5. */
  retries?: number;
  /** First back-off delay, doubled each retry with jitter; default 1 s. */
  baseDelayMs?: number;
  /** Default 60 s. */
  maxDelayMs?: number;
  /** To connect, for the greeting, and for silence on an open connection; default 30 s. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Told of every failure that will be retried, with the wait before the retry. */
  onRetry?: (event: ImapRetryEvent) => void;
  /** A message larger than this is read no further than one byte past it, and skipped (as a file import skips it); default 32 MiB. */
  maxMessageBytes?: number;
}

export interface ImapRetryEvent {
  /** `UID FETCH 1:100 in Shared Folders/iotops`. */
  command: string;
  attempt: number;
  reason: string;
  delayMs: number;
}

/** A list's folder, as LIST names it. */
export interface ImapListFolder {
  list: string;
  path: string;
  /** Messages in it, when the server answered LIST-STATUS (or STATUS). */
  messages: number | null;
}

/** What EXAMINE tells of a folder. */
export interface ImapFolderStatus {
  path: string;
  uidValidity: number;
  uidNext: number;
  /** With CONDSTORE; a 63-bit number, as text. */
  highestModseq: string | null;
  messages: number;
}

/**
 * One message's bytes, exactly as the server holds them (`BODY.PEEK[]`); or, for a message whose size
 * (RFC822.SIZE) is over `maxMessageBytes`, why it was not read (no more than one byte past the limit is).
 */
export type ImapMessage =
  | { uid: number; bytes: Buffer; internalDate: Date | null }
  | { uid: number; bytes: null; internalDate: Date | null; skipped: string };

/** SEARCH criteria, all of which must hold: internal date from `since` (included) to `before` (excluded); any one of `headers` containing its value. */
export interface ImapSearch {
  since?: Date;
  before?: Date;
  headers?: { name: string; value: string }[];
}

export interface ImapStats {
  connections: number;
  retries: number;
  messages: number;
  bytes: number;
}

export type ImapErrorKind =
  /** The `--imap` URL is not an `imaps://` (or `imap://`) URL without credentials. */
  | 'url'
  /** The server refused the credentials. */
  | 'login'
  /** The certificate could not be verified. */
  | 'tls'
  /** The server has no folder for the list. */
  | 'no-folder'
  /** The folder's UIDVALIDITY changed while it was being read: its UIDs name other messages now. */
  | 'uidvalidity'
  /** Still failing after every retry (a dropped connection, BYE, NO), or a failure not worth retrying. */
  | 'failed';

export class ImapError extends ListlensError {
  override name = 'ImapError';
  constructor(
    /** What failed; a bad URL is the user's to mend (usage), anything else failed. */
    readonly reason: ImapErrorKind,
    message: string,
    /** Attempts made, the last one included. */
    readonly attempts = 1,
  ) {
    super(reason === 'url' ? 'usage' : 'failed', message);
  }
}

/** Response codes (RFC 5530) of a server refusing for now, not for good: too many connections, busy. */
const busyCodes = new Set(['UNAVAILABLE', 'INUSE', 'LIMIT']);

/** Node's codes for a certificate that does not verify. */
const certificateCodes = /CERT|SIGNATURE|ERR_TLS|SELF_SIGNED|UNABLE_TO_GET_ISSUER/;

/**
 * A client of a mail archive's IMAP service over one connection: login, NAMESPACE for the folder
 * prefix, LIST, EXAMINE (read-only), SEARCH and UID FETCH of message bytes. A dropped connection, a
 * BYE or a NO is retried with exponential back-off by reconnecting; a fetch goes on with the UIDs it
 * had not yet received.
 */
export class ImapArchive {
  readonly url: URL;
  /** `imaps://host:port`, to name the server in messages (URL.origin is "null" for imaps:). */
  readonly server: string;
  readonly stats: ImapStats = { connections: 0, retries: 0, messages: 0, bytes: 0 };
  private readonly options: Required<Omit<ImapArchiveOptions, 'onRetry' | 'ca' | 'url'>> & Pick<ImapArchiveOptions, 'onRetry' | 'ca'>;
  private client: ImapFlow | null = null;
  /** The shared namespace's prefix (`Shared Folders/`), from NAMESPACE. */
  private prefix = '';

  constructor(options: ImapArchiveOptions = {}) {
    this.url = parseImapUrl(options.url ?? defaultImapUrl);
    this.server = `${this.url.protocol}//${this.url.host}`;
    this.options = {
      credentials: options.credentials ?? anonymousImapLogin,
      ca: options.ca,
      retries: options.retries ?? 5,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      timeoutMs: options.timeoutMs ?? 30_000,
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
      onRetry: options.onRetry,
      maxMessageBytes: options.maxMessageBytes ?? defaultMaxMessageBytes,
    };
  }

  /** The folder of `list`: the shared namespace's prefix, as NAMESPACE gave it, and the list. */
  async folderPath(list: string): Promise<string> {
    await this.withRetries('connecting', async () => {});
    return `${this.prefix}${list}`;
  }

  /** Every list folder under the shared namespace, with its message count where the server tells it. */
  async lists(): Promise<ImapListFolder[]> {
    return this.withRetries('LIST', async (client) => {
      const folders = await client.list({ statusQuery: { messages: true } });
      return folders
        .filter((folder) => folder.path.startsWith(this.prefix) && folder.path.length > this.prefix.length && !folder.flags.has('\\Noselect'))
        .map((folder) => ({ list: folder.path.slice(this.prefix.length), path: folder.path, messages: folder.status?.messages ?? null }))
        .sort((a, b) => a.list.localeCompare(b.list));
    });
  }

  /** Opens the list's folder read-only, afresh, and tells its UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ. */
  async examine(list: string): Promise<ImapFolderStatus> {
    const path = await this.folderPath(list);
    return this.withRetries(`EXAMINE ${path}`, async (client) => {
      if (client.mailbox) await client.mailboxClose();
      return folderStatus(await this.open(client, list));
    });
  }

  /** UIDs of the list's messages that meet `search`, ascending. */
  async search(list: string, search: ImapSearch): Promise<number[]> {
    const path = await this.folderPath(list);
    return this.withRetries(`UID SEARCH in ${path}`, async (client) => {
      await this.open(client, list);
      const uids = await client.search(searchObject(search), { uid: true });
      return (uids || []).sort((a, b) => a - b);
    });
  }

  /**
   * The messages of `uids` in the list's folder, as they arrive. After a dropped connection it
   * reconnects and asks only for the UIDs not yet received; a changed UIDVALIDITY ends it (`uidvalidity`).
   */
  async *fetch(list: string, uidValidity: number, uids: readonly UidRange[]): AsyncGenerator<ImapMessage> {
    const path = await this.folderPath(list);
    const received = new Set<number>();
    for (let attempt = 1; ; attempt++) {
      const remaining = subtractUidRanges(uids, uidRangesOf(received));
      if (remaining.length === 0) return;
      const command = `UID FETCH ${uidSetText(remaining)} in ${path}`;
      try {
        const client = await this.connected();
        const folder = await this.open(client, list);
        if (Number(folder.uidValidity) !== uidValidity) {
          throw new ImapError('uidvalidity', `${path}: UIDVALIDITY changed from ${uidValidity} to ${folder.uidValidity}`);
        }
        // A message's bytes up to one past the limit, with its size: one over it is never read whole.
        const max = this.options.maxMessageBytes;
        const query = { uid: true, size: true, source: { start: 0, maxLength: max + 1 }, internalDate: true };
        for await (const message of client.fetch(uidSetText(remaining), query, { uid: true })) {
          if (!message.source || received.has(message.uid)) continue;
          received.add(message.uid);
          const size = message.size ?? message.source.length;
          if (size > max) {
            yield { uid: message.uid, bytes: null, internalDate: toDate(message.internalDate), skipped: `${tooLargeReason(max)} (${size} bytes); skipped` };
            continue;
          }
          this.stats.messages++;
          this.stats.bytes += message.source.length;
          yield { uid: message.uid, bytes: message.source, internalDate: toDate(message.internalDate) };
        }
        return;
      } catch (error) {
        await this.retryOrThrow(error, command, attempt);
      }
    }
  }

  /** Logs out (or drops the connection if that fails). */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    try {
      if (client.usable) await client.logout();
    } catch {
      client.close();
    }
  }

  private async withRetries<T>(command: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work(await this.connected());
      } catch (error) {
        await this.retryOrThrow(error, command, attempt);
      }
    }
  }

  /** Waits before the next attempt when `error` is worth retrying and attempts are left; else throws it as an ImapError. */
  private async retryOrThrow(error: unknown, command: string, attempt: number): Promise<void> {
    const failure = this.describe(error, command, attempt);
    if (failure instanceof ImapError) throw failure;
    if (attempt > this.options.retries) {
      throw new ImapError('failed', `${this.server}: ${command}: ${failure} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})`, attempt);
    }
    this.dropConnection();
    const delayMs = backoffDelay(attempt, this.options.baseDelayMs, this.options.maxDelayMs, this.options.random);
    this.stats.retries++;
    this.options.onRetry?.({ command, attempt, reason: failure, delayMs });
    await this.options.sleep(delayMs);
  }

  /** An ImapError for a failure that retrying cannot mend; else the reason, for a retry. */
  private describe(error: unknown, command: string, attempt: number): ImapError | string {
    if (error instanceof ImapError) return error;
    const details = error as {
      code?: string;
      authenticationFailed?: boolean;
      serverResponseCode?: string;
      mailboxMissing?: boolean;
      responseStatus?: string;
      responseText?: string;
      reason?: string;
    };
    const text = details.responseText || details.reason || (error instanceof Error ? error.message : String(error));
    const where = this.server;
    if (details.authenticationFailed && !busyCodes.has(details.serverResponseCode ?? '')) {
      return new ImapError('login', `${where}: login refused (${text}); check ${this.options.credentials.from ?? environmentNames}`, attempt);
    }
    if (details.code && certificateCodes.test(details.code)) return new ImapError('tls', `${where}: ${text} (${details.code}); trust a private CA with NODE_EXTRA_CA_CERTS`, attempt);
    if (details.mailboxMissing) return new ImapError('no-folder', `${where}: ${command}: no such folder (${text})`, attempt);
    if (details.responseStatus === 'BAD') return new ImapError('failed', `${where}: ${command}: ${text}`, attempt);
    return text;
  }

  private async connected(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    this.dropConnection();
    const client = await this.newClient();
    // Failures also reach the command that was waiting; without a listener an 'error' event would end the process.
    client.on('error', () => {});
    await client.connect();
    this.stats.connections++;
    this.client = client;
    this.prefix = sharedPrefix(client);
    return client;
  }

  /** imapflow (and the SOCKS and address modules under it) is loaded at the first connection, not by a local import. */
  private async newClient(): Promise<ImapFlow> {
    const { ImapFlow } = await import('imapflow');
    const secure = this.url.protocol === 'imaps:';
    const { credentials, ca, timeoutMs } = this.options;
    return new ImapFlow({
      host: this.url.hostname.replace(/^\[|\]$/g, ''),
      port: this.url.port ? Number(this.url.port) : secure ? 993 : 143,
      secure,
      doSTARTTLS: secure ? undefined : true,
      ...(ca ? { tls: { ca } } : {}),
      auth: { user: credentials.user, pass: credentials.password },
      clientInfo: { name: 'listlens', version: listlensVersion },
      logger: false,
      disableAutoIdle: true,
      // BINARY.PEEK[] may hand back decoded parts: the bytes must be the message as stored.
      disableBinary: true,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  private dropConnection(): void {
    this.client?.close();
    this.client = null;
  }

  /** Opens the list's folder read-only (EXAMINE) unless it is already open. */
  private async open(client: ImapFlow, list: string): Promise<MailboxObject> {
    const path = `${this.prefix}${list}`;
    if (client.mailbox && client.mailbox.path === path) return client.mailbox;
    return client.mailboxOpen(path, { readOnly: true });
  }
}

/** The prefix of the first shared namespace (`Shared Folders/`); a server without one keeps the lists at the top. */
function sharedPrefix(client: ImapFlow): string {
  const shared = client.namespaces?.shared;
  return (shared && shared[0]?.prefix) || '';
}

function folderStatus(folder: MailboxObject): ImapFolderStatus {
  return {
    path: folder.path,
    uidValidity: Number(folder.uidValidity),
    uidNext: folder.uidNext,
    highestModseq: folder.highestModseq === undefined || folder.noModseq ? null : folder.highestModseq.toString(),
    messages: folder.exists,
  };
}

function searchObject(search: ImapSearch): SearchObject {
  const headers = (search.headers ?? []).map((header) => ({ header: { [header.name]: header.value } }));
  return {
    ...(search.since ? { since: search.since } : {}),
    ...(search.before ? { before: search.before } : {}),
    ...(headers.length === 1 ? headers[0] : {}),
    ...(headers.length > 1 ? { or: headers } : {}),
  };
}

function toDate(value: Date | string | undefined): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function parseImapUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ImapError('url', `not an IMAP URL: ${text} (give imaps://host[:port])`);
  }
  if (url.protocol !== 'imaps:' && url.protocol !== 'imap:') throw new ImapError('url', `not an IMAP URL: ${text} (give imaps://host[:port])`);
  if (url.username || url.password) throw new ImapError('url', `give IMAP credentials in ${environmentNames} or ~/.netrc, not in the URL`);
  return url;
}
