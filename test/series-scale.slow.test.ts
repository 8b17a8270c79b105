import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { scaleSiteConfig } from './helpers/scale-site.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();
const PARTS = 4000;

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  }
  return total;
}

/** The `<li>` items of a part's series box. */
function boxItems(page: string): string[] {
  const box = /<nav class="series-box"[\s\S]*?<\/nav>/.exec(page)?.[0];
  expect(box, 'series box').toBeDefined();
  return [...box!.matchAll(/<li[^>]*>[\s\S]*?<\/li>/g)].map((m) => m[0]);
}

describe('a long series', () => {
  it(`builds ${PARTS} parts with a capped box on each part and every part on the (paginated) series page`, async () => {
    const dir = await site(scaleSiteConfig('Series Site', 'A long series.'));
    await mkdir(join(dir, 'content/writing'), { recursive: true });
    for (let i = 1; i <= PARTS; i++) {
      await writeFile(
        join(dir, `content/writing/part-${i}.md`),
        `---\ntitle: Part number ${i}\ndate: 2024-01-01\nseries: Long haul\nseriesPart: ${i}\n---\nBody ${i}.\n`,
      );
    }
    const out = join(dir, 'dist');
    const r = await runCli(['build', dir, '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    // Every box listing all parts made about 800 MB; capped boxes keep the whole site small.
    const size = await folderSize(out);
    expect(size).toBeLessThan(150 * 1024 * 1024);

    for (const n of [1, 2, 1000, 2057, 3999, PARTS]) {
      const items = boxItems(await readFile(join(out, `writing/part-${n}/index.html`), 'utf8'));
      expect(items.length, `part ${n}`).toBeLessThanOrEqual(12);
      expect(items.filter((li) => li.includes('aria-current="page"'))).toEqual([expect.stringContaining(`Part number ${n}<`)]);
    }
    const middle = await readFile(join(out, 'writing/part-2057/index.html'), 'utf8');
    const items = boxItems(middle);
    // First, the gap before the current part's neighbours, 2054–2060, the gap after, the last.
    expect(items.map((li) => /value="(\d+)"/.exec(li)?.[1] ?? (li.includes('series-gap') ? 'gap' : '?'))).toEqual([
      '1',
      'gap',
      '2054',
      '2055',
      '2056',
      '2057',
      '2058',
      '2059',
      '2060',
      'gap',
      String(PARTS),
    ]);
    expect(items[1]).toContain('2,052 more parts');
    expect(items[1]).toContain('href="/series/long-haul/"');
    expect(items[9]).toContain(`${(PARTS - 2061).toLocaleString('en')} more parts`);
    expect(items[9]).toContain('href="/series/long-haul/page/21/"');
    expect(middle).toContain(`<p class="series-all"><a href="/series/long-haul/">All ${PARTS.toLocaleString('en')} parts</a></p>`);

    // The series page lists every part exactly once, in order, across its pages.
    const listed: number[] = [];
    for (let page = 1; ; page++) {
      const file = join(out, page === 1 ? 'series/long-haul/index.html' : `series/long-haul/page/${page}/index.html`);
      const html = await readFile(file, 'utf8').catch(() => undefined);
      if (html === undefined) break;
      // Numbered across pages: "Part 1,000:" starts page 10.
      for (const m of html.matchAll(/<span class="part">Part ([\d,]+):<\/span> Part number (\d+)</g)) {
        expect(m[1]!.replace(/,/g, '')).toBe(m[2]);
        listed.push(Number(m[2]));
      }
    }
    expect(listed).toEqual(Array.from({ length: PARTS }, (_, i) => i + 1));
  }, 300_000);

  it('lists every part of a short series in each box, numbered as before', async () => {
    const dir = await site(
      `${scaleSiteConfig('Short', 'A short series.')}${Array.from({ length: 12 }, (_, i) => `-- content/writing/p${i + 1}.md --\n---\ntitle: P${i + 1}\ndate: 2024-01-01\nseries: Short\nseriesPart: ${i + 1}\n---\nBody.\n`).join('')}`,
    );
    const out = join(dir, 'dist');
    const r = await runCli(['build', dir, '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    const items = boxItems(await readFile(join(out, 'writing/p5/index.html'), 'utf8'));
    expect(items).toHaveLength(12);
    expect(items.join('')).not.toMatch(/value=|series-gap/);
  }, 120_000);
});
