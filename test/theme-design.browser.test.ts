// The designed default theme in real Chromium over the built demo (issue 20, points 1–3).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { overlayHtml } from '../src/dev/overlay.js';
import { CasebookError } from '../src/errors/index.js';
import { CHROMIUM_MISSING, hasChromium, launchChromium } from './helpers/browser.js';

const DEMO = new URL('../examples/demo', import.meta.url).pathname;
let out: string;
let server: Server;
let base: string;
let browser: Browser;
/** Every HTML page of the built demo, as URL paths. */
const pages: string[] = [];

if (!hasChromium) console.warn(CHROMIUM_MISSING);

async function walk(dir: string): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) await walk(join(dir, e.name));
    // Redirect stubs (old URLs) navigate away: the page they lead to is in the list already.
    else if (e.name === 'index.html' && !(await readFile(join(dir, e.name), 'utf8')).includes('http-equiv="refresh"'))
      pages.push('/' + relative(out, dir).split('\\').join('/') + (dir === out ? '' : '/'));
  }
}

const html = (path: string) => readFile(join(out, path, 'index.html'), 'utf8');

/** Vertical extent of the header and whether its visible items share one row. */
function headerRow(page: Page) {
  return page.evaluate(() => {
    const header = document.querySelector('.site-header')!.getBoundingClientRect();
    const items = [...document.querySelectorAll('.header-inner>*')].map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
    // One row: every item overlaps the vertical band of every other.
    const oneRow = items.every((a) => items.every((b) => a.top < b.bottom && b.top < a.bottom));
    return { height: header.height, oneRow, items: items.length };
  });
}

