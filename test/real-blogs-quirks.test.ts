import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

/**
 * Issue 17, a new user's run over real blogs: quirks of the old tools that Casebook read
 * differently from them. Every fixture is written here, in its own words, in the shape of a
 * real repository.
 */
const site = useTempSites();
const build = (dir: string) => runCli(['build', dir, '--skip', 'og,search', '--no-cache']);
const read = (dir: string, path: string) => readFileSync(join(dir, 'dist', path), 'utf8');

describe('Hugo front matter keys are read whatever their case', () => {
  it('Title, Description, Tags, a Topics taxonomy from the old [indexes] table, Slug, Date and params keys are read; no "not a field" warnings', async () => {
    const dir = await site(`-- config.toml --
baseurl = "https://kiln.example/"
title = "Kiln log"
[indexes]
  tag = "tags"
  topic = "topics"
-- content/post/first-firing.md --
---
Title: The first firing of the season
Description: Cones bent, nothing cracked.
Slug: first-firing-2019
Date: 2019-04-02
Tags:
- glaze
Topics:
- stoneware
---
Cone 10 reached by evening.
-- content/post/second-firing.md --
+++
TITLE = "Reduction at dawn"
date = 2019-05-06
[Params]
  Description = "Less air, redder copper."
+++
The damper went in at sunrise.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).not.toContain('CB1200');
    expect(out).not.toContain('CB1101');
    const first = read(dir, 'post/first-firing-2019/index.html');
    expect(first).toContain('<title>The first firing of the season');
    expect(first).toContain('Cones bent, nothing cracked.');
    expect(first).toContain('2019-04-02');
    expect(read(dir, 'tags/glaze/index.html')).toContain('/post/first-firing-2019/');
    expect(read(dir, 'tags/stoneware/index.html')).toContain('/post/first-firing-2019/');
    const second = read(dir, 'post/second-firing/index.html');
    expect(second).toContain('<title>Reduction at dawn');
    expect(second).toContain('Less air, redder copper.');
  });
});

describe('a Casebook site keeps strict front matter keys', () => {
  it('`Title:` on a native post is still refused as an unknown field', async () => {
    const dir = await site(`-- casebook.config.json --
{ "title": "Strict", "baseUrl": "https://strict.example" }
-- content/posts/loose-key.md --
---
Title: Capitalised
title: Lower case
date: 2024-01-02
---
Body.
`);
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB1010');
    expect(r.stderr).toContain('Title');
  });
});
