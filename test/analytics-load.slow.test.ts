import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { utcDay } from '../src/analytics/visitor.js';
import { BROWSER_UA, countStoredEvents, dumpSqlite, getStats, startCollector } from './helpers/analytics.js';
import { dumpPostgres, findPostgres, useTestDatabases } from './helpers/postgres.js';

const dir = await mkdtemp(join(tmpdir(), 'casebook-analytics-load-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const postgres = await findPostgres();
if ('skip' in postgres) console.warn(postgres.skip);
const newPostgresDb = useTestDatabases(postgres);

const EVENTS = 20_000;
const CLIENTS = 32;
const PATHS = 50;
const ORIGIN = 'https://load.example';

/** Client n's address, as the reverse proxy in front of the collector reports it (documentation range). */
const addressOf = (n: number) => `198.51.100.${n + 1}`;

/** What client `n` sends as its `i`th event: every fourth is a read, paths rotate. */
function eventOf(n: number, i: number): { path: string; kind: 'view' | 'read' } {
  return { path: `/writing/post-${(n * 7 + i) % PATHS}/`, kind: i % 4 === 3 ? 'read' : 'view' };
}

/**
 * CLIENTS keep-alive connections on loopback, each sending its share one after the other and
 * waiting for each answer. Bounded by count (EVENTS) and by a deadline.
 */
async function send(port: number): Promise<{ statuses: Record<number, number>; errors: string[]; ms: number }> {
  const statuses: Record<number, number> = {};
  const errors: string[] = [];
  const deadline = performance.now() + 240_000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, n) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < EVENTS / CLIENTS && performance.now() < deadline; i++) {
        const { path, kind } = eventOf(n, i);
        const body = JSON.stringify({ site: 'load.example', path, kind, ...(kind === 'read' ? { bucket: '1-2m' } : { referrer: '' }) });
        try {
          const status = await new Promise<number>((resolve, reject) => {
            const req = request(
              {
                host: '127.0.0.1',
                port,
                path: '/api/event',
                method: 'POST',
                agent,
                headers: {
                  'content-type': 'text/plain;charset=UTF-8',
                  'content-length': Buffer.byteLength(body),
                  origin: ORIGIN,
                  'user-agent': BROWSER_UA,
                  'x-forwarded-for': addressOf(n),
                },
              },
              (res) => {
                res.resume();
                res.on('end', () => resolve(res.statusCode!));
                res.on('error', reject);
              },
            );
            req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
            req.on('error', reject);
            req.end(body);
          });
          statuses[status] = (statuses[status] ?? 0) + 1;
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
      agent.destroy();
    }),
  );
  return { statuses, errors, ms: performance.now() - started };
}

const backends = [{ name: 'sqlite', db: async () => `sqlite:${join(dir, 'load.db')}` }];
if (!('skip' in postgres)) backends.push({ name: 'postgres', db: newPostgresDb });

describe.each(backends)('load on $name', (backend) => {
  it(`counts all ${EVENTS.toLocaleString('en-US')} events from ${CLIENTS} concurrent clients, exactly`, async () => {
    const db = await backend.db();
    // Rate limiting off: each client sends 625 events within seconds, far past any per-reader limit.
    const c = await startCollector(['--db', db, '--origin', ORIGIN, '--rate-limit', 'off', '--trust-proxy']);
    try {
      const dayBefore = utcDay(Date.now());
      const { statuses, errors, ms } = await send(Number(new URL(c.url).port));
      const dayAfter = utcDay(Date.now());
      const perSecond = Math.round(EVENTS / (ms / 1000));
      console.log(`analytics load (${backend.name}): ${EVENTS} events from ${CLIENTS} clients in ${(ms / 1000).toFixed(2)} s = ${perSecond} events/s`);
      expect(errors).toEqual([]);
      expect(statuses).toEqual({ 204: EVENTS });

      // What the clients sent, counted here.
      const expected = new Map<string, { views: number; reads: number; visitors: Set<number> }>();
      for (let n = 0; n < CLIENTS; n++) {
        for (let i = 0; i < EVENTS / CLIENTS; i++) {
          const { path, kind } = eventOf(n, i);
          const e = expected.get(path) ?? { views: 0, reads: 0, visitors: new Set() };
          if (kind === 'view') e.views++;
          else e.reads++;
          e.visitors.add(n);
          expected.set(path, e);
        }
      }
      expect(await countStoredEvents(db)).toBe(EVENTS);
      const stats = await getStats(c);
      const sum = (k: 'views' | 'reads') => [...expected.values()].reduce((s, e) => s + e[k], 0);
      expect(sum('views') + sum('reads')).toBe(EVENTS);
      expect(stats.totals.views).toBe(sum('views'));
      expect(stats.totals.reads).toBe(sum('reads'));
      expect(stats.pages.length).toBe(PATHS);
      for (const p of stats.pages) {
        const e = expected.get(p.path)!;
        expect([p.path, p.views, p.reads]).toEqual([p.path, e.views, e.reads]);
        // Visitor ids change at midnight UTC: exact only when the run stayed within one day.
        if (dayBefore === dayAfter) expect([p.path, p.visitors]).toEqual([p.path, e.visitors.size]);
      }
      if (dayBefore === dayAfter) expect(stats.totals.visitors).toBe(CLIENTS);
      expect(stats.readTimes.find((b) => b.bucket === '1-2m')!.reads).toBe(sum('reads'));

      // Not one client address or user agent anywhere in the database.
      const dump = db.startsWith('sqlite:') ? dumpSqlite(db.slice('sqlite:'.length)) : await dumpPostgres(db);
      expect(dump).toContain('/writing/post-0/');
      for (let n = 0; n < CLIENTS; n++) expect(dump).not.toContain(addressOf(n));
      expect(dump).not.toContain('CasebookTestAgent');
      expect(dump).not.toContain('Mozilla');
    } finally {
      await c.stop();
    }
  }, 300_000);
});
