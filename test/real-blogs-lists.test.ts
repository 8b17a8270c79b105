import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

/**
 * Issue 17: pages of real repositories that collided with Casebook's home or were built but never
 * listed. Each fixture is written here in the shape of the quirk, in its own words.
 */
const site = useTempSites();
const build = (dir: string) => runCli(['build', dir, '--skip', 'og,search', '--no-cache']);
const read = (dir: string, path: string) => readFileSync(join(dir, 'dist', path), 'utf8');

const JEKYLL_POSTS = `-- _config.yml --
title: Moth notes
url: https://moths.example
-- _layouts/default.html --
<html><body>{{ content }}</body></html>
-- _posts/2020-01-05-luna-moth.md --
---
title: Luna moth
---
Pale green wings.
-- _posts/2020-02-07-atlas-moth.md --
---
title: Atlas moth
---
Very large.
`;

describe('Jekyll HTML files: pages Jekyll rendered, not static files', () => {
  it('the home template (paginator loop) and a tags template give way to the generated lists with a note; another HTML page with front matter is rendered', async () => {
    const dir = await site(`${JEKYLL_POSTS}-- index.html --
---
layout: default
---
<ul>{% for post in paginator.posts %}<li>{{ post.title }}</li>{% endfor %}</ul>
-- tags.html --
---
layout: default
---
{% for tag in site.tags %}<h2>{{ tag[0] }}</h2>{% endfor %}
-- about.html --
---
layout: default
title: About the moths
---
<p>Written by {{ site.title }} at night.</p>
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toContain('CB1524');
    expect(out).toContain("index.html is the old site's home template; Casebook's generated home takes its place.");
    expect(out).toContain("tags.html lists the posts (a loop over site.tags); Casebook's generated /tags/ takes its place.");
    const home = read(dir, 'index.html');
    expect(home).not.toContain('paginator');
    expect(home).toContain('Luna moth');
    expect(read(dir, 'tags/index.html')).not.toContain('{%');
    expect(existsSync(join(dir, 'dist', 'tags.html'))).toBe(false);
    const about = read(dir, 'about.html');
    expect(about).toContain('About the moths');
    expect(about).toContain('Written by Moth notes at night.');
    expect(about).not.toContain('{{');
  });

  it('an index.html the old tool copied as it is (no front matter) keeps / with a warning; the posts stay listed at /writing/', async () => {
    const dir = await site(`${JEKYLL_POSTS}-- index.html --
<meta http-equiv="refresh" content="0; url='https://moved.example/'">
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('CB1525');
    expect(read(dir, 'index.html')).toContain('https://moved.example/');
    const list = read(dir, 'writing/index.html');
    expect(list).toContain('Luna moth');
    expect(list).toContain('Atlas moth');
  });

  it('a native site keeps the collision error for static/index.html (CB4002)', async () => {
    const dir = await site(`-- casebook.config.yaml --
title: Native
-- content/writing/one.md --
---
title: One
date: 2024-01-01
---
Body.
-- static/index.html --
<p>mine</p>
`);
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB4002');
  });
});

describe('Eleventy posts without a date are dated as Eleventy dated them', () => {
  it('a post in the posts collection without a date is listed and in the feed, dated from the file, with a warning naming it (CB1526)', async () => {
    const dir = await site(`-- .eleventy.js --
module.exports = function (eleventyConfig) {
  return { dir: { input: "src" } };
};
-- src/index.md --
---
title: Home
---
Hello.
-- src/notes/notes.json --
{ "tags": "posts", "layout": "post" }
-- src/notes/first-frost.md --
---
title: First frost
---
The lawn went white.
-- src/notes/thaw.md --
---
title: Thaw
date: Last Modified
---
Water everywhere.
-- src/notes/sleet.md --
---
title: Sleet
date: 2021-11-30
---
Neither rain nor snow.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toContain('CB1526');
    expect(out).toContain('src/notes/first-frost.md has no date; using ');
    expect(out).toContain("from the file's creation time, as Eleventy dated it.");
    expect(out).toContain('src/notes/thaw.md has no date; using ');
    expect(out).not.toContain('CB1203');
    const list = read(dir, 'writing/index.html');
    for (const title of ['First frost', 'Thaw', 'Sleet']) {
      const card = new RegExp(`<article class="card[^"]*">(?:(?!</article>)[\\s\\S])*${title}(?:(?!</article>)[\\s\\S])*</article>`).exec(list);
      expect(card?.[0], title).toContain('<time ');
    }
    const feed = read(dir, 'feed.xml');
    expect(feed).toContain('First frost');
    expect(feed).toContain('Thaw');
  });
});
