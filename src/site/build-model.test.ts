import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.js';
import { parseDate } from '../util/dates.js';
import type { Post } from './model.js';
import { buildModel, paginate } from './build-model.js';
import { assignPaths } from './routes.js';
import { planPages } from './page-table.js';
import { tableInput } from '../../test/helpers/page-table.js';
import { checkPageTable } from './page-table-check.js';

const config = configSchema.parse({ baseUrl: 'https://example.com/blog/' });

function post(over: Partial<Post> & { slug: string }, date?: string): Post {
  const d = date ? parseDate(date, 'UTC') : undefined;
  return {
    file: `/c/${over.slug}.md`,
    rel: `writing/${over.slug}.md`,
    source: '',
    digest: over.slug,
    status: 'published',
    keyLine: () => undefined,
    kind: 'article',
    title: over.slug,
    date: d?.ok ? d.date : undefined,
    updated: undefined,
    description: undefined,
    tags: [],
    categories: [],
    series: undefined,
    draft: false,
    featured: false,
    aliases: [],
    image: undefined,
    imageAlt: undefined,
    canonical: undefined,
    toc: true,
    lang: undefined,
    caseStudy: {},
    body: '',
    bodyLine: 1,
    bundle: false,
    path: `writing/${over.slug}/`,
    rendered: { html: '', digest: '', excerptHtml: undefined, summary: '', toc: [], words: 1, readingMinutes: 1, assets: [], unknownLanguages: [] },
    categoryTerms: [],
    tagTerms: [],
    seriesInfo: undefined,
    older: undefined,
    newer: undefined,
    related: [],
    ...over,
  };
}

describe('buildModel', () => {
  it('sorts newest first with undated posts last and links neighbours', () => {
    const m = buildModel(config, [post({ slug: 'old' }, '2020-01-01'), post({ slug: 'none' }), post({ slug: 'new' }, '2024-01-01')]);
    expect(m.posts.map((p) => p.slug)).toEqual(['new', 'old', 'none']);
    expect(m.posts[0]!.older?.slug).toBe('old');
    expect(m.posts[1]!.newer?.slug).toBe('new');
    expect(m.base).toBe('/blog/');
    expect(m.origin).toBe('https://example.com');
  });

  it('merges categories and tags that differ only in case', () => {
    const m = buildModel(config, [
      post({ slug: 'a', categories: ['Engineering'], tags: ['PostgreSQL'] }, '2024-01-01'),
      post({ slug: 'b', categories: ['engineering'], tags: ['postgresql', 'go'] }, '2024-01-02'),
    ]);
    expect(m.categories).toHaveLength(1);
    expect(m.categories[0]!.posts.map((p) => p.slug)).toEqual(['b', 'a']);
    expect(m.tags.map((t) => [t.slug, t.posts.length])).toEqual([
      ['postgresql', 2],
      ['go', 1],
    ]);
  });

  it('orders series parts by number, then date, and numbers them', () => {
    const m = buildModel(config, [
      post({ slug: 'p2', series: { name: 'Q', part: 2 } }, '2024-01-01'),
      post({ slug: 'p1', series: { name: 'Q', part: 1 } }, '2024-02-01'),
      post({ slug: 'extra', series: { name: 'Q', part: undefined } }, '2023-01-01'),
    ]);
    expect(m.series[0]!.parts.map((p) => p.slug)).toEqual(['p1', 'p2', 'extra']);
    expect(m.posts.find((p) => p.slug === 'p2')!.seriesInfo).toMatchObject({ index: 2, total: 3 });
  });

  it('rejects two parts with the same number', () => {
    expect(() => buildModel(config, [post({ slug: 'a', series: { name: 'Q', part: 1 } }), post({ slug: 'b', series: { name: 'Q', part: 1 } })])).toThrow(
      /both part 1 of "Q"/,
    );
  });
});

