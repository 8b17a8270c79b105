import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll } from 'vitest';

const SETUP = new URL('../../.ci/postgres.sh', import.meta.url).pathname;

export interface PostgresTarget {
  /** A server URL whose role may create databases. */
  url: string;
  /** How it was found, for the test output. */
  source: string;
}

/**
 * The PostgreSQL server for the analytics tests. CASEBOOK_TEST_POSTGRES_URL wins (CI sets it, from
 * .ci/postgres.sh). Without it, a developer machine that has Debian's postgresql installed and
 * runs as root gets the same cluster started by that script. Otherwise the tests are skipped with
 * the reason; in CI (CI set) a missing server is a failure instead, never a silent skip.
 */
export async function findPostgres(): Promise<PostgresTarget | { skip: string }> {
  const fromEnv = process.env.CASEBOOK_TEST_POSTGRES_URL;
  if (fromEnv) return { url: fromEnv, source: 'CASEBOOK_TEST_POSTGRES_URL' };
  const missing = (why: string) => {
    const message = `PostgreSQL tests skipped: ${why}. Run \`export CASEBOOK_TEST_POSTGRES_URL=$(sudo bash .ci/postgres.sh)\` first.`;
    if (process.env.CI) throw new Error(`CASEBOOK_TEST_POSTGRES_URL is not set in CI; .ci/run must export it (${why}).`);
    return { skip: message };
  };
  const installed = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`));
  if (!installed) return missing('CASEBOOK_TEST_POSTGRES_URL is unset and no PostgreSQL server is installed');
  if (process.getuid?.() !== 0) return missing('CASEBOOK_TEST_POSTGRES_URL is unset and starting the local cluster needs root');
  try {
    const url = execFileSync('bash', [SETUP], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).trim();
    return { url, source: '.ci/postgres.sh (local cluster)' };
  } catch (e) {
    return missing(`starting the local cluster failed: ${(e as Error).message.split('\n')[0]}`);
  }
}

/**
 * A database of its own for a test (or a test file), so tests running in parallel never see each
 * other's events. `drop` removes it, connections and all.
 */
export async function createTestDatabase(target: PostgresTarget): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `casebook_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: target.url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(target.url);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => dropDatabase(name, admin) };
}

/**
 * Drops a test database, its connections too. An autovacuum worker may be on it right after a
 * load test wrote thousands of rows: it belongs to the server, so FORCE may not end it
 * (insufficient privilege, 42501), and one CI run failed its teardown on that. It finishes within
 * moments, so the drop is tried again for up to ten seconds.
 */
async function dropDatabase(name: string, admin: (sql: string) => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '42501' || attempt >= 50) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Test databases dropped after the file: call once at the top of a test file. */
export function useTestDatabases(target: PostgresTarget | { skip: string }): () => Promise<string> {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });
  return async () => {
    if ('skip' in target) throw new Error(target.skip);
    const db = await createTestDatabase(target);
    drops.push(db.drop);
    return db.url;
  };
}

/** Every value of every table in the database's public schema, as text, for privacy scans. */
export async function dumpPostgres(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows: tables } = await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    let out = '';
    for (const { table_name: t } of tables as { table_name: string }[]) {
      const { rows } = await c.query(`SELECT t::text AS row FROM "${t}" t`);
      out += `${t}\n${rows.map((r: { row: string }) => r.row).join('\n')}\n`;
    }
    return out;
  } finally {
    await c.end();
  }
}
