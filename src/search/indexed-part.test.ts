import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../pipeline/index.js';
import { useTempSites } from '../../test/helpers/site.js';
import { indexedPart } from './indexed-part.js';

const site = useTempSites();

const page = (head: string, before: string, body: string) =>
  `<!doctype html>\n<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n${head}\n</head>\n<body>\n${before}\n<main>${body}</main>\n<footer>f</footer>\n</body>\n</html>\n`;

describe('indexedPart', () => {
  it('keeps the html tag, the title and everything from the body element on', () => {
    const html = page(
      '<title>A &amp; B</title><link rel="stylesheet" href="/x.css"><script>1</script>',
      '<nav>menu</nav>',
      '<article class="post" data-pagefind-body><h1>A</h1></article>',
    );
    expect(indexedPart(html)).toBe(
      '<!doctype html>\n<html lang="en" dir="ltr">\n<head><title>A &amp; B</title></head><body><article class="post" data-pagefind-body><h1>A</h1></article></main>\n<footer>f</footer>\n</body>\n</html>\n',
    );
  });

  it('keeps the whole page when a pagefind attribute stands before the body element', () => {
    const html = page('<title>A</title>', '<nav data-pagefind-filter="section:notes">menu</nav>', '<article data-pagefind-body><h1>A</h1></article>');
    expect(indexedPart(html)).toBe(html);
  });

  it('keeps the whole page without a body element, a title or the expected head', () => {
    const none = page('<title>A</title>', '', '<article><h1>A</h1></article>');
    expect(indexedPart(none)).toBe(none);
    const untitled = page('', '', '<article data-pagefind-body><h1>A</h1></article>');
    expect(indexedPart(untitled)).toBe(untitled);
    const headless = '<html lang="en"><body><article data-pagefind-body>x</article></body></html>';
    expect(indexedPart(headless)).toBe(headless);
  });

  it('keeps the whole page when text before the body element names the attribute', () => {
    // Escaped text can hold `data-pagefind-body&gt;` but never the marker itself; it is kept whole to be safe.
    const html = page('<title>Why data-pagefind-body&gt; matters</title>', '', '<article data-pagefind-body><h1>Why</h1></article>');
    expect(indexedPart(html)).toBe(html);
  });

  it('gives Pagefind the same index as the whole pages of a built site', async () => {
    const dir = await site(`-- casebook.config.yaml --
title: Index
lang: en
-- content/writing/a.md --
---
title: Leases and quorum reads
date: 2024-01-01
tags: [distributed]
description: Why a lease needs a clock bound.
---
A lease is a promise with an [expiry](https://example.com/leases).

\`\`\`go
func renew(l *Lease) error { return nil }
\`\`\`

## Clock bounds

Every holder assumes its clock drifts less than the bound.
-- content/writing/b.md --
---
title: Ein Beitrag auf Deutsch
date: 2024-02-01
lang: de
---
Die Lease ist ein Versprechen mit Ablaufdatum.
-- content/pages/about.md --
---
title: About
---
I write about storage engines.
`);
    const out = join(dir, 'dist');
    await build({ site: dir, out, skip: ['og', 'search'], noCache: true });
    const pages: { url: string; html: string }[] = [];
    for (const entry of (await readdir(out, { recursive: true })).sort()) {
      if (!entry.endsWith('.html')) continue;
      const html = await readFile(join(out, entry), 'utf8');
      if (html.includes('data-pagefind-body')) pages.push({ url: `/${entry.replace(/index\.html$/, '')}`, html });
    }
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const p of pages) expect(indexedPart(p.html).length, p.url).toBeLessThan(p.html.length * 0.8);
    const pagefind = await import('pagefind');
    const indexOf = async (part: (html: string) => string) => {
      const { index } = await pagefind.createIndex({ forceLanguage: 'en' });
      for (const p of pages) expect((await index!.addHTMLFile({ url: p.url, content: part(p.html) })).errors).toEqual([]);
      const { files } = await index!.getFiles();
      await index!.deleteIndex();
      return new Map(files.map((f) => [f.path, Buffer.from(f.content)]));
    };
    try {
      const whole = await indexOf((html) => html);
      const trimmed = await indexOf(indexedPart);
      expect([...trimmed.keys()].sort()).toEqual([...whole.keys()].sort());
      for (const [path, bytes] of whole) expect(bytes.equals(trimmed.get(path)!), path).toBe(true);
    } finally {
      await pagefind.close();
    }
  });
});
