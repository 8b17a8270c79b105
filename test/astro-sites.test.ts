import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

/** Issue 17 on Astro sites: shapes found in real repositories, each in a fixture written here in its own words. */
const site = useTempSites();
const build = (dir: string) => runCli(['build', dir, '--skip', 'og,search', '--no-cache']);
const read = (dir: string, path: string) => readFileSync(join(dir, 'dist', path), 'utf8');

const ASTRO = `-- astro.config.mjs --
export default { site: "https://moths.example" };
-- src/content.config.ts --
const essay = defineCollection({ loader: glob({ base: "./content/essays", pattern: "**/*.md" }) });
const jotting = defineCollection({ loader: glob({ base: "./content/jottings", pattern: "**/*.md" }) });
const tag = defineCollection({ loader: glob({ base: "./content/tags", pattern: "**/*.md" }) });
export const collections = { essay, jotting, tag };
-- src/pages/essays/[...slug].astro --
---
const essays = await getCollection("essay");
---
-- src/pages/jottings/[...slug].astro --
---
const jottings = await getCollection("jotting");
---
-- src/pages/rss.xml.js --
export const GET = () => rss({ items: [] });
-- src/pages/jottings/rss.xml.ts --
import { getCollection } from "astro:content";
export const GET = async () => {
  const jottings = await getCollection("jotting");
  return rss({ items: jottings.map((j) => ({ link: \`jottings/\${j.id}/\` })) });
};
-- content/essays/night-flight.md --
---
title: Night flight
publishDate: 2024-02-02
tags: [moths]
---
They come to the lamp.
-- content/essays/daylight.md --
---
title: Daylight
publishDate: 2024-03-03
tags: [moths]
---
They rest under leaves.
-- content/jottings/a-wing.md --
---
title: A wing
publishDate: 2024-04-04T10:00:00Z
---
Found one on the sill.
-- content/tags/moths.md --
---
title: Moths
description: Everything about the small night fliers.
---
A tag page intro.
`;

describe('Astro: collections that are not the blog, and feeds in a folder of src/pages', () => {
  it('builds a tag collection without dates as no post, shows its title and description on the tag page, and reports the text it does not show', async () => {
    const dir = await site(ASTRO);
    const r = await build(dir);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\b3 posts\b/);
    expect(existsSync(join(dir, 'dist/tag/moths/index.html'))).toBe(false);
    // The collection's entry describes its tag's page instead.
    const tagPage = read(dir, 'tags/moths/index.html');
    expect(tagPage).toContain('Everything about the small night fliers.');
    expect(tagPage).toMatch(/<h1>[^<]*Moths[^<]*<\/h1>/);
    expect(read(dir, 'writing/index.html')).not.toContain('A tag page intro');
    // Its text is not shown on the tag page, and the build says so, where it stands.
    expect(r.stdout + r.stderr).toMatch(/CB1528[\s\S]*content\/tags\/moths\.md:5: The text of this tag entry is not shown/);
    expect(read(dir, 'rss.xml')).not.toMatch(/<title>Moths<\/title>/);
  });

  it('keeps src/pages/jottings/rss.xml.ts at /jottings/rss.xml with that collection’s posts only, and the root one with every post', async () => {
    const dir = await site(ASTRO);
    const r = await build(dir);
    expect(r.code).toBe(0);
    const jottings = read(dir, 'jottings/rss.xml');
    expect(jottings).toContain('<rss');
    expect(jottings.match(/<item>/g)).toHaveLength(1);
    expect(jottings).toContain('https://moths.example/jottings/a-wing/');
    expect(jottings).not.toContain('Night flight');
    expect(read(dir, 'rss.xml').match(/<item>/g)).toHaveLength(3);
  });
});
