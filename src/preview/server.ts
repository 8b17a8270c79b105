import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { createGuardedServer, listen } from './guarded-server.js';
import { HostCheck } from './host-check.js';
import { readBasePath, routeUnderBase } from './base-path.js';
import { compressible, mimeType } from './mime.js';
import { parseRequestTarget, sameOriginLocation } from './request-target.js';
import { requestToRelative } from './resolve-path.js';

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
      if (real !== root && !real.startsWith(root + sep)) continue;
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
  let info;
  try {
    info = await stat(target);
  } catch {
    // Deleted between the lookup and now (a rebuild swapping the folder): gone, not a server error.
    send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
    return;
  }
  const headers: Record<string, string | number> = {
    'Content-Type': mimeType(target),
    'Cache-Control': 'no-cache',
    'Accept-Ranges': 'bytes',
    'Last-Modified': info.mtime.toUTCString(),
  };
  let start = 0;
  let end = info.size - 1;
  const range = status === 200 ? /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '') : null;
  if (range && (range[1] || range[2])) {
    if (range[1]) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(Number(range[2]), end);
    } else {
      start = Math.max(0, info.size - Number(range[2]));
    }
    if (start > end || start >= info.size) {
      send(res, 416, { 'Content-Range': `bytes */${info.size}` });
      return;
    }
    status = 206;
    headers['Content-Range'] = `bytes ${start}-${end}/${info.size}`;
  }
  // Text is sent gzipped to a client that asks for it, as every static host does, so what
  // Lighthouse and a reader's browser measure here is what the published site will weigh.
  const gzip = status !== 206 && info.size >= MIN_GZIP_BYTES && compressible(headers['Content-Type'] as string) && acceptsGzip(req);
  if (compressible(headers['Content-Type'] as string)) headers.Vary = 'Accept-Encoding';
  if (gzip) headers['Content-Encoding'] = 'gzip';
  else headers['Content-Length'] = info.size === 0 ? 0 : end - start + 1;
  res.writeHead(status, { 'X-Content-Type-Options': 'nosniff', ...headers });
  if (req.method === 'HEAD' || info.size === 0) {
    res.end();
    return;
  }
  // pipeline, not pipe: a client that goes away mid-file closes the file (and the compressor)
  // instead of leaving them open until the server runs out of file descriptors.
  const body = createReadStream(target, { start, end });
  const length = end - start + 1;
  let sent = 0;
  if (!gzip) body.on('data', (chunk) => (sent += chunk.length));
  const done = (err: NodeJS.ErrnoException | null) => {
    // A file that shrank while it was read sent fewer bytes than its Content-Length promised:
    // end the connection so the client sees it, rather than waiting for the rest.
    if (err || (!gzip && sent < length)) res.destroy();
  };
  if (gzip) pipeline(body, createGzip(), res, done);
  else pipeline(body, res, done);
}

/** Below this a gzip header and trailer cost about what compression saves. */
const MIN_GZIP_BYTES = 1024;

/** `Accept-Encoding` takes gzip: listed (or `*` when gzip is not) with a weight above zero. */
function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.find((x) => /^\s*q\s*=/.test(x));
    // A weight that is not a valid qvalue (0 to 1, three decimals at most) counts as a refusal.
    const weight = q === undefined ? 1 : /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/.exec(q) ? Number(q.split('=')[1]) : 0;
    weights.set(coding.trim(), weight);
  }
  const weight = weights.get('gzip') ?? weights.get('x-gzip') ?? weights.get('*') ?? 0;
  return weight > 0;
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
