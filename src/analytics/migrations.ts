/**
 * The schema, as versioned migrations applied in order when the collector starts. Both backends
 * get the same tables and columns; only the column types are each database's own. A migration
 * is never edited once released: a change is a new entry at the end.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events and daily salts',
    sqlite: `
CREATE TABLE analytics_events (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL,
  path TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('view', 'read')),
  referrer TEXT,
  bucket TEXT,
  visitor TEXT NOT NULL,
  day TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX analytics_events_site_day ON analytics_events (site, day);
CREATE INDEX analytics_events_day ON analytics_events (day);
CREATE TABLE analytics_salts (
  day TEXT PRIMARY KEY,
  salt BLOB NOT NULL
);`,
    postgres: `
CREATE TABLE analytics_events (
  id bigserial PRIMARY KEY,
  site text NOT NULL,
  path text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('view', 'read')),
  referrer text,
  bucket text,
  visitor text NOT NULL,
  day date NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX analytics_events_site_day ON analytics_events (site, day);
CREATE INDEX analytics_events_day ON analytics_events (day);
CREATE TABLE analytics_salts (
  day date PRIMARY KEY,
  salt bytea NOT NULL
);`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The bookkeeping table, created before anything else (same SQL on both backends). */
export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS analytics_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;
