import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { CasebookError } from '../errors/index.js';
import { importOptional } from '../util/optional-package.js';
import { MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION } from './migrations.js';
import type { AnalyticsStore, Counts, MigrationReport, RawStats, StatsQuery, StoredEvent } from './store.js';

type Row = Record<string, unknown>;
const n = (v: unknown): number => Number(v ?? 0);

/** The embedded backend: one file, WAL mode, writes in one transaction per batch. */
export class SqliteStore implements AnalyticsStore {
  readonly kind = 'sqlite';
  /** Prepared on first use: the table exists only after migrate(). */
  private insertOne: Database.Statement | undefined;

  private constructor(
    private readonly db: Database.Database,
    readonly description: string,
  ) {}

  static async open(file: string): Promise<SqliteStore> {
    const driver = await importOptional<{ default: typeof Database }>('better-sqlite3');
    if (!driver) throw new CasebookError('CB3300', `The SQLite database ${file} needs the better-sqlite3 package, which is not installed next to Casebook.`);
    let db: Database.Database;
    try {
      db = new driver.default(file);
      // WAL lets the dashboard read while events are written; NORMAL syncs at checkpoints, which
      // can lose the last moments of events on power loss but never corrupts the file.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.exec(MIGRATIONS_TABLE);
    } catch (e) {
      throw new CasebookError('CB3202', `Cannot open the SQLite database ${file}: ${(e as Error).message}.`);
    }
    return new SqliteStore(db, file);
  }

  async migrate(): Promise<MigrationReport> {
    const applied: number[] = [];
    const current = () => n((this.db.prepare('SELECT max(version) AS v FROM analytics_migrations').get() as Row).v);
    const run = this.db.transaction(() => {
      // Re-read inside the write lock: another collector may have migrated meanwhile.
      const version = current();
      if (version > SCHEMA_VERSION) return version;
      for (const m of MIGRATIONS) {
        if (m.version <= version) continue;
        this.db.exec(m.sqlite);
        this.db.prepare('INSERT INTO analytics_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
        applied.push(m.version);
      }
      return current();
    });
    const version = run.immediate();
    if (version > SCHEMA_VERSION) {
      throw new CasebookError('CB3203', `${this.description} has schema version ${version}; this Casebook knows versions up to ${SCHEMA_VERSION}.`);
    }
    return { applied, version };
  }

  async dailySalt(day: string): Promise<Uint8Array> {
    const fresh = randomBytes(32);
    const get = this.db.transaction(() => {
      this.db.prepare('INSERT INTO analytics_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING').run(day, fresh);
      this.db.prepare('DELETE FROM analytics_salts WHERE day < ?').run(day);
      return (this.db.prepare('SELECT salt FROM analytics_salts WHERE day = ?').get(day) as { salt: Buffer }).salt;
    });
    return new Uint8Array(get.immediate());
  }

  async insert(events: readonly StoredEvent[]): Promise<void> {
    const stmt = (this.insertOne ??= this.db.prepare(
      'INSERT INTO analytics_events (site, path, kind, referrer, bucket, visitor, day, at) VALUES (@site, @path, @kind, @referrer, @bucket, @visitor, @day, @at)',
    ));
    const all = this.db.transaction((list: readonly StoredEvent[]) => {
      for (const e of list) stmt.run({ ...e, at: Math.floor(e.at / 1000) });
    });
    all.immediate(events);
  }

  async deleteBefore(day: string): Promise<number> {
    return this.db.prepare('DELETE FROM analytics_events WHERE day < ?').run(day).changes;
  }

  async stats(q: StatsQuery): Promise<RawStats> {
    const where = 'day BETWEEN @from AND @to AND (@site IS NULL OR site = @site)';
    const params = { from: q.from, to: q.to, site: q.site ?? null };
    const counts = "SUM(kind = 'view') AS views, COUNT(DISTINCT visitor) AS visitors, SUM(kind = 'read') AS reads";
    const all = (sql: string) => this.db.prepare(sql).all(params) as Row[];
    const c = (r: Row): Counts => ({ views: n(r.views), visitors: n(r.visitors), reads: n(r.reads) });
    const read = this.db.transaction(() => ({
      totals: c(all(`SELECT ${counts} FROM analytics_events WHERE ${where}`)[0] ?? {}),
      pages: all(`SELECT path, ${counts} FROM analytics_events WHERE ${where} GROUP BY path ORDER BY views DESC, reads DESC, path`).map((r) => ({
        path: String(r.path),
        ...c(r),
      })),
      referrers: all(`SELECT referrer, COUNT(*) AS views, COUNT(DISTINCT visitor) AS visitors FROM analytics_events
        WHERE ${where} AND kind = 'view' AND referrer IS NOT NULL GROUP BY referrer ORDER BY views DESC, referrer`).map((r) => ({
        referrer: String(r.referrer),
        views: n(r.views),
        visitors: n(r.visitors),
      })),
      days: all(`SELECT day, ${counts} FROM analytics_events WHERE ${where} GROUP BY day ORDER BY day`).map((r) => ({ day: String(r.day), ...c(r) })),
      buckets: all(`SELECT bucket, COUNT(*) AS reads FROM analytics_events WHERE ${where} AND kind = 'read' AND bucket IS NOT NULL GROUP BY bucket`).map(
        (r) => ({ bucket: String(r.bucket), reads: n(r.reads) }),
      ),
    }));
    // One read transaction: every table of the answer sees the same events.
    return read.deferred();
  }

  async sites(): Promise<string[]> {
    return (this.db.prepare('SELECT DISTINCT site FROM analytics_events ORDER BY site').all() as Row[]).map((r) => String(r.site));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
