import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { CasebookError } from '../src/errors/index.js';
import { SCHEMA_VERSION } from '../src/analytics/migrations.js';
import { openStore, parseDatabaseSpec, type AnalyticsStore, type DatabaseSpec, type StoredEvent } from '../src/analytics/store.js';
import { shapeStats } from '../src/analytics/stats.js';
import { findPostgres, useTestDatabases } from './helpers/postgres.js';

const dir = await mkdtemp(join(tmpdir(), 'casebook-analytics-store-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const postgres = await findPostgres();
if ('skip' in postgres) console.warn(postgres.skip);
const newPostgresDb = useTestDatabases(postgres);

interface Backend {
  name: string;
  /** A fresh, empty database. */
  fresh: () => Promise<DatabaseSpec>;
  /** Sets the recorded schema version, as a newer Casebook would have. */
  setVersion: (spec: DatabaseSpec, version: number) => Promise<void>;
}

let n = 0;
const backends: Backend[] = [
  {
    name: 'sqlite',
    fresh: async () => ({ kind: 'sqlite', file: join(dir, `store-${++n}.db`) }),
    setVersion: async (spec, version) => {
      const db = new Database((spec as { file: string }).file);
      db.prepare('INSERT INTO analytics_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(version, 'from the future', new Date().toISOString());
      db.close();
    },
  },
];
if (!('skip' in postgres)) {
  backends.push({
    name: 'postgres',
    // One database per test, each created on the server and dropped after this file.
    fresh: async () => ({ kind: 'postgres', url: await newPostgresDb() }),
    setVersion: async (spec, version) => {
      const c = new pg.Client({ connectionString: (spec as { url: string }).url });
      await c.connect();
      await c.query('INSERT INTO analytics_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [version, 'from the future', new Date().toISOString()]);
      await c.end();
    },
  });
}

const ev = (over: Partial<StoredEvent>): StoredEvent => ({
  site: 'blog.example',
  path: '/writing/a/',
  kind: 'view',
  referrer: null,
  bucket: null,
  visitor: 'v1',
  at: Date.parse('2026-03-02T10:00:00Z'),
  day: '2026-03-02',
  ...over,
});

describe.each(backends)('analytics store on $name', (backend) => {
  const open: AnalyticsStore[] = [];
  afterAll(async () => {
    for (const s of open) await s.close().catch(() => {});
  });
  const openFresh = async (spec?: DatabaseSpec) => {
    const s = await openStore(spec ?? (await backend.fresh()));
    open.push(s);
    return s;
  };

  it('applies the migrations once, records them, and refuses a database from a newer version', async () => {
    const spec = await backend.fresh();
    const first = await openFresh(spec);
    expect(await first.migrate()).toEqual({ applied: [1], version: SCHEMA_VERSION });
    expect(await first.migrate()).toEqual({ applied: [], version: SCHEMA_VERSION });
    await first.close();
    const again = await openFresh(spec);
    expect(await again.migrate()).toEqual({ applied: [], version: SCHEMA_VERSION });
    await again.close();

    await backend.setVersion(spec, SCHEMA_VERSION + 1);
    const newer = await openFresh(spec);
    const err = await newer.migrate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CasebookError);
    expect((err as CasebookError).code).toBe('CB3203');
    expect((err as CasebookError).message).toContain(`schema version ${SCHEMA_VERSION + 1}`);
  });

  it('counts views, daily visitors, reads, referrers, days and read times over an inclusive range', async () => {
    const store = await openFresh();
    await store.migrate();
    await store.insert([
      ev({ visitor: 'a' }),
      ev({ visitor: 'a' }),
      ev({ visitor: 'b', referrer: 'news.ycombinator.com' }),
      ev({ visitor: 'a', kind: 'read', bucket: '1-2m' }),
      ev({ visitor: 'c', path: '/writing/b/', referrer: 'lobste.rs' }),
      ev({ visitor: 'c', path: '/writing/b/', kind: 'read', bucket: '<10s' }),
      // The next day: visitor ids are per day, so "a" again is a new daily visitor.
      ev({ visitor: 'a2', day: '2026-03-03', at: Date.parse('2026-03-03T08:00:00Z'), referrer: 'news.ycombinator.com' }),
      // Outside the range, and another site.
      ev({ visitor: 'z', day: '2026-03-05', at: Date.parse('2026-03-05T08:00:00Z') }),
      ev({ visitor: 'y', site: 'other.example' }),
    ]);
    const q = { from: '2026-03-01', to: '2026-03-04', site: 'blog.example' };
    const stats = shapeStats(q, await store.stats(q), await store.sites());
    expect(stats.totals).toEqual({ views: 5, visitors: 4, reads: 2, readThrough: 0.4 });
    expect(stats.pages).toEqual([
      { path: '/writing/a/', views: 4, visitors: 3, reads: 1, readThrough: 0.25 },
      { path: '/writing/b/', views: 1, visitors: 1, reads: 1, readThrough: 1 },
    ]);
    expect(stats.referrers).toEqual([
      { referrer: 'news.ycombinator.com', views: 2, visitors: 2 },
      { referrer: 'lobste.rs', views: 1, visitors: 1 },
    ]);
    expect(stats.days).toEqual([
      { day: '2026-03-01', views: 0, visitors: 0, reads: 0 },
      { day: '2026-03-02', views: 4, visitors: 3, reads: 2 },
      { day: '2026-03-03', views: 1, visitors: 1, reads: 0 },
      { day: '2026-03-04', views: 0, visitors: 0, reads: 0 },
    ]);
    expect(stats.readTimes.filter((b) => b.reads)).toEqual([
      { bucket: '<10s', reads: 1 },
      { bucket: '1-2m', reads: 1 },
    ]);
    expect(stats.sites).toEqual(['blog.example', 'other.example']);

    const all = await store.stats({ from: '2026-03-01', to: '2026-03-31', site: undefined });
    expect(all.totals).toEqual({ views: 7, visitors: 6, reads: 2 });
  });

  it('keeps one salt per day, the same for every caller, and deletes the salts of earlier days', async () => {
    const spec = await backend.fresh();
    const store = await openFresh(spec);
    await store.migrate();
    const monday = await store.dailySalt('2026-03-02');
    expect(monday.length).toBe(32);
    expect(Buffer.from(await store.dailySalt('2026-03-02'))).toEqual(Buffer.from(monday));
    // A second collector on the same database gets the same salt, so it counts the same visitors.
    const other = await openFresh(spec);
    expect(Buffer.from(await other.dailySalt('2026-03-02'))).toEqual(Buffer.from(monday));
    const tuesday = await store.dailySalt('2026-03-03');
    expect(Buffer.from(tuesday)).not.toEqual(Buffer.from(monday));
    // Monday's salt was deleted when Tuesday's was made.
    const days = await saltDays(spec);
    expect(days).toEqual(['2026-03-03']);
  });

  it('deletes the events of days before a cutoff', async () => {
    const store = await openFresh();
    await store.migrate();
    await store.insert(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-01', '2026-03-02'].map((day) => ev({ day, at: Date.parse(`${day}T12:00:00Z`) })));
    expect(await store.deleteBefore('2026-03-01')).toBe(2);
    expect(await store.deleteBefore('2026-03-01')).toBe(0);
    const left = await store.stats({ from: '2026-01-01', to: '2026-12-31', site: undefined });
    expect(left.days.map((d) => [d.day, d.views])).toEqual([
      ['2026-03-01', 2],
      ['2026-03-02', 1],
    ]);
  });

  it('stores a batch of thousands of events in one call', async () => {
    const store = await openFresh();
    await store.migrate();
    const batch = Array.from({ length: 5000 }, (_, i) => ev({ visitor: `v${i % 70}`, path: `/p/${i % 13}/`, kind: i % 5 === 0 ? 'read' : 'view' }));
    await store.insert(batch);
    const s = await store.stats({ from: '2026-03-02', to: '2026-03-02', site: undefined });
    expect(s.totals).toEqual({ views: 4000, reads: 1000, visitors: 70 });
    expect(s.pages.length).toBe(13);
  });
});

async function saltDays(spec: DatabaseSpec): Promise<string[]> {
  if (spec.kind === 'sqlite') {
    const db = new Database(spec.file, { readonly: true });
    const rows = db.prepare('SELECT day FROM analytics_salts ORDER BY day').all() as { day: string }[];
    db.close();
    return rows.map((r) => r.day);
  }
  const c = new pg.Client({ connectionString: spec.url });
  await c.connect();
  const { rows } = await c.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM analytics_salts ORDER BY day`);
  await c.end();
  return rows.map((r: { day: string }) => r.day);
}

describe('database specs', () => {
  it('reads sqlite:FILE relative to the working folder and postgres URLs, and refuses the rest with CB3201', () => {
    expect(parseDatabaseSpec('sqlite:data/a.db', '/srv')).toEqual({ kind: 'sqlite', file: '/srv/data/a.db' });
    expect(parseDatabaseSpec('sqlite:/var/lib/a.db', '/srv')).toEqual({ kind: 'sqlite', file: '/var/lib/a.db' });
    expect(parseDatabaseSpec('postgresql://u:p@db:5432/stats')).toEqual({ kind: 'postgres', url: 'postgresql://u:p@db:5432/stats' });
    for (const bad of ['sqlite:', 'mysql://x', 'analytics.db']) {
      expect(() => parseDatabaseSpec(bad)).toThrow(expect.objectContaining({ code: 'CB3201' }));
    }
    // The password never appears in the message.
    expect(() => parseDatabaseSpec('redis://user:hunter2@x')).toThrow(expect.not.objectContaining({ message: expect.stringContaining('hunter2') }));
  });
});
