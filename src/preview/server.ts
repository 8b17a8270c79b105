import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { createGuardedServer, listen } from './guarded-server.js';
import { HostCheck } from './host-check.js';
import { readBasePath, routeUnderBase } from './base-path.js';
import { sendFile } from './send-file.js';
import { parseRequestTarget, sameOriginLocation } from './request-target.js';
import { requestToRelative } from './resolve-path.js';
import { isWithin } from '../util/site-bounds.js';

export interface PreviewOptions {
  root: string;
  port: number;
  host: string;
  /** Host names to answer to besides localhost, IP addresses and `host` (--allow-host). */
  allowHosts?: readonly string[];
}

async function fileIn(root: string, rel: string): Promise<string | undefined> {
  const candidates = rel === '' || rel.endsWith('/') ? [join(root, rel, 'index.html')] : [join(root, rel), join(root, rel, 'index.html')];
  for (const c of candidates) {
    try {
      const real = await realpath(c);
      // A symlink inside the folder must not lead outside it.
      if (!isWithin(root, real)) continue;
      if ((await stat(real)).isFile()) return real;
    } catch {
      // Not there: try the next candidate.
    }
  }
  return undefined;
}

/** A relative path no request can produce: a request outside the base path gets the 404 page. */
const NOT_IN_SITE = '\0outside';

function send(res: ServerResponse, status: number, headers: Record<string, string | number>, body?: string): void {
  res.writeHead(status, { 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(body);
}

/**
 * Static file server for a built site: directory indexes, the site's 404 page, HEAD, ranges and gzip.
 * A site built for a base path (`/site/`) is served under it, as its host will.
 */
export async function handleRequest(root: string, req: IncomingMessage, res: ServerResponse, base = '/'): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'Method not allowed\n');
    return;
  }
  const requested = parseRequestTarget(req.url);
  if (requested === undefined) {
    send(res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad request\n');
    return;
  }
  const route = routeUnderBase(requested.path, base);
  if (route.kind === 'redirect') {
    send(res, 302, { Location: sameOriginLocation(route.location, requested.query) });
    return;
  }
  const rel = route.kind === 'inside' ? requestToRelative(route.url) : NOT_IN_SITE;
  if (rel === undefined) {
    send(res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad request\n');
    return;
  }
  const file = rel === NOT_IN_SITE ? undefined : await fileIn(root, rel);
  if (file && !rel.endsWith('/') && rel !== '' && file.endsWith(`${sep}index.html`) && !rel.endsWith('index.html')) {
    // `/writing` → `/writing/` so relative links inside the page resolve as on a static host;
    // `//writing` too, but never to `//writing/`, which a browser reads as the host "writing".
    send(res, 301, { Location: sameOriginLocation(`${requested.path}/`, requested.query) });
    return;
  }
  let status = 200;
  let target = file;
  if (!target) {
    status = 404;
    target = await fileIn(root, '404.html');
    if (!target) {
      send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
      return;
    }
  }
  // Checked again on the file opened: one swapped for a link since fileIn looked is a 404.
  await sendFile(req, res, target, status, (real) => isWithin(root, real));
}

/** The server and the path the site is served under (`/` or the build's base path, e.g. `/site/`). */
export async function startPreview(opts: PreviewOptions): Promise<Server & { basePath: string }> {
  const root = await realpath(opts.root);
  const basePath = readBasePath(root);
  const server = createGuardedServer((req, res) => handleRequest(root, req, res, basePath), {
    name: 'preview server',
    hosts: new HostCheck(opts.host, opts.allowHosts),
    log: (m) => process.stderr.write(`casebook preview: ${m}\n`),
  });
  await listen(server, opts.port, opts.host);
  return Object.assign(server, { basePath });
}
