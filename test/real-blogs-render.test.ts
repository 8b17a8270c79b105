import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
