import { describe, expect, it } from 'vitest';
import { parseDate, type SiteDate } from '../util/dates.js';
import { hugoRoute } from './hugo.js';
import { jekyllRoute, JEKYLL_STYLES } from './jekyll.js';
import type { ForeignFile, RouteInput } from '../foreign-types/index.js';
import { expandPlaceholders, toSitePath } from './url-path.js';

const date = (s: string, tz = 'UTC'): SiteDate => {
  const r = parseDate(s, tz);
  if (!r.ok) throw new Error(r.reason);
  return r.date;
};

function input(entry: Partial<ForeignFile> & { rel: string }, extra: Partial<RouteInput> = {}): RouteInput {
  return {
    entry: { file: `/site/${entry.rel}`, contentRel: entry.rel, role: 'post', ...entry },
    data: {},
    title: 'My Post',
    slug: 'my-post',
    date: date('2024-03-09T23:30:00+01:00'),
    categories: [],
    ...extra,
  };
}

describe('toSitePath', () => {
  it('turns old URLs into site paths: folders, files, escapes, extensionless', () => {
    expect(toSitePath('/a/b/')).toBe('a/b/');
    expect(toSitePath('a//b')).toBe('a/b/');
    expect(toSitePath('/a/b.html')).toBe('a/b.html');
    expect(toSitePath('/web%20dev/x/')).toBe('web dev/x/');
    expect(toSitePath('/2024/x', '.html')).toBe('2024/x.html');
    expect(toSitePath('https://old.example.com/x/?utm=1')).toBe('x/');
    expect(toSitePath('/')).toBe('');
    expect(toSitePath('/../../etc/%2e%2e/x/')).toBe('etc/x/');
  });

  it('expands the longest placeholder names first', () => {
    expect(expandPlaceholders('/:i_month/:month/:title', { month: '03', i_month: '3', title: 't' })).toBe('/3/03/t');
  });
});

describe('Jekyll permalinks', () => {
  const route = (permalink: string, extra: Partial<RouteInput> = {}, entry: Partial<ForeignFile> = {}) =>
    jekyllRoute(input({ rel: '_posts/2024-03-09-My Post.md', ...entry }, extra), {
      sitePermalink: JEKYLL_STYLES[permalink] ?? permalink,
      prettyPages: permalink === 'pretty',
      timezone: 'UTC',
    });

  it('follows the built-in styles, in the site time zone', () => {
    // 23:30 at +01:00 is 22:30 UTC, still the 9th.
    expect(route('date', { categories: ['Web Dev', 'go'] })).toEqual({ path: 'web dev/go/2024/03/09/My-Post.html' });
    expect(route('pretty')).toEqual({ path: '2024/03/09/My-Post/' });
    expect(route('none')).toEqual({ path: 'My-Post.html' });
    expect(route('ordinal')).toEqual({ path: '2024/069/My-Post.html' });
    expect(route('/:year/:slug')).toEqual({ path: '2024/my-post.html' });
    expect(
      jekyllRoute(input({ rel: '_posts/2024-03-09-x.md' }, { date: date('2024-03-09T23:30:00Z') }), {
        sitePermalink: JEKYLL_STYLES.date!,
        prettyPages: false,
        timezone: 'Asia/Tokyo',
      }),
    ).toEqual({ path: '2024/03/10/x.html' });
  });

  it('uses a post’s own permalink and slug, and page rules for pages', () => {
    expect(route('date', { data: { permalink: '/blog/:title/' } })).toEqual({ path: 'blog/My-Post/' });
    expect(route('date', { data: { slug: 'Other Name' } })).toEqual({ path: '2024/03/09/Other-Name.html' });
    expect(route('date', {}, { rel: 'about.md', role: 'page' })).toEqual({ path: 'about.html' });
    expect(route('pretty', {}, { rel: 'docs/about.md', role: 'page' })).toEqual({ path: 'docs/about/' });
    expect(route('date', { data: { permalink: '/about/' } }, { rel: 'about.md', role: 'page' })).toEqual({ path: 'about/' });
  });
});

describe('Hugo permalinks', () => {
  const opts = { permalinks: { posts: '/:year/:month/:slug/' }, lower: true, ugly: false, filenameDates: false };
  it('uses [permalinks] per section, url and slug front matter, and lower-cased file paths elsewhere', () => {
    expect(hugoRoute(input({ rel: 'content/posts/x.md', contentRel: 'posts/x.md' }, { title: 'Hello, World!' }), opts)).toEqual({
      path: '2024/03/hello-world/',
    });
    expect(hugoRoute(input({ rel: 'content/posts/x.md', contentRel: 'posts/x.md' }, { data: { slug: 'given' } }), opts)).toEqual({ path: '2024/03/given/' });
    expect(hugoRoute(input({ rel: 'content/notes/My Note.md', contentRel: 'notes/My Note.md' }), opts)).toEqual({ path: 'notes/my-note/' });
    expect(hugoRoute(input({ rel: 'content/notes/b/index.md', contentRel: 'notes/b/index.md' }), opts)).toEqual({ path: 'notes/b/' });
    expect(hugoRoute(input({ rel: 'content/notes/x.md', contentRel: 'notes/x.md' }, { data: { url: '/custom/path' } }), opts)).toEqual({
      path: 'custom/path/',
    });
    expect(hugoRoute(input({ rel: 'content/notes/x.md', contentRel: 'notes/x.md' }), { ...opts, ugly: true })).toEqual({ path: 'notes/x.html' });
    expect(hugoRoute(input({ rel: 'content/notes/x.md', contentRel: 'notes/x.md' }, { data: { headless: true } }), opts)).toEqual({
      skip: 'headless or build.render: never',
    });
  });
});
