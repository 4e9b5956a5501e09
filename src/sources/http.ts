import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import { backoffDelay, realSleep } from './backoff.js';
import { formatSize } from './message-accumulator.js';
import { builtInDisallowed, parseRobots, robotsMaxBytes, type RobotsRules } from './robots.js';

import { ListlensError, listlensUserAgent } from '../core/index.js';

export interface HttpClientOptions {
  /** Default: `listlensUserAgent` (`listlens/<version> (+<homepage>)`). */
  userAgent?: string;
  /** Requests in flight at once, over all hosts; default 4. */
  concurrency?: number;
  /** Retries after the first attempt, on network errors, truncated bodies, 408, 429 and 5xx; default 5. */
  retries?: number;
  /** First back-off delay; each retry doubles it, with jitter, up to `maxDelayMs`. Default 1 s. */
  baseDelayMs?: number;
  /** Default 60 s. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the request fails at once. Default 5 min. */
  maxRetryAfterMs?: number;
  /** Time allowed to open a connection; default 10 s. */
  connectTimeoutMs?: number;
  /** Time allowed without a byte, while waiting for the response and while reading its body; default 30 s. */
  bodyTimeoutMs?: number;
  /** Time allowed for a whole attempt, from asking to the last byte of the body (a body that trickles in); default 5 min. */
  requestTimeoutMs?: number;
  /** Least time between the starts of two requests to one host; default 100 ms. */
  intervalMs?: number;
  /** A body larger than this fails the request (not retried); default 256 MiB. */
  maxBodyBytes?: number;
  /** Honour each host's `/robots.txt` (on top of the archive paths never fetched); default true. */
  obeyRobots?: boolean;
  /** How to wait: injectable so tests need not sleep through back-off for real. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Told of every attempt that will be retried, with the wait before the next one. */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  url: string;
  attempt: number;
  reason: string;
  delayMs: number;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export interface RequestOptions {
  /** Sent as `If-None-Match` / `If-Modified-Since`; a 304 answer is then returned, not thrown. */
  validators?: Validators | null;
  accept?: string;
  maxBodyBytes?: number;
  /** What to do with a body over `maxBodyBytes`: fail the request (the default), or keep its first `maxBodyBytes`. */
  overLimit?: 'fail' | 'cut';
  /** Aborts the request and any wait for it. */
  signal?: AbortSignal;
}

/** A 2xx or 304 answer, its body complete (and gunzipped). */
export interface HttpResponse {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  validators: Validators;
}

/** A request that failed for good: after its last retry, or at once for a status that is not retried (404). */
export class HttpError extends ListlensError {
  override name = 'HttpError';
  /** What went wrong, without the `GET <url>: ` the message starts with. */
  readonly reason: string;
  constructor(
    readonly url: string,
    /** The last HTTP status, or null when no answer came (network error, timeout, truncated body, robots.txt). */
    readonly status: number | null,
    readonly attempts: number,
    detail: string,
    /** The body of a final answer that was not retried (a 404 page, a JSON error), when there was one. */
    readonly body: Buffer | null = null,
  ) {
    const reason = `${detail}${attempts > 1 ? ` (gave up after ${attempts} attempts)` : ''}`;
    super('failed', `GET ${url}: ${reason}`);
    this.reason = reason;
  }

