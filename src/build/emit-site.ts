import { CasebookError, CasebookErrors } from '../errors/index.js';
import type { Asset } from '../markdown/images.js';
import { fileForPath, type OutputSink } from '../output/index.js';
import { cardPath, createContext } from '../render/context.js';
import {
  renderCaseStudies, renderHome, renderListPage, renderNotFound, renderPost, renderRedirect, renderSearch, renderSeries, renderSeriesIndex,
  renderTermIndex, type ListOptions, type RenderedPage,
} from '../render/pages.js';
import { monogramFavicon, stylesheet, themeAsset } from '../render/stylesheet.js';
import { renderCv } from '../render/cv.js';
import { jsonForScript } from '../util/escape.js';
import { atomFeed, FEED_SIZE, jsonFeed, rssFeed, type FeedScope } from '../emit/feeds.js';
import { digest, type BuildCache } from './cache.js';
import { CardCache } from '../og/cache.js';
import { buildSearchIndex } from '../search/pagefind-index.js';
import { beaconFor } from '../analytics/beacon.js';
import { robots, sitemap, type SitemapEntry } from '../emit/sitemap.js';
import { paginate, type Post, type SiteModel, type Term } from '../site/index.js';
import type { PhaseName, PhaseTimer } from './phases.js';

export interface EmitInput {
  model: SiteModel;
  covers: Map<Post, { url: string; width?: number; height?: number }>;
  assets: Asset[];
  staticFiles: { from: string; to: string }[];
  profileRaw: unknown;
  sink: OutputSink;
  timer: PhaseTimer;
  progress: (phase: PhaseName, done: number, total: number) => void;
  /** Social cards on, and where their cache lives. */
  cards: { cacheDir: string; noCache?: boolean } | undefined;
  /** full: page, header box and index; page: without the index (dev builds it later); off. */
  search: 'full' | 'page' | 'off';
  cache: BuildCache | undefined;
}

export interface EmitResult {
  pages: number;
  /** Ids (page or feed paths) of what was actually rendered; the rest came from the cache. */
  rendered: string[];
  files: number;
  cardsRendered: number;
  cardsReused: number;
}

type FileData = string | Uint8Array | { copyFrom: string };

