import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

/** Issue 17 on Eleventy sites: shapes found in real repositories, each in a fixture written here in its own words. */
const site = useTempSites();
const build = (dir: string) => runCli(['build', dir, '--skip', 'og,search', '--no-cache']);
const read = (dir: string, path: string) => readFileSync(join(dir, 'dist', path), 'utf8');

describe('Eleventy directory data', () => {
  it('applies notes/notes.11tydata.js (an exported object literal), notes.json and the input folder’s own data to every file below, the file’s front matter winning', async () => {
    const dir = await site(`-- eleventy.config.js --
export default function (config) {
  return { dir: { input: "site" } };
}
-- site/site.11tydata.js --
export default {
	layout: "base.njk",
	tags: ["journal"],
};
-- site/notes/notes.11tydata.js --
// Every note of the garden.
export default {
	"tags": [
		"garden",
	],
	permalink: '/jots/{{ page.fileSlug }}/',
	eleventyComputed: { title: (data) => data.title.toUpperCase() },
};
-- site/notes/deep/deep.json --
{ "tags": "compost" }
-- site/notes/heron.md --
---
title: A heron by the pond
date: 2022-09-01
---
It stood very still.
-- site/notes/egret.md --
---
title: An egret
date: 2022-09-02
permalink: /birds/egret/
---
White against the reeds.
-- site/notes/deep/worms.md --
---
title: Worms at work
date: 2022-09-03
---
The heap is warm.
`);
    const r = await build(dir);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    // The folder's permalink, and the file's own where it has one.
    expect(read(dir, 'jots/heron/index.html')).toContain('It stood very still.');
    expect(read(dir, 'birds/egret/index.html')).toContain('White against the reeds.');
    expect(read(dir, 'jots/worms/index.html')).toContain('The heap is warm.');
    expect(existsSync(join(dir, 'dist/notes/heron/index.html'))).toBe(false);
    // Tags add up down the folders: the input folder's, the notes folder's, the deeper folder's.
    expect(read(dir, 'tags/garden/index.html')).toContain('A heron by the pond');
    expect(read(dir, 'tags/journal/index.html')).toContain('An egret');
    const compost = read(dir, 'tags/compost/index.html');
    expect(compost).toContain('Worms at work');
    expect(compost).not.toContain('A heron by the pond');
  });
});
