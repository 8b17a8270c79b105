import { existsSync } from 'node:fs';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { addFiles, useTempSites, writeSite } from './helpers/site.js';
import { assertWellFormedXml, jsonLdBlocks, listAll, snapshot } from './helpers/output.js';

const site = useTempSites();

const BASIC = `
-- casebook.config.yaml --
title: Test Site
description: A site for tests.
baseUrl: https://example.com/blog/
author:
  name: Ada Tester
  email: ada@example.com
-- content/writing/2024-03-01-first-post.md --
---
title: First post
date: 2024-03-01
description: The first one.
categories: [Engineering]
tags: [go, testing]
series: Queue series
seriesPart: 1
---
Intro paragraph.

<!--more-->

## Details

See [the second](/writing/second/). ![Diagram of the flow](./img/flow.svg)
-- content/writing/img/flow.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200"><rect width="400" height="200"/></svg>
-- content/writing/second.md --
+++
title = "Second"
date = 2024-04-02T10:00:00+02:00
categories = ["Operations"]
tags = ["go"]
series = "Queue series"
seriesPart = 2
+++
Second body with a footnote.[^1]

[^1]: The note.
-- content/writing/draft.md --
---
title: Secret draft
date: 2024-01-01
draft: true
---
Not yet.
-- content/writing/scheduled.md --
---
title: From the future
date: 2099-01-01
---
Later.
-- content/writing/untitled-thoughts.md --
No front matter and no heading.
-- content/writing/headed.md --
{
  "date": "2023-05-05",
  "tags": ["testing"]
}
# Heading Title

Body after the heading.
-- content/case-studies/checkout.md --
---
title: Checkout latency
date: 2024-02-01
role: Tech lead
outcomes:
  - { metric: p99 latency, before: 340, after: 95, unit: ms, better: lower }
decisions:
  - { decision: Cache prices, alternatives: [Bigger DB, Precompute], why: Reads dominate }
---
The story.
`;

