import { describe, expect, it } from 'vitest';
import { build, BuildCache } from '../src/pipeline/index.js';
import { addFiles, useTempSites } from './helpers/site.js';

const site = useTempSites();

const SITE = `
-- casebook.config.yaml --
baseUrl: https://one.example.com/
-- content/writing/a.md --
---
title: A
date: 2024-01-01
tags: [go]
---
First 5 < 6 with [a link](/writing/b/) & [a fragment](#top).
-- content/writing/b.md --
---
title: B
date: 2024-01-02
tags: [go]
---
Bravo.
`;

const text = (files: Map<string, Uint8Array | string>, path: string) => String(files.get(path));

// Feeds keep each post's body between feeds and builds of one process (src/emit/feeds.ts):
// what they carry must still follow the body and the site's address.
describe('post bodies in feeds', () => {
  it('carry the edited body, in every feed, in the build after the edit', async () => {
    const dir = await site(SITE);
    const cache = new BuildCache();
    const first = await build({ site: dir, memory: true, cache, skip: ['og', 'search'] });
    for (const feed of ['feed.xml', 'atom.xml', 'tags/go/feed.xml', 'tags/go/atom.xml']) {
      expect(text(first.files!, feed)).toContain('First 5 &lt; 6 with');
      expect(text(first.files!, feed)).toContain('href="https://one.example.com/writing/b/"');
      expect(text(first.files!, feed)).toContain('href="https://one.example.com/writing/a/#top"');
    }
    await addFiles(dir, '-- content/writing/a.md --\n---\ntitle: A\ndate: 2024-01-01\ntags: [go]\n---\nSecond version & more.\n');
    const second = await build({ site: dir, memory: true, cache, skip: ['og', 'search'] });
    for (const feed of ['feed.xml', 'atom.xml', 'tags/go/feed.xml', 'tags/go/atom.xml']) {
      expect(text(second.files!, feed)).toContain('Second version &amp; more.');
      expect(text(second.files!, feed)).not.toContain('First 5 &lt; 6');
    }
    expect(JSON.parse(text(second.files!, 'feed.json')).items.find((i: { title: string }) => i.title === 'A').content_html).toContain(
      'Second version &amp; more.',
    );
  });

  it('point at the address of the build that wrote them', async () => {
    const dir = await site(SITE);
    const cache = new BuildCache();
    await build({ site: dir, memory: true, cache, skip: ['og', 'search'] });
    const other = await build({ site: dir, memory: true, cache, skip: ['og', 'search'], baseUrl: 'https://two.example.com/blog/' });
    for (const feed of ['feed.xml', 'atom.xml', 'tags/go/feed.xml']) {
      expect(text(other.files!, feed)).toContain('href="https://two.example.com/blog/writing/b/"');
      expect(text(other.files!, feed)).not.toContain('one.example.com');
    }
  });
});
