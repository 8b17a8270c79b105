import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CasebookError } from '../errors/index.js';
import { importSite } from './import-site.js';
import { oldSitePath, planItems } from './plan.js';
import type { ImportedItem, ImportSource } from './types.js';

const FIXTURES = new URL('../../test/fixtures/import/', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'casebook-import-'));
  dirs.push(d);
  return d;
}

function item(over: Partial<ImportedItem>): ImportedItem {
  return {
    kind: 'post',
    title: 'T',
    slug: 't',
    date: undefined,
    updated: undefined,
    description: undefined,
    tags: [],
    categories: [],
    image: undefined,
    imageAlt: undefined,
    draft: false,
    oldUrls: [],
    linkUrls: [],
    series: undefined,
    body: { html: '<p>x</p>' },
    origin: { file: '/export.xml' },
    ...over,
  };
}
const source = (items: ImportedItem[], baseUrl = 'https://old.test/blog'): ImportSource => ({
  platform: 'wordpress',
  site: { baseUrl },
  items,
  skipped: {},
  warnings: [],
  notes: [],
});
const empty = { paths: new Map<string, string>(), aliases: new Set<string>(), files: new Set<string>() };

describe('planItems', () => {
  it('gives every item a unique file and URL: slug, slug-2, …, also across posts and pages', () => {
    const { planned } = planItems(source([item({ slug: 'a' }), item({ slug: 'a' }), item({ slug: 'a', kind: 'page' }), item({ slug: 'a' })]), empty);
    expect(planned.map((p) => p.rel)).toEqual(['writing/a.md', 'writing/a-2.md', 'pages/a.md', 'writing/a-3.md']);
    const { planned: more } = planItems(
      source([item({ slug: 'a' }), item({ slug: 'a' }), item({ slug: 'a', kind: 'page' }), item({ slug: 'a', kind: 'page' })]),
      empty,
    );
    expect(more.map((p) => `${p.rel} → /${p.path}`)).toEqual([
      'writing/a.md → /writing/a/',
      'writing/a-2.md → /writing/a-2/',
      'pages/a.md → /a/',
      'pages/a-2.md → /a-2/',
    ]);
    expect(planned.map((p) => p.kind)).toEqual(['article', 'article', 'page', 'article']);
  });

  it('never gives a page a URL Casebook generates itself', () => {
    const { planned } = planItems(
      source([item({ slug: 'search', kind: 'page' }), item({ slug: 'tags', kind: 'page' }), item({ slug: 'uses', kind: 'page' })]),
      empty,
    );
    expect(planned.map((p) => p.slug)).toEqual(['search-2', 'tags-2', 'uses']);
  });

  it('never takes the URL of an existing post, but reuses the file name of an earlier import of the same post', () => {
    const existing = {
      paths: new Map([
        ['writing/a/', 'writing/2020-01-01-a.md'],
        ['writing/b/', 'writing/b.md'],
      ]),
      aliases: new Set<string>(),
      files: new Set(['writing/2020-01-01-a.md', 'writing/b.md']),
    };
    const { planned } = planItems(source([item({ slug: 'a' }), item({ slug: 'b' })]), existing);
    expect(planned.map((p) => p.rel)).toEqual(['writing/a-2.md', 'writing/b.md']);
  });

  it('turns old URLs into aliases relative to the old base path, skipping ones that would collide', () => {
    const { planned, warnings } = planItems(
      source([
        item({ slug: 'x', title: 'X', oldUrls: ['https://old.test/blog/2020/01/x/', 'https://elsewhere.test/x/', 'https://old.test/blog/'] }),
        item({ slug: 'y', title: 'Y', oldUrls: ['https://old.test/blog/tags/y/', 'https://old.test/blog/2020/01/x/', 'https://old.test/blog/writing/x/'] }),
        item({ slug: 'z', title: 'Z', oldUrls: ['https://old.test/blog/%E6%97%A5%E6%9C%AC/'] }),
      ]),
      empty,
    );
    expect(planned.map((p) => p.aliases)).toEqual([['/2020/01/x/'], [], ['/日本/']]);
    expect(warnings.map((w) => w.message)).toEqual([
      '"Y": no redirect from /tags/y/, because Casebook generates a page there.',
      '"Y": no redirect from /2020/01/x/, because another post already redirects from it.',
      '"Y": no redirect from /writing/x/, because it is the new URL of content/writing/x.md.',
    ]);
  });

  it('reads old paths only on the old host', () => {
    expect(oldSitePath('https://old.test/blog/a/', new URL('https://old.test/blog'))).toBe('/a/');
    expect(oldSitePath('/blog/a/', new URL('https://old.test/blog/'))).toBe('/a/');
    expect(oldSitePath('https://medium.com/a/', new URL('https://old.test/'))).toBeUndefined();
    expect(oldSitePath('https://own.test/a/b', undefined)).toBe('/a/b');
  });
});