/** Renders every page and writes every file of the site into the sink. */
export async function emitSite(input: EmitInput): Promise<EmitResult> {
  const { model, sink, timer, progress } = input;
  const css = stylesheet();
  const search = input.search !== 'off' ? themeAsset('search.js', 'search', 'js') : undefined;
  const hasFavicon = input.staticFiles.some((f) => f.to === 'favicon.svg');
  const beacon = await beaconFor(model.config);
  const ctx = createContext(model, { stylesheet: css.path, favicon: 'favicon.svg', cards: !!input.cards, searchScript: search?.path, analytics: beacon });

  timer.start('render');
  const cache = input.cache;
  const renderedIds: string[] = [];
  // Everything shown on every page (header, footer, head): part of every key.
  const globalKey = digest([model.config, model.nav, model.author, model.profile, css.path, search?.path, !!input.cards, beacon?.script]);
  /** A post as a dependency: its content, its URL, its draft/scheduled mark and its term names. */
  const deps = new Map<Post, string>();
  const v = (p: Post | undefined): string | null => {
    if (!p) return null;
    let d = deps.get(p);
    if (d === undefined) {
      d = `${p.digest}|${p.rendered.digest}|${p.path}|${p.status}|${p.categoryTerms.map((t) => t.name).join(',')}|${p.tagTerms.map((t) => t.name).join(',')}`;
      deps.set(p, d);
    }
    return d;
  };
  /**
   * Renders `id` unless the cache holds it with the same key: the key lists exactly what the page
   * shows, so an edit re-renders that post and the pages that show it, nothing else.
   */
  const memo = (id: string, key: unknown[], render: () => RenderedPage | RenderedPage[]): RenderedPage[] => {
    // The key itself is kept and compared: cheaper than hashing it on every rebuild.
    const k = globalKey + JSON.stringify(key);
    const hit = cache?.pages.get(id);
    if (hit && hit.key === k) {
      for (const [path, card] of hit.cards) ctx.cards?.set(path, card);
      return hit.out;
    }
    const before = new Set(ctx.cards?.keys());
    const out = [render()].flat();
    renderedIds.push(id);
    const cards = [...(ctx.cards ?? [])].filter(([path]) => !before.has(path));
    cache?.pages.set(id, { key: k, out, cards });
    return out;
  };

  const pages: RenderedPage[] = [];
  const lastmod = new Map<string, SitemapEntry['lastmod']>();
  model.posts.forEach((post, i) => {
    const cover = input.covers.get(post);
    const info = post.seriesInfo;
    pages.push(...memo(post.path, [v(post), cover, v(post.older), v(post.newer), post.related.map(v),
      info ? [info.index, info.total, info.series.parts.map((p) => [p.path, p.title])] : null], () => renderPost(ctx, post, cover)));
    lastmod.set(post.path, post.updated ?? post.date);
    progress('render', i + 1, model.posts.length);
  });
  pages.push(...memo('', [model.featured.map(v), model.articles.slice(0, 12).map(v), model.caseStudies.slice(0, 6).map(v), model.articles.length], () => renderHome(ctx)));

  const size = model.config.paginate;
  const categoryFilterState = model.categories.map((c) => [c.name, c.path, c.posts.length, c.posts.some((p) => p.kind === 'article')]);
  const list = (opts: ListOptions, filterState: unknown) => {
    for (const page of opts.pages) {
      pages.push(...memo(page.path, [opts.title, page.items.map(v), page.number, page.total, filterState, opts.posts.length], () => renderListPage(ctx, opts, page)));
    }
  };
  list({
    title: 'Writing', kind: 'Writing', posts: model.articles, firstPath: 'writing/', pages: paginate(model.articles, size, 'writing/'),
    filter: { current: undefined, allPath: 'writing/' }, empty: 'No writing published yet.', crumbs: [['Writing', 'writing/']],
  }, categoryFilterState);
  pages.push(...memo('case-studies/', [model.caseStudySections.map((s) => [s.title, s.path, s.posts.map(v)])], () => renderCaseStudies(ctx)));
  if (model.profile) pages.push(...memo('cv/', [model.tags.map((t) => t.slug)], () => renderCv(ctx, model.profile!)));
  const termFeeds: FeedScope[] = [];
  for (const [terms, kind, label, filter] of [[model.categories, 'Category', 'Categories', true], [model.tags, 'Tag', 'Tags', false]] as const) {
    for (const term of terms) {
      const feeds = { title: `${model.config.title}: ${term.name}`, rss: `${term.path}feed.xml`, atom: `${term.path}atom.xml` };
      termFeeds.push({ posts: term.posts, title: feeds.title, description: `${kind} “${term.name}” on ${model.config.title}.`, home: term.path, rss: feeds.rss, atom: feeds.atom });
      list({
        title: kind === 'Tag' ? `Tagged “${term.name}”` : term.name, kind, feeds, posts: term.posts, firstPath: term.path,
        pages: paginate(term.posts, size, term.path),
        ...(filter ? { filter: { current: term, allPath: 'writing/' } } : {}),
        empty: kind === 'Tag' ? 'No posts with this tag.' : 'No posts in this category.', crumbs: [[label, `${label.toLowerCase()}/`], [term.name, term.path]],
      }, filter ? categoryFilterState : null);
    }
  }
  const termState = (terms: Term[]) => terms.map((t) => [t.name, t.path, t.posts.length]);
  pages.push(...memo('categories/', termState(model.categories), () => renderTermIndex(ctx, 'Categories', 'categories/', model.categories)));
  pages.push(...memo('tags/', termState(model.tags), () => renderTermIndex(ctx, 'Tags', 'tags/', model.tags, '#')));
  pages.push(...memo('series/', model.series.map((s) => [s.name, s.path, s.parts.length]), () => renderSeriesIndex(ctx)));
  for (const s of model.series) pages.push(...memo(s.path, [s.name, s.parts.map(v)], () => renderSeries(ctx, s)));
  if (search) pages.push(...memo('search/', [], () => renderSearch(ctx, search.path)));
  const [notFound] = memo('404.html', [model.posts.slice(0, 3).map(v)], () => renderNotFound(ctx));
  // Feeds are memoised the same way: a feed changes only when one of its posts does.
  const feedFile = (path: string, posts: Post[], make: () => string) =>
    memo(path, [posts.filter((p) => p.date).slice(0, FEED_SIZE).map(v)], () => ({ path, html: make() }))[0]!.html;

  timer.start('emit');
  const files = new Map<string, FileData>();
  for (const page of pages) files.set(fileForPath(page.path), page.html);
  files.set('404.html', notFound!.html);
  files.set(css.path, css.css);
  if (search) files.set(search.path, search.text);
  if (beacon) files.set(beacon.script, beacon.text);
  if (!hasFavicon) files.set('favicon.svg', monogramFavicon(model.config.title));
  files.set('feed.xml', feedFile('feed.xml', model.posts, () => rssFeed(ctx)));
  files.set('atom.xml', feedFile('atom.xml', model.posts, () => atomFeed(ctx)));
  files.set('feed.json', feedFile('feed.json', model.posts, () => jsonFeed(ctx)));
  for (const scope of termFeeds) {
    files.set(scope.rss, feedFile(scope.rss, scope.posts, () => rssFeed(ctx, scope)));
    files.set(scope.atom, feedFile(scope.atom, scope.posts, () => atomFeed(ctx, scope)));
  }
  files.set('sitemap.xml', sitemap(ctx, pages.filter((p) => p.path !== 'search/').map((p) => ({ path: p.path, lastmod: lastmod.get(p.path) }))));
  files.set('robots.txt', robots(ctx));
  if (input.profileRaw !== undefined) {
    // Published as written (validated), so /resume.json round-trips to the author's file.
    files.set('resume.json', jsonForScript(input.profileRaw, 2) + '\n');
  }
  const redirects = redirectPages(ctx, model, files);
  for (const r of redirects) files.set(fileForPath(r.path), r.html);
  if (redirects.length) {
    files.set('_redirects', redirects.map((r) => `${ctx.u(r.path)} ${r.to} 301`).join('\n') + '\n');
  }
  for (const a of input.assets) if (!files.has(a.to)) files.set(a.to, { copyFrom: a.from });

  if (input.search === 'full') {
    const indexed = pages.filter((p) => p.html.includes('data-pagefind-body')).map((p) => ({ url: ctx.u(p.path), html: p.html }));
    for (const f of await buildSearchIndex(indexed, model.config.lang)) files.set(f.path, f.content);
  }

  let cardsRendered = 0;
  let cardsReused = 0;
  if (input.cards && ctx.cards) {
    const cache = new CardCache(input.cards.cacheDir, !input.cards.noCache);
    try {
      let done = 0;
      const entries = [...ctx.cards];
      await Promise.all(entries.map(async ([path, card]) => {
        files.set(cardPath(path), await cache.get(card));
        progress('emit', ++done, entries.length);
      }));
    } finally {
      await cache.close();
    }
    cardsRendered = cache.rendered;
    cardsReused = cache.reused;
  }

  for (const f of input.staticFiles) {
    if (files.has(f.to) && !(f.to === 'robots.txt' || f.to === 'favicon.svg')) {
      throw new CasebookError('CB4002', `static/${f.to} would overwrite the generated /${f.to}.`, { file: f.from });
    }
    // A site's own robots.txt replaces the generated one: that is the documented way to customise it.
    files.set(f.to, { copyFrom: f.from });
  }

  timer.start('write');
  let written = 0;
  for (const [path, data] of files) {
    if (typeof data === 'object' && 'copyFrom' in data) await sink.copy(path, data.copyFrom);
    else await sink.write(path, data);
    progress('write', ++written, files.size);
  }
  return { pages: pages.length + 1, files: files.size, cardsRendered, cardsReused, rendered: renderedIds };
}

