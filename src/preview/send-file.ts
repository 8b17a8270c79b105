import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import { compressible, mimeType } from './mime.js';

function send(res: ServerResponse, status: number, headers: Record<string, string | number>, body?: string): void {
  res.writeHead(status, { 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(body);
}

/**
 * Sends the file `target` as a static host does: its type, `Last-Modified`, byte ranges (206, or
 * 416 for a range past its end), gzip for text a client accepts it for, HEAD without a body, and
 * the file read as a stream, so a large video never sits in memory. `casebook preview` serves
 * every file this way, `casebook dev` the files a build copies (static files, images, files a
 * post links). A file gone since it was found is a 404.
 */
export async function sendFile(req: IncomingMessage, res: ServerResponse, target: string, status: number): Promise<void> {
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