describe('assignPaths and paginate', () => {
  it('reports URL clashes case-insensitively, from the page table', () => {
    const posts = [post({ slug: 'Hello', path: 'writing/Hello/' }), post({ slug: 'hello' })];
    expect(assignPaths(posts).errors).toEqual([]);
    const table = planPages(tableInput(buildModel(config, posts), { aliasPath: (a) => a }));
    expect(() => checkPageTable(table, { lenient: false, warnings: [] })).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ code: 'CB1020' })] }),
    );
  });
  it('lists every output before rendering: posts, lists, feeds, aliases and static files, each with its sources', () => {
    const a = post({ slug: 'a', aliases: ['old/a/'] }, '2024-01-01');
    const table = planPages(
      tableInput(buildModel(config, [a]), {
        aliasPath: (x) => x,
        search: true,
        generated: [{ path: 'assets/site.css', what: 'stylesheet' }],
        staticFiles: [{ from: '/s/robots.txt', to: 'robots.txt' }],
      }),
    );
    const by = (path: string) => table.entries.filter((e) => e.outFile === path).map((e) => [e.kind, e.sources]);
    expect(by('writing/a/index.html')).toEqual([['post', ['/c/a.md']]]);
    expect(by('old/a/index.html')).toEqual([['redirect', ['/c/a.md']]]);
    expect(by('feed.xml')).toEqual([['feed', []]]);
    expect(by('robots.txt')).toEqual([
      ['generated', []],
      ['static', ['/s/robots.txt']],
    ]);
    expect(by('search/index.html')).toEqual([['search', []]]);
    // The static robots.txt replaces the generated one; nothing else clashes.
    const kept = checkPageTable(table, { lenient: false, warnings: [] });
    expect(kept.filter((e) => e.outFile === 'robots.txt').map((e) => e.kind)).toEqual(['static']);
  });
  it('paginates with /page/N/ paths', () => {
    const pages = paginate([1, 2, 3, 4, 5], 2, 'writing/');
    expect(pages.map((p) => [p.path, p.items])).toEqual([
      ['writing/', [1, 2]],
      ['writing/page/2/', [3, 4]],
      ['writing/page/3/', [5]],
    ]);
    expect(paginate([], 10, 'x/')).toHaveLength(1);
  });
});

describe('related posts', () => {
  it('ranks by shared series, tags and category with a deterministic tie-break, and fills up from the newest', () => {
    const base = post({ slug: 'base', tags: ['go', 'sql'], categories: ['Eng'], series: { name: 'S', part: 1 } }, '2024-01-01');
    const m = buildModel(config, [
      base,
      post({ slug: 'series-mate', series: { name: 'S', part: 2 } }, '2024-01-02'), // 4
      post({ slug: 'two-tags', tags: ['go', 'sql'] }, '2023-01-01'), // 4, older than series-mate
      post({ slug: 'one-tag-cat', tags: ['Go'], categories: ['eng'] }, '2023-06-01'), // 3
      post({ slug: 'one-tag', tags: ['sql'] }, '2022-01-01'), // 2
      post({ slug: 'nothing' }, '2025-01-01'),
    ]);
    expect(m.posts.find((p) => p.slug === 'base')!.related.map((p) => p.slug)).toEqual(['series-mate', 'two-tags', 'one-tag-cat']);
    // A post sharing nothing still gets three: the newest others of its collection.
    expect(m.posts.find((p) => p.slug === 'nothing')!.related.map((p) => p.slug)).toEqual(['series-mate', 'base', 'one-tag-cat']);
  });
});

describe('case study sections', () => {
  it('gives every section page its own URL, also when titles slugify alike', () => {
    const cfg = configSchema.parse({ caseStudies: { sections: [{ title: 'More' }, { title: 'More!' }] } });
    const sections = buildModel(cfg, [post({ slug: 'x', kind: 'case-study' }, '2024-01-01')]).caseStudySections;
    expect(sections.map((s) => s.path)).toEqual(['case-studies/sections/more/', 'case-studies/sections/more-2/', 'case-studies/sections/more-3/']);
  });
});
