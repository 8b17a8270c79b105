import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

/**
 * Issue 17: shapes of real repositories that built the wrong thing with exit 0. Each fixture is
 * written here in its own words, in the shape of the quirk found in a real blog.
 */
const site = useTempSites();
const build = (dir: string) => runCli(['build', dir, '--skip', 'og,search', '--no-cache']);

describe('class 1: Markdown present but no posts found fails instead of building an empty site', () => {
  it('a Hugo site in a subfolder of its repository is named, with the command to build it (CB1500)', async () => {
    const dir = await site(`-- README.md --
# my notes repo
-- blog/config.toml --
title = "Pebbles"
baseURL = "https://pebbles.example/"
-- blog/content/posts/first-stone.md --
---
title: "First stone"
date: 2021-04-02
---
A stone.
-- blog/content/posts/second-stone.md --
---
title: "Second stone"
date: 2021-05-02
---
Another.
`);
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB1500');
    expect(r.stderr).toContain('2 Markdown files');
    expect(r.stderr).toContain('blog/ (2)');
    expect(r.stderr).toContain('A Hugo site seems to be in blog/; run casebook build blog');
    expect(existsSync(join(dir, 'dist', 'index.html'))).toBe(false);
  });

  it('posts where no rule looks are counted by folder (CB1500), not dropped', async () => {
    const dir = await site(`-- package.json --
{ "dependencies": { "next": "15.0.0" } }
-- public/on-waiting/index.md --
---
title: On waiting
date: 2023-01-01
---
Text.
-- public/on-leaving/index.md --
---
title: On leaving
date: 2023-02-01
---
Text.
-- public/on-staying/index.md --
---
title: On staying
date: 2023-03-01
---
Text.
`);
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB1500');
    expect(r.stderr).toContain('No posts were found and no site generator was recognised: 3 Markdown files are not read, in public/ (3)');
  });

  it('a Next.js blog with `next` in package.json but no next.config.* is read as Next.js', async () => {
    const dir = await site(`-- package.json --
{ "name": "pines", "dependencies": { "next": "14.2.0", "gray-matter": "4.0.3" } }
-- pages/posts/[slug].js --
export default function Post() { return null; }
-- posts/needles.md --
---
title: Needles
date: 2022-03-04
---
Sharp.
-- posts/cones.md --
---
title: Cones
date: 2022-04-05
---
Round.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Detected Next.js site (package.json): 2 posts');
    expect(existsSync(join(dir, 'dist', 'posts', 'needles', 'index.html'))).toBe(true);
  });

  it('a Gatsby site is named as unsupported (CB1501), never built as an empty skeleton', async () => {
    const dir = await site(`-- gatsby-config.js --
module.exports = { siteMetadata: { title: 'Ferns' } };
-- content/blog/fern-one/index.md --
---
title: Fern one
date: 2020-01-01
---
Green.
`);
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB1501');
    expect(r.stderr).toContain('Gatsby site (gatsby-config.js)');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('a Hexo site (its _config.yml is not Jekyll) is named as unsupported (CB1501)', async () => {
    const dir = await site(`-- _config.yml --
title: Moss
-- package.json --
{ "dependencies": { "hexo": "^7.0.0" } }
-- source/_posts/moss.md --
---
title: Moss
date: 2020-01-01
---
Soft.
`);
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Hexo site (package.json)');
  });

  it('still builds a fresh site, a pages-only site and a site whose only stray Markdown is README.md and docs/', async () => {
    const fresh = join(await site(`-- .keep --\n`), 'fresh');
    expect((await runCli(['init', fresh])).code).toBe(0);
    expect((await build(fresh)).code).toBe(0);

    const pagesOnly = await site(`-- README.md --
# readme
-- docs/how-we-write.md --
# how
-- content/about.md --
---
title: About
---
Me.
`);
    const r = await build(pagesOnly);
    expect(r.stderr).not.toContain('CB1500');
    expect(r.code).toBe(0);
    expect(existsSync(join(pagesOnly, 'dist', 'index.html'))).toBe(true);
  });
});

describe('class 9: summaries keep the space at a soft line break', () => {
  it('"a\\ntechnique" stays two words in the meta description, feed and card', async () => {
    const dir = await site(`-- casebook.config.yaml --
title: Wrapped
baseUrl: https://wrapped.example/
-- content/writing/wrapped.md --
---
title: Wrapped lines
date: 2024-02-02
---
This paragraph describes a
technique that was wrapped
at seventy columns.

More text.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(join(dir, 'dist', 'writing', 'wrapped', 'index.html'), 'utf8');
    const description = /<meta name="description" content="([^"]*)"/.exec(page)?.[1];
    expect(description).toBe('This paragraph describes a technique that was wrapped at seventy columns.');
    const feed = readFileSync(join(dir, 'dist', 'feed.xml'), 'utf8');
    expect(feed).toContain('describes a technique that was wrapped at seventy');
    expect(feed).not.toContain('atechnique');
    const list = readFileSync(join(dir, 'dist', 'writing', 'index.html'), 'utf8');
    expect(list).toContain('describes a technique that was wrapped at seventy');
  });
});

describe('class 11: a WordPress export without wp:post_date keeps its dates', () => {
  const wxr = (items: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Lichen</title><link>https://lichen.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://lichen.example</wp:base_site_url>
${items}
</channel></rss>`;
  const item = (id: number, name: string, dates: string) => `<item><title>${name}</title><link>https://lichen.example/${name}/</link>
${dates}<content:encoded><![CDATA[<p>Body of ${name}.</p>]]></content:encoded>
<wp:post_id>${id}</wp:post_id><wp:post_name>${name}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>`;

  it('falls back to wp:post_date_gmt, then pubDate, and warns (CB1502) when an item has neither', async () => {
    const dir = await site(`-- export.xml --
${wxr(
  [
    item(1, 'gmt-only', '<wp:post_date_gmt>2019-05-03 12:11:12</wp:post_date_gmt>'),
    item(2, 'pub-only', '<pubDate>Tue, 04 Jun 2019 08:00:00 +0000</pubDate>'),
    item(3, 'no-date', ''),
  ].join('\n'),
)}
`);
    const out = join(dir, 'site');
    const r = await runCli(['import', 'wordpress', join(dir, 'export.xml'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(out, 'content', 'writing'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.md'));
    const text = (slug: string) => readFileSync(join(out, 'content', 'writing', files.find((f) => f.includes(slug))!), 'utf8');
    expect(text('gmt-only')).toMatch(/^date: ["']?2019-05-03T12:11:12/m);
    expect(text('pub-only')).toMatch(/^date: ["']?2019-06-04T08:00:00/m);
    expect(text('no-date')).not.toMatch(/^date:/m);
    expect(r.stderr).toContain('CB1502');
    expect(r.stderr).toContain('"no-date" has no wp:post_date');
  });
});

describe('class 12: a blog without case studies has no Case studies nav item or page', () => {
  it('a Jekyll blog of articles builds no /case-studies/ and no nav link to it', async () => {
    const dir = await site(`-- _config.yml --
title: Bark
url: https://bark.example
-- _posts/2020-01-01-oak.md --
---
title: Oak
---
Rough.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'dist', 'case-studies', 'index.html'))).toBe(false);
    const home = readFileSync(join(dir, 'dist', 'index.html'), 'utf8');
    expect(home).not.toContain('case-studies/');
    expect(home).toContain('href="/writing/"');
  });
});
