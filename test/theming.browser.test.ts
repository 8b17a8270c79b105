import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { CHROMIUM_MISSING, hasChromium, launchChromium } from './helpers/browser.js';
import { materializeVariant } from './helpers/variant.js';

if (!hasChromium) console.warn(CHROMIUM_MISSING);

/**
 * The demo customised without a fork (examples/variants/arabic-rtl): an accent colour, overrides
 * of the footer and the post card, an About page, and `lang: ar`.
 */
describe.skipIf(!hasChromium)('a customised right-to-left site in headless Chromium', () => {
  let site: string;
  let out: string;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    site = await materializeVariant('arabic-rtl');
    out = await mkdtemp(join(tmpdir(), 'casebook-rtl-'));
    await build({ site, out, skip: ['og'] });
    server = await startPreview({ root: out, port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    await rm(site, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  });

  it('builds with the overrides, the page and the accent in place', async () => {
    const home = await readFile(join(out, 'index.html'), 'utf8');
    expect(home).toContain('<html lang="ar" dir="rtl">');
    expect(home).toContain('class="plum-card');
    expect(home).toContain('class="plum-note"');
    expect(home).toContain('<a href="/about/">من أنا</a>');
    expect(await readFile(join(out, 'about/index.html'), 'utf8')).toContain('<h1>من أنا</h1>');
    const css = await readFile(join(out, home.match(/href="\/(assets\/casebook-[0-9a-f]+\.css)"/)![1]!), 'utf8');
    expect(css).toContain('--accent:#7b2d6b');
  });

  const PAGES = [
    '/',
    '/about/',
    '/writing/',
    '/writing/zero-downtime-postgres-migrations/',
    '/case-studies/checkout-p99-latency/',
    '/cv/',
    '/search/?q=postgres',
  ];

  it.each(PAGES)('%s: right to left, no horizontal overflow, zero axe-core violations at 390 and 1280 px', async (path) => {
    for (const width of [390, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        try {
          await page.goto(base + path, { waitUntil: 'load' });
          const state = await page.evaluate(() => ({
            dir: document.documentElement.dir,
            computed: getComputedStyle(document.body).direction,
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            // In RTL the skip link and the site title start at the right edge.
            titleRight: document.querySelector('.site-title')!.getBoundingClientRect().right,
            width: document.documentElement.clientWidth,
          }));
          expect(state.dir).toBe('rtl');
          expect(state.computed).toBe('rtl');
          expect(state.overflow, `${path} at ${width}px overflows by ${state.overflow}px`).toBeLessThanOrEqual(0);
          expect(state.titleRight).toBeGreaterThan(state.width / 2);
          const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
          expect(
            result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
            `${path} ${width}px ${colorScheme}`,
          ).toEqual([]);
        } finally {
          await context.close();
        }
      }
    }
  });
});
