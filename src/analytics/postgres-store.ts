import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { CasebookError } from '../errors/index.js';
import { importOptional } from '../util/optional-package.js';
import { MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION } from './migrations.js';
import { redactUrl, type AnalyticsStore, type Counts, type MigrationReport, type RawStats, type StatsQuery, type StoredEvent } from './store.js';

type Row = Record<string, unknown>;
const n = (v: unknown): number => Number(v ?? 0);
/** Any fixed number: collectors starting at once take turns migrating. */
const MIGRATION_LOCK = 7_262_201_900;

/** The backend for sites that outgrow one machine: several collectors can share one database. */
export class PostgresStore implements AnalyticsStore {
  readonly kind = 'postgres';

  private constructor(
    private readonly pool: pg.Pool,
    readonly description: string,
  ) {}

  static async open(url: string): Promise<PostgresStore> {
    const description = describe(url);
    const driver = await importOptional<{ default: typeof pg }>('pg');
    if (!driver) throw new CasebookError('CB3301', `The PostgreSQL database ${description} needs the pg package, which is not installed next to Casebook.`);
    const pool = new driver.default.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 10_000, application_name: 'casebook-analytics' });
    // An idle connection the server dropped must not crash the collector; the pool replaces it.
    pool.on('error', (e) => process.stderr.write(`casebook analytics: PostgreSQL connection lost: ${e.message}\n`));
    try {
      await pool.query(MIGRATIONS_TABLE);
    } catch (e) {
      await pool.end().catch(() => {});
      throw new CasebookError('CB3202', `Cannot connect to PostgreSQL at ${description}: ${(e as Error).message}.`);
    }
    return new PostgresStore(pool, description);
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, mode = ''): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query(`BEGIN ${mode}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async migrate(): Promise<MigrationReport> {
    const applied: number[] = [];
    const version = await this.transaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const current = async () => n((await db.query('SELECT max(version) AS v FROM analytics_migrations')).rows[0]?.v);
      const before = await current();
      if (before > SCHEMA_VERSION) return before;
      for (const m of MIGRATIONS) {
        if (m.version <= before) continue;
        await db.query(m.postgres);
        await db.query('INSERT INTO analytics_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
        applied.push(m.version);
      }
      return current();
    });
    if (version > SCHEMA_VERSION) {
      throw new CasebookError('CB3203', `${this.description} has schema version ${version}; this Casebook knows versions up to ${SCHEMA_VERSION}.`);
    }
    return { applied, version };
  }

  async dailySalt(day: string): Promise<Uint8Array> {
    return this.transaction(async (db) => {
      await db.query('INSERT INTO analytics_salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING', [day, randomBytes(32)]);
      await db.query('DELETE FROM analytics_salts WHERE day < $1', [day]);
      const { rows } = await db.query('SELECT salt FROM analytics_salts WHERE day = $1', [day]);
      return new Uint8Array(rows[0]!.salt as Buffer);
    });
  }

  async insert(events: readonly StoredEvent[]): Promise<void> {
    if (!events.length) return;
    // One statement for the whole batch, however long: columns travel as arrays.
    await this.pool.query(
      `INSERT INTO analytics_events (site, path, kind, referrer, bucket, visitor, day, at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::timestamptz[])`,
      [
        events.map((e) => e.site),
        events.map((e) => e.path),
        events.map((e) => e.kind),
        events.map((e) => e.referrer),
        events.map((e) => e.bucket),
        events.map((e) => e.visitor),
        events.map((e) => e.day),
        events.map((e) => new Date(e.at).toISOString()),
      ],
    );
  }

  async deleteBefore(day: string): Promise<number> {
    return (await this.pool.query('DELETE FROM analytics_events WHERE day < $1::date', [day])).rowCount ?? 0;
  }

  async stats(q: StatsQuery): Promise<RawStats> {
    const where = 'day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR site = $3::text)';
    const counts = "count(*) FILTER (WHERE kind = 'view') AS views, count(DISTINCT visitor) AS visitors, count(*) FILTER (WHERE kind = 'read') AS reads";
    const c = (r: Row): Counts => ({ views: n(r.views), visitors: n(r.visitors), reads: n(r.reads) });
    // REPEATABLE READ: every table of the answer sees the same events.
    return this.transaction(async (db) => {
      const all = async (sql: string) => (await db.query(sql, [q.from, q.to, q.site ?? null])).rows as Row[];
      return {
        totals: c((await all(`SELECT ${counts} FROM analytics_events WHERE ${where}`))[0] ?? {}),
        pages: (await all(`SELECT path, ${counts} FROM analytics_events WHERE ${where} GROUP BY path ORDER BY views DESC, reads DESC, path COLLATE "C"`)).map(
          (r) => ({ path: String(r.path), ...c(r) }),
        ),
        referrers: (
          await all(`SELECT referrer, count(*) AS views, count(DISTINCT visitor) AS visitors FROM analytics_events
          WHERE ${where} AND kind = 'view' AND referrer IS NOT NULL GROUP BY referrer ORDER BY views DESC, referrer COLLATE "C"`)
        ).map((r) => ({ referrer: String(r.referrer), views: n(r.views), visitors: n(r.visitors) })),
        days: (await all(`SELECT to_char(day, 'YYYY-MM-DD') AS day, ${counts} FROM analytics_events WHERE ${where} GROUP BY day ORDER BY day`)).map((r) => ({
          day: String(r.day),
          ...c(r),
        })),
        buckets: (
          await all(`SELECT bucket, count(*) AS reads FROM analytics_events WHERE ${where} AND kind = 'read' AND bucket IS NOT NULL GROUP BY bucket`)
        ).map((r) => ({ bucket: String(r.bucket), reads: n(r.reads) })),
      };
    }, 'ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async sites(): Promise<string[]> {
    const { rows } = await this.pool.query('SELECT site FROM analytics_events GROUP BY site ORDER BY site COLLATE "C"');
    return rows.map((r: Row) => String(r.site));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** host:port/database, never the password. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host || 'localhost'}${u.pathname}`;
  } catch {
    return redactUrl(url);
  }
}
