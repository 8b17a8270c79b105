import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { THEME_SCRIPT } from '../src/render/theme-script.js';
import { CHROMIUM_MISSING, hasChromium, launchChromium } from './helpers/browser.js';

const DEMO = new URL('../examples/demo', import.meta.url).pathname;
let out: string;
let server: Server;
let base: string;
let browser: Browser;

if (!hasChromium) console.warn(CHROMIUM_MISSING);

/** The first post of each kind in the built demo, found from its files rather than hard-coded. */
async function firstPostOf(section: string, marker: string): Promise<string> {
  for (const slug of (await readdir(join(out, section))).sort()) {
    if (slug === 'page' || slug === 'index.html') continue;
    const html = await readFile(join(out, section, slug, 'index.html'), 'utf8').catch(() => '');
    if (html.includes(marker)) return `/${section}/${slug}/`;
  }
  throw new Error(`no ${marker} page in ${section}`);
}

const pageTypes: Record<string, string> = {};

describe.skipIf(!hasChromium)('demo pages in headless Chromium', () => {
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'casebook-browser-'));
    await build({ site: DEMO, out });
    server = await startPreview({ root: out, port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    Object.assign(pageTypes, {
      home: '/',
      writing: '/writing/',
      'filtered writing (category)': `/categories/${(await readdir(join(out, 'categories'))).find((c) => c !== 'index.html')}/`,
      post: await firstPostOf('writing', 'class="post"'),
      'case study': await firstPostOf('case-studies', 'kind-case-study'),
      retrospective: await firstPostOf('case-studies', 'kind-retrospective'),
      postmortem: await firstPostOf('case-studies', 'kind-postmortem'),
      'case studies index': '/case-studies/',
      'case studies section (filtered)': `/case-studies/sections/${(await readdir(join(out, 'case-studies/sections')))[0]}/`,
      cv: '/cv/',
      search: '/search/?q=postgres',
      tag: `/tags/${(await readdir(join(out, 'tags'))).find((c) => c !== 'index.html')}/`,
      series: `/series/${(await readdir(join(out, 'series'))).find((c) => c !== 'index.html')}/`,
      404: '/no/such/page/',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    if (out) await rm(out, { recursive: true, force: true });
  });

  const PAGE_TYPES = [
    'home',
    'writing',
    'filtered writing (category)',
    'post',
    'case study',
    'retrospective',
    'postmortem',
    'case studies index',
    'case studies section (filtered)',
    'cv',
    'search',
    'tag',
    'series',
    '404',
  ];

  it.each(PAGE_TYPES)('%s: zero axe-core WCAG 2.1 A/AA violations, light and dark, 390 and 1280 px', async (name) => {
    const path = pageTypes[name]!;
    const failures: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [390, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        await page.goto(base + path);
        const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        for (const v of result.violations) {
          failures.push(`${path} ${colorScheme} ${width}px: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`);
        }
        await context.close();
      }
    }
    expect(failures).toEqual([]);
  });

  it('fits a 320 px screen without horizontal scrolling on every page type', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 } });
    const page = await context.newPage();
    expect(Object.keys(pageTypes).sort()).toEqual([...PAGE_TYPES].sort());
    for (const [name, path] of Object.entries(pageTypes)) {
      await page.goto(base + path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, name).toBeLessThanOrEqual(320);
    }
    await context.close();
  });

  it('puts the skip link first, shows focus, and moves focus to main content', async () => {
    const page = await browser.newPage();
    await page.goto(base + pageTypes.post);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      return { text: el.textContent, outline: style.outlineStyle, width: style.outlineWidth, top: rect.top };
    });
    expect(first.text).toBe('Skip to content');
    expect(first.outline).not.toBe('none');
    expect(parseFloat(first.width)).toBeGreaterThanOrEqual(2);
    expect(first.top).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    // Fragment navigation completes asynchronously: wait for it rather than read the URL at once.
    await page.waitForURL(/#main$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Every focusable element shows an outline when reached by keyboard.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const style = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return { tag: el.tagName, outline: getComputedStyle(el).outlineStyle };
      });
      expect(style.outline, `${style.tag} #${i}`).not.toBe('none');
    }
    await page.close();
  });

  it('switches light/dark with the keyboard and no JavaScript', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(base + '/');
      const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const before = await bg();
      const other = page.getByRole('radio', { name: colorScheme === 'light' ? 'Dark' : 'Light' });
      await other.focus();
      await page.keyboard.press('Space');
      expect(await other.isChecked()).toBe(true);
      const after = await bg();
      expect(after).not.toBe(before);
      expect(after).toBe(colorScheme === 'light' ? 'rgb(21, 22, 26)' : 'rgb(253, 252, 250)');
      await context.close();
    }
  });

  it('reads every page with JavaScript disabled, and filters writing by category with plain links', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + '/writing/');
    const filter = page.getByRole('navigation', { name: 'Filter by category' });
    const link = filter.getByRole('link').nth(1);
    const name = (await link.textContent())!.replace(/\s*\d+$/, '').trim();
    // Operated by keyboard: focus it (its focus ring is checked elsewhere) and press Enter.
    await link.focus();
    expect(await link.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('/categories/');
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    expect(await filter.getByRole('link', { name: new RegExp(name) }).getAttribute('aria-current')).toBe('page');
    await context.close();
  });

  it('ships no client JavaScript on any page but /search/ and the inline theme script', async () => {
    const files: string[] = [];
    async function walk(d: string) {
      for (const e of await readdir(d, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(join(d, e.name));
        else if (e.name.endsWith('.html')) files.push(join(d, e.name));
      }
    }
    await walk(out);
    for (const f of files) {
      const html = await readFile(f, 'utf8');
      // The one inline script remembers the colour scheme (theme-script.ts); no file is loaded but search's.
      const inline = html.match(/<script>([^<]*)<\/script>/g)?.map((s) => s.slice(8, -9)) ?? [];
      // Redirect stubs for old URLs have none; every other page has exactly that one.
      expect(inline, f).toEqual(html.includes('http-equiv="refresh"') ? [] : [THEME_SCRIPT]);
      const scripts = (html.match(/<script\b[^>]*>/g) ?? []).filter((s) => !s.includes('application/ld+json') && s !== '<script>');
      if (f === join(out, 'search/index.html'))
        expect(scripts).toEqual([expect.stringMatching(/^<script type="module" src="\/assets\/search-[0-9a-f]{10}\.js">$/)]);
      else expect(scripts, f).toEqual([]);
    }
    expect(files.length).toBeGreaterThan(30);
  });
});
