import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { indexedPart } from '../src/search/indexed-part.js';
import { BIN, runProcess } from './helpers/cli.js';
import { listAll } from './helpers/output.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

const post = (n: number, text = `Post ${n} is about the zanzibarian lease protocol, part ${n}.\n\nIt goes on about leases.`) => `-- content/writing/p${n}.md --
---
title: Post ${n}
date: 2024-0${n}-01
---
${text}
`;

async function pagefindFiles(out: string): Promise<Map<string, Buffer>> {
  const files = (await listAll(out)).filter((f) => f.startsWith('pagefind/')).sort();
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(join(out, f))] as const)));
}

describe('search index', () => {
  it('is the same after a build that renders some pages and takes the rest from the previous output as after a clean build', async () => {
    // Pages go to Pagefind while the others render; the index's files depend on the order pages are added in.
    const dir = await site(`-- casebook.config.yaml --\ntitle: Search\n${[1, 2, 3, 4, 5].map((n) => post(n)).join('')}`);
    const out = join(dir, 'dist');
    await build({ site: dir, out, skip: ['og'] });
    // Past its first paragraph (its summary): only this post's own page shows the change.
    const edited = 'Post 3 is about the zanzibarian lease protocol, part 3.\n\nIt now goes on about quorum reads.';
    await writeFile(join(dir, 'content/writing/p3.md'), `---\ntitle: Post 3\ndate: 2024-03-01\n---\n${edited}\n`);
    const incremental = await build({ site: dir, out, skip: ['og'] });
    expect(incremental.rendered).toContain('writing/p3/');
    expect(incremental.rendered).not.toContain('writing/p5/');

    const clean = join(dir, 'clean');
    await build({ site: dir, out: clean, skip: ['og'], noCache: true });
    const a = await pagefindFiles(out);
    const b = await pagefindFiles(clean);
    expect([...a.keys()]).toEqual([...b.keys()]);
    expect(a.size).toBeGreaterThan(3);
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
  });

  const posts = `-- content/writing/a.md --
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
`;

  /** The built pages Pagefind reads, in path order. */
  async function indexedPages(dir: string): Promise<{ url: string; html: string }[]> {
    const out = join(dir, 'dist');
    await build({ site: dir, out, skip: ['og', 'search'], noCache: true });
    const pages: { url: string; html: string }[] = [];
    for (const entry of (await readdir(out, { recursive: true })).sort()) {
      if (!entry.endsWith('.html')) continue;
      const html = await readFile(join(out, entry), 'utf8');
      if (html.includes('data-pagefind-body')) pages.push({ url: `/${entry.replace(/index\.html$/, '')}`, html });
    }
    expect(pages.length).toBeGreaterThanOrEqual(3);
    return pages;
  }

  /** Pagefind's files for `pages` as given, and for the part of each that Casebook hands it. */
  async function bothIndexes(pages: { url: string; html: string }[]): Promise<[Map<string, Buffer>, Map<string, Buffer>]> {
    const pagefind = await import('pagefind');
    const indexOf = async (part: (html: string) => string) => {
      const { index } = await pagefind.createIndex({ forceLanguage: 'en' });
      for (const p of pages) expect((await index!.addHTMLFile({ url: p.url, content: part(p.html) })).errors).toEqual([]);
      const { files } = await index!.getFiles();
      await index!.deleteIndex();
      return new Map(files.map((f) => [f.path, Buffer.from(f.content)]));
    };
    try {
      return [await indexOf((html) => html), await indexOf(indexedPart)];
    } finally {
      await pagefind.close();
    }
  }

  function expectSame(whole: Map<string, Buffer>, trimmed: Map<string, Buffer>): void {
    expect([...trimmed.keys()].sort()).toEqual([...whole.keys()].sort());
    for (const [path, bytes] of whole) expect(bytes.equals(trimmed.get(path)!), path).toBe(true);
  }

  it('gets the same index from the part of each page Casebook hands Pagefind as from the whole pages', async () => {
    const pages = await indexedPages(await site(`-- casebook.config.yaml --\ntitle: Index\nlang: en\n${posts}`));
    for (const p of pages) expect(indexedPart(p.html).length, p.url).toBeLessThan(p.html.length * 0.8);
    expectSame(...(await bothIndexes(pages)));
  });

  it('gets the same index when a header override puts a heading and an image before the post', async () => {
    // Pagefind titles results with the page's first <h1> and takes the image after it.
    const pages = await indexedPages(
      await site(`-- casebook.config.yaml --
title: Index
lang: en
-- theme/components/header.ts --
import { defineComponent, html } from 'casebook';
export default defineComponent('header', (h, { original }) => html\`<h1>\${h.siteTitle}</h1><img src="/logo.png" alt="">\${original}\`);
-- static/logo.png --
not really a png
${posts}`),
    );
    const [whole, trimmed] = await bothIndexes(pages);
    expectSame(whole, trimmed);
  });

  it('is built by a command run from a working folder deleted since (Pagefind starts its process elsewhere)', async () => {
    const dir = await site(`-- casebook.config.yaml --\ntitle: Search\nbaseUrl: https://search.example.com/\n${post(1)}`);
    const gone = join(dir, 'gone');
    await mkdir(gone);
    const out = join(dir, 'dist');
    const r = await runProcess('sh', [
      '-c',
      'cd "$1" && rmdir "$1" && exec "$2" "$3" build "$4" --out "$5" --skip og',
      'sh',
      gone,
      process.execPath,
      BIN,
      dir,
      out,
    ]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect((await pagefindFiles(out)).size).toBeGreaterThan(2);
  });
});
