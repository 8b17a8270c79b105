import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_UA, countStoredEvents, getStats, newToken, postEvent, startCollector, type RunningCollector } from './helpers/analytics.js';
import { runCli, spawnCli } from './helpers/cli.js';
import { findPostgres, useTestDatabases } from './helpers/postgres.js';
import { useTempSites } from './helpers/site.js';

const dir = await mkdtemp(join(tmpdir(), 'casebook-analytics-server-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const postgres = await findPostgres();
if ('skip' in postgres) console.warn(postgres.skip);
const newPostgresDb = useTestDatabases(postgres);
const site = useTempSites();

const ORIGIN = 'https://blog.example';
const SITE_ORIGIN = 'https://maya.example.com';
const view = (over: Record<string, unknown> = {}) => ({ site: 'blog.example', path: '/writing/a/', kind: 'view', referrer: '', ...over });

const backends = [{ name: 'sqlite', db: async () => `sqlite:${join(dir, `server-${Date.now()}-${Math.random()}.db`)}` }];
if (!('skip' in postgres)) backends.push({ name: 'postgres', db: newPostgresDb });

describe.each(backends)('collector on $name', (backend) => {
  let c: RunningCollector;
  let db: string;
  beforeAll(async () => {
    db = await backend.db();
    const siteDir = await site(`
-- casebook.config.yaml --
title: Maya
baseUrl: ${SITE_ORIGIN}/
analytics:
  endpoint: https://stats.maya.example.com/
  site: maya
-- content/a.md --
# A
`);
    c = await startCollector(['--db', db, '--origin', ORIGIN, '--site', siteDir, '--rate-limit', 'off']);
  });
  afterAll(async () => {
    expect(await c.stop()).toBe(0);
  });
  // Each test leaves its events behind; it checks the difference it made.
  const total = async () => (await getStats(c)).totals;

  it('prints where it listens, what it stores into and which origins it accepts', () => {
    expect(c.output()).toContain(`database:   ${backend.name} `);
    expect(c.output()).toContain('schema v1 (applied 1)');
    expect(c.output()).toContain(`from ${ORIGIN}, ${SITE_ORIGIN} (sites maya)`);
    expect(c.output()).toContain('rate limit: off');
  });

  it('accepts sendBeacon text/plain and application/json bodies, with CORS for the site origin only', async () => {
    const before = await total();
    const a = await postEvent(c, view(), { origin: ORIGIN });
    expect(a.status).toBe(204);
    expect(a.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(a.headers.get('vary')).toBe('Origin');
    const b = await postEvent(c, view({ kind: 'read', referrer: undefined, bucket: '2-5m' }), { origin: ORIGIN, contentType: 'application/json' });
    expect(b.status).toBe(204);
    const after = await total();
    expect([after.views - before.views, after.reads - before.reads]).toEqual([1, 1]);

    // The preflight that application/json needs from a page.
    const pre = await fetch(`${c.url}/api/event`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(pre.headers.get('access-control-allow-headers')).toBe('Content-Type');
    const evilPre = await fetch(`${c.url}/api/event`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evilPre.status).toBe(403);
    expect(evilPre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses pages of other origins (403) and site ids their origin does not serve (400), storing nothing', async () => {
    const before = await countStoredEvents(db);
    const evil = await postEvent(c, view(), { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error).toBe('origin https://evil.example may not send events to this collector');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect((await postEvent(c, view(), { origin: 'null' })).status).toBe(403);
    // --site ties its origin to its site id.
    const wrongSite = await postEvent(c, view({ site: 'blog.example' }), { origin: SITE_ORIGIN });
    expect(wrongSite.status).toBe(400);
    expect(JSON.parse(wrongSite.body).error).toBe(`site "blog.example" is not served from ${SITE_ORIGIN}`);
    // Without an Origin header (not a browser page), only site ids this collector knows count.
    const unknown = await postEvent(c, view({ site: 'someone-else' }));
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error).toBe('site "someone-else" is not one this collector counts');
    expect(await countStoredEvents(db)).toBe(before);
    expect((await postEvent(c, view({ site: 'maya' }), { origin: SITE_ORIGIN })).status).toBe(204);
    expect(await countStoredEvents(db)).toBe(before + 1);
  });

  it('answers malformed events with 400 and the reason, and stores none of them', async () => {
    const before = await countStoredEvents(db);
    const cases: [unknown, string][] = [
      ['not json', 'body is not valid JSON'],
      ['[1,2]', 'body must be a JSON object'],
      [view({ extra: 1 }), 'unknown field "extra"; allowed: site, path, kind, referrer, bucket'],
      [{ path: '/a/', kind: 'view' }, 'site must be a site id of letters, digits, ".", "-" and "_" (at most 64)'],
      [view({ site: '../etc' }), 'site must be a site id of letters, digits, ".", "-" and "_" (at most 64)'],
      [view({ path: 7 }), 'path must be a string'],
      [view({ path: 'writing/a/' }), 'path must start with "/"'],
      [view({ path: '//evil.example/x' }), 'path must not start with "//"'],
      [view({ path: '/a/?q=1' }), 'path must not contain a query or fragment'],
      [view({ path: '/a/#top' }), 'path must not contain a query or fragment'],
      [view({ path: '/a b/' }), 'path has characters a browser would percent-encode'],
      [view({ path: '/<script>alert(1)</script>' }), 'path has characters a browser would percent-encode'],
      [view({ path: '/a/../../etc/passwd' }), 'path must not contain "." or ".." segments'],
      [view({ path: '/%2e%2E/x' }), 'path must not contain "." or ".." segments'],
      [view({ path: '/%FF/' }), 'path has a percent escape that is not UTF-8'],
      [view({ path: `/${'a'.repeat(600)}/` }), 'path is longer than 512 characters'],
      [view({ kind: 'click' }), 'kind must be one of view, read'],
      [view({ bucket: '<10s' }), 'bucket belongs to read events only'],
      [view({ kind: 'read', referrer: undefined, bucket: '3h' }), 'bucket must be one of <10s, 10-30s, 30s-1m, 1-2m, 2-5m, 5-10m, 10m+'],
      [view({ referrer: 'javascript:alert(1)' }), 'referrer must be empty or an http(s) URL'],
      [view({ referrer: 42 }), 'referrer must be a string'],
      [view({ kind: 'read', referrer: 'https://a.example/' }), 'referrer belongs to view events only'],
      [JSON.stringify(view({ referrer: `https://a.example/${'x'.repeat(2100)}` })), 'body is larger than 2048 bytes'],
    ];
    for (const [body, reason] of cases) {
      const r = await postEvent(c, body, { origin: ORIGIN });
      expect({ body, status: r.status, error: JSON.parse(r.body).error }).toEqual({ body, status: 400, error: reason });
      // Even a refusal carries CORS for the site, so the page's own console shows the reason.
      expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    }
    const badUtf8 = await fetch(`${c.url}/api/event`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA },
      body: Buffer.concat([Buffer.from('{"site":"blog.example","path":"/'), Buffer.from([0xc3, 0x28]), Buffer.from('","kind":"view"}')]),
    });
    expect([badUtf8.status, (await badUtf8.json()).error]).toEqual([400, 'body is not valid UTF-8']);
    const html = await postEvent(c, view(), { origin: ORIGIN, contentType: 'text/html' });
    expect([html.status, JSON.parse(html.body).error]).toEqual([415, 'send the event as application/json or text/plain']);
    const get = await fetch(`${c.url}/api/event`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST, OPTIONS']);
    expect(await countStoredEvents(db)).toBe(before);
  });

  it('drops bots, Do-Not-Track and Global Privacy Control requests without storing them', async () => {
    const before = await countStoredEvents(db);
    const dropped: { userAgent?: string; headers?: Record<string, string> }[] = [
      { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36' },
      { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
      { userAgent: 'curl/8.5.0' },
      { userAgent: '' },
      { headers: { dnt: '1' } },
      { headers: { 'sec-gpc': '1' } },
    ];
    for (const opts of dropped) {
      const r = await postEvent(c, view(), { origin: ORIGIN, ...opts });
      // The same answer as a counted event: a bot learns nothing.
      expect(r.status).toBe(204);
    }
    expect(await countStoredEvents(db)).toBe(before);
    expect((await postEvent(c, view(), { origin: ORIGIN })).status).toBe(204);
    expect(await countStoredEvents(db)).toBe(before + 1);
  });

  it('keeps only the host of outside referrers and none for links within the site', async () => {
    await postEvent(c, view({ path: '/ref/', referrer: 'https://www.News.Example.org/item?id=42&token=secret' }), { origin: ORIGIN });
    await postEvent(c, view({ path: '/ref/', referrer: `${ORIGIN}/writing/` }), { origin: ORIGIN });
    const s = await getStats(c);
    expect(s.referrers).toContainEqual({ referrer: 'news.example.org', views: 1, visitors: 1 });
    expect(s.referrers.map((r) => r.referrer)).not.toContain('blog.example');
    expect(JSON.stringify(s)).not.toContain('secret');
  });

  it('counts one visitor per browser and day, telling browsers apart without storing what they are', async () => {
    for (const ua of [BROWSER_UA, BROWSER_UA, `${BROWSER_UA} Other/1`]) await postEvent(c, view({ path: '/visitors/' }), { origin: ORIGIN, userAgent: ua });
    const page = (await getStats(c)).pages.find((p) => p.path === '/visitors/');
    expect(page).toEqual({ path: '/visitors/', views: 3, visitors: 2, reads: 0, readThrough: 0 });
  });

  it('serves /api/stats, its CSV and /dashboard only with the token', async () => {
    for (const path of ['/api/stats', '/api/stats.csv', '/dashboard']) {
      const none = await fetch(`${c.url}${path}`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Basic realm="Casebook analytics", charset="UTF-8"');
      const wrong = await fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${c.token}x` } });
      expect(wrong.status).toBe(401);
      const basicWrong = await fetch(`${c.url}${path}`, { headers: { authorization: `Basic ${Buffer.from('me:nope').toString('base64')}` } });
      expect(basicWrong.status).toBe(401);
      const bearer = await fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${c.token}` } });
      expect(bearer.status).toBe(200);
      const basic = await fetch(`${c.url}${path}`, { headers: { authorization: `Basic ${Buffer.from(`anyone:${c.token}`).toString('base64')}` } });
      expect(basic.status).toBe(200);
      expect(basic.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('validates the stats query', async () => {
    const ask = async (q: string) => {
      const r = await fetch(`${c.url}${q}`, { headers: { authorization: `Bearer ${c.token}` } });
      return [r.status, (await r.json()).error];
    };
    expect(await ask('/api/stats?from=2026-02-30')).toEqual([400, 'from must be a date as YYYY-MM-DD']);
    expect(await ask('/api/stats?to=yesterday')).toEqual([400, 'to must be a date as YYYY-MM-DD']);
    expect(await ask('/api/stats?from=2026-03-05&to=2026-03-01')).toEqual([400, 'from must not be after to']);
    expect(await ask('/api/stats?from=2000-01-01&to=2026-01-01')).toEqual([400, 'the range may span at most 3660 days']);
    expect(await ask('/api/stats?limit=5')).toEqual([400, 'unknown parameter "limit"; allowed: from, to, site']);
    expect(await ask('/api/stats?table=pages')).toEqual([400, 'table is a parameter of /api/stats.csv']);
    expect(await ask('/api/stats.csv?table=people')).toEqual([400, 'table must be one of pages, referrers, days, read-times']);
    const s = await getStats(c, '?from=2026-03-01&to=2026-03-03&site=maya');
    expect(s.days.map((d) => d.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(s.totals.views).toBe(0);
  });

  it('exports every table as CSV', async () => {
    const get = async (table: string) => {
      const r = await fetch(`${c.url}/api/stats.csv?table=${table}`, { headers: { authorization: `Bearer ${c.token}` } });
      expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(r.headers.get('content-disposition')).toMatch(
        new RegExp(`^attachment; filename="casebook-${table}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
      );
      return (await r.text()).split('\r\n');
    };
    const pages = await get('pages');
    expect(pages[0]).toBe('path,views,visitors,reads,read_through');
    expect(pages).toContain('/visitors/,3,2,0,0');
    expect(await get('referrers')).toContain('news.example.org,1,1');
    expect((await get('days'))[0]).toBe('day,views,visitors,reads');
    expect((await get('read-times'))[1]).toBe('<10s,0');
  });

  it('renders the dashboard with described charts, data tables, export links and no script', async () => {
    // Characters a path may carry that mean something in HTML.
    await postEvent(c, view({ path: "/a&b'c/" }), { origin: ORIGIN });
    const r = await fetch(`${c.url}/dashboard`, { headers: { authorization: `Bearer ${c.token}` } });
    const page = await r.text();
    expect(r.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; /);
    expect(page).not.toContain('<script');
    for (const id of ['chart-days', 'chart-read-through', 'chart-referrers', 'chart-time']) {
      expect(page).toContain(`<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc"`);
      expect(page).toMatch(new RegExp(`<title id="${id}-title">[^<]+</title><desc id="${id}-desc">[^<]+</desc>`));
    }
    expect(page).toContain('<caption id="table-pages-caption">Pages</caption>');
    expect(page).toContain('<th scope="row" class="path">/visitors/</th>');
    expect(page).toContain('/a&amp;b&#39;c/');
    expect(page).not.toContain("/a&b'c/");
    expect(page).toContain('href="api/stats.csv?table=pages&amp;from=');
    expect(page).toContain('<form class="filters" method="get" action="dashboard"');
    const root = await fetch(`${c.url}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, 'dashboard']);
    const bad = await fetch(`${c.url}/dashboard?from=2026-13-01`, { headers: { authorization: `Bearer ${c.token}` } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<p class="error" role="alert">Cannot show this range: from must be a date as YYYY-MM-DD.</p>');
  });

  it('keeps what it accepted across a restart', async () => {
    const before = await getStats(c);
    expect(await c.stop()).toBe(0);
    c = await startCollector(['--db', db, '--origin', ORIGIN, '--rate-limit', 'off']);
    expect(c.output()).toContain('schema v1\n');
    expect((await getStats(c)).totals).toEqual(before.totals);
  });
});

describe('rate limits', () => {
  let c: RunningCollector;
  beforeAll(async () => {
    c = await startCollector(['--db', `sqlite:${join(dir, 'limits.db')}`, '--origin', ORIGIN, '--rate-limit', '5/h']);
  });
  afterAll(() => c.stop());

  it('answers 429 with Retry-After past the per-client limit, and counts only what it accepted', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const r = await postEvent(c, view({ path: `/limited/${i}/` }), { origin: ORIGIN });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    expect(statuses).toEqual([204, 204, 204, 204, 204, 429, 429, 429]);
    // 5 an hour: the next token comes in about 12 minutes.
    expect(Number(retryAfter)).toBeGreaterThan(600);
    expect((await getStats(c)).totals.views).toBe(5);
  });

  it('locks a client out after repeated wrong tokens, even when it then sends the right one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await fetch(`${c.url}/api/stats`, { headers: { authorization: 'Bearer wrong-token-guess' } })).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const right = await fetch(`${c.url}/api/stats`, { headers: { authorization: `Bearer ${c.token}` } });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('retention', () => {
  it('--retain DAYS deletes older events at start (and hourly), keeping the last DAYS days', async () => {
    const file = join(dir, 'retain.db');
    const { openStore } = await import('../src/analytics/store.js');
    const store = await openStore({ kind: 'sqlite', file });
    await store.migrate();
    const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
    const event = (offset: number) => ({
      site: 'blog.example',
      path: `/d${offset}/`,
      kind: 'view' as const,
      referrer: null,
      bucket: null,
      visitor: 'v',
      day: day(offset),
      at: Date.now() - offset * 86_400_000,
    });
    await store.insert([event(0), event(6), event(7), event(40)]);
    await store.close();
    const c = await startCollector(['--db', `sqlite:${file}`, '--origin', ORIGIN, '--retain', '7']);
    try {
      expect(c.output()).toContain('retention:  events of the last 7 days (UTC), older ones deleted hourly');
      const deadline = Date.now() + 10_000;
      while ((await countStoredEvents(`sqlite:${file}`)) !== 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const s = await getStats(c, `?from=${day(60)}`);
      expect(s.pages.map((p) => p.path).sort()).toEqual(['/d0/', '/d6/']);
    } finally {
      await c.stop();
    }
    const bad = await runCli(['analytics', 'serve', '--port', '0', '--token', newToken(), '--origin', ORIGIN, '--retain', '0']);
    expect([bad.code, bad.stderr.includes('--retain must be a number of days from 1')]).toEqual([2, true]);
  });
});

describe('casebook analytics serve: usage and startup errors', () => {
  const base = ['analytics', 'serve', '--port', '0', '--origin', ORIGIN];

  it('needs a token of at least 16 characters, from --token or CASEBOOK_ANALYTICS_TOKEN (CB3200, exit 2)', async () => {
    const none = await spawnCli(base, { CASEBOOK_ANALYTICS_TOKEN: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('CB3200');
    expect(none.stderr).toContain('CASEBOOK_ANALYTICS_TOKEN');
    const short = await runCli([...base, '--token', 'hunter2']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 16 characters without spaces; this one has 7');

    const token = newToken();
    const running = await startCollector(['--db', `sqlite:${join(dir, 'env.db')}`, '--origin', ORIGIN], { env: { CASEBOOK_ANALYTICS_TOKEN: token } });
    expect(running.child.spawnargs).not.toContain(token);
    expect((await fetch(`${running.url}/api/stats`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await running.stop();
  });

  it('reports bad options with their own codes', async () => {
    const token = ['--token', newToken()];
    const bad = await runCli([...base, ...token, '--db', 'mysql://localhost/x']);
    expect([bad.code, bad.stderr.includes('CB3201')]).toEqual([2, true]);
    const noOrigin = await runCli(['analytics', 'serve', '--port', '0', ...token]);
    expect([noOrigin.code, noOrigin.stderr.includes('CB3204')]).toEqual([2, true]);
    const badOrigin = await runCli(['analytics', 'serve', '--port', '0', ...token, '--origin', 'ftp://x']);
    expect([badOrigin.code, badOrigin.stderr.includes('CB3204')]).toEqual([2, true]);
    const rate = await runCli([...base, ...token, '--rate-limit', 'lots']);
    expect([rate.code, rate.stderr.includes('CB3205')]).toEqual([2, true]);
    const sub = await runCli(['analytics']);
    expect(sub.code).toBe(2);
    const other = await runCli(['analytics', 'export']);
    expect([other.code, other.stderr.includes('analytics has one subcommand, serve')]).toEqual([2, true]);
  });

  it('fails with CB3202 when the database cannot be opened or reached, without printing the password', async () => {
    const token = ['--token', newToken()];
    const sqlite = await runCli([...base, ...token, '--db', `sqlite:${join(dir, 'no/such/folder/a.db')}`]);
    expect([sqlite.code, sqlite.stderr.includes('CB3202')]).toEqual([1, true]);
    // A port nothing listens on.
    const free = await new Promise<number>((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => r(port));
      });
    });
    const pg = await runCli([...base, ...token, '--db', `postgres://casebook:s3cret-pass@127.0.0.1:${free}/x`]);
    expect([pg.code, pg.stderr.includes('CB3202')]).toEqual([1, true]);
    expect(pg.stderr).toContain(`postgres://casebook@127.0.0.1:${free}/x`);
    expect(pg.stderr).not.toContain('s3cret-pass');
  });

  it('reports a port in use with CB3003', async () => {
    const c = await startCollector(['--db', `sqlite:${join(dir, 'port.db')}`, '--origin', ORIGIN]);
    const port = new URL(c.url).port;
    const r = await runCli(['analytics', 'serve', '--port', port, '--token', newToken(), '--origin', ORIGIN, '--db', `sqlite:${join(dir, 'port2.db')}`]);
    expect([r.code, r.stderr.includes('CB3003')]).toEqual([1, true]);
    await c.stop();
  });
});
