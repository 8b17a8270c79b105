import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createGuardedServer } from '../preview/guarded-server.js';
import { isBot } from './bots.js';
import { CSV_TABLES, statsCsv, type CsvTable } from './csv.js';
import { DASHBOARD_CSP, renderDashboard } from './dashboard.js';
import { MAX_BODY_BYTES, parseEvent, referrerHost } from './event.js';
import type { SiteOrigins } from './origins.js';
import { RateLimiter, type RateLimit } from './rate-limit.js';
import { SignInThrottle } from './rate-limit-signin.js';
import { parseStatsQuery, shapeStats, type Stats } from './stats.js';
import type { AnalyticsStore, StatsQuery } from './store.js';
import { DailySalt, utcDay, visitorHash } from './visitor.js';
import { WriteQueue } from './write-queue.js';

export interface CollectorOptions {
  store: AnalyticsStore;
  /** The secret for /api/stats and /dashboard. */
  token: string;
  origins: SiteOrigins;
  /** Events per client; undefined turns limiting off. */
  rateLimit: RateLimit | undefined;
  /** Take the client address from the last X-Forwarded-For entry (behind one reverse proxy). */
  trustProxy: boolean;
  /** Keep events for this many days (today included); undefined keeps them forever. */
  retainDays?: number | undefined;
  /** Where unexpected errors are reported (never with an address or user agent). */
  log?: (message: string) => void;
}

export interface Collector {
  server: Server;
  /** Stops accepting requests, waits for pending writes and closes the store. */
  close(): Promise<void>;
}

/** Bodies past this are not read to their end: the connection is cut. */
const DRAIN_LIMIT = 64 * 1024;
/** Failed token attempts per client (address, or signed-in device) before it must wait. */
const AUTH_FAILURES: RateLimit = { events: 10, periodMs: 60_000 };
const REALM = 'Basic realm="Casebook analytics", charset="UTF-8"';

