import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSite } from '../src/check/check.js';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

/**
 * Issue 17, what a new user's real blogs rendered wrong: directive admonitions shown as colons,
 * local videos removed, redirect stubs published as blank posts, and Casebook's own table markup
 * reported by `casebook check`. Every fixture is written here, in its own words.
 */
const site = useTempSites();
const build = (dir: string) => runCli(['build', dir, '--skip', 'og,search', '--no-cache']);
const read = (dir: string, path: string) => readFileSync(join(dir, 'dist', path), 'utf8');

const astroSite = (config: string) => `-- astro.config.mjs --
${config}
-- src/content.config.ts --
const notes = defineCollection({ loader: glob({ base: "./content/notes", pattern: "**/*.md" }) });
export const collections = { notes };
-- src/pages/notes/[...slug].astro --
---
const notes = await getCollection("notes");
---
-- content/notes/kites.md --
---
title: Flying kites
publishDate: 2024-05-06
---
Wind matters most.

:::note
Check the **forecast** first.
:::

:::tip[Pick a field]
Open ground, no wires.

- grass
- sand
:::

:::danger
Never near power lines.
:::

:::sparkle
Strings shimmer at dusk.
:::

After the admonitions.
`;

describe('Astro admonitions written as remark directives', () => {
  it('become titled asides with their Markdown rendered when the config reads directives; unknown names keep their text and are a loss', async () => {
    const dir = await site(
      astroSite(`import remarkDirective from "remark-directive";
export default { site: "https://kites.example", markdown: { remarkPlugins: [remarkDirective] } };`),
    );
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const post = read(dir, 'notes/kites/index.html');
    expect(post).not.toContain(':::');
    expect(post).toMatch(
      /<aside class="admonition admonition-note" aria-label="Note">\s*<p class="admonition-title">Note<\/p>\s*<p>Check the <strong>forecast<\/strong> first.<\/p>\s*<\/aside>/,
    );
    expect(post).toMatch(
      /<aside class="admonition admonition-tip" aria-label="Pick a field">\s*<p class="admonition-title">Pick a field<\/p>\s*<p>Open ground, no wires.<\/p>\s*<ul>/,
    );
    expect(post).toContain('<aside class="admonition admonition-danger" aria-label="Danger">');
    expect(post).toContain('<p>After the admonitions.</p>');
    // The unknown directive: its words stay, the wrapper the old theme drew is named as lost.
    expect(post).toContain('<p>Strings shimmer at dusk.</p>');
    expect(post).not.toContain('admonition-sparkle');
    expect(r.stdout + r.stderr).toContain('CB1540');
    expect(r.stdout + r.stderr).toContain(':::sparkle');
    const css = readFileSync(join(dir, 'dist', /href="([^"]*casebook-post[^"]*\.css)"/.exec(post)?.[1] ?? 'casebook-post.css'), 'utf8');
    expect(css.includes('.admonition-danger'), 'theme CSS styles the danger admonition').toBe(true);
  });

  it('a processor switch `directive: true` turns them on too; a site whose config does not read directives keeps the colons as text', async () => {
    const on = await site(astroSite(`export default { markdown: { processor: md({ features: { directive: true } }) } };`));
    expect((await build(on)).code).toBe(0);
    expect(read(on, 'notes/kites/index.html')).toContain('admonition-note');

    const off = await site(astroSite(`export default { site: "https://kites.example" };`));
    const r = await build(off);
    expect(r.code, r.stderr).toBe(0);
    const post = read(off, 'notes/kites/index.html');
    expect(post).not.toContain('<aside class="admonition');
    expect(post).toContain(':::note');
  });
});