describe('build: a valid site', () => {
  it('writes every page type, feeds, sitemap and robots with the base path', async () => {
    const dir = await site(BASIC);
    const result = await build({ site: dir, now: Date.UTC(2026, 0, 1) });
    const out = join(dir, 'dist');
    const files = await listAll(out);
    for (const f of [
      'index.html',
      'writing/index.html',
      'writing/first-post/index.html',
      'writing/second/index.html',
      'writing/untitled-thoughts/index.html',
      'writing/headed/index.html',
      'case-studies/index.html',
      'case-studies/checkout/index.html',
      'categories/engineering/index.html',
      'tags/go/index.html',
      'series/queue-series/index.html',
      '404.html',
      'feed.xml',
      'atom.xml',
      'feed.json',
      'sitemap.xml',
      'robots.txt',
      'writing/first-post/img/flow.svg',
    ])
      expect(files).toContain(f);
    expect(files).not.toContain('writing/draft/index.html');
    expect(files).not.toContain('writing/scheduled/index.html');
    expect(result.posts).toBe(5);
    expect(result.warnings.map((w) => w.code).sort()).toEqual(['CB1101', 'CB1102']);

    const first = await readFile(join(out, 'writing/first-post/index.html'), 'utf8');
    expect(first).toContain('<a href="/blog/categories/engineering/">Engineering</a>');
    expect(first).toContain('<time datetime="2024-03-01T00:00:00Z">March 1, 2024</time>');
    expect(first).toMatch(/1 min read/);
    expect(first).toContain('<img src="/blog/writing/first-post/img/flow.svg" alt="Diagram of the flow" width="400" height="200" fetchpriority="high"');
    expect(first).toContain('href="/blog/writing/second/"');
    expect(first).toContain('Part 1 of 2 in <a href="/blog/series/queue-series/">Queue series</a>');
    expect(first).toContain('<link rel="canonical" href="https://example.com/blog/writing/first-post/">');
    const [posting] = jsonLdBlocks(first) as { '@type': string; datePublished: string; author: { name: string } }[];
    expect(posting).toMatchObject({ '@type': 'BlogPosting', datePublished: '2024-03-01T00:00:00Z', author: { name: 'Ada Tester' } });

    const headed = await readFile(join(out, 'writing/headed/index.html'), 'utf8');
    expect(headed).toContain('<h1>Heading Title</h1>');
    expect(headed.match(/Heading Title<\/h1>/g)).toHaveLength(1);
    const untitled = await readFile(join(out, 'writing/untitled-thoughts/index.html'), 'utf8');
    expect(untitled).toContain('<h1>Untitled thoughts</h1>');

    const cs = await readFile(join(out, 'case-studies/checkout/index.html'), 'utf8');
    expect(cs).toContain('−72%');
    expect(cs).toMatch(
      /340 ms<\/span> <span class="to"><span aria-hidden="true">→<\/span><span class="visually-hidden"> to <\/span> <span class="after">95 ms/,
    );
    expect(cs).toContain(
      '<td data-label="Decision">Cache prices</td><td data-label="Alternatives weighed">Bigger DB; Precompute</td><td data-label="Why">Reads dominate</td>',
    );

    const rss = assertWellFormedXml(await readFile(join(out, 'feed.xml'), 'utf8')) as { rss: { channel: { item: { link: string }[] } } };
    expect(rss.rss.channel.item.map((i) => i.link)).toEqual([
      'https://example.com/blog/writing/second/',
      'https://example.com/blog/writing/first-post/',
      'https://example.com/blog/case-studies/checkout/',
      'https://example.com/blog/writing/headed/',
    ]);
    const atom = await readFile(join(out, 'atom.xml'), 'utf8');
    assertWellFormedXml(atom);
    expect(atom).toContain('<published>2024-04-02T10:00:00+02:00</published>');
    const feed = JSON.parse(await readFile(join(out, 'feed.json'), 'utf8')) as { version: string; items: { content_html: string; url: string }[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items.find((i) => i.url.endsWith('/first-post/'))!.content_html).toContain('src="https://example.com/blog/writing/first-post/img/flow.svg"');
    const sitemap = await readFile(join(out, 'sitemap.xml'), 'utf8');
    assertWellFormedXml(sitemap);
    expect(sitemap).toContain('<loc>https://example.com/blog/writing/first-post/</loc><lastmod>2024-03-01</lastmod>');
    expect(sitemap).not.toContain('404');
    expect(await readFile(join(out, 'robots.txt'), 'utf8')).toContain('Sitemap: https://example.com/blog/sitemap.xml');
  });

  it('includes drafts with drafts: true and scheduled posts with future: true', async () => {
    const dir = await site(BASIC);
    const result = await build({ site: dir, memory: true, drafts: true, future: true, skip: ['og'] });
    expect(result.files!.has('writing/draft/index.html')).toBe(true);
    expect(result.files!.has('writing/scheduled/index.html')).toBe(true);
  });

  it('produces byte-identical output from the same input, and removed posts do not linger', async () => {
    const dir = await site(BASIC);
    await build({ site: dir, out: join(dir, 'a'), now: Date.UTC(2026, 0, 1) });
    await build({ site: dir, out: join(dir, 'b'), now: Date.UTC(2026, 0, 1) });
    expect(await snapshot(join(dir, 'a'))).toEqual(await snapshot(join(dir, 'b')));

    await rm(join(dir, 'content/writing/second.md'));
    await build({ site: dir, out: join(dir, 'a') });
    const after = await listAll(join(dir, 'a'));
    expect(after).not.toContain('writing/second/index.html');
    expect(after).toContain('writing/first-post/index.html');
  });

  it('paginates the writing index and shows an empty state for an empty site', async () => {
    const posts = Array.from(
      { length: 23 },
      (_, i) => `-- content/writing/p${i}.md --\n---\ntitle: Post ${i}\ndate: 2024-01-${String(i + 1).padStart(2, '0')}\n---\nBody ${i}.\n`,
    ).join('');
    const dir = await site(`-- casebook.config.json --\n{ "paginate": 10 }\n${posts}`);
    const { files } = await build({ site: dir, memory: true, skip: ['og'] });
    expect(files!.has('writing/page/2/index.html')).toBe(true);
    expect(files!.has('writing/page/3/index.html')).toBe(true);
    expect(files!.has('writing/page/4/index.html')).toBe(false);
    const page2 = String(files!.get('writing/page/2/index.html'));
    expect(page2).toContain('Page 2 of 3');
    expect(page2).toContain('rel="prev" href="/writing/"');

    const empty = await site(`-- content/.keep --\n`);
    const emptyFiles = (await build({ site: empty, memory: true, skip: ['og'] })).files!;
    expect(String(emptyFiles.get('writing/index.html'))).toContain('No writing published yet.');
  });
});

describe('build: errors leave the previous output untouched', () => {
  const cases: [string, string, string, number][] = [
    // Pointed at the [ that is never closed (line 3), not where YAML gave up (line 4).
    ['malformed YAML', 'content/writing/bad.md', '---\ntitle: ok\ntags: [a, b\ndate: 2024-01-01\n---\nBody\n', 3],
    ['malformed TOML', 'content/writing/bad.md', '+++\ntitle = "ok"\ndate = = 2024\n+++\nBody\n', 3],
    ['malformed JSON', 'content/writing/bad.md', '{\n  "title": "ok",\n  "date": 2024-01-01\n}\nBody\n', 3],
    ['impossible date', 'content/writing/bad.md', '---\ntitle: ok\ndate: 2023-02-30\n---\nBody\n', 3],
    ['unknown field', 'content/writing/bad.md', '---\ntitle: ok\ndescripton: typo\n---\nBody\n', 3],
    ['wrong type', 'content/writing/bad.md', '---\ntitle: ok\nfeatured: "yes"\n---\nBody\n', 3],
    ['unclosed front matter', 'content/writing/bad.md', '---\ntitle: ok\nBody\n', 1],
    ['missing image', 'content/writing/bad.md', '---\ntitle: ok\n---\n\nText.\n\n![Alt](./nope.png)\n', 7],
    ['duplicate URL', 'content/writing/2024-01-01-good.md', '---\ntitle: Clash\nslug: good\n---\nBody\n', 3],
  ];
  const codes: Record<string, string> = {
    'malformed YAML': 'CB1001',
    'malformed TOML': 'CB1002',
    'malformed JSON': 'CB1003',
    'impossible date': 'CB1012',
    'unknown field': 'CB1010',
    'wrong type': 'CB1011',
    'unclosed front matter': 'CB1004',
    'missing image': 'CB1030',
    'duplicate URL': 'CB1020',
  };

  // The good site is built once; each case starts from a copy of it, its output and its cache.
  let built: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    built = await writeSite(`-- content/writing/good.md --\n---\ntitle: Good\ndate: 2024-01-01\n---\nFine.\n`);
    await build({ site: built.dir });
  });
  afterAll(async () => built.cleanup());

  for (const [name, file, text, line] of cases) {
    it(`${name}: ${codes[name]} at ${file}:${line}`, async () => {
      const dir = await site('');
      await cp(built.dir, dir, { recursive: true });
      const before = await snapshot(join(dir, 'dist'));
      await addFiles(dir, `-- ${file} --\n${text}`);
      const err = await build({ site: dir }).then(
        () => undefined,
        (e: { errors?: { code: string; location?: { file: string; line?: number } }[] }) => e,
      );
      expect(err?.errors?.[0]?.code).toBe(codes[name]);
      expect(err?.errors?.[0]?.location?.file).toBe(join(dir, file));
      expect(err?.errors?.[0]?.location?.line).toBe(line);
      expect(await snapshot(join(dir, 'dist'))).toEqual(before);
      expect((await listAll(dir)).some((f) => f.includes('casebook-tmp'))).toBe(false);
    });
  }

  it('reports every broken file at once, not only the first', async () => {
    const dir = await site(`-- content/a.md --\n---\ndate: 2024-02-31\n---\n-- content/b.md --\n---\ntitel: x\n---\n`);
    const err = (await build({ site: dir, memory: true }).catch((e) => e)) as { errors: { code: string }[] };
    expect(err.errors.map((e) => e.code).sort()).toEqual(['CB1010', 'CB1012']);
  });

  it('names both files when two posts want one URL', async () => {
    const dir = await site(`-- content/writing/a.md --\n---\ntitle: A\nslug: same\n---\n-- content/writing/2020-01-01-same.md --\n---\ntitle: B\n---\n`);
    const err = (await build({ site: dir, memory: true }).catch((e) => e)) as { errors: { code: string; message: string }[] };
    expect(err.errors[0]!.code).toBe('CB1020');
    expect(err.errors[0]!.message).toContain('writing/2020-01-01-same.md');
    expect(err.errors[0]!.message).toContain('writing/a.md');
  });

  it('refuses an output folder that would replace the site', async () => {
    const dir = await site(`-- content/a.md --\nHi\n`);
    await expect(build({ site: dir, out: dir })).rejects.toMatchObject({ code: 'CB4001' });
    await expect(build({ site: dir, out: join(dir, 'content') })).rejects.toMatchObject({ code: 'CB4001' });
    expect(existsSync(join(dir, 'content/a.md'))).toBe(true);
  });
});