describe('importSite', () => {
  it('writes a site with a config from the export, and every file reads back as a Casebook post', async () => {
    const site = join(tempDir(), 'new-site');
    const r = await importSite({ source: 'wordpress', input: join(FIXTURES, 'wordpress.xml'), out: site });
    // The page keeps its address (/about/), so it needs no redirect: 6 aliases for 8 items.
    expect(r).toMatchObject({ posts: 6, pages: 2, drafts: 3, aliases: 6, config: 'casebook.config.yaml', replaced: 0 });
    expect(r.written).toContain('content/pages/about.md');
    expect(readFileSync(join(site, 'content/pages/about.md'), 'utf8')).toMatch(
      /^---\ntitle: About\ndate: 2016-01-01T11:00:00\+01:00\nupdated: 2023-09-01T11:00:00\+02:00\nkind: page\n---\n/,
    );
    // Published pages are in the navigation; the draft page ("uses") is not, or the build would fail on it.
    expect(readFileSync(join(site, 'casebook.config.yaml'), 'utf8')).toContain(
      'baseUrl: https://fieldnotes.example.com/\nlang: en-US\nauthor:\n  name: Dana Reyes\nnav:\n  - { label: Writing, url: /writing/ }\n  - { page: about }\n',
    );
    expect(r.written).toContain('content/writing/zero-downtime-migrations.md');
  });

  it('never overwrites: a second import fails listing the files and writes nothing; --force replaces them', async () => {
    const site = tempDir();
    await importSite({ source: 'ghost', input: join(FIXTURES, 'ghost.json'), out: site });
    const file = join(site, 'content/writing/connection-pooling.md');
    writeFileSync(file, 'edited by hand');
    const e = await importSite({ source: 'ghost', input: join(FIXTURES, 'ghost.json'), out: site }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CasebookError);
    expect((e as CasebookError).code).toBe('CB3107');
    expect((e as CasebookError).message).toContain('content/writing/connection-pooling.md');
    expect(readFileSync(file, 'utf8')).toBe('edited by hand');
    const forced = await importSite({ source: 'ghost', input: join(FIXTURES, 'ghost.json'), out: site, force: true });
    expect(forced.replaced).toBe(6);
    expect(forced.config).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toContain('title: Cutting p99 latency with connection pooling');
  });

  it('adds to an existing site without taking its URLs and keeps its config', async () => {
    const site = tempDir();
    mkdirSync(join(site, 'content/writing'), { recursive: true });
    writeFileSync(join(site, 'casebook.config.yaml'), 'title: Mine\n');
    writeFileSync(join(site, 'content/writing/2019-01-01-about.md'), '---\ntitle: My about post\n---\nHi\n');
    const r = await importSite({ source: 'wordpress', input: join(FIXTURES, 'wordpress.xml'), out: site });
    expect(r.config).toBeUndefined();
    expect(readFileSync(join(site, 'casebook.config.yaml'), 'utf8')).toBe('title: Mine\n');
    // The existing post owns /writing/about/: the imported "about" post gets another slug; the page lives at /about/.
    expect(r.written).not.toContain('content/writing/about.md');
    expect(r.written).toContain('content/writing/about-2.md');
    expect(r.written).toContain('content/pages/about.md');
    expect(readFileSync(join(site, 'content/writing/2019-01-01-about.md'), 'utf8')).toContain('My about post');
  });

  it("makes the old site's own addresses site paths when the new site takes its address, and copies the uploads the posts use", async () => {
    const dir = tempDir();
    const uploads = join(dir, 'uploads');
    for (const f of ['2021/03/pgbouncer-diagram.png', '2022/01/room-1.jpg', '2019/01/unused.png']) {
      mkdirSync(join(uploads, f, '..'), { recursive: true });
      writeFileSync(join(uploads, f), f);
    }
    const site = join(dir, 'site');
    const r = await importSite({ source: 'wordpress', input: join(FIXTURES, 'wordpress.xml'), out: site, media: uploads });
    expect(r.mediaCopied).toBe(2);
    expect(readFileSync(join(site, 'static/wp-content/uploads/2022/01/room-1.jpg'), 'utf8')).toBe('2022/01/room-1.jpg');
    expect(existsSync(join(site, 'static/wp-content/uploads/2019/01/unused.png'))).toBe(false);
    expect(r.notes).toContainEqual(
      expect.stringMatching(/^copied 2 of the 5 files the posts use from .*uploads into static\/wp-content\/uploads\/; not found there: /),
    );
    const post = readFileSync(join(site, 'content/writing/zero-downtime-migrations.md'), 'utf8');
    expect(post).toContain('image: /wp-content/uploads/2021/03/pgbouncer-diagram.png\n');
    expect(readFileSync(join(site, 'content/writing/on-call-room.md'), 'utf8')).toContain(
      '<audio controls="" preload="none" src="/wp-content/uploads/2022/01/pager.mp3">',
    );
    // A copied upload is a file like any other: importing again without --force refuses to replace it.
    rmSync(join(site, 'content'), { recursive: true });
    const again = await importSite({ source: 'wordpress', input: join(FIXTURES, 'wordpress.xml'), out: site, media: uploads }).catch((e: CasebookError) => e);
    expect((again as CasebookError).message).toContain('static/wp-content/uploads/2021/03/pgbouncer-diagram.png');
  });

  it('keeps absolute addresses when the new site lives elsewhere, and gives raw HTML the new base path', async () => {
    const elsewhere = await importSite({
      source: 'wordpress',
      input: join(FIXTURES, 'wordpress.xml'),
      out: join(tempDir(), 's'),
      baseUrl: 'https://new.test/',
    });
    expect(elsewhere.notes).toContainEqual(expect.stringContaining('still point at https://fieldnotes.example.com'));
    const site = join(tempDir(), 's');
    await importSite({ source: 'wordpress', input: join(FIXTURES, 'wordpress.xml'), out: site, baseUrl: 'https://fieldnotes.example.com/notes/' });
    const gallery = readFileSync(join(site, 'content/writing/on-call-room.md'), 'utf8');
    expect(gallery).toContain('![Four monitors showing dashboards](/wp-content/uploads/2022/01/room-1.jpg)');
    expect(gallery).toContain('src="/notes/wp-content/uploads/2022/01/pager.mp3"');
  });

  it('reports a missing input, an export with nothing to import, and an --out that is a file', async () => {
    const dir = tempDir();
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: CasebookError) => e.code,
      );
    expect(await code(importSite({ source: 'wordpress', input: join(dir, 'nope.xml'), out: dir }))).toBe('CB3100');
    writeFileSync(
      join(dir, 'only-attachments.xml'),
      '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version><item><wp:post_type>attachment</wp:post_type></item></channel></rss>',
    );
    expect(await code(importSite({ source: 'wordpress', input: join(dir, 'only-attachments.xml'), out: join(dir, 's') }))).toBe('CB3108');
    writeFileSync(join(dir, 'file'), '');
    expect(await code(importSite({ source: 'ghost', input: join(FIXTURES, 'ghost.json'), out: join(dir, 'file') }))).toBe('CB3109');
    expect(await code(importSite({ source: 'medium', input: join(FIXTURES, 'ghost.json'), out: join(dir, 's') }))).toBe('CB3105');
  });
});
