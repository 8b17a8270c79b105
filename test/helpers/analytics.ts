import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { BIN } from './cli.js';

/** A browser user agent that passes the bot filter; the suffix makes it easy to search for. */
export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 CasebookTestAgent/7f3c';

export function newToken(): string {
  return randomBytes(16).toString('hex');
}

export interface RunningCollector {
  url: string;
  token: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
  /** SIGTERM, then waits for the exit (it flushes writes and closes the database first). */
  stop: () => Promise<number | null>;
}

/** Runs `casebook analytics serve` as a user would, on a free port, and waits until it listens. */
export function startCollector(args: string[], opts: { token?: string; env?: Record<string, string> } = {}): Promise<RunningCollector> {
  // A token in the environment is passed that way only, as a deployment would.
  const fromEnv = opts.env?.CASEBOOK_ANALYTICS_TOKEN;
  const token = fromEnv ?? opts.token ?? newToken();
  const child = spawn(process.execPath, [BIN, 'analytics', 'serve', '--port', '0', ...(fromEnv ? [] : ['--token', token]), ...args], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /Analytics collector at (http:\/\/\S+?)\/? /.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      resolve({
        url: m[1]!,
        token,
        child,
        output: () => out,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`collector exited with ${code} before listening:\n${out}`)));
  });
}

export interface StatsAnswer {
  totals: { views: number; visitors: number; reads: number; readThrough: number };
  pages: { path: string; views: number; visitors: number; reads: number; readThrough: number }[];
  referrers: { referrer: string; views: number; visitors: number }[];
  days: { day: string; views: number; visitors: number; reads: number }[];
  readTimes: { bucket: string; reads: number }[];
  sites: string[];
}

export async function getStats(c: RunningCollector, query = ''): Promise<StatsAnswer> {
  const res = await fetch(`${c.url}/api/stats${query}`, { headers: { authorization: `Bearer ${c.token}` } });
  if (res.status !== 200) throw new Error(`GET /api/stats answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as StatsAnswer;
}

/** Polls /api/stats until `done` holds (events are stored asynchronously from the page's point of view). */
export async function waitForStats(c: RunningCollector, done: (s: StatsAnswer) => boolean, timeoutMs = 20_000): Promise<StatsAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await getStats(c);
    if (done(s)) return s;
    if (Date.now() > deadline) throw new Error(`stats never reached the expected state: ${JSON.stringify(s.totals)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface EventResponse {
  status: number;
  body: string;
  headers: Headers;
}

/** POSTs one event body as a browser page on `origin` would (or without Origin when undefined). */
export async function postEvent(
  c: RunningCollector,
  body: unknown,
  opts: { origin?: string | undefined; contentType?: string; userAgent?: string; headers?: Record<string, string> } = {},
): Promise<EventResponse> {
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'text/plain;charset=UTF-8',
    'user-agent': opts.userAgent ?? BROWSER_UA,
    ...opts.headers,
  };
  if (opts.origin !== undefined) headers.origin = opts.origin;
  const res = await fetch(`${c.url}/api/event`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** Every value of every table of a SQLite database as text, plus the raw bytes of its files. */
export function dumpSqlite(file: string): string {
  const db = new Database(file, { readonly: true });
  let out = '';
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
    for (const { name } of tables) {
      out += `${name}\n`;
      for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
        out +=
          Object.values(row)
            .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v)))
            .join('|') + '\n';
      }
    }
  } finally {
    db.close();
  }
  for (const f of [file, `${file}-wal`, `${file}-journal`]) if (existsSync(f)) out += readFileSync(f).toString('latin1');
  return out;
}

/** Rows in analytics_events, read from the database itself (not through the collector). */
export async function countStoredEvents(db: string): Promise<number> {
  if (db.startsWith('sqlite:')) {
    const conn = new Database(db.slice('sqlite:'.length), { readonly: true });
    try {
      return (conn.prepare('SELECT count(*) AS n FROM analytics_events').get() as { n: number }).n;
    } finally {
      conn.close();
    }
  }
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  try {
    return Number((await c.query('SELECT count(*) AS n FROM analytics_events')).rows[0].n);
  } finally {
    await c.end();
  }
}