describe('MDX videos of files beside the post', () => {
  it('<Video src poster> and <video src> of local files play in the browser player, the files copied; remote or missing ones are removed and counted', async () => {
    const dir = await site(`-- astro.config.mjs --
export default { site: "https://reels.example" };
-- src/content.config.ts --
const notes = defineCollection({ loader: glob({ base: "./content/notes", pattern: "**/*.mdx" }) });
export const collections = { notes };
-- src/pages/notes/[...slug].astro --
---
const notes = await getCollection("notes");
---
-- content/notes/lathe/index.mdx --
---
title: On the lathe
publishDate: 2024-07-08
---
import Video from "../../components/Video.astro";

The blank spins up.

<Video src="./turning.mp4" poster="./turning.jpg" muted playsInline controls />

Then the cut, slower:

<video src="./cut.mp4" controls></video>

<Video src="https://cdn.example/elsewhere.mp4" />

<Video src="./not-here.mp4" />
-- content/notes/lathe/turning.mp4 --
MP4DATA-TURNING
-- content/notes/lathe/turning.jpg --
JPEGDATA
-- content/notes/lathe/cut.mp4 --
MP4DATA-CUT
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const post = read(dir, 'notes/lathe/index.html');
    expect(post).toContain('<video controls preload="metadata" src="/notes/lathe/turning.mp4" poster="/notes/lathe/turning.jpg" muted playsinline></video>');
    expect(post).toMatch(/<video src="\/notes\/lathe\/cut\.mp4" controls(="")?><\/video>/);
    expect(read(dir, 'notes/lathe/turning.mp4')).toContain('MP4DATA-TURNING');
    expect(read(dir, 'notes/lathe/turning.jpg')).toContain('JPEGDATA');
    expect(read(dir, 'notes/lathe/cut.mp4')).toContain('MP4DATA-CUT');
    expect(post).not.toContain('elsewhere.mp4');
    expect(post).not.toContain('not-here.mp4');
    // Exactly the two videos with nothing to play are lost: the local one is kept.
    const out = r.stdout + r.stderr;
    expect(out).toContain('CB1540');
    expect(out).toMatch(/<Video> ×2/);
  });
});

describe('Jekyll posts that are only a redirect', () => {
  it('become a redirect page at their old URL and a _redirects line, unlisted and out of feeds, one CB1541 each', async () => {
    const dir = await site(`-- _config.yml --
title: Tide notes
url: https://tides.example
permalink: /:year/:title/
-- _posts/2023-04-05-neap-tides.md --
<meta http-equiv="Refresh" content="0; url='https://new-tides.example/posts/neap/'" />
-- _posts/2023-06-07-spring-tides.md --
---
title: Spring tides
---
<META HTTP-EQUIV=refresh CONTENT="0;URL=https://new-tides.example/posts/spring/?a=1&b=2">
Moved: <a href="https://new-tides.example/posts/spring/">read it there</a>.
-- _posts/2023-08-09-odd-stub.md --
<meta http-equiv="refresh" content="0; url=javascript:alert(1)">
-- _posts/2024-01-02-tide-tables.md --
---
title: Reading tide tables
---
High water comes twice a day.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout + r.stderr;
    const neap = read(dir, '2023/neap-tides/index.html');
    expect(neap).toContain('<meta http-equiv="refresh" content="0; url=https://new-tides.example/posts/neap/">');
    expect(neap).toContain('<link rel="canonical" href="https://new-tides.example/posts/neap/">');
    expect(neap).toContain('<meta name="robots" content="noindex">');
    expect(neap).not.toContain('<article');
    const spring = read(dir, '2023/spring-tides/index.html');
    expect(spring).toContain('href="https://new-tides.example/posts/spring/?a=1&amp;b=2"');
    expect(spring).not.toContain('?a=1&b=2');
    const redirects = read(dir, '_redirects');
    expect(redirects).toContain('/2023/neap-tides/ https://new-tides.example/posts/neap/ 301');
    expect(redirects).toContain('/2023/spring-tides/ https://new-tides.example/posts/spring/?a=1&b=2 301');
    expect(out).toContain('CB1541');
    expect(out.match(/was a redirect to https:/g)?.length).toBe(2);
    expect(out).toContain('https://new-tides.example/posts/neap/');
    // The refresh tag is the redirect now, not a removal to report (the odd stub's still is).
    expect(out).not.toMatch(/(neap|spring)-tides\.md:[^\n]*<meta/i);
    expect(out).not.toContain('neap-tides.md: No title');
    // Only the real post (and the stub whose target is unusable, built as a post) is listed.
    const list = read(dir, 'writing/index.html');
    expect(list).toContain('/2024/tide-tables/');
    expect(list).not.toContain('neap-tides');
    expect(list).not.toContain('spring-tides');
    const feed = read(dir, 'feed.xml');
    expect(feed).toContain('Reading tide tables');
    expect(feed).not.toContain('neap-tides');
    expect(feed).not.toContain('Spring tides');
    // A stub whose target is not http(s) is never a redirect there: an ordinary post, with CB1542.
    expect(out).toContain('CB1542');
    expect(read(dir, '2023/odd-stub/index.html')).not.toContain('javascript:');
    expect(redirects).not.toContain('javascript');
  });
});

describe("casebook check and Casebook's own table markup", () => {
  const TABLE = `| Knot | Strength | Uses |
|:-----|:--------:|-----:|
| Bowline | high | 3 |
| Reef | low | 12 |
`;
  it('aligned Markdown table columns are classes the theme styles, never findings; an author inline style is still a warning', async () => {
    const dir = await site(`-- casebook.config.yaml --
baseUrl: https://knots.example/
search: false
-- content/writing/knots.md --
---
title: Knots
date: 2024-02-03
description: Which knot for which job.
---
${TABLE}
A <span style="color:teal">coloured</span> word of my own.
`);
    const r = await runCli(['build', dir, '--skip', 'og,search', '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    const post = read(dir, 'writing/knots/index.html');
    expect(post).toContain('<th class="align-left">Knot</th>');
    expect(post).toContain('<th class="align-center">Strength</th>');
    expect(post).toContain('<td class="align-right">12</td>');
    expect(post).not.toContain('text-align');
    const report = await checkSite({ target: join(dir, 'dist') });
    const inline = report.findings.filter((f) => f.rule === 'html/no-inline-style');
    expect(inline).toEqual([expect.objectContaining({ severity: 'warning', file: 'writing/knots/index.html' })]);
    expect(post.split('\n')[inline[0]!.line! - 1]).toContain('color:teal');
    const css = readFileSync(join(dir, 'dist', /href="([^"]*casebook-post[^"]*\.css)"/.exec(post)![1]!.replace(/^\//, '')), 'utf8');
    expect(css.includes('.prose .align-right{text-align:right}'), 'theme CSS aligns the classes').toBe(true);
  });

  it("a migrated site's Markdown tables get the same classes through the foreign renderer and its HTML policy", async () => {
    const dir = await site(`-- _config.yml --
title: Knots
url: https://knots.example
permalink: /:year/:title/
-- _posts/2024-02-03-knots.md --
---
title: Knots
---
${TABLE}`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const post = read(dir, '2024/knots/index.html');
    expect(post).toContain('<td class="align-center">high</td>');
    expect(post).not.toContain('text-align');
    const report = await checkSite({ target: join(dir, 'dist') });
    expect(report.findings.filter((f) => f.rule === 'html/no-inline-style')).toEqual([]);
  });
});