/** Normalises an alias to a site path: `/2019/05/old` → `2019/05/old/`; `old.html` stays a file. */
export function aliasPath(alias: string, base: string): string {
  let p = alias.trim().replace(/^https?:\/\/[^/]+/i, '');
  if (base !== '/' && p.startsWith(base)) p = p.slice(base.length);
  p = p.replace(/^\/+/, '').replace(/[?#].*$/, '');
  return p === '' || /\.html?$/i.test(p) || p.endsWith('/') ? p : `${p}/`;
}

function redirectPages(ctx: ReturnType<typeof createContext>, model: SiteModel, files: Map<string, unknown>) {
  const errors: CasebookError[] = [];
  const taken = new Map<string, string>();
  const out: (RenderedPage & { to: string })[] = [];
  for (const post of model.posts) {
    for (const alias of post.aliases) {
      const path = aliasPath(alias, model.base);
      const file = fileForPath(path);
      const clash = path.split('/').includes('..') ? 'a path outside the site' : files.has(file) ? `the page /${path}` : taken.get(file);
      if (clash || path === '') {
        const line = post.keyLine('aliases');
        errors.push(new CasebookError('CB1023', `The alias "${alias}" of ${post.rel} collides with ${clash ?? 'the home page'}.`, {
          file: post.file, ...(line ? { line, column: 1 } : {}), source: post.source,
        }));
        continue;
      }
      taken.set(file, `the alias of ${post.rel}`);
      out.push({ ...renderRedirect(ctx, path, post), to: ctx.u(post.path) });
    }
  }
  if (errors.length) throw new CasebookErrors(errors);
  return out;
}
