import { realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createGuardedServer, listen } from '../preview/guarded-server.js';
import { HostCheck } from '../preview/host-check.js';
import { isWithin } from '../util/site-bounds.js';
import { mimeType } from '../preview/mime.js';
import { openRegularFile, sendFile } from '../preview/send-file.js';
import { sameOriginLocation } from '../preview/request-target.js';
import { requestToRelative } from '../preview/resolve-path.js';
import { DEV_CLIENT } from './client.js';
import { overlayHtml } from './overlay.js';
import { CasebookError, CasebookErrors } from '../errors/index.js';
import type { DevSession } from './session.js';

const EVENTS = '/__casebook/events';
const CLIENT = '/__casebook/client.js';

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, head = false): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(head ? undefined : body);
}

/** Adds the reload script, and the overlay while the latest build is broken, to an HTML page. */
function decorate(html: string, session: DevSession): string {
  const extra = `${session.errors.length || session.internal ? overlayHtml(session.errors, session.internal, process.cwd(), session.lastResult !== undefined) : ''}<script src="${CLIENT}"></script>`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + extra : html.slice(0, at) + extra + html.slice(at);
}

export function handleDevRequest(session: DevSession, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  if (url === EVENTS) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    const push = (v: number) => res.write(`event: version\ndata: ${v}\n\n`);
    res.write('retry: 500\n\n');
    push(session.version);
    const off = session.onChange(push);
    req.on('close', off);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  const head = req.method === 'HEAD';
  if (url === CLIENT) return send(res, 200, 'text/javascript; charset=utf-8', DEV_CLIENT, head);
  if (!session.started) {
    void session.firstBuild.then(() => handleDevRequest(session, req, res));
    return;
  }
  const rel = requestToRelative(url);
  if (rel === undefined) return send(res, 400, 'text/plain; charset=utf-8', 'Bad request\n', head);
  const files = session.files;
  const candidates = rel === '' || rel.endsWith('/') ? [`${rel}index.html`] : [rel];
  let path = candidates.find((c) => files.has(c));
  if (!path && !rel.endsWith('/') && files.has(`${rel}/index.html`)) {
    const q = url.indexOf('?');
    res.writeHead(301, { Location: sameOriginLocation(`/${rel}/`.replace(/[%?#]/g, encodeURIComponent), q < 0 ? '' : url.slice(q + 1)) });
    res.end();
    return;
  }
  let status = 200;
  if (!path) {
    status = 404;
    path = files.has('404.html') ? '404.html' : undefined;
  }
  if (!path) {
    // Nothing built yet (the first build failed): the overlay alone explains why.
    return send(res, status, 'text/html; charset=utf-8', decorate('<!doctype html><title>Casebook dev</title><body></body>', session), head);
  }
  let data = files.get(path)!;
  if (typeof data === 'object' && 'copiedFrom' in data) {
    sendCopied(session, req, res, { path, from: data.copiedFrom, status }).catch(() => res.destroy());
    return;
  }
  if (typeof data === 'function') {
    try {
      data = data();
    } catch (e) {
      // A page renders on request in dev, so a theme component's error surfaces here: shown like a build error.
      const errors = e instanceof CasebookErrors ? e.errors : e instanceof CasebookError ? [e] : [];
      const page = `<!doctype html><title>Casebook dev</title><body>${overlayHtml(errors, errors.length ? undefined : (e as Error), process.cwd())}</body>`;
      return send(res, 500, 'text/html; charset=utf-8', decorate(page, session), head);
    }
  }
  const type = mimeType(path);
  if (type.startsWith('text/html')) return send(res, status, type, decorate(String(data), session), head);
  send(res, status, type, typeof data === 'string' ? data : data, head);
}

/**
 * A file the build copied, from its source: a static HTML page with the live-reload script like
 * the built ones, anything else as a static host sends it (ranges, so a video plays and seeks,
 * and never the whole file in memory). Sent only while its real path is the one the sink took
 * and lies in the site folder, Casebook's own or an installed package (theme assets, KaTeX's
 * fonts): a file swapped for a link to elsewhere, before the copy or since, is a 404. Gone,
 * unreadable, or not a regular file any more: a 404.
 */
async function sendCopied(session: DevSession, req: IncomingMessage, res: ServerResponse, f: { path: string; from: string; status: number }): Promise<void> {
  const head = req.method === 'HEAD';
  const notFound = () => send(res, 404, 'text/plain; charset=utf-8', 'Not found\n', head);
  // Checked on the file opened, after opening it: a check of the path and then an open by name
  // would send whatever a link swapped in between leads to.
  const allowed = async (real: string) => real === f.from && (await servable(session, real));
  const type = mimeType(f.path);
  if (!type.startsWith('text/html')) return sendFile(req, res, f.from, f.status, allowed);
  const opened = await openRegularFile(f.from, allowed);
  if (!opened) return notFound();
  let html: string;
  try {
    html = await opened.file.readFile('utf8');
  } catch {
    return notFound();
  } finally {
    await opened.file.close();
  }
  send(res, f.status, type, decorate(html, session), head);
}

let packageRoots: Promise<(string | undefined)[]> | undefined;

/**
 * The folders besides the site's whose files a build copies, as real paths: Casebook's own (the
 * theme) and the packages of the fonts it ships (KaTeX's, the theme's Inter), wherever the
 * package manager keeps them. Resolved on the first copied file sent, not while the server starts.
 */
function packageRootsOnce(): Promise<(string | undefined)[]> {
  packageRoots ??= resolvePackageRoots();
  return packageRoots;
}

function resolvePackageRoots(): Promise<(string | undefined)[]> {
  const resolveIn = createRequire(import.meta.url).resolve;
  const folders = [
    () => fileURLToPath(new URL('../..', import.meta.url)),
    () => dirname(resolveIn('katex/package.json')),
    () => dirname(dirname(resolveIn('@fontsource-variable/inter/files/inter-latin-wght-normal.woff2'))),
  ];
  return Promise.all(
    folders.map((folder) =>
      Promise.resolve()
        .then(folder)
        .then((folder) => realpath(folder))
        .catch(() => undefined),
    ),
  );
}

/** Whether `real` lies in the site folder or one of the package folders (packageRootsOnce). */
async function servable(session: DevSession, real: string): Promise<boolean> {
  const roots = [await realpath(session.root).catch(() => undefined), ...(await packageRootsOnce())];
  return roots.some((root) => root !== undefined && isWithin(root, real));
}

/** Serves the session on host:port; the Host header must name this machine or an --allow-host name. */
export async function startDevServer(session: DevSession, port: number, host: string, allowHosts: readonly string[] = []): Promise<Server> {
  const server = createGuardedServer((req, res) => handleDevRequest(session, req, res), {
    name: 'dev server',
    hosts: new HostCheck(host, allowHosts),
    log: (m) => process.stderr.write(`casebook dev: ${m}\n`),
  });
  await listen(server, port, host);
  return server;
}
