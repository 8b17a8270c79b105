// A generated 300-post site built end to end: every post on disk and in the sitemap. The small
// sites of build.test.ts cover the same pages one by one.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { assertWellFormedXml } from './helpers/output.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

describe('build: scale', () => {
  it('builds a 300-post generated site with every post on disk and in the sitemap', async () => {
    const { writeGeneratedSite } = await import('../bench/generate.js');
    const dir = await site(`-- .keep --\n`);
    const posts = await writeGeneratedSite(dir, 300);
    const result = await build({ site: dir, skip: ['og'] });
    expect(result.posts).toBe(300);
    const out = join(dir, 'dist');
    const sitemap = await readFile(join(out, 'sitemap.xml'), 'utf8');
    assertWellFormedXml(sitemap);
    for (const p of posts) {
      const html = await readFile(join(out, `writing/${p.slug}/index.html`), 'utf8');
      expect(html).toMatch(/<span>\d+ min read<\/span>/);
      expect(sitemap).toContain(`<loc>https://bench.example.com/writing/${p.slug}/</loc>`);
    }
    for (const f of ['feed.xml', 'atom.xml']) assertWellFormedXml(await readFile(join(out, f), 'utf8'));
    expect(JSON.parse(await readFile(join(out, 'feed.json'), 'utf8')).items).toHaveLength(20);
    expect(existsSync(join(out, 'categories/databases/index.html'))).toBe(true);
    expect(existsSync(join(out, `tags/${posts[0]!.tags[0]}/index.html`))).toBe(true);
    await writeFile(join(dir, 'ok'), '');
  });
});