  /** True when retrying later might help (the server or the network is unwell), not when the URL is wrong. */
  get transient(): boolean {
    return this.status === null || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface HttpStats {
  requests: number;
  retries: number;
  notModified: number;
  bytes: number;
  maxInFlight: number;
}

/** A network-level failure of one attempt: retried. */
class AttemptError extends ListlensError {
  override name = 'AttemptError';

  /** Not worth retrying within one run: the host name does not resolve at all (offline, or a typo). */
  constructor(
    message: string,
    readonly permanent = false,
    options?: ErrorOptions,
  ) {
    super('failed', message, options);
  }
}

/** Why an attempt is to be retried. */
interface Failure {
  reason: string;
  status: number | null;
  retryAfterMs: number | null;
}

interface Attempt {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface HostState {
  nextStart: number;
  pausedUntil: number;
  robots: Promise<RobotsRules | RobotsFailure> | null;
}

/** robots.txt could not be read (a 5xx, 429, or no answer): RFC 9309 §2.3.1.4 says to assume every path disallowed. */
interface RobotsFailure {
  failure: string;
}

/** A whole attempt's deadline: a body trickling in a byte at a time never trips the idle timeout. */
const defaultRequestTimeoutMs = 300_000;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 5;

/**
 * A polite HTTP GET client: a bounded number of requests in flight, spacing between requests to one
 * host, timeouts on connect and on the body, retries with exponential back-off and jitter on network
 * errors, 408, 429 and 5xx, honouring `Retry-After` (seconds or an HTTP date, 0 included, and pausing
 * every request to that host meanwhile), truncated bodies detected by `Content-Length` and retried,
 * and `/robots.txt` obeyed.
 */
export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0, notModified: 0, bytes: 0, maxInFlight: 0 };
  private readonly options: Required<Omit<HttpClientOptions, 'onRetry'>> & Pick<HttpClientOptions, 'onRetry'>;
  private readonly hosts = new Map<string, HostState>();
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: HttpClientOptions = {}) {
    this.options = {
      userAgent: options.userAgent ?? listlensUserAgent,
      concurrency: options.concurrency ?? 4,
      retries: options.retries ?? 5,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 300_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      bodyTimeoutMs: options.bodyTimeoutMs ?? 30_000,
      requestTimeoutMs: options.requestTimeoutMs ?? defaultRequestTimeoutMs,
      intervalMs: options.intervalMs ?? 100,
      maxBodyBytes: options.maxBodyBytes ?? 256 * 1024 * 1024,
      obeyRobots: options.obeyRobots ?? true,
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
      onRetry: options.onRetry,
    };
    if (!(this.options.concurrency >= 1)) throw new RangeError('concurrency must be at least 1');
  }

  /** GETs `url`, following redirects; resolves with a 2xx (or, with validators, 304) answer, else throws HttpError. */
  async get(url: string, options: RequestOptions = {}): Promise<HttpResponse> {
    let current = new URL(url);
    for (let redirects = 0; ; redirects++) {
      await this.checkRobots(current);
      const answer = await this.withRetries(current, options);
      const location = answer.headers.location;
      if (answer.status === 304) this.stats.notModified++;
      if (!redirectStatuses.has(answer.status) || !location) return toResponse(current, answer);
      if (redirects >= maxRedirects) throw new HttpError(current.href, answer.status, 1, `more than ${maxRedirects} redirects`);
      current = redirectTarget(current, answer.status, location);
    }
  }

  /** Closes idle keep-alive connections, so the process can exit. */
  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }

