import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../src/util/find-chromium.js';
import { build } from '../src/pipeline/index.js';
import { startCollector, type RunningCollector } from './helpers/analytics.js';
import { CHROMIUM, CHROMIUM_MISSING, hasChromium } from './helpers/browser.js';
import { runCli } from './helpers/cli.js';
import { rawHeaders, rawRequest, startServerCli, type ServerProcess } from './helpers/raw-http.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();
if (!hasChromium) console.warn(CHROMIUM_MISSING);
const dir = await mkdtemp(join(tmpdir(), 'casebook-server-trust-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const SITE = `
-- casebook.config.yaml --
baseUrl: https://ok.example.com/
search: false
-- content/writing/p.md --
---
title: Pinned post
---
Body.
-- static/✓/index.html --
<!doctype html><title>check</title><p>check mark folder</p>
`;

const get = (port: number, target: string, host = `localhost:${port}`, extra = '') =>
  rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`);

describe('the collector: one request cannot stop it', () => {
  let c: RunningCollector;
  beforeAll(async () => {
    c = await startCollector(['--db', `sqlite:${join(dir, 'collector.db')}`, '--origin', 'https://blog.example']);
  });
  afterAll(() => c.stop());

  it('answers GET //[/x (a target new URL() throws on) with a 4xx and keeps serving', async () => {
    const port = Number(new URL(c.url).port);
    const answer = await rawRequest(port, 'GET //[/x HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    for (const target of ['*', '//', '/%', 'http://[', '/api/stats?%zz=%', '//api/stats', '//[::1]/dashboard']) {
      const r = await rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`);
      expect(r.status, target).toBeGreaterThanOrEqual(300);
      expect(r.status, target).toBeLessThan(500);
    }
    expect(c.child.exitCode).toBeNull();
    const health = await fetch(`${c.url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
    expect(c.output()).not.toMatch(/failed|Error/);
  });
});

describe('the collector lockout', () => {
  let c: RunningCollector;
  beforeAll(async () => {
    c = await startCollector(['--db', `sqlite:${join(dir, 'lockout.db')}`, '--origin', 'https://blog.example']);
  });
  afterAll(() => c.stop());

  const stats = (auth: string, cookie?: string) => fetch(`${c.url}/api/stats`, { headers: { authorization: auth, ...(cookie ? { cookie } : {}) } });

  it('locks out wrong tokens from an address, but not the owner who signed in from it before', async () => {
    // The owner signs in: the collector names this browser with a device cookie.
    const first = await stats(`Bearer ${c.token}`);
    expect(first.status).toBe(200);
    const setCookie = first.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^casebook_device=[\w-]+\.[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    const device = setCookie.split(';')[0]!;

    // Someone on the same address (both are 127.0.0.1 here) sends wrong tokens.
    const attacker: number[] = [];
    for (let i = 0; i < 12; i++) attacker.push((await stats(`Bearer wrong-guess-${i}-aaaaaaaaaaaa`)).status);
    expect(attacker).toEqual([...Array(10).fill(401), 429, 429]);

    // The owner still gets in, with Bearer or with the dashboard's Basic sign-in.
    const owner = await stats(`Bearer ${c.token}`, device);
    expect(owner.status).toBe(200);
    expect(owner.headers.get('set-cookie')).toBeNull();
    const dashboard = await fetch(`${c.url}/dashboard`, {
      headers: { authorization: `Basic ${Buffer.from(`me:${c.token}`).toString('base64')}`, cookie: device },
    });
    expect(dashboard.status).toBe(200);

    // The locked-out address learns nothing about a guess, even the right one, and a forged cookie does not help.
    const lucky = await stats(`Bearer ${c.token}`);
    expect(lucky.status).toBe(429);
    expect(Number(lucky.headers.get('retry-after'))).toBeGreaterThan(0);
    const forged = device.replace(/\.(.)/, (_, ch: string) => `.${ch === 'A' ? 'B' : 'A'}`);
    expect((await stats(`Bearer ${c.token}`, forged)).status).toBe(429);

    // Wrong tokens sent with the owner's cookie count against that browser alone.
    const withCookie: number[] = [];
    for (let i = 0; i < 11; i++) withCookie.push((await stats(`Bearer wrong-guess-${i}-bbbbbbbbbbbb`, device)).status);
    expect(withCookie).toEqual([...Array(10).fill(401), 429]);
    expect((await stats(`Bearer ${c.token}`, device)).status).toBe(429);
  });
});

describe('dev and preview: Host header (DNS rebinding)', () => {
  const servers: ServerProcess[] = [];
  // Before the site folders are removed.
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  async function start(command: 'dev' | 'preview', extra: string[] = []): Promise<ServerProcess> {
    const siteDir = await site(SITE);
    if (command === 'preview') await build({ site: siteDir, skip: ['og', 'search'] });
    const s = await startServerCli(command === 'preview' ? ['preview', join(siteDir, 'dist'), ...extra] : ['dev', siteDir, ...extra]);
    servers.push(s);
    return s;
  }

  for (const command of ['dev', 'preview'] as const) {
    it(`${command}: answers localhost names and IP addresses, refuses any other name with 403 and why`, async () => {
      const s = await start(command, ['--allow-host', 'blog.test', '--allow-host', '.tunnel.example']);
      for (const host of [
        `localhost:${s.port}`,
        `127.0.0.1:${s.port}`,
        `[::1]:${s.port}`,
        `app.localhost:${s.port}`,
        'blog.test',
        `x.tunnel.example:${s.port}`,
      ]) {
        const r = await get(s.port, '/writing/p/', host);
        expect(r.status, host).toBe(200);
        expect(r.text, host).toContain('Pinned post');
      }
      for (const host of [`rebind.evil.example:${s.port}`, 'localhost.evil.example', 'blog.test.evil.example', 'tunnel.example.evil']) {
        const r = await get(s.port, '/writing/p/', host);
        expect(r.status, host).toBe(403);
        expect(r.text, host).not.toContain('Pinned post');
      }
      const refused = await get(s.port, '/writing/p/', `rebind.evil.example:${s.port}`);
      expect(refused.text).toContain(`Refused: this ${command} server does not answer to the host name "rebind.evil.example"`);
      expect(refused.text).toContain('--allow-host rebind.evil.example');
      // An absolute-form target names the host itself.
      expect((await get(s.port, `http://rebind.evil.example:${s.port}/writing/p/`, `localhost:${s.port}`)).status).toBe(403);
      expect((await get(s.port, `http://localhost:${s.port}/writing/p/`, 'rebind.evil.example')).status).toBe(200);
      if (command === 'dev') expect((await get(s.port, '/__casebook/events', 'rebind.evil.example')).status).toBe(403);
      expect(s.alive()).toBe(true);
    }, 60_000);
  }

  it.skipIf(!hasChromium)(
    'dev: a real browser on a name that resolves to 127.0.0.1 (DNS rebinding) gets 403, not the page',
    async () => {
      const s = await start('dev');
      const allowed = await start('dev', ['--allow-host', 'mine.test']);
      // Both names resolve to loopback in this browser, as a rebinding attacker's name would.
      const browser = await chromium.launch(chromiumLaunchOptions(CHROMIUM, ['--host-resolver-rules=MAP rebind.test 127.0.0.1, MAP mine.test 127.0.0.1']));
      try {
        const page = await browser.newPage();
        const attacked = await page.goto(`http://rebind.test:${s.port}/writing/p/`);
        expect(attacked!.status()).toBe(403);
        expect(await page.textContent('body')).toContain('does not answer to the host name "rebind.test"');
        // The page's own script, same-origin as far as the browser knows, reads nothing either.
        const read = await page.evaluate(async () => {
          const r = await fetch('/writing/p/');
          return { status: r.status, text: await r.text() };
        });
        expect(read.status).toBe(403);
        expect(read.text).not.toContain('Pinned post');
        const mine = await page.goto(`http://mine.test:${allowed.port}/writing/p/`);
        expect(mine!.status()).toBe(200);
        expect(await page.textContent('body')).toContain('Pinned post');
      } finally {
        await browser.close();
      }
    },
    60_000,
  );

  it('refuses an --allow-host that is not a host name (CB3150, exit 2)', async () => {
    const r = await runCli(['preview', dir, '--allow-host', '*.example.com']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CB3150');
    expect(r.stderr).toContain('"*.example.com"');
  });

  for (const command of ['dev', 'preview'] as const) {
    it(`${command}: redirects to a trailing slash on this server only, never to //host`, async () => {
      const s = await start(command);
      for (const [target, location] of [
        ['/writing', '/writing/'],
        ['//writing', '/writing/'],
        ['///writing?x=1', '/writing/?x=1'],
        ['/writing?q=a%20b', '/writing/?q=a%20b'],
        ['/%E2%9C%93', '/%E2%9C%93/'],
      ] as const) {
        const r = await get(s.port, target);
        expect(r.status, target).toBe(301);
        const loc = rawHeaders(r.text).location!;
        expect(loc, target).toBe(location);
        expect(new URL(loc, `http://localhost:${s.port}${target.startsWith('//') ? '/' : target}`).host, target).toBe(`localhost:${s.port}`);
      }
      const folder = await get(s.port, '/%E2%9C%93/');
      expect(folder.status).toBe(200);
      expect(folder.text).toContain('check mark folder');
      expect(s.output()).not.toMatch(/failed|Error/);
    }, 60_000);
  }
});
