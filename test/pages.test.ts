import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { buildError } from './helpers/build-error.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

const text = (files: Map<string, Uint8Array | string> | undefined, path: string) => String(files?.get(path) ?? '');

describe('standalone pages', () => {
  it('renders content/pages and kind: page at the root, outside feeds, lists and taxonomies, and links them from the nav', async () => {
    const dir = await site(`
-- casebook.config.yaml --
baseUrl: https://a.example/
nav:
  - { label: Writing, url: /writing/ }
  - { page: about }
  - { page: talks, label: Speaking }
-- content/pages/about.md --
---
title: About me
description: Who writes here.
tags: [ignored]
image: https://cdn.example.com/me.png
imageAlt: Me, at a whiteboard
---
I write about **databases**.
-- content/writing/talks.md --
---
title: Talks
kind: page
aliases: [/speaking/]
---
Conference talks.
-- content/writing/post.md --
---
title: A post
date: 2024-02-01
---
Hello.
`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const about = text(r.files, 'about/index.html');
    expect(about).toContain('<h1>About me</h1>');
    expect(about).toContain('<strong>databases</strong>');
    expect(about).not.toContain('min read');
    // Its own image is its link preview, described as a post's is.
    expect(about).toContain('<meta property="og:image" content="https://cdn.example.com/me.png">');
    expect(about).toContain('<meta property="og:image:alt" content="Me, at a whiteboard">');
    expect(text(r.files, 'talks/index.html')).toContain('Conference talks.');
    // Nav: page links titled by the page, or by the given label.
    expect(about).toMatch(/<a href="\/about\/" aria-current="page">About me<\/a>/);
    expect(about).toContain('<a href="/talks/">Speaking</a>');
    // Not posts: no feed item, no list entry, no tag page; in the sitemap; aliases redirect.
    expect(text(r.files, 'feed.xml')).not.toContain('About me');
    expect(text(r.files, 'writing/index.html')).not.toContain('Talks');
    expect(r.files?.has('tags/ignored/index.html')).toBe(false);
    expect(text(r.files, 'sitemap.xml')).toContain('https://a.example/about/');
    expect(text(r.files, 'speaking/index.html')).toContain('https://a.example/talks/');
    expect(r.posts).toBe(1);
  });

  it('refuses a page whose slug is a folder Casebook generates', async () => {
    const dir = await site(`
-- content/pages/writing.md --
---
title: My writing
---
x
`);
    const e = await buildError(dir);
    expect(e.code).toBe('CB1024');
    expect(e.message).toContain('/writing/');
    expect(e.location?.file).toBe(join(dir, 'content/pages/writing.md'));
  });

  it('names the closest page when the nav points at a page that does not exist', async () => {
    const dir = await site(`
-- casebook.config.yaml --
nav:
  - { page: abuot }
-- content/pages/about.md --
---
title: About
---
x
`);
    const e = await buildError(dir);
    expect(e.code).toBe('CB2008');
    expect(e.message).toContain('Did you mean "about"?');
    expect(e.location?.file).toBe(join(dir, 'casebook.config.yaml'));
    expect([e.location?.line, e.location?.column]).toEqual([2, 13]);
    expect(readFileSync(join(dir, 'casebook.config.yaml'), 'utf8')).toContain('abuot');
  });
});