  private async withRetries(url: URL, options: RequestOptions): Promise<Attempt> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.tryOnce(url, options, attempt);
      if ('answer' in outcome) return outcome.answer;
      const delayMs = this.retryDelay(url, outcome, attempt);
      this.stats.retries++;
      this.options.onRetry?.({ url: url.href, attempt, reason: outcome.reason, delayMs });
      await this.wait(delayMs, options.signal);
    }
  }

  /** One attempt: the answer when it is final (2xx, 304, or an error status not worth retrying), else why to retry. */
  private async tryOnce(url: URL, options: RequestOptions, attempt: number): Promise<{ answer: Attempt } | Failure> {
    try {
      const answer = await this.attempt(url, options);
      if (!isRetryableStatus(answer.status)) return { answer: checkStatus(url, answer, attempt, options) };
      return { reason: statusText(answer.status), status: answer.status, retryAfterMs: retryAfterMs(answer.headers.date, answer.headers['retry-after']) };
    } catch (error) {
      if (!(error instanceof AttemptError)) throw error;
      if (error.permanent) throw new HttpError(url.href, null, attempt, error.message);
      return { reason: error.message, status: null, retryAfterMs: null };
    }
  }

  /** How long to wait before the next attempt; throws when there is none (retries used up, or too long a `Retry-After`). */
  private retryDelay(url: URL, failure: Failure, attempt: number): number {
    if (attempt > this.options.retries) throw new HttpError(url.href, failure.status, attempt, failure.reason);
    if (failure.retryAfterMs === null) return this.backoff(attempt);
    if (failure.retryAfterMs > this.options.maxRetryAfterMs) {
      const seconds = Math.round(failure.retryAfterMs / 1000);
      throw new HttpError(url.href, failure.status, attempt, `${failure.reason}; the server asks to wait ${seconds} s, more than listlens waits`);
    }
    // The server asked for a pause: every request to it waits, not only this one.
    const host = this.host(url);
    host.pausedUntil = Math.max(host.pausedUntil, Date.now() + failure.retryAfterMs);
    return failure.retryAfterMs;
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, this.options.baseDelayMs, this.options.maxDelayMs, this.options.random);
  }

  private async attempt(url: URL, options: RequestOptions): Promise<Attempt> {
    await this.acquireSlot(options.signal);
    try {
      await this.waitTurn(url, options.signal);
      this.stats.requests++;
      const answer = await this.send(url, options);
      this.stats.bytes += answer.body.length;
      return answer;
    } finally {
      this.releaseSlot();
    }
  }

  private async acquireSlot(signal: AbortSignal | undefined): Promise<void> {
    while (this.inFlight >= this.options.concurrency) {
      signal?.throwIfAborted();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    if (signal?.aborted) {
      // The free slot this request was woken for goes to the next in line, which would otherwise wait for ever.
      this.waiting.shift()?.();
      signal.throwIfAborted();
    }
    this.inFlight++;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
  }

  private releaseSlot(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }

  /** Keeps `intervalMs` between request starts to one host, and honours a pause a `Retry-After` asked for. */
  private async waitTurn(url: URL, signal: AbortSignal | undefined): Promise<void> {
    const host = this.host(url);
    const now = Date.now();
    const start = Math.max(now, host.nextStart, host.pausedUntil);
    host.nextStart = start + this.options.intervalMs;
    if (start > now) await this.wait(start - now, signal);
  }

  private async wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (ms > 0) await this.options.sleep(ms);
    signal?.throwIfAborted();
  }

  private host(url: URL): HostState {
    let state = this.hosts.get(url.origin);
    if (!state) {
      state = { nextStart: 0, pausedUntil: 0, robots: null };
      this.hosts.set(url.origin, state);
    }
    return state;
  }

  private async checkRobots(url: URL): Promise<void> {
    if (builtInDisallowed(url.pathname)) {
      throw new HttpError(url.href, null, 0, 'listlens never requests this path (robots.txt disallows it)');
    }
    if (!this.options.obeyRobots) return;
    const host = this.host(url);
    host.robots ??= this.loadRobots(url);
    const robots = await host.robots;
    if ('failure' in robots) throw new HttpError(url.href, null, 0, `${robots.failure}, so every path counts as disallowed (RFC 9309); try again later`);
    if (!robots.allows(url.pathname + url.search)) {
      throw new HttpError(url.href, null, 0, `disallowed by ${url.origin}/robots.txt`);
    }
  }

  /**
   * The host's robots.txt, its first 500 KiB only (RFC 9309 §2.5). A 4xx (404: there is none) allows
   * everything but the built-in rules; a 5xx, 429 or no answer after the retries disallows everything.
   */
  private async loadRobots(url: URL): Promise<RobotsRules | RobotsFailure> {
    const robotsUrl = new URL('/robots.txt', url);
    try {
      const answer = await this.withRetries(robotsUrl, { accept: 'text/plain', maxBodyBytes: robotsMaxBytes, overLimit: 'cut' });
      return parseRobots(answer.body.toString('utf8'), 'listlens');
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.transient) return { failure: `${robotsUrl.href} ${error.status === null ? 'failed:' : 'answered'} ${error.reason}` };
      return parseRobots('', 'listlens');
    }
  }

  private send(url: URL, options: RequestOptions): Promise<Attempt> {
    const transport = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.agents['https:'] : this.agents['http:'];
    const limit: BodyLimit = { maxBytes: options.maxBodyBytes ?? this.options.maxBodyBytes, overLimit: options.overLimit ?? 'fail' };
    return new Promise<Attempt>((resolve, reject) => {
      const request = transport.request(url, { method: 'GET', agent, headers: this.headers(options), ...(options.signal ? { signal: options.signal } : {}) });
      const deadline = setTimeout(() => fail(new AttemptError(`no complete answer within ${this.options.requestTimeoutMs} ms`)), this.options.requestTimeoutMs);
      const fail = (error: Error): void => {
        clearTimeout(deadline);
        request.destroy();
        reject(error);
      };
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(() => fail(new AttemptError(`no connection within ${this.options.connectTimeoutMs} ms`)), this.options.connectTimeoutMs);
        socket.once('connect', () => clearTimeout(timer));
        socket.once('close', () => clearTimeout(timer));
      });
      request.setTimeout(this.options.bodyTimeoutMs, () => fail(new AttemptError(`no data for ${this.options.bodyTimeoutMs} ms`)));
      request.on('error', (error) => fail(toAttemptError(error, options.signal)));
      request.on('response', (response) =>
        readBody(response, limit, url).then((answer) => {
          clearTimeout(deadline);
          resolve(answer);
        }, fail),
      );
      request.end();
    });
  }

  private headers(options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = {
      'User-Agent': this.options.userAgent,
      Accept: options.accept ?? '*/*',
      'Accept-Encoding': 'gzip',
    };
    if (options.validators?.etag) headers['If-None-Match'] = options.validators.etag;
    if (options.validators?.lastModified) headers['If-Modified-Since'] = options.validators.lastModified;
    return headers;
  }
}

