import { resolve } from 'node:path';
import { CasebookError } from '../errors/index.js';
import type { EventKind, TimeBucket } from './event.js';

/** One event as stored: no address, no user agent, only the day's anonymous visitor id. */
export interface StoredEvent {
  site: string;
  path: string;
  kind: EventKind;
  /** Referrer host, or null for direct visits and links from the site itself. */
  referrer: string | null;
  bucket: TimeBucket | null;
  visitor: string;
  /** Milliseconds since the epoch; `day` is its UTC date. */
  at: number;
  day: string;
}

export interface StatsQuery {
  /** Inclusive UTC days, YYYY-MM-DD. */
  from: string;
  to: string;
  /** Only this site; all sites when undefined. */
  site: string | undefined;
}

export interface Counts {
  views: number;
  visitors: number;
  reads: number;
}

/** What a store computes; `stats.ts` turns it into the API's shape. */
export interface RawStats {
  totals: Counts;
  pages: (Counts & { path: string })[];
  referrers: { referrer: string; views: number; visitors: number }[];
  days: (Counts & { day: string })[];
  buckets: { bucket: string; reads: number }[];
}

export interface MigrationReport {
  /** Versions applied by this start (empty when the schema was current). */
  applied: number[];
  version: number;
}

export interface AnalyticsStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data lives, without secrets (`/srv/analytics.db`, `postgres://db.internal:5432/stats`). */
  readonly description: string;
  migrate(): Promise<MigrationReport>;
  /** The salt of `day`, created on first use; salts of earlier days are deleted. */
  dailySalt(day: string): Promise<Uint8Array>;
  insert(events: readonly StoredEvent[]): Promise<void>;
  /** Deletes the events of days before `day`; returns how many. */
  deleteBefore(day: string): Promise<number>;
  stats(query: StatsQuery): Promise<RawStats>;
  /** Every site id with at least one event, sorted. */
  sites(): Promise<string[]>;
  close(): Promise<void>;
}

export type DatabaseSpec = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export const DEFAULT_DB = 'sqlite:analytics.db';

/** `sqlite:FILE` (relative to `cwd`) or `postgres://…` / `postgresql://…`. */
export function parseDatabaseSpec(spec: string, cwd = process.cwd()): DatabaseSpec {
  if (spec.startsWith('sqlite:')) {
    const file = spec.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new CasebookError('CB3201', `--db sqlite: needs a file name, such as sqlite:analytics.db.`);
    return { kind: 'sqlite', file: resolve(cwd, file) };
  }
  if (/^postgres(?:ql)?:\/\//i.test(spec)) {
    try {
      new URL(spec);
    } catch {
      throw new CasebookError('CB3201', `--db ${redactUrl(spec)} is not a valid PostgreSQL URL.`);
    }
    return { kind: 'postgres', url: spec };
  }
  throw new CasebookError('CB3201', `--db must start with sqlite: or postgres://, got "${redactUrl(spec)}".`);
}

/** A connection URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

export async function openStore(spec: DatabaseSpec): Promise<AnalyticsStore> {
  if (spec.kind === 'sqlite') {
    const { SqliteStore } = await import('./sqlite-store.js');
    return SqliteStore.open(spec.file);
  }
  const { PostgresStore } = await import('./postgres-store.js');
  return PostgresStore.open(spec.url);
}
