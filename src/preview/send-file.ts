import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, Transform } from 'node:stream';
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
 * post links). A file gone since it was found, unreadable, or no longer a regular file is a 404.
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  target: string,
  status: number,
  allowed?: (real: string) => boolean | Promise<boolean>,
): Promise<void> {
  // Opened before anything is sent: what is not a regular file this process can read is a 404
  // for HEAD and GET alike, never a 200 and then a dropped connection.
  const opened = await openRegularFile(target, allowed);
  if (!opened) {
    // Deleted between the lookup and now (a rebuild swapping the folder), unreadable, or not a file: not there.
    send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
    return;
  }
  const { file, info } = opened;
  let sending = false;
  try {
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
    const body = file.createReadStream({ start, end });
    sending = true;
    const whole = wholeOrError(end - start + 1);
    // A file that shrank while it was read sends fewer bytes than promised: the stream fails
    // before the response ends (before gzip's trailer too), so the connection is cut and the
    // client sees it, rather than a short file that looks complete.
    const done = (err: NodeJS.ErrnoException | null) => {
      if (err) res.destroy();
    };
    if (gzip) pipeline(body, whole, createGzip(), res, done);
    else pipeline(body, whole, res, done);
  } finally {
    if (!sending) await file.close();
  }
}

/**
 * `target` opened for reading, without blocking (a FIFO put in its place would hold a thread of
 * the file pool for good), with its stats; undefined, and nothing left open, when it is gone,
 * unreadable or not a regular file.
 */
export async function openRegularFile(
  target: string,
  allowed?: (real: string) => boolean | Promise<boolean>,
): Promise<{ file: FileHandle; info: Stats } | undefined> {
  let file: FileHandle;
  try {
    file = await open(target, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = await file.stat();
    if (info.isFile() && (!allowed || (await isAllowed(target, info, allowed)))) return { file, info };
  } catch {
    // Unreadable stats: not there either.
  }
  await file.close();
  return undefined;
}

/**
 * Whether the file opened (`info`) is the one at `target`'s real path, asked after opening, and
 * that path is `allowed`: a file swapped for a link between a check and the open is never sent.
 */
async function isAllowed(target: string, info: Stats, allowed: (real: string) => boolean | Promise<boolean>): Promise<boolean> {
  const real = await realpath(target);
  if (!(await allowed(real))) return false;
  const there = await stat(real);
  return there.ino === info.ino && there.dev === info.dev;
}

/** Passes bytes through, and fails at the end when fewer than `length` came. */
function wholeOrError(length: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, next) {
      seen += chunk.length;
      next(null, chunk);
    },
    flush(next) {
      next(seen < length ? new Error(`file ended after ${seen} of ${length} bytes`) : null);
    },
  });
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
