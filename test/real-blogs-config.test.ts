import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

/**
 * Issue 17, classes 2, 3, 6 and 8: real blogs whose posts were built but not listed, whose
 * config was not read, whose feeds disappeared, or which published what the old tool ignored.
 * Every fixture is written here, in its own words, in the shape found in a real repository.
 */
const site = useTempSites();
const build = (dir: string) => runCli(['build', dir, '--skip', 'og,search', '--no-cache']);
const read = (dir: string, path: string) => readFileSync(join(dir, 'dist', path), 'utf8');
/** Dated cards on /writing/: what a reader sees listed. */
const listed = (dir: string) =>
  [...read(dir, 'writing/index.html').matchAll(/<article class="card">([\s\S]*?)<\/article>/g)]
    .filter((m) => /<time /.test(m[1]!))
    .map((m) => /<a href="([^"]+)"/.exec(m[1]!)![1]);
const rssItems = (xml: string) => [...xml.matchAll(/<item>[\s\S]*?<link>([^<]+)<\/link>/g)].map((m) => m[1]);
const atomEntries = (xml: string) => [...xml.matchAll(/<entry>[\s\S]*?<link rel="alternate" type="text\/html" href="([^"]+)"/g)].map((m) => m[1]);
const canonical = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];

describe('class 2: posts the old site listed are listed, whatever folder they sit in', () => {
  it("Jekyll articles kept as dated pages in a folder (no _posts/) are posts; the folder's own index.md is built", async () => {
    const dir = await site(`-- _config.yml --
title: Lichen notes
url: https://lichen.example
-- essays/index.md --
---
title: Every essay
permalink: /essays/
---
The essays, newest first.
-- essays/on-slow-growth.md --
---
title: On slow growth
date: 2021-03-04
permalink: /essays/slow-growth/
---
Lichens grow a millimetre a year.
-- essays/crusts.md --
---
title: Crusts and scales
date: 2022-07-08
permalink: /essays/crusts/
---
Some lie flat, some lift at the edges.
-- about.md --
---
title: About
permalink: /about/
---
Who writes this.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(listed(dir)).toEqual(['/essays/crusts/', '/essays/slow-growth/']);
    expect(rssItems(read(dir, 'feed.xml'))).toEqual(['https://lichen.example/essays/crusts/', 'https://lichen.example/essays/slow-growth/']);
    expect(read(dir, 'index.html')).toContain('href="/essays/crusts/"');
    expect(read(dir, 'essays/index.html')).toContain('Every essay');
    // The about page stays a page: built, not listed.
    expect(existsSync(join(dir, 'dist', 'about', 'index.html'))).toBe(true);
    expect(read(dir, 'feed.xml')).not.toContain('/about/');
  });

  it('Zola pages of the root section are the blog: dated, listed, in the feed; a sub-section does not take the feed over', async () => {
    const dir = await site(`-- config.toml --
base_url = "https://moss.example"
title = "Moss"
-- content/_index.md --
+++
sort_by = "date"
+++
-- content/spores.md --
+++
title = "Spores on the wind"
date = 2023-05-01
+++
Tiny.
-- content/carpets.md --
+++
title = "Green carpets"
date = 2023-06-01
+++
Soft.
-- content/about.md --
+++
title = "About the moss"
+++
Undated: a page.
-- content/field-notes/_index.md --
+++
sort_by = "date"
+++
-- content/field-notes/wet-rock.md --
+++
title = "A wet rock"
date = 2020-01-01
+++
Old note.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(listed(dir)).toEqual(['/carpets/', '/spores/', '/field-notes/wet-rock/']);
    expect(rssItems(read(dir, 'feed.xml'))).toEqual([
      'https://moss.example/carpets/',
      'https://moss.example/spores/',
      'https://moss.example/field-notes/wet-rock/',
    ]);
    expect(existsSync(join(dir, 'dist', 'about', 'index.html'))).toBe(true);
    expect(read(dir, 'feed.xml')).not.toContain('/about/');
  });
});

describe('class 3: the old config is read where the old tool read it', () => {
  it("Hugo's config directory: each file under its own key (permalinks, params, languages.en) and hugo.toml at the top", async () => {
    const dir = await site(`-- config/_default/hugo.toml --
baseURL = "https://fern.example/"
defaultContentLanguage = "en"
-- config/_default/languages.en.toml --
title = "Fern log"
-- config/_default/permalinks.toml --
posts = "/:year/:slug/"
-- config/_default/params.toml --
description = "Notes on ferns"
-- content/posts/fiddleheads.md --
---
title: Fiddleheads
date: 2022-04-10
---
They uncurl.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const page = read(dir, '2022/fiddleheads/index.html');
    expect(canonical(page)).toBe('https://fern.example/2022/fiddleheads/');
    expect(page).toContain('Fern log');
    expect(read(dir, 'index.html')).toContain('Notes on ferns');
  });

  it('Zola: the title from content/_index.md when the config has none', async () => {
    const dir = await site(`-- config.toml --
base_url = "https://bracket.example"
-- content/_index.md --
+++
title = "Bracket fungi"
+++
-- content/notes/shelf.md --
+++
title = "A shelf on a trunk"
date = 2021-09-09
+++
Hard.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, 'index.html')).toMatch(/<title>[^<]*Bracket fungi/);
  });

  it("Zola: a translated section file (_index.fr.md) is a section, not a post; aliases repeating the post's URL in another case are dropped with a warning", async () => {
    const dir = await site(`-- config.toml --
base_url = "https://bracket.example"
title = "Bracket fungi"
-- content/_index.md --
+++
sort_by = "date"
+++
-- content/_index.fr.md --
+++
title = "Champignons"
+++
-- content/blog/_index.fr.md --
+++
title = "Carnet"
+++
-- content/blog/shelf.md --
+++
title = "A shelf on a trunk"
date = 2021-09-09
aliases = ["blog/shelf", "blog/Shelf"]
+++
Hard.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/CB1604[\s\S]*"blog\/Shelf"/);
    expect(read(dir, 'blog/shelf/index.html')).toContain('A shelf on a trunk');
    expect(existsSync(join(dir, 'dist', '_index-fr'))).toBe(false);
    expect(read(dir, 'writing/index.html')).not.toMatch(/Champignons|Carnet|Index\.fr/);
  });

  it('Eleventy: ---js and ---json front matter are read (a JS draft stays out, its title and date are kept); code is never run and is named', async () => {
    const dir = await site(`-- .eleventy.js --
module.exports = function (eleventyConfig) {
  return { dir: { input: "src" } };
};
-- src/posts/hidden.md --
---js
const title = "Not yet ready";
const date = "2020-05-01";
const draft = true;
---
Unfinished.
-- src/posts/frogs.md --
---js
const title = 'Frogs after rain';
const date = "2020-05-02";
const tags = ["ponds", "spring"];
const layout = computeLayout();
---
They sing.
-- src/posts/toads.md --
---json
{ "title": "Toads in the cellar", "date": "2020-05-03" }
---
Quiet ones.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const writing = read(dir, 'writing/index.html');
    expect(writing).toContain('Frogs after rain');
    expect(writing).toContain('Toads in the cellar');
    expect(writing).not.toContain('Not yet ready');
    expect(existsSync(join(dir, 'dist', 'posts', 'hidden'))).toBe(false);
    expect(read(dir, 'posts/frogs/index.html')).not.toContain('const title');
    expect(r.stderr).toMatch(/CB1523[\s\S]*frogs\.md/);
  });

  it('Eleventy: title and address from a _data file named for the site (siteinfo.json)', async () => {
    const dir = await site(`-- .eleventy.js --
module.exports = function (eleventyConfig) {
  return { dir: { input: "src" } };
};
-- _data/siteinfo.json --
{ "title": "Pond life", "url": "https://pond.example" }
-- src/posts/newts.md --
---
title: Newts in April
date: 2020-04-01
---
They come back.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const page = read(dir, 'posts/newts/index.html');
    expect(canonical(page)).toBe('https://pond.example/posts/newts/');
    expect(page).toContain('Pond life');
  });

  it('Astro: site written as process.env.X || "https://…" uses the fallback address', async () => {
    const dir = await site(`-- astro.config.mjs --
import { defineConfig } from "astro/config";
export default defineConfig({
  site: process.env.PUBLIC_SITE_URL || "https://tide.example",
});
-- src/content/blog/rock-pools.md --
---
title: Rock pools
pubDate: 2024-02-02
---
Crabs.
-- src/pages/blog/[...slug].astro --
---
const { slug } = Astro.params;
---
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(canonical(read(dir, 'blog/rock-pools/index.html'))).toBe('https://tide.example/blog/rock-pools/');
  });

  it('Jekyll baseurl without url: pages, links and images stay under the base path, and the guess is named (CB1521)', async () => {
    const dir = await site(`-- _config.yml --
title: Garden
baseurl: /garden
-- _posts/2019-06-01-beans.md --
---
title: Beans
---
![Bean rows]({{ site.baseurl }}/assets/rows.png)
-- assets/rows.png --
not really a png, but a file
-- CNAME --
plots.example
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('CB1521');
    const page = read(dir, '2019/06/01/beans.html');
    expect(canonical(page)).toBe('https://plots.example/garden/2019/06/01/beans.html');
    expect(page).toMatch(/src="\/garden\/assets\/rows\.png"/);
    expect(existsSync(join(dir, 'dist', 'assets', 'rows.png'))).toBe(true);
  });
});

describe('class 6: old feed URLs keep existing, in their format', () => {
  it('Hugo: RSS at /index.xml, per section and per tag', async () => {
    const dir = await site(`-- hugo.toml --
title = "Roots"
baseURL = "https://roots.example/"
-- content/posts/taproot.md --
---
title: Taproots
date: 2021-01-01
tags: [soil]
---
Deep.
-- content/notes/fibrous.md --
---
title: Fibrous roots
date: 2021-02-01
---
Wide.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const home = read(dir, 'index.xml');
    expect(home).toContain('<rss');
    expect(rssItems(home)).toEqual(['https://roots.example/notes/fibrous/', 'https://roots.example/posts/taproot/']);
    expect(rssItems(read(dir, 'posts/index.xml'))).toEqual(['https://roots.example/posts/taproot/']);
    expect(rssItems(read(dir, 'tags/soil/index.xml'))).toEqual(['https://roots.example/posts/taproot/']);
    // Casebook's own feeds are there as well.
    expect(existsSync(join(dir, 'dist', 'feed.xml'))).toBe(true);
  });

  it('Jekyll with jekyll-feed: /feed.xml is Atom, as it was; a site feed template keeps its permalink and format', async () => {
    const dir = await site(`-- _config.yml --
title: Bees
url: https://bees.example
plugins:
  - jekyll-feed
-- _posts/2018-05-05-swarm.md --
---
title: A swarm in May
---
Worth a load of hay.
-- rss.xml --
---
layout: null
permalink: /feeds/all.rss
---
<?xml version="1.0"?><rss version="2.0"><channel>{% for post in site.posts %}<item></item>{% endfor %}</channel></rss>
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const feed = read(dir, 'feed.xml');
    expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(atomEntries(feed)).toEqual(['https://bees.example/2018/05/05/swarm.html']);
    const rss = read(dir, 'feeds/all.rss');
    expect(rss).toContain('<rss');
    expect(rssItems(rss)).toEqual(['https://bees.example/2018/05/05/swarm.html']);
  });

  it('Zola: feed_filenames = ["rss.xml"] is RSS at /rss.xml; a tag taxonomy with feed = true has one per tag', async () => {
    const dir = await site(`-- config.toml --
base_url = "https://owl.example"
title = "Owls"
generate_feeds = true
feed_filenames = ["rss.xml"]
taxonomies = [{ name = "tags", feed = true }]
-- content/blog/_index.md --
+++
sort_by = "date"
+++
-- content/blog/pellets.md --
+++
title = "Owl pellets"
date = 2022-02-02
[taxonomies]
tags = ["diet"]
+++
Bones.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(rssItems(read(dir, 'rss.xml'))).toEqual(['https://owl.example/blog/pellets/']);
    expect(rssItems(read(dir, 'tags/diet/rss.xml'))).toEqual(['https://owl.example/blog/pellets/']);
  });

  it('Eleventy and Astro: feed templates and endpoints keep their paths (JSON Feed stays JSON)', async () => {
    const eleventy = await site(`-- eleventy.config.js --
export default function () {}
-- _data/metadata.json --
{ "title": "Kites", "url": "https://kites.example" }
-- feed.njk --
---
permalink: /feeds/everything.json
---
{ "version": "https://jsonfeed.org/version/1.1", "items": [] }
-- posts/red-kite.md --
---
title: Red kite
date: 2019-09-09
---
Forked tail.
`);
    let r = await build(eleventy);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(read(eleventy, 'feeds/everything.json')) as { version: string; feed_url: string; items: { url: string }[] };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.feed_url).toBe('https://kites.example/feeds/everything.json');
    expect(json.items.map((i) => i.url)).toEqual(['https://kites.example/posts/red-kite/']);

    const astro = await site(`-- astro.config.mjs --
export default { site: "https://gull.example" };
-- src/pages/rss.xml.js --
export async function GET() {}
-- src/content/blog/herring-gull.md --
---
title: Herring gull
pubDate: 2024-01-01
---
Loud.
`);
    r = await build(astro);
    expect(r.code, r.stderr).toBe(0);
    expect(rssItems(read(astro, 'rss.xml'))).toEqual(['https://gull.example/blog/herring-gull/']);
  });
});

describe('class 8: what the old tool ignored stays out', () => {
  it('Jekyll: a _posts file without a date prefix is not published (CB1520), nor _-prefixed files or config excludes', async () => {
    const dir = await site(`-- _config.yml --
title: Tides
url: https://tides.example
exclude:
  - scratch/
  - "*.log"
-- _posts/2020-02-02-neap.md --
---
title: Neap tide
---
Small range.
-- _posts/spring-ideas.md --
---
title: Spring tide ideas
---
Not dated, never published by Jekyll.
-- _posts/_template.md --
---
title: Template post
date: 2020-01-01
---
-- scratch/half-done.md --
---
title: Half done
---
Excluded.
-- build.log --
noise
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('CB1520');
    expect(r.stdout + r.stderr).toContain('_posts/spring-ideas.md');
    expect(listed(dir)).toEqual(['/2020/02/02/neap.html']);
    const files = readdirSync(join(dir, 'dist'), { recursive: true }).map(String);
    expect(files.some((f) => f.includes(':year') || /spring|template|half-done/.test(f))).toBe(false);
    expect(files).not.toContain('build.log');
  });

  it('Astro: a generateId that keeps the file path is followed; one Casebook cannot follow warns (CB1522)', async () => {
    const dir = await site(`-- astro.config.mjs --
export default { site: "https://shore.example" };
-- src/content.config.ts --
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
const blog = defineCollection({
  loader: glob({ pattern: "**/*.md", base: "./posts", generateId: ({ entry }) => entry.replace(/\\.md$/, "") }),
});
const notes = defineCollection({
  loader: glob({ pattern: "**/*.md", base: "./notes", generateId: ({ entry, data }) => makeId(data.title) }),
});
export const collections = { blog, notes };
-- posts/Tide-Tables.md --
---
title: Tide tables
pubDate: 2024-03-03
---
High water at noon.
-- notes/Low-Water.md --
---
title: Low water
pubDate: 2024-04-04
---
Mud.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    // The path as written, not slugged: what Astro's id was.
    expect(existsSync(join(dir, 'dist', 'blog', 'Tide-Tables', 'index.html'))).toBe(true);
    expect(r.stdout + r.stderr).toContain('CB1522');
    expect(r.stdout + r.stderr).toContain('"notes" collection');
  });
});
