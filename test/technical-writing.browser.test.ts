import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { CHROMIUM_MISSING, hasChromium, launchChromium } from './helpers/browser.js';
import { writeSite } from './helpers/site.js';
import { TECHNICAL_SITE } from './helpers/technical-site.js';

if (!hasChromium) console.warn(CHROMIUM_MISSING);

let server: Server;
let base: string;
let copyServer: Server;
let copyBase: string;
let browser: Browser;
let cleanup: () => Promise<void>;

describe.skipIf(!hasChromium)('technical writing in headless Chromium', () => {
  beforeAll(async () => {
    const site = await writeSite(TECHNICAL_SITE);
    cleanup = site.cleanup;
    const out = join(site.dir, 'dist');
    await build({ site: site.dir, out, skip: ['og', 'search'] });
    server = await startPreview({ root: out, port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The same site with the opt-in Copy button, built beside it.
    const withCopy = await writeSite(TECHNICAL_SITE.replace('title: Tech fixture\n', 'title: Tech fixture\ncodeCopyButton: true\n'));
    const previous = cleanup;
    cleanup = async () => {
      await previous();
      await withCopy.cleanup();
    };
    await build({ site: withCopy.dir, out: join(withCopy.dir, 'dist'), skip: ['og', 'search'] });
    copyServer = await startPreview({ root: join(withCopy.dir, 'dist'), port: 0, host: '127.0.0.1' });
    copyBase = `http://127.0.0.1:${(copyServer.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await new Promise((r) => copyServer?.close(r));
    await cleanup?.();
  });

  it('the math page has zero axe-core WCAG 2.1 A/AA violations, light and dark, 390 and 1280 px', async () => {
    const failures: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [390, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        await page.goto(base + '/writing/slo/');
        const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        for (const v of result.violations) failures.push(`${colorScheme} ${width}px: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`);
        await context.close();
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('loads KaTeX fonts from the site itself, and the formulas are laid out with them', async () => {
    const page = await browser.newPage();
    const fontRequests: string[] = [];
    page.on('request', (r) => (r.resourceType() === 'font' ? fontRequests.push(r.url()) : undefined));
    await page.goto(base + '/writing/slo/');
    await page.evaluate(() => document.fonts.ready);
    expect(fontRequests.length).toBeGreaterThan(0);
    // KaTeX's fonts and the theme's own Inter, all from the site.
    for (const url of fontRequests) expect(url).toMatch(new RegExp(`^${base}/assets/(KaTeX_[\\w-]+|inter-latin)-[0-9a-f]{10}\\.woff2$`));
    expect(fontRequests.some((u) => u.includes('/KaTeX_'))).toBe(true);
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
    // The visual copy has the glyphs; the MathML copy is hidden from the eye but not from screen readers.
    expect(await page.locator('.katex-html').first().isVisible()).toBe(true);
    await page.close();
  });

  it('never scrolls the page sideways at 390 px: the wide table, long code line and display math scroll in their own boxes', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    for (const path of ['/writing/slo/', '/writing/plain/', '/']) {
      await page.goto(base + path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    await page.goto(base + '/writing/slo/');
    // The boxes do overflow (so the test is about them), and each can be reached by keyboard.
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.table-scroll, pre.code')].map((el) => ({
        cls: el.className,
        overflows: el.scrollWidth > el.clientWidth,
        tabIndex: el.tabIndex,
      })),
    );
    expect(boxes.find((b) => b.cls === 'table-scroll')).toEqual({ cls: 'table-scroll', overflows: true, tabIndex: 0 });
    expect(boxes.filter((b) => b.cls.startsWith('code') && b.overflows).length).toBeGreaterThan(0);
    // Cells keep a readable width: no cell of the table is narrower than 6em of text.
    const narrowest = await page.evaluate(() =>
      Math.min(...[...document.querySelectorAll<HTMLElement>('.table-scroll td')].map((td) => td.getBoundingClientRect().width)),
    );
    expect(narrowest).toBeGreaterThanOrEqual(100);
    await context.close();
  });

  it('with codeCopyButton, copies a diff block as it reads after the change (no removed line, sign or hidden words)', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: copyBase });
    const page = await context.newPage();
    await page.goto(copyBase + '/writing/slo/');
    const buttons = page.getByRole('button', { name: 'Copy' });
    expect(await buttons.count()).toBe(await page.locator('pre.code').count());
    // The diff block is the second code block on the page.
    await buttons.nth(1).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('const window = 28;\nconst budget = errorBudget(target, window);\n');
    // The button says so (for two seconds).
    expect(await page.locator('.code-copy > button').nth(1).textContent()).toBe('Copied');
    await context.close();
  });
});