interface BodyLimit {
  maxBytes: number;
  overLimit: 'fail' | 'cut';
}

/**
 * The whole body, checked against `Content-Length` (a short body is a truncated transfer) and gunzipped
 * as it arrives, so the size limit holds for what it expands to (a small gzip bomb is stopped at the limit).
 */
function readBody(response: IncomingMessage, limit: BodyLimit, url: URL): Promise<Attempt> {
  return new Promise<Attempt>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let received = 0;
    let ended = false;
    let over = false;
    const gzipped = response.headers['content-encoding']?.trim().toLowerCase() === 'gzip';
    const gunzip = gzipped ? createGunzip() : null;
    const done = (): void => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks, size) });
    const stop = (): void => {
      response.destroy();
      gunzip?.destroy();
    };
    const take = (chunk: Buffer): void => {
      if (over) return;
      const room = limit.maxBytes - size;
      if (chunk.length <= room) {
        chunks.push(chunk);
        size += chunk.length;
        return;
      }
      over = true;
      stop();
      if (limit.overLimit === 'cut') {
        chunks.push(chunk.subarray(0, room));
        size += room;
        done();
      } else {
        const expanded = gzipped ? ' once gunzipped' : '';
        reject(new HttpError(url.href, response.statusCode ?? null, 1, `body larger than ${formatSize(limit.maxBytes)}${expanded}`));
      }
    };
    const declared = response.headers['content-length'];
    const cut = (): AttemptError =>
      new AttemptError(declared !== undefined ? `body truncated: ${received} of ${declared} bytes` : `connection closed after ${received} bytes of the body`);
    response.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (gunzip) gunzip.write(chunk);
      else take(chunk);
    });
    response.on('error', () => reject(cut()));
    response.on('close', () => {
      if (!ended) reject(cut());
    });
    response.on('end', () => {
      ended = true;
      if (declared !== undefined && Number(declared) !== received) reject(cut());
      else if (gunzip && received > 0) gunzip.end();
      else done();
    });
    if (gunzip) {
      gunzip.on('data', take);
      gunzip.on('end', done);
      gunzip.on('error', (error) => reject(new AttemptError(`damaged gzip body (${error.message})`, false, { cause: error })));
    }
  });
}