function send(res: ServerResponse, status: number, headers: Record<string, string | number>, body?: string): void {
  res.writeHead(status, { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string | number> = {}): void {
  send(res, status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers }, JSON.stringify(value) + '\n');
}

type Body = { ok: true; text: string } | { ok: false; reason: string };

/** Reads at most MAX_BODY_BYTES; a longer body is refused (and cut off when it goes on and on). */
function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooBig: Body = { ok: false, reason: `body is larger than ${MAX_BODY_BYTES} bytes` };
    if (declared > DRAIN_LIMIT) {
      resolve(tooBig);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) req.destroy();
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return resolve(tooBig);
      try {
        resolve({ ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)) });
      } catch {
        resolve({ ok: false, reason: 'body is not valid UTF-8' });
      }
    });
    req.on('error', () => resolve({ ok: false, reason: 'body could not be read' }));
  });
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export function createCollector(opts: CollectorOptions): Collector {
  const { store, origins } = opts;
  const log = opts.log ?? ((m: string) => process.stderr.write(`casebook analytics: ${m}\n`));
  const queue = new WriteQueue(store);
  const salts = new DailySalt((day) => store.dailySalt(day));
  const limiter = opts.rateLimit ? new RateLimiter(opts.rateLimit) : undefined;
  const signIn = new SignInThrottle(opts.token, AUTH_FAILURES);
  const tokenDigest = digest(opts.token);

  // Retention runs at start and every hour; a failure is reported and tried again next hour.
  const retainDays = opts.retainDays;
  const prune = async () => {
    if (retainDays === undefined) return;
    const cutoff = utcDay(Date.now() - (retainDays - 1) * 86_400_000);
    try {
      await store.deleteBefore(cutoff);
    } catch (e) {
      log(`deleting events before ${cutoff} failed: ${(e as Error).message}`);
    }
  };
  let pruning: Promise<void> | undefined = retainDays === undefined ? undefined : prune();
  const pruneTimer = retainDays === undefined ? undefined : setInterval(() => (pruning = prune()), 3_600_000);
  pruneTimer?.unref();

  const clientAddress = (req: IncomingMessage): string => {
    if (opts.trustProxy) {
      const forwarded = String(req.headers['x-forwarded-for'] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const last = forwarded[forwarded.length - 1];
      if (last) return last;
    }
    return req.socket.remoteAddress ?? '';
  };

  /** True when the request carries the token (Bearer, or Basic with any user name). */
  const authorized = (req: IncomingMessage): boolean => {
    const m = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m) return false;
    let given = m[2]!;
    if (m[1]!.toLowerCase() === 'basic') {
      const pair = Buffer.from(given, 'base64').toString('utf8');
      given = pair.slice(pair.indexOf(':') + 1);
    }
    return timingSafeEqual(digest(given), tokenDigest);
  };

  /**
   * Answers 401/429 and returns false unless the request may read the stats. A locked-out client
   * learns nothing about its token; a device that signed in before is counted apart from its
   * address, so wrong tokens from the same address do not lock it out (rate-limit-signin.ts).
   */
  const guard = (req: IncomingMessage, res: ServerResponse): boolean => {
    const client = signIn.client(clientAddress(req), req.headers.cookie);
    const wait = signIn.wait(client.key);
    if (wait) {
      const error = client.device
        ? 'too many failed attempts from this browser; try again later'
        : 'too many failed attempts from this address; try again later (a browser that signed in here before is not locked out)';
      sendJson(res, 429, { error }, { 'Retry-After': wait });
      return false;
    }
    if (authorized(req)) {
      if (!client.device) res.setHeader('Set-Cookie', signIn.deviceCookie());
      return true;
    }
    signIn.failed(client.key);
    const text = 'This needs the collector token: send "Authorization: Bearer TOKEN", or sign in with any user name and the token as password.\n';
    send(res, 401, { 'WWW-Authenticate': REALM, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, text);
    return false;
  };

  const loadStats = async (q: StatsQuery): Promise<Stats> => {
    const [raw, sites] = await Promise.all([store.stats(q), store.sites()]);
    return shapeStats(q, raw, sites);
  };

  async function handleEvent(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    const allowed = origin !== undefined && origins.allows(origin);
    const cors: Record<string, string> = allowed ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' };
    const refuse = (status: number, reason: string, extra: Record<string, string | number> = {}) =>
      sendJson(res, status, { error: reason }, { ...cors, ...extra });

    if (req.method === 'OPTIONS') {
      // Preflight for application/json bodies; sendBeacon's text/plain needs none.
      if (!allowed) return refuse(403, `origin ${String(origin ?? 'none').slice(0, 200)} may not send events to this collector`);
      return send(res, 204, {
        ...cors,
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': 86400,
      });
    }
    if (req.method !== 'POST') return refuse(405, 'use POST', { Allow: 'POST, OPTIONS' });
    if (origin !== undefined && !allowed) {
      req.resume();
      return refuse(403, `origin ${origin.slice(0, 200)} may not send events to this collector`);
    }
    const client = clientAddress(req);
    const wait = limiter?.take(client);
    if (wait) {
      req.resume();
      return refuse(429, 'too many events from this client', { 'Retry-After': wait });
    }
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (type !== 'application/json' && type !== 'text/plain') {
      req.resume();
      return refuse(415, 'send the event as application/json or text/plain');
    }
    const body = await readBody(req);
    if (!body.ok) return refuse(400, body.reason, { Connection: 'close' });
    const parsed = parseEvent(body.text);
    if (!parsed.ok) return refuse(400, parsed.reason);
    const event = parsed.value;
    const refusal = origins.refusal(origin, event.site);
    if (refusal) return refuse(refusal.status, refusal.reason);

    // Accepted but not counted: the reader asked not to be tracked, or it is no reader at all.
    // The answer is the same as for a counted event, so a bot learns nothing from it.
    const userAgent = req.headers['user-agent'];
    if (req.headers.dnt === '1' || req.headers['sec-gpc'] === '1' || isBot(userAgent)) return send(res, 204, cors);

    const now = Date.now();
    const day = utcDay(now);
    let referrer = event.referrer ? (referrerHost(event.referrer) ?? null) : null;
    // A link from the site itself is navigation, not a referral.
    if (referrer !== null && origin !== undefined && referrer === referrerHost(origin)) referrer = null;
    try {
      const salt = await salts.get(day);
      await queue.push({
        site: event.site,
        path: event.path,
        kind: event.kind,
        referrer,
        bucket: event.bucket ?? null,
        visitor: visitorHash(salt, client, userAgent!, event.site),
        at: now,
        day,
      });
    } catch (e) {
      log(`storing an event failed: ${(e as Error).message}`);
      return refuse(503, 'the collector cannot store events right now');
    }
    send(res, 204, cors);
  }

  interface Route {
    pathname: string;
    searchParams: URLSearchParams;
  }

  async function handleStats(req: IncomingMessage, res: ServerResponse, url: Route): Promise<void> {
    if (req.method !== 'GET') return send(res, 405, { Allow: 'GET' });
    if (!guard(req, res)) return;
    const csv = url.pathname.endsWith('.csv');
    const params = new URLSearchParams(url.searchParams);
    const table = (params.get('table') ?? 'pages') as CsvTable;
    params.delete('table');
    if (csv && !CSV_TABLES.includes(table)) return sendJson(res, 400, { error: `table must be one of ${CSV_TABLES.join(', ')}` });
    if (!csv && url.searchParams.has('table')) return sendJson(res, 400, { error: 'table is a parameter of /api/stats.csv' });
    const q = parseStatsQuery(params, Date.now());
    if (!q.ok) return sendJson(res, 400, { error: q.reason });
    const stats = await loadStats(q.value);
    if (!csv) return sendJson(res, 200, stats);
    const name = `casebook-${table}-${stats.site ? `${stats.site}-` : ''}${stats.from}-${stats.to}.csv`;
    send(
      res,
      200,
      {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'Cache-Control': 'no-store',
      },
      statsCsv(stats, table),
    );
  }

  async function handleDashboard(req: IncomingMessage, res: ServerResponse, url: Route): Promise<void> {
    if (req.method !== 'GET') return send(res, 405, { Allow: 'GET' });
    if (!guard(req, res)) return;
    const headers = {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': DASHBOARD_CSP,
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
    };
    const p = url.searchParams;
    const q = parseStatsQuery(p, Date.now());
    const sites = await store.sites();
    const form = { from: p.get('from') ?? '', to: p.get('to') ?? '', site: p.get('site') ?? '', sites };
    if (!q.ok) return send(res, 400, headers, renderDashboard({ ...form, stats: undefined, error: `Cannot show this range: ${q.reason}.` }));
    const stats = await loadStats(q.value);
    send(res, 200, headers, renderDashboard({ ...form, from: stats.from, to: stats.to, stats }));
  }

  // The guard answers targets that are no path (`//[/x`, `*`) with 400 and turns any throw into
  // a 400 or 500: nothing a request carries can stop the collector.
  const server = createGuardedServer(
    (req, res, target) => {
      const url: Route = { pathname: target.path, searchParams: new URLSearchParams(target.query) };
      switch (url.pathname) {
        case '/api/event':
          return handleEvent(req, res);
        case '/api/stats':
        case '/api/stats.csv':
          return handleStats(req, res, url);
        case '/dashboard':
          return handleDashboard(req, res, url);
        case '/':
          return send(res, 302, { Location: 'dashboard' });
        case '/favicon.ico':
          return send(res, 204, { 'Cache-Control': 'max-age=86400' });
        case '/healthz':
          return send(res, 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, 'ok\n');
        default:
          return sendJson(res, 404, { error: 'not found' });
      }
    },
    { name: 'collector', log },
  );

  let closing: Promise<void> | undefined;
  return {
    server,
    close() {
      closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        clearInterval(pruneTimer);
        await pruning;
        await queue.flush();
        limiter?.close();
        signIn.close();
        await store.close();
      })();
      return closing;
    },
  };
}
