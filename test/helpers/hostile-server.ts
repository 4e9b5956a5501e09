/**
 * A loopback HTTP server whose every answer a test writes itself: for servers that misbehave on
 * purpose (robots.txt failing, redirects elsewhere, compression bombs, bodies that trickle).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export class HostileServer {
  readonly requested: string[] = [];
  private readonly handlers = new Map<string, Handler>();
  private url_ = '';

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<HostileServer> {
    let self: HostileServer | null = null;
    const server = http.createServer((request, response) => self!.handle(request, response));
    self = new HostileServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self.url_ = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return self;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return this.url_;
  }

  /** Answers requests for `path` (path and query, exactly) with `handler`; any other path gets a 404. */
  on(path: string, handler: Handler): this {
    this.handlers.set(path, handler);
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const path = request.url ?? '';
    this.requested.push(path);
    const handler = this.handlers.get(path);
    if (handler) handler(request, response);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not here\n');
  }
}

/** A handler answering 200 with `body` as text. */
export function textAnswer(body: string | Buffer, headers: http.OutgoingHttpHeaders = {}): Handler {
  return (_request, response) => response.writeHead(200, { 'content-type': 'text/plain', ...headers }).end(body);
}
