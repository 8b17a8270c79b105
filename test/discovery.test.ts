import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { assertWellFormedXml, jsonLdBlocks, listAll } from './helpers/output.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const part = (n: number, extra = '') => `-- content/writing/queue-part-${n}.md --
---
title: Queue part ${n}
date: 2024-0${n}-01
series: Job queues
seriesPart: ${n}
tags: [postgresql]
categories: [Engineering]
${extra}---
Part ${n} talks about ${n === 2 ? 'the zanzibarian lease protocol' : 'other things'}.
`;

const SITE = `
-- casebook.config.yaml --
title: Discovery test
baseUrl: https://disc.example.com/
${part(1)}${part(2, 'aliases: [/2019/old-queue/]\n')}${part(3)}
-- content/writing/own-image.md --
---
title: Has its own image
date: 2024-05-01
image: https://cdn.example.com/cover.png
imageAlt: A queue of "jobs" & workers
tags: [postgresql]
---
Body.
`;

describe('discovery', () => {
  it('builds a search index, social cards, structured data, series, redirects and per-term feeds', async () => {
    const dir = await site(SITE);
    const result = await build({ site: dir });
    const out = join(dir, 'dist');
    const files = await listAll(out);
    expect(files.some((f) => f.startsWith('pagefind/pagefind.js'))).toBe(true);
    expect(files.some((f) => /^pagefind\/index\/.+\.pf_index$/.test(f))).toBe(true);
    expect(files.some((f) => f.startsWith('pagefind/pagefind-ui'))).toBe(false);

    const middle = await readFile(join(out, 'writing/queue-part-2/index.html'), 'utf8');
    expect(middle).toContain('<meta property="og:image" content="https://disc.example.com/writing/queue-part-2/og.png">');
    expect(middle).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(pngSize(await readFile(join(out, 'writing/queue-part-2/og.png')))).toEqual({ width: 1200, height: 630 });
    expect(middle).toContain('<link rel="canonical" href="https://disc.example.com/writing/queue-part-2/">');
    const [posting, crumbs] = jsonLdBlocks(middle) as [Record<string, unknown>, { itemListElement: { name: string }[] }];
    expect(posting).toMatchObject({
      '@type': 'BlogPosting',
      headline: 'Queue part 2',
      url: 'https://disc.example.com/writing/queue-part-2/',
      image: 'https://disc.example.com/writing/queue-part-2/og.png',
    });
    expect(crumbs.itemListElement.map((i) => i.name)).toEqual(['Home', 'Writing', 'Queue part 2']);
    expect(middle).toContain('Part 2 of 3 in');
    expect(middle).toMatch(/<section class="related"[\s\S]*Queue part 3[\s\S]*Queue part 1/);
    expect(middle).toContain('data-pagefind-body');

    const series = await readFile(join(out, 'series/job-queues/index.html'), 'utf8');
    expect(series.indexOf('Queue part 1')).toBeLessThan(series.indexOf('Queue part 2'));
    expect(series.indexOf('Queue part 2')).toBeLessThan(series.indexOf('Queue part 3'));

    const redirect = await readFile(join(out, '2019/old-queue/index.html'), 'utf8');
    expect(redirect).toContain('url=/writing/queue-part-2/');
    expect(redirect).toContain('<link rel="canonical" href="https://disc.example.com/writing/queue-part-2/">');
    expect(await readFile(join(out, '_redirects'), 'utf8')).toContain('/2019/old-queue/ /writing/queue-part-2/ 301');

    // A post with its own image gets no generated card.
    const own = await readFile(join(out, 'writing/own-image/index.html'), 'utf8');
    expect(own).toContain('<meta property="og:image" content="https://cdn.example.com/cover.png">');
    // Its alt text describes it to platforms that read og:image:alt, escaped.
    expect(own).toContain('<meta property="og:image:alt" content="A queue of &quot;jobs&quot; &amp; workers">');
    expect(files).not.toContain('writing/own-image/og.png');
    // Section pages have cards too.
    for (const f of ['og.png', 'writing/og.png', 'tags/postgresql/og.png', 'series/job-queues/og.png']) {
      expect(pngSize(await readFile(join(out, f)))).toEqual({ width: 1200, height: 630 });
    }

    const tagPage = await readFile(join(out, 'tags/postgresql/index.html'), 'utf8');
    expect(tagPage).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Discovery test: postgresql (RSS)" href="https://disc.example.com/tags/postgresql/feed.xml">',
    );
    const tagRss = assertWellFormedXml(await readFile(join(out, 'tags/postgresql/feed.xml'), 'utf8')) as { rss: { channel: { item: unknown[] } } };
    expect(tagRss.rss.channel.item).toHaveLength(4);
    const catAtom = await readFile(join(out, 'categories/engineering/atom.xml'), 'utf8');
    assertWellFormedXml(catAtom);
    expect(catAtom.match(/<entry>/g)).toHaveLength(3);
    expect(result.cardsRendered).toBeGreaterThan(5);
  });

  it('renders zero social cards when nothing changed, and one when one title changed', async () => {
    const dir = await site(SITE);
    const first = await build({ site: dir, skip: ['search'] });
    const cardFile = join(dir, 'dist/writing/queue-part-1/og.png');
    const before = await readFile(cardFile);
    // Unchanged pages come from the previous output with their cards: nothing drawn, nothing read.
    const second = await build({ site: dir, skip: ['search'] });
    expect([second.cardsRendered, second.cardsReused]).toEqual([0, 0]);
    expect(await readFile(cardFile)).toEqual(before);
    // Into another folder every page renders, and every card comes from the card cache.
    const elsewhere = await build({ site: dir, skip: ['search'], out: join(dir, 'dist-2') });
    expect(elsewhere.cardsRendered).toBe(0);
    expect(elsewhere.cardsReused).toBe(first.cardsRendered + first.cardsReused);
    expect(await readFile(join(dir, 'dist-2/writing/queue-part-1/og.png'))).toEqual(before);

    const { addFiles } = await import('./helpers/site.js');
    await addFiles(dir, part(1).replace('title: Queue part 1', 'title: Queue part one'));
    const third = await build({ site: dir, skip: ['search'] });
    // Only that post's card shows its title: list and series cards show section names.
    expect(third.cardsRendered).toBe(1);
  });

  it('survives a corrupt cache entry by rendering the card again', async () => {
    const dir = await site(SITE);
    await build({ site: dir, skip: ['search'] });
    const { readdir, writeFile } = await import('node:fs/promises');
    const cacheDir = join(dir, '.casebook/cache/og');
    const entries = await readdir(cacheDir);
    await writeFile(join(cacheDir, entries[0]!), 'torn');
    const again = await build({ site: dir, skip: ['search'], out: join(dir, 'dist-2') });
    expect(again.cardsRendered).toBe(1);
    expect((await stat(join(cacheDir, entries[0]!))).size).toBeGreaterThan(1000);
  });

  it.skipIf(!hasChromium)('finds a word from a post body in headless Chromium, with highlighted terms', async () => {
    const dir = await site(SITE);
    await build({ site: dir, skip: ['og'] });
    const server = await startPreview({ root: join(dir, 'dist'), port: 0, host: '127.0.0.1' });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await page.goto(`${base}/search/?q=zanzibarian`);
      const first = page.locator('.search-results li').first();
      await first.waitFor({ timeout: 10_000 });
      expect(await page.locator('.search-results li').count()).toBe(1);
      expect(await first.locator('a').getAttribute('href')).toBe('/writing/queue-part-2/');
      expect(await first.locator('a').textContent()).toBe('Queue part 2');
      expect(await first.locator('mark').first().textContent()).toMatch(/zanzibarian/i);
      expect(await page.locator('[role="status"]').textContent()).toBe('1 result for “zanzibarian”.');

      // "/" focuses the box; typing searches as you go.
      await page.locator('h1').click();
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-q');
      await page.keyboard.type(' nothingmatchesthis');
      await expect.poll(() => page.locator('[role="status"]').textContent()).toMatch(/^No results for/);

      // The header form on other pages reaches the search page without JavaScript on that page.
      await page.goto(`${base}/writing/queue-part-1/`);
      expect(await page.locator('script[src]').count()).toBe(0);
      await page.locator('#site-search-q').fill('lease');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/search\/\?q=lease/);
      await page.locator('.search-results li').first().waitFor();
    } finally {
      await browser.close();
      server.close();
    }
  });
});
