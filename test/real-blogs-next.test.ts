import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

/**
 * Issue 17: Next.js blogs whose posts sit where no starter keeps them were refused (CB1500).
 * The fixtures are written here, in the shape of real repositories: posts the page code reads
 * from `public/<slug>/index.md`, and app-router notes written as `page.mdx`.
 */
const site = useTempSites();
const build = (dir: string) => runCli(['build', dir, '--skip', 'og,search', '--no-cache']);
const read = (dir: string, path: string) => readFileSync(join(dir, 'dist', path), 'utf8');

describe('Next.js layouts read from what the page code does', () => {
  it('posts the route reads from public/<slug>/index.md keep /<slug>/, are listed and in the feed; JSX renders or is counted lost', async () => {
    const dir = await site(`-- package.json --
{ "name": "kettle", "dependencies": { "next": "15.0.0", "gray-matter": "4.0.3", "next-mdx-remote-client": "2.0.0" } }
-- next.config.js --
module.exports = { output: "export", trailingSlash: true };
-- app/posts.ts --
import { readdir } from "fs/promises";
export async function getPosts() {
  const entries = await readdir("./public/", { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}
-- app/[slug]/page.tsx --
import { readFile } from "fs/promises";
import { MDXRemote } from "next-mdx-remote-client/rsc";
export default async function Page({ params }) {
  const file = await readFile("./public/" + params.slug + "/index.md", "utf8");
  return <MDXRemote source={file} />;
}
-- public/steeping-time/index.md --
---
title: Steeping time
date: '2024-02-10'
spoiler: How long the leaves sit.
---

Four minutes, <span style={{whiteSpace: 'nowrap', fontSize: 14}}>no more</span>.

<Timer seconds={240} />

<p className="aside">Use a lid.</p>

![the pot](./pot.png)
-- public/steeping-time/pot.png --
PNGDATA
-- public/water-temperature/index.md --
---
title: Water temperature
date: '2024-03-11'
---

Just below boiling.
-- public/robots.txt --
User-agent: *
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Detected Next.js site');
    const post = read(dir, 'steeping-time/index.html');
    expect(post).toContain('<span style="white-space:nowrap;font-size:14px">no more</span>');
    expect(post).not.toContain('{{');
    expect(post).toContain('<p class="aside">Use a lid.</p>');
    expect(post).not.toContain('Timer');
    expect(existsSync(join(dir, 'dist', 'steeping-time', 'pot.png'))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'water-temperature', 'index.html'))).toBe(true);
    // The removed component is a loss the build names, never silent.
    expect(r.stdout + r.stderr).toContain('CB1540');
    expect(r.stdout + r.stderr).toContain('<Timer>');
    const list = read(dir, 'writing/index.html');
    expect(list).toContain('href="/steeping-time/"');
    expect(list).toContain('href="/water-temperature/"');
    const feed = read(dir, 'feed.xml');
    expect(feed).toContain('Steeping time');
    expect(feed).toContain('Water temperature');
  });

  it('app-router page.mdx files are built at their folder URLs: a folder of several is the writing, a lone one a page', async () => {
    const dir = await site(`-- package.json --
{ "dependencies": { "next": "15.0.0", "@next/mdx": "15.0.0" } }
-- next.config.ts --
const nextConfig = { pageExtensions: ['mdx', 'ts', 'tsx'] };
export default nextConfig;
-- app/page.tsx --
export default function Home() { return <p>hi</p>; }
-- app/notes/glue/page.mdx --
import { Sparkle } from '../sparkle';

export const metadata = {
  title: 'On glue',
  description: 'Why things stick.',
  publishedAt: '2023-05-06',
  openGraph: { title: 'Not this one' },
};

<Sparkle />

Glue is **sticky**.
-- app/notes/tape/page.mdx --
export const metadata = {
  title: 'On tape',
  publishedAt: '2023-07-08',
};

Tape is flat.
-- app/(site)/about/page.mdx --
# About me

I collect adhesives.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const glue = read(dir, 'notes/glue/index.html');
    expect(glue).toContain('On glue');
    expect(glue).not.toContain('Not this one');
    expect(glue).toContain('<strong>sticky</strong>');
    expect(glue).not.toContain('import');
    expect(glue).not.toContain('metadata');
    expect(read(dir, 'notes/tape/index.html')).toContain('Tape is flat.');
    expect(read(dir, 'about/index.html')).toContain('I collect adhesives.');
    const list = read(dir, 'writing/index.html');
    expect(list).toContain('href="/notes/glue/"');
    expect(list).toContain('href="/notes/tape/"');
    expect(list).not.toContain('href="/about/"');
    expect(read(dir, 'feed.xml')).toContain('On tape');
    expect(r.stdout + r.stderr).toContain('<Sparkle>');
  });

  it('a site in a subfolder whose config cannot be read is named with the file and line (CB1500), not passed over', async () => {
    const dir = await site(`-- README.md --
# a repo with a blog inside
-- journal/config.toml --
baseURL = 'https://journal.example/'
title = 'Journal'
extra:
    mood: calm
-- journal/content/posts/monday.md --
---
title: Monday
date: 2023-04-03
---
Rain.
-- journal/content/posts/tuesday.md --
---
title: Tuesday
date: 2023-04-04
---
Sun.
`);
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB1500');
    expect(r.stderr).toContain('A site seems to be in journal/, but its config cannot be read (journal/config.toml line 3:');
    expect(r.stderr).toContain('run casebook build journal to see where');
  });
});

describe('MDX: Markdown inside HTML elements whose tags stand on their own lines', () => {
  it('renders the indented children as Markdown, as MDX does (images, links across lines), and keeps every later line number', async () => {
    const dir = await site(`-- package.json --
{ "name": "herbarium", "dependencies": { "next": "14.2.0", "contentlayer": "0.3.4" } }
-- next.config.js --
module.exports = { reactStrictMode: true };
-- data/blog/pressed-leaves.mdx --
---
title: Pressed leaves
date: '2023-09-09'
---

A shelf of samples.

<div className="shelf">
  <div className="jar">
    ![Fern](/static/fern.png)
  </div>
  <div className="jar">
    ![Clover](/static/clover.png)
  </div>
</div>

<div>
  Gathered with [the botany
  club](https://botany.example/) last spring.
</div>

![Moss](/static/moss.png)
-- public/static/fern.png --
PNGDATA
-- public/static/clover.png --
PNGDATA
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const page = read(dir, 'blog/pressed-leaves/index.html');
    expect(page).toMatch(/<img src="\/static\/fern\.png" alt="Fern"/);
    expect(page).toMatch(/<img src="\/static\/clover\.png" alt="Clover"/);
    expect(page).toMatch(/<a href="https:\/\/botany\.example\/">the botany\s+club<\/a>/);
    expect(page).not.toContain('](');
    expect(page).toMatch(/<div class="shelf">\s*<div class="jar">\s*<p><img/);
    // The missing image after them is reported at its own line of the file.
    expect(r.stdout + r.stderr).toMatch(/pressed-leaves\.mdx:22\b/);
  });
});