/** Where a redirect leads; one to another site (host, port or scheme, `file:` included) is refused, as a refresh page to another site is. */
function redirectTarget(from: URL, status: number, location: string): URL {
  const target = URL.canParse(location, from.href) ? new URL(location, from) : null;
  if (target && target.origin === from.origin && (target.protocol === 'http:' || target.protocol === 'https:')) return target;
  throw new HttpError(from.href, status, 1, `${statusText(status)} redirects to another site (${target?.href ?? location}); not followed`);
}

function toAttemptError(error: Error, signal: AbortSignal | undefined): Error {
  if (signal?.aborted) return error;
  if (error instanceof AttemptError || error instanceof HttpError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const described =
    code === 'ECONNRESET' ? 'connection reset'
    : code === 'ECONNREFUSED' ? 'connection refused'
    : code === 'ENOTFOUND' ? 'host not found'
    : error.message;
  return new AttemptError(code && !described.includes(code) ? `${described} (${code})` : described, code === 'ENOTFOUND', { cause: error });
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function checkStatus(url: URL, answer: Attempt, attempt: number, options: RequestOptions): Attempt {
  const ok = (answer.status >= 200 && answer.status < 300) || redirectStatuses.has(answer.status);
  if (ok || (answer.status === 304 && options.validators)) return answer;
  throw new HttpError(url.href, answer.status, attempt, statusText(answer.status), answer.body);
}

function toResponse(url: URL, answer: Attempt): HttpResponse {
  return {
    url: url.href,
    status: answer.status,
    headers: answer.headers,
    body: answer.body,
    validators: { etag: headerText(answer.headers.etag), lastModified: headerText(answer.headers['last-modified']) },
  };
}

/**
 * When the content of a response was made: its `Date` less its `Age` (time spent in a cache such as
 * the archive's CDN), else now. Says whether a page read after a month ended was made after it too.
 */
export function contentDate(response: HttpResponse): Date {
  const served = response.headers.date ? Date.parse(response.headers.date) : Number.NaN;
  const base = Number.isNaN(served) ? Date.now() : served;
  const age = headerText(response.headers.age);
  return new Date(base - (age && /^\d+$/.test(age) ? Number(age) * 1000 : 0));
}

function headerText(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || null;
}

function statusText(status: number): string {
  const text = http.STATUS_CODES[status];
  return text ? `${status} ${text}` : String(status);
}

/** RFC 9110 §5.6.7: IMF-fixdate, the obsolete RFC 850 form and asctime. */
const httpDateForms = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/**
 * `Retry-After` in milliseconds from now: delta-seconds (`0` included) or an HTTP date, read against
 * the response's own `Date` when it has one (so a skewed local clock does not matter). Null when absent or
 * not one of those (a negative or fractional number, a date in another form): back-off applies then.
 */
export function retryAfterMs(dateHeader: string | undefined, value: string | string[] | undefined): number | null {
  const text = headerText(value);
  if (text === null) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads almost anything ("-1", "1.5" are dates in 2001): only the forms HTTP allows count.
  if (!httpDateForms.some((form) => form.test(text))) return null;
  const until = Date.parse(text);
  if (Number.isNaN(until)) return null;
  const serverNow = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  return Math.max(0, until - (Number.isNaN(serverNow) ? Date.now() : serverNow));
}