describe('build: hostile front matter is escaped everywhere', () => {
  const payloads = ['</script><script>alert(1)</script>', '"><img src=x onerror=alert(2)>', '<svg onload=alert(3)>'];

  it('never writes a payload unescaped into HTML, XML or JSON, and every feed and JSON-LD block parses', async () => {
    const p = payloads;
    const yaml = (s: string) => JSON.stringify(s);
    const dir = await site(`
-- casebook.config.yaml --
title: ${yaml('Site ' + p[0])}
description: ${yaml(p[1]!)}
author:
  name: ${yaml(p[2]!)}
nav:
  - { label: ${yaml(p[1]!)}, url: "javascript:alert(4)" }
social:
  - { label: ${yaml(p[0]!)}, url: ${yaml('https://example.com/"><script>')} }
-- content/writing/x.md --
---
title: ${yaml(p[0]!)}
description: ${yaml(p[1]!)}
date: 2024-01-01
categories: [${yaml(p[2]!)}]
tags: [${yaml(p[0]!)}, ${yaml(p[1]!)}]
series: ${yaml(p[2]!)}
canonical: "javascript:alert(5)"
image: "https://example.com/a.png\\"><script>alert(6)</script>"
imageAlt: ${yaml(p[1]!)}
---
Body is trusted.
-- content/case-studies/y.md --
---
title: ${yaml(p[1]!)}
date: 2024-01-02
role: ${yaml(p[0]!)}
problem: ${yaml(p[2]!)}
stack: [${yaml(p[1]!)}]
outcomes:
  - { metric: ${yaml(p[0]!)}, before: 1, after: 2, unit: ${yaml(p[2]!)}, better: lower }
decisions:
  - { decision: ${yaml(p[1]!)}, alternatives: [${yaml(p[2]!)}], why: ${yaml(p[0]!)} }
timeline:
  - { at: ${yaml(p[2]!)}, event: ${yaml(p[1]!)} }
lessons: [${yaml(p[0]!)}]
---
Body.
`);
    const { files } = await build({ site: dir, memory: true });
    const dangerous = [/<script>alert/i, /<img src=x onerror/i, /<svg onload/i, /href="javascript:/i, /"><script>/i];
    let checked = 0;
    for (const [path, data] of files!) {
      if (!/\.(html|xml|json|txt)$/.test(path)) continue;
      const text = String(data);
      for (const d of dangerous) expect(text, `${path} contains ${d}`).not.toMatch(d);
      if (path.endsWith('.xml')) assertWellFormedXml(text);
      if (path.endsWith('.json')) JSON.parse(text);
      if (path.endsWith('.html')) {
        const blocks = jsonLdBlocks(text);
        for (const b of blocks) expect(typeof b).toBe('object');
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
    const post = String(files!.get('writing/x/index.html'));
    // The payload is still there, as text: escaping must not lose what the author wrote.
    expect(post).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    const ld = jsonLdBlocks(post)[0] as { headline: string };
    expect(ld.headline).toBe(p[0]);
    expect(JSON.parse(String(files!.get('feed.json'))).items[0].title).toBeDefined();
  });
});

describe('build: what search engines are told', () => {
  it('lets /search/ be indexed at its canonical URL but keeps it out of the sitemap; the 404 page stays noindex', async () => {
    const dir = await site(`
-- casebook.config.yaml --
baseUrl: https://example.com/blog/
-- content/writing/one.md --
---
title: One
date: 2024-01-02
---
Body.
`);
    const { files } = await build({ site: dir, memory: true, skip: ['og'] });
    const search = String(files!.get('search/index.html'));
    expect(search).toContain('<link rel="canonical" href="https://example.com/blog/search/">');
    expect(search).not.toContain('name="robots"');
    expect(String(files!.get('404.html'))).toContain('<meta name="robots" content="noindex">');
    const sitemap = String(files!.get('sitemap.xml'));
    expect(sitemap).toContain('https://example.com/blog/writing/one/');
    expect(sitemap).not.toContain('/search/');
  });
});

describe('build: aliases', () => {
  it('writes a redirect page at each alias and a _redirects file', async () => {
    const dir = await site(`
-- casebook.config.yaml --
baseUrl: https://example.com/blog/
-- content/writing/new-name.md --
---
title: New name
aliases: [/2019/05/old-name/, old.html, "https://example.com/blog/legacy/path"]
---
Body.
`);
    const { files } = await build({ site: dir, memory: true });
    const page = String(files!.get('2019/05/old-name/index.html'));
    // By path, under the base: a reader stays on the host serving the output (preview, a deploy preview).
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=/blog/writing/new-name/">');
    expect(page).toContain('<a href="/blog/writing/new-name/">');
    expect(page).toContain('<link rel="canonical" href="https://example.com/blog/writing/new-name/">');
    expect(page).toContain('<meta name="robots" content="noindex">');
    expect(page).toContain('<meta name="description" content="This page has moved to https://example.com/blog/writing/new-name/.">');
    expect(files!.has('old.html')).toBe(true);
    expect(files!.has('legacy/path/index.html')).toBe(true);
    expect(String(files!.get('_redirects'))).toBe(
      '/blog/2019/05/old-name/ /blog/writing/new-name/ 301\n/blog/old.html /blog/writing/new-name/ 301\n/blog/legacy/path/ /blog/writing/new-name/ 301\n',
    );
    expect(String(files!.get('sitemap.xml'))).not.toContain('old-name');
  });

  it('rejects an alias that collides with a real page or another alias', async () => {
    const dir = await site(`
-- content/writing/a.md --
---
title: A
aliases: [/writing/b/]
---
-- content/writing/b.md --
---
title: B
---
`);
    await expect(build({ site: dir, memory: true })).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'CB1023', location: expect.objectContaining({ line: 3 }) })],
    });
  });
});
