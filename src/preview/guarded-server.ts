import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HostCheck } from './host-check.js';
import { parseRequestTarget, type RequestTarget } from './request-target.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, target: RequestTarget) => void | Promise<void>;

export interface GuardOptions {
  /** Names the server in answers: "dev server", "preview server". */
  name: string;
  /** Host names to answer to; undefined answers to any (the collector, which sits behind a proxy). */
  hosts?: HostCheck | undefined;
  /** Where unexpected errors go (a 500 was sent); the request's own mistakes are not logged. */
  log?: ((message: string) => void) | undefined;
}

/** Errors that a request's own bytes cause while it is being answered: its fault, so a 400. */
const REQUEST_FAULTS = new Set(['ERR_INVALID_URL', 'ERR_INVALID_CHAR', 'ERR_HTTP_INVALID_HEADER_VALUE', 'ERR_INVALID_HTTP_TOKEN']);

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/**
 * An HTTP server that no request can stop: the target is read without `new URL()`, the Host is
 * checked before anything else runs, and whatever the handler throws, at once or later, becomes a
 * 400 (the request's fault) or a 500 (ours) while the process keeps serving. Malformed request
 * lines, oversized headers and timeouts are answered by Node's parser (400, 431, 408) before a
 * handler ever sees them.
 */
export function createGuardedServer(handler: RequestHandler, opts: GuardOptions): Server {
  const fail = (req: IncomingMessage, res: ServerResponse, e: unknown) => {
    const fault = e instanceof URIError || REQUEST_FAULTS.has(String((e as NodeJS.ErrnoException)?.code));
    if (!fault) opts.log?.(`${String(req.method).slice(0, 20)} ${String(req.url).slice(0, 200)} failed: ${(e as Error)?.stack ?? String(e)}`);
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    try {
      plain(res, fault ? 400 : 500, fault ? 'Bad request\n' : 'Internal error\n', { Connection: 'close' });
    } catch {
      res.destroy();
    }
  };

  // Timeouts are enforced by a sweep; every 2 s keeps them close to what they say (default 30 s).
  const server = createServer({ connectionsCheckingInterval: 2_000 }, (req, res) => {
    let pending: void | Promise<void>;
    try {
      const target = parseRequestTarget(req.url);
      if (!target) return plain(res, 400, 'Bad request: the target must be a path, such as /writing/.\n', { Connection: 'close' });
      if (opts.hosts) {
        // An absolute-form target names the host itself, and then Host is to be ignored (RFC 9112 3.2.2).
        const host = target.authority ?? req.headers.host;
        if (!opts.hosts.allows(host)) return plain(res, 403, HostCheck.refusal(host ?? '', opts.name));
      }
      // Handlers see an origin-form URL whatever form the request line used.
      req.url = target.query ? `${target.path}?${target.query}` : target.path;
      pending = handler(req, res, target);
    } catch (e) {
      return fail(req, res, e);
    }
    if (pending) pending.catch((e: unknown) => fail(req, res, e));
  });
  // Slow clients cannot hold connections open for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

/** Listens on port and host, rejecting with the listen error (EADDRINUSE) instead of emitting it. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
