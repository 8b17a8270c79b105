import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { chromiumLaunchOptions } from '../src/util/find-chromium.js';
import { BROWSER_UA, dumpSqlite, getStats, startCollector, waitForStats, type RunningCollector } from './helpers/analytics.js';
import { CHROMIUM, CHROMIUM_MISSING, hasChromium, launchChromium } from './helpers/browser.js';
import { dumpPostgres, findPostgres, useTestDatabases } from './helpers/postgres.js';
import { writeSite } from './helpers/site.js';

if (!hasChromium) console.warn(CHROMIUM_MISSING);
const dir = await mkdtemp(join(tmpdir(), 'casebook-analytics-browser-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const postgres = await findPostgres();
if ('skip' in postgres) console.warn(postgres.skip);
const newPostgresDb = useTestDatabases(postgres);

const paragraph = 'Expand, migrate, contract: every schema change ships in three deploys, and the second one is the one that bites. ';
const POST = `/writing/long-read/`;

const backends = [{ name: 'sqlite', db: async () => `sqlite:${join(dir, `browser-${Math.random().toString(36).slice(2)}.db`)}` }];
if (!('skip' in postgres)) backends.push({ name: 'postgres', db: newPostgresDb });

/** Two animation frames: IntersectionObserver callbacks for what just scrolled into view have run. */
const settle = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe.skipIf(!hasChromium).each(backends)('a real browser reading a post, counted on $name', (backend) => {
  let preview: Server;
  let origin: string;
  let collector: RunningCollector;
  let browser: Browser;
  let db: string;
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const written = await writeSite(`
-- content/writing/long-read.md --
---
title: A long read
date: 2026-01-10
description: Long enough that its end is far below the first screen.
---
${Array.from({ length: 80 }, (_, i) => `${i + 1}. ${paragraph.repeat(3)}`).join('\n\n')}
-- content/case-studies/ledger.md --
---
title: Ledger
kind: case-study
date: 2026-01-05
description: A case study.
---
Short.
`);
    cleanup = written.cleanup;
    const siteDir = written.dir;
    const out = join(siteDir, 'out');
    mkdirSync(out);
    // The page origin must be known before the collector starts (it accepts only that origin)
    // and before the build (the beacon posts to the collector).
    preview = await startPreview({ root: out, port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(preview.address() as AddressInfo).port}`;
    db = await backend.db();
    collector = await startCollector(['--db', db, '--origin', origin]);
    await writeFile(
      join(siteDir, 'casebook.config.yaml'),
      `title: Reader test\nbaseUrl: ${origin}/\nanalytics:\n  endpoint: ${collector.url}/\n  site: reader-test\n`,
    );
    await build({ site: siteDir, out, skip: ['og', 'search'] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.stop();
    preview?.closeAllConnections();
    await new Promise((r) => preview?.close(r));
    await cleanup?.();
  });

  it('records one view on load and one read when the end of the body scrolls into view', async () => {
    const context = await browser.newContext({ userAgent: BROWSER_UA });
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (r) => r.url().startsWith(collector.url) && sent.push(`${r.headers()['content-type']} ${r.postData()}`));
    await page.goto(`${origin}${POST}`);
    expect(await page.locator('[data-read-end]').count()).toBe(1);

    const viewed = await waitForStats(collector, (s) => s.totals.views === 1);
    // The end of the body is far below the first screen: no read yet.
    await settle(page);
    expect(viewed.totals.reads).toBe(0);
    expect((await getStats(collector)).totals.reads).toBe(0);

    await page.keyboard.press('End');
    const read = await waitForStats(collector, (s) => s.totals.reads === 1);
    expect(read.pages).toEqual([{ path: POST, views: 1, visitors: 1, reads: 1, readThrough: 1 }]);
    expect(read.readTimes.reduce((n, b) => n + b.reads, 0)).toBe(1);
    expect(read.sites).toEqual(['reader-test']);
    // sendBeacon's text/plain, one view and one read, nothing else. The browser may report the
    // request after the collector has stored it (a busy machine), so wait for the report.
    await expect.poll(() => sent.length, { timeout: 5_000 }).toBe(2);
    expect(sent).toEqual([
      `text/plain;charset=UTF-8 {"site":"reader-test","path":"${POST}","kind":"view","referrer":""}`,
      expect.stringMatching(new RegExp(`^text/plain;charset=UTF-8 \\{"site":"reader-test","path":"${POST}","kind":"read","bucket":"[^"]+"\\}$`)),
    ]);
    // No cookie or storage of any kind on the page's origin.
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);

    // List pages have no end marker: views only.
    await page.goto(`${origin}/writing/`);
    expect(await page.locator('[data-read-end]').count()).toBe(0);
    await waitForStats(collector, (s) => s.totals.views === 2);
    // A case study is read through like an article.
    await page.goto(`${origin}/case-studies/ledger/`);
    expect(await page.locator('[data-read-end]').count()).toBe(1);
    const both = await waitForStats(collector, (s) => s.totals.reads === 2);
    expect(both.pages.find((p) => p.path === '/case-studies/ledger/')).toMatchObject({ views: 1, reads: 1 });
    await context.close();
  });

  it('shows the numbers on a dashboard that passes axe in both schemes, fits a phone and works by keyboard', async () => {
    // Without credentials the browser is refused (it would show its sign-in dialog).
    expect((await fetch(`${collector.url}/dashboard`)).status).toBe(401);
    for (const [colorScheme, width] of [
      ['light', 1280],
      ['dark', 390],
    ] as const) {
      const context = await browser.newContext({
        httpCredentials: { username: 'owner', password: collector.token },
        colorScheme,
        viewport: { width, height: 900 },
      });
      const page = await context.newPage();
      expect((await page.goto(`${collector.url}/dashboard`))!.status()).toBe(200);
      expect(await page.locator('svg[role="img"]').count()).toBe(4);
      expect(await page.locator('#table-pages tbody th').allTextContents()).toContain(POST);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(result.violations.map((v) => `${colorScheme}: ${v.id} ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
      // Nothing wider than the screen: wide tables scroll inside their own region.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      if (colorScheme === 'light') {
        const stops: string[] = [];
        for (let i = 0; i < 30; i++) {
          await page.keyboard.press('Tab');
          stops.push(
            await page.evaluate(() => {
              const el = document.activeElement!;
              return el.id || el.getAttribute('aria-labelledby') || el.textContent!.trim().slice(0, 60) || el.tagName;
            }),
          );
        }
        for (const stop of [
          'Skip to the numbers',
          'from',
          'to',
          'Show',
          'Views, visitors and reads per day (table)',
          'table-pages-caption',
          'table-referrers-caption',
          'Pages (CSV)',
        ]) {
          expect(stops).toContain(stop);
        }
        // The CSV link downloads with the same sign-in.
        const csv = await page.request.get(`${collector.url}/api/stats.csv?table=pages`);
        expect(await csv.text()).toContain(`${POST},1,1,1,1`);
      }
      await context.close();
    }
  });

  it('leaves no IP address or user agent anywhere in the database', async () => {
    const dump = db.startsWith('sqlite:') ? dumpSqlite(db.slice('sqlite:'.length)) : await dumpPostgres(db);
    // The dump holds the events (so the scan is not of an empty database) ...
    expect(dump).toContain(POST);
    expect(dump).toContain('analytics_events');
    expect(dump).toContain('analytics_salts');
    // ... and none of what identifies the client: the loopback address it came from, its user agent.
    for (const secret of ['127.0.0.1', '::1', '::ffff:127', BROWSER_UA, 'CasebookTestAgent', 'Mozilla', 'Chrome/156', 'X11; Linux']) {
      expect(dump).not.toContain(secret);
    }
  });

  it('sends nothing when the browser asks for Do Not Track or Global Privacy Control', async () => {
    const before = (await getStats(collector)).totals;
    const requests: string[] = [];
    const watch = (page: Page) => page.on('request', (r) => r.url().startsWith(collector.url) && requests.push(r.url()));

    // Do Not Track, switched on in the browser's own preferences (chrome://settings), not faked.
    const profile = join(dir, `dnt-profile-${backend.name}`);
    mkdirSync(join(profile, 'Default'), { recursive: true });
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ enable_do_not_track: true }));
    const dnt = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(CHROMIUM), userAgent: BROWSER_UA });
    try {
      const dntPage = await dnt.newPage();
      watch(dntPage);
      await dntPage.goto(`${origin}${POST}`);
      expect(await dntPage.evaluate(() => navigator.doNotTrack)).toBe('1');
      // The beacon is on the page; it chose not to send.
      expect(await dntPage.locator('script[data-endpoint]').count()).toBe(1);
      await dntPage.keyboard.press('End');
      await settle(dntPage);
    } finally {
      await dnt.close();
    }

    // Chromium has no Global Privacy Control; the page gets the property Firefox, Brave and
    // DuckDuckGo's browsers expose, navigator.globalPrivacyControl === true.
    const gpc = await browser.newContext({ userAgent: BROWSER_UA });
    try {
      await gpc.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
      const gpcPage = await gpc.newPage();
      watch(gpcPage);
      await gpcPage.goto(`${origin}${POST}`);
      expect(await gpcPage.evaluate(() => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl)).toBe(true);
      await gpcPage.keyboard.press('End');
      await settle(gpcPage);
    } finally {
      await gpc.close();
    }

    expect(requests).toEqual([]);
    // A control reader afterwards is counted: so the collector was listening all along, and the
    // only view and read added are the control's.
    const control = await browser.newContext({ userAgent: BROWSER_UA });
    const page = await control.newPage();
    await page.goto(`${origin}${POST}`);
    await page.keyboard.press('End');
    const after = await waitForStats(collector, (s) => s.totals.reads === before.reads + 1);
    expect([after.totals.views - before.views, after.totals.reads - before.reads]).toEqual([1, 1]);
    await control.close();
  });
});