describe.skipIf(!hasChromium)('the designed default theme in Chromium', () => {
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'casebook-theme-'));
    await build({ site: DEMO, out });
    await walk(out);
    server = await startPreview({ root: out, port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('no demo page scrolls sideways at 320 or 390 px, with the web font or before it loads', async () => {
    expect(pages.length).toBeGreaterThan(40);
    const wide: string[] = [];
    // 320 px also before the web font arrives: the fallback font is wider, and a card grid sized
    // by its content once overflowed with it (caught when Inter came late on a busy CI machine).
    for (const [width, fallback] of [
      [320, false],
      [390, false],
      [320, true],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      if (fallback) await page.route('**/*.woff2', (route) => route.abort());
      for (const path of pages) {
        await page.goto(base + path);
        const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        if (scroll > inner) wide.push(`${path} at ${width}px${fallback ? ' (fallback font)' : ''}: ${scroll} > ${inner}`);
      }
      await context.close();
    }
    expect(wide.join('\n')).toBe('');
  }, 300_000);

  it('keeps the header one row: at most 64 px on phones, one row at 768 and 1280 px', async () => {
    for (const width of [320, 390, 768, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      for (const path of ['/', '/writing/', '/cv/']) {
        await page.goto(base + path);
        const row = await headerRow(page);
        expect(row.oneRow, `${path} at ${width}px`).toBe(true);
        expect(row.items, `${path} at ${width}px`).toBeGreaterThanOrEqual(3);
        if (width < 768) expect(row.height, `${path} at ${width}px`).toBeLessThanOrEqual(64);
        else expect(row.height, `${path} at ${width}px`).toBeLessThanOrEqual(72);
      }
      await context.close();
    }
  }, 120_000);

  it('opens the phone menu and the More menu by keyboard with JavaScript off, every link reachable', async () => {
    const nav = (parse(await readFile(join(DEMO, 'casebook.config.yaml'), 'utf8')) as { nav: unknown[] }).nav.length;
    for (const [width, summary] of [
      [390, 'Menu'],
      [768, 'More'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(base + '/');
      const button = page.locator('summary', { hasText: summary }).locator('visible=true');
      await button.focus();
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
      await page.keyboard.press('Enter');
      const links = page.getByRole('navigation', { name: width < 768 ? 'Menu' : 'Main' }).getByRole('link');
      // Phones: every nav link (and Search) in the menu; 768 px: the row and More together hold them all.
      const visible = await links.evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.textContent));
      expect(new Set(visible).size, `${summary} at ${width}px: ${visible.join(', ')}`).toBeGreaterThanOrEqual(nav);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('details')?.open)).toBe(true);
      const rowHeight = (await headerRow(page)).height;
      if (width < 768) expect(rowHeight).toBeLessThanOrEqual(64); // the menu opens over the page, not in the row
      await context.close();
    }
  });

  it('remembers Light/Dark/System across pages, dark before the first paint of the next page', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, colorScheme: 'light' });
    // The scheme when <body> first appears, before anything of it can be painted.
    await context.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.body) {
          (window as unknown as { firstTheme: string | undefined }).firstTheme = document.documentElement.dataset.theme;
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(base + '/');
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe('rgb(253, 252, 250)');
    await page.locator('label[for=theme-dark]').click();
    expect(await bg()).toBe('rgb(21, 22, 26)');
    await page.goto(base + '/writing/');
    expect(await page.evaluate(() => (window as unknown as { firstTheme: string }).firstTheme)).toBe('dark');
    expect(await bg()).toBe('rgb(21, 22, 26)');
    expect(await page.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await page.locator('label[for=theme-system]').click();
    await page.goto(base + '/cv/');
    expect(await bg()).toBe('rgb(253, 252, 250)');
    expect(await page.getByRole('radio', { name: 'System' }).isChecked()).toBe(true);
    await context.close();
  });

  it('switches the scheme by keyboard with JavaScript off', async () => {
    const context = await browser.newContext({ colorScheme: 'dark', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + '/');
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe('rgb(21, 22, 26)');
    await page.getByRole('radio', { name: 'System' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Light' }).isChecked()).toBe(true);
    expect(await bg()).toBe('rgb(253, 252, 250)');
    await context.close();
  });

  it('shows every case study card with its headline metric, on one line each half, at 320 px', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    for (const path of ['/', '/case-studies/']) {
      await page.goto(base + path);
      const cards = await page.locator('.card').evaluateAll((els) =>
        els.map((card) => {
          const metric = card.querySelector('.metric-values');
          return {
            href: card.querySelector('a')!.getAttribute('href')!,
            metric: metric?.textContent ?? null,
            lines: metric ? metric.getClientRects().length : 0,
            height: metric ? metric.getBoundingClientRect().height : 0,
            lineHeight: metric ? parseFloat(getComputedStyle(metric).lineHeight) : 0,
          };
        }),
      );
      const studies = cards.filter((c) => c.href.includes('/case-studies/'));
      expect(studies.length, path).toBeGreaterThan(0);
      for (const c of studies) {
        const source = await html(c.href);
        if (!source.includes('class="outcomes"')) continue;
        expect(c.metric, `${path} ${c.href}`).toMatch(/\S → \S/);
        expect(c.height, `${path} ${c.href} wraps`).toBeLessThan(c.lineHeight * 1.5);
      }
    }
    // On the study itself, no outcome leaves a lone arrow or splits a value.
    await page.goto(base + '/case-studies/checkout-p99-latency/');
    const split = await page.locator('.outcome-values').evaluateAll((els) =>
      els.flatMap((p) =>
        [...p.querySelectorAll(':scope>.before,:scope>.to')]
          .filter((s) => {
            const rects = [...s.getClientRects()];
            return new Set(rects.map((r) => Math.round(r.top))).size > 1;
          })
          .map((s) => s.textContent),
      ),
    );
    expect(split).toEqual([]);
    await context.close();
  });

  it('keeps featured case studies in Featured and in their own sections', async () => {
    const page = await browser.newPage();
    await page.goto(base + '/case-studies/');
    const groups = await page.locator('.cs-group').evaluateAll((els) =>
      els.map((g) => ({
        id: g.getAttribute('aria-labelledby'),
        posts: [...g.querySelectorAll('.card-title a')].map((a) => a.getAttribute('href')),
      })),
    );
    const featured = groups.find((g) => g.id === 'group-featured')!;
    expect(featured.posts.length).toBeGreaterThan(0);
    for (const post of featured.posts) {
      const own = groups.filter((g) => g.id !== 'group-featured' && g.posts.includes(post));
      expect(own.length, post!).toBe(1);
    }
    // No section page says it is empty while its group on the index lists a study.
    for (const g of groups) {
      const slug = g.id!.replace('group-', '');
      await page.goto(`${base}/case-studies/sections/${slug}/`);
      expect(await page.locator('.empty').count(), slug).toBe(0);
      expect(await page.locator('.card').count(), slug).toBe(g.posts.length);
    }
    await page.close();
  });

  it('shows decisions as cards on a phone and a postmortem rail before the story', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await page.goto(base + '/case-studies/checkout-p99-latency/');
    const cells = await page.locator('.decisions td').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().width));
    expect(cells.length).toBeGreaterThan(0);
    // A card cell spans the column (about 340 px), not a third of it (one word a line).
    for (const w of cells) expect(w).toBeGreaterThan(250);
    const pm = pages.find((p) => p.startsWith('/case-studies/ingestion-stall'))!;
    await page.goto(base + pm);
    const order = await page.evaluate(() => {
      const flow = document.querySelector('.pm-flow')!.getBoundingClientRect().top;
      const prose = document.querySelector('.prose')!.getBoundingClientRect().top;
      const steps = [...document.querySelectorAll('.pm-step h2')].map((h) => h.id);
      return { flowFirst: flow < prose, steps };
    });
    expect(order.flowFirst).toBe(true);
    expect(order.steps).toEqual(['cs-impact', 'cs-detection', 'cs-timeline', 'cs-root-cause', 'cs-action-items']);
    await context.close();
  });

  it('keeps the contents beside a long post and in view while it scrolls, from 1280 px', async () => {
    let path: string | undefined;
    for (const p of pages.filter((x) => x.startsWith('/writing/') && !x.includes('/page/'))) {
      if ((await html(p)).includes('<div class="post-body">\n<nav class="toc"')) {
        path = p;
        break;
      }
    }
    expect(path).toBeDefined();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(base + path!);
    const box = async () =>
      page.evaluate(() => {
        const toc = document.querySelector('.toc>div')!.getBoundingClientRect();
        const prose = document.querySelector('.prose')!.getBoundingClientRect();
        return { left: toc.left, right: toc.right, top: toc.top, proseRight: prose.right };
      });
    const before = await box();
    expect(before.left).toBeGreaterThan(before.proseRight);
    expect(before.right).toBeLessThanOrEqual(1280);
    // A wheel event scrolls asynchronously (and smoothly where the page asks for it), so a
    // busy CI machine could read the box before the scroll landed; jump instead and wait
    // until the page reports the new offset.
    await page.evaluate(() => window.scrollTo({ top: 2500, behavior: 'instant' }));
    await page.waitForFunction(() => window.scrollY >= 2000);
    await expect.poll(async () => (await box()).top, { timeout: 5000 }).toBeLessThan(100);
    expect((await box()).top).toBeGreaterThanOrEqual(0);
    await context.close();
  });

  it('zero axe violations with the menus open and the dark scheme chosen', async () => {
    const failures: string[] = [];
    for (const [width, summary] of [
      [390, 'Menu'],
      [768, 'More'],
    ] as const) {
      for (const path of ['/', '/case-studies/checkout-p99-latency/', pages.find((p) => p.startsWith('/case-studies/ingestion-stall'))!]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        await page.goto(base + path);
        await page.locator('label[for=theme-dark]').click();
        await page.locator('summary', { hasText: summary }).locator('visible=true').click();
        const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        for (const v of result.violations) failures.push(`${path} ${width}px: ${v.id} ${v.nodes[0]?.target.join(' ')}`);
        await context.close();
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('draws the dev error overlay opaque', async () => {
    const page = await browser.newPage();
    await page.setContent(`<p style="font-size:40px">page text</p>${overlayHtml([new CasebookError('CB1001', 'broken')], undefined, '/')}`);
    const alpha = await page.locator('#casebook-overlay').evaluate((el) => {
      const m = /rgba?\(([^)]+)\)/.exec(getComputedStyle(el).backgroundColor)!;
      const parts = m[1]!.split(',');
      return parts.length === 4 ? Number(parts[3]) : 1;
    });
    expect(alpha).toBe(1);
    await page.close();
  });
});
