import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { CHROMIUM_MISSING, hasChromium, launchChromium } from './helpers/browser.js';
import { materializeVariant } from './helpers/variant.js';

if (!hasChromium) console.warn(CHROMIUM_MISSING);

const ROOT = new URL('..', import.meta.url).pathname;
const cleanup: (() => Promise<unknown> | undefined)[] = [];
let browser: Browser;

beforeAll(async () => {
  if (hasChromium) browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  for (const c of cleanup.reverse()) await c();
});

/** Builds a site folder and serves it on 127.0.0.1; returns the base URL. */
async function serve(site: string): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'casebook-shapes-browser-'));
  await build({ site, out, skip: ['og'] });
  const server: Server = await startPreview({ root: out, port: 0, host: '127.0.0.1' });
  cleanup.push(
    () => rm(out, { recursive: true, force: true }),
    () => void server.close(),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Titles of the post cards a reader can see in the latest-articles section (Playwright's own visibility, which needs no page script). */
const visibleTitles = async (page: Page) => (await page.locator('#latest .card-title:visible').allTextContents()).map((t) => t.trim());
const visible = (page: Page, text: string) => page.getByText(text, { exact: true }).isVisible();

describe.skipIf(!hasChromium)('the home page category filter (examples/portfolio)', () => {
  let base: string;
  beforeAll(async () => {
    base = await serve(join(ROOT, 'examples/portfolio'));
  }, 120_000);

  it.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ] as const)(
    'filters in place %s, shows the empty state, and returns to all',
    async (_label, javaScriptEnabled) => {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 390, height: 900 } });
      const page = await context.newPage();
      try {
        await page.goto(base + '/', { waitUntil: 'load' });
        expect(await visibleTitles(page)).toHaveLength(5);
        await page.locator('.home-filter a', { hasText: 'Backend' }).click();
        expect(page.url()).toBe(`${base}/#in-backend`);
        expect(await visibleTitles(page)).toEqual(['Partitioning the tracking table by week', 'Making dispatch requests idempotent with one table']);
        // axe runs as a page script, so only where scripts run.
        if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);
        await page.locator('.home-filter a', { hasText: 'Career' }).click();
        expect(await visibleTitles(page)).toEqual([]);
        expect(await visible(page, 'No posts in this category yet.')).toBe(true);
        await page.locator('.home-filter a', { hasText: 'All' }).click();
        expect(await visibleTitles(page)).toHaveLength(5);
        expect(await visible(page, 'No posts in this category yet.')).toBe(false);
        // A filtered view has its own URL: opened directly, it shows only that category.
        await page.goto(base + '/#in-frontend', { waitUntil: 'load' });
        expect(await visibleTitles(page)).toEqual(['The front-end review checklist we actually use', 'An offline-first driver app on a 2G connection']);
        if (javaScriptEnabled) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow).toBeLessThanOrEqual(0);
        }
      } finally {
        await context.close();
      }
    },
    120_000,
  );
});

/** Every page type the demo has, in both presets. */
const PAGE_TYPES = [
  '/',
  '/writing/',
  '/writing/page/2/',
  '/writing/zero-downtime-postgres-migrations/',
  '/writing/spending-an-error-budget-in-a-week/',
  '/case-studies/',
  '/case-studies/checkout-p99-latency/',
  '/case-studies/ingestion-stall-rebalance-storm/',
  '/categories/',
  '/categories/operations/',
  '/tags/',
  '/tags/postgresql/',
  '/series/',
  '/series/building-a-job-queue-on-postgresql/',
  '/cv/',
  '/about/',
  '/search/?q=postgres',
  '/404.html',
];

describe.skipIf(!hasChromium).each(['essay', 'notebook'])('the %s preset over every page type of the demo', (preset) => {
  let base: string;
  beforeAll(async () => {
    const site = await materializeVariant(`preset-${preset}`);
    cleanup.push(() => rm(site, { recursive: true, force: true }));
    base = await serve(site);
  }, 180_000);

  it('carries its look in tokens: the preset fonts and width are what the page computes', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(base + '/writing/zero-downtime-postgres-migrations/', { waitUntil: 'load' });
      const look = await page.evaluate(() => {
        const body = getComputedStyle(document.body);
        return {
          font: body.fontFamily,
          size: body.fontSize,
          heading: getComputedStyle(document.querySelector('h1')!).fontFamily,
          width: getComputedStyle(document.getElementById('main')!).maxWidth,
        };
      });
      if (preset === 'essay') {
        expect(look.font).toMatch(/^Charter/);
        expect(look.size).toBe('19px');
        expect(look.width).toBe(`${38 * 16}px`);
      } else {
        expect(look.heading).toMatch(/^ui-monospace/);
        expect(look.size).toBe('15px');
        expect(look.width).toBe(`${54 * 16}px`);
      }
    } finally {
      await context.close();
    }
  });

  // Light on a phone and dark on a desktop: both schemes and both layouts in two runs per page.
  it.each(PAGE_TYPES)(
    '%s: zero axe violations, light at 390 px and dark at 1280 px, no sideways scroll',
    async (path) => {
      for (const [width, colorScheme] of [
        [390, 'light'],
        [1280, 'dark'],
      ] as const) {
        {
          const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
          const page = await context.newPage();
          try {
            const res = await page.goto(base + path, { waitUntil: 'load' });
            expect(res!.status(), path).toBe(200);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            expect(overflow, `${path} at ${width}px overflows by ${overflow}px`).toBeLessThanOrEqual(0);
            expect(await axeViolations(page), `${preset} ${path} ${width}px ${colorScheme}`).toEqual([]);
          } finally {
            await context.close();
          }
        }
      }
    },
    120_000,
  );
});
