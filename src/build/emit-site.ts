import { CasebookError, CasebookErrors } from '../errors/index.js';
import type { Asset } from '../markdown/images.js';
import { fileForPath, type OutputSink } from '../output/index.js';
import { cardPath, createContext } from '../render/context.js';
import {
  renderCaseStudies, renderHome, renderList, renderNotFound, renderPost, renderRedirect, renderSearch, renderSeries, renderSeriesIndex,
  renderTermIndex, type RenderedPage,
} from '../render/pages.js';
import { monogramFavicon, stylesheet } from '../render/stylesheet.js';
import { renderCv } from '../render/cv.js';
import { jsonForScript } from '../util/escape.js';
import { atomFeed, jsonFeed, rssFeed, type FeedScope } from '../emit/feeds.js';
import { CardCache } from '../og/cache.js';
import { buildSearchIndex } from '../search/pagefind-index.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { robots, sitemap, type SitemapEntry } from '../emit/sitemap.js';
import { paginate, type Post, type SiteModel } from '../site/index.js';
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
  cards: { cacheDir: string } | undefined;
  search: boolean;
}

export interface EmitResult {
  pages: number;
  files: number;
  cardsRendered: number;
  cardsReused: number;
}

type FileData = string | Uint8Array | { copyFrom: string };

/** Renders every page and writes every file of the site into the sink. */
export async function emitSite(input: EmitInput): Promise<EmitResult> {
  const { model, sink, timer, progress } = input;
  const css = stylesheet();
  const search = input.search ? searchScript() : undefined;
  const hasFavicon = input.staticFiles.some((f) => f.to === 'favicon.svg');
  const ctx = createContext(model, { stylesheet: css.path, favicon: 'favicon.svg', cards: !!input.cards, searchScript: search?.path });

  timer.start('render');
  const pages: RenderedPage[] = [];
  const lastmod = new Map<string, SitemapEntry['lastmod']>();
  model.posts.forEach((post, i) => {
    pages.push(renderPost(ctx, post, input.covers.get(post)));
    lastmod.set(post.path, post.updated ?? post.date);
    progress('render', i + 1, model.posts.length);
  });
  pages.push(renderHome(ctx));
  const size = model.config.paginate;
  pages.push(...renderList(ctx, {
    title: 'Writing', kind: 'Writing', posts: model.articles, firstPath: 'writing/', pages: paginate(model.articles, size, 'writing/'),
    filter: { current: undefined, allPath: 'writing/' }, empty: 'No writing published yet.', crumbs: [['Writing', 'writing/']],
  }));
  pages.push(...renderCaseStudies(ctx));
  if (model.profile) pages.push(renderCv(ctx, model.profile));
  const termFeeds: [string, FeedScope][] = [];
  for (const [terms, kind, label, filter] of [[model.categories, 'Category', 'Categories', true], [model.tags, 'Tag', 'Tags', false]] as const) {
    for (const term of terms) {
      const feeds = { title: `${model.config.title}: ${term.name}`, rss: `${term.path}feed.xml`, atom: `${term.path}atom.xml` };
      termFeeds.push([term.path, { posts: term.posts, title: feeds.title, description: `${kind} “${term.name}” on ${model.config.title}.`, home: term.path, rss: feeds.rss, atom: feeds.atom }]);
      pages.push(...renderList(ctx, {
        title: kind === 'Tag' ? `Tagged “${term.name}”` : term.name, kind, feeds, posts: term.posts, firstPath: term.path,
        pages: paginate(term.posts, size, term.path),
        ...(filter ? { filter: { current: term, allPath: 'writing/' } } : {}),
        empty: kind === 'Tag' ? 'No posts with this tag.' : 'No posts in this category.', crumbs: [[label, `${label.toLowerCase()}/`], [term.name, term.path]],
      }));
    }
  }
  pages.push(renderTermIndex(ctx, 'Categories', 'categories/', model.categories));
  pages.push(renderTermIndex(ctx, 'Tags', 'tags/', model.tags, '#'));
  pages.push(renderSeriesIndex(ctx));
  for (const s of model.series) pages.push(renderSeries(ctx, s));
  if (search) pages.push(renderSearch(ctx, search.path));
  const notFound = renderNotFound(ctx);

  timer.start('emit');
  const files = new Map<string, FileData>();
  for (const page of pages) files.set(fileForPath(page.path), page.html);
  files.set('404.html', notFound.html);
  files.set(css.path, css.css);
  if (search) files.set(search.path, search.js);
  if (!hasFavicon) files.set('favicon.svg', monogramFavicon(model.config.title));
  files.set('feed.xml', rssFeed(ctx));
  files.set('atom.xml', atomFeed(ctx));
  files.set('feed.json', jsonFeed(ctx));
  for (const [, scope] of termFeeds) {
    files.set(scope.rss, rssFeed(ctx, scope));
    files.set(scope.atom, atomFeed(ctx, scope));
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

  if (search) {
    const indexed = pages.filter((p) => p.html.includes('data-pagefind-body')).map((p) => ({ url: ctx.u(p.path), html: p.html }));
    for (const f of await buildSearchIndex(indexed, model.config.lang)) files.set(f.path, f.content);
  }

  let cardsRendered = 0;
  let cardsReused = 0;
  if (input.cards && ctx.cards) {
    const cache = new CardCache(input.cards.cacheDir);
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
  return { pages: pages.length + 1, files: files.size, cardsRendered, cardsReused };
}

let cachedScript: { path: string; js: string } | undefined;

/** theme/search.js under a digest name, like the stylesheet, so it can be cached forever. */
function searchScript(): { path: string; js: string } {
  if (cachedScript) return cachedScript;
  const js = readFileSync(new URL('../../theme/search.js', import.meta.url), 'utf8');
  cachedScript = { path: `assets/search-${createHash('sha256').update(js).digest('hex').slice(0, 10)}.js`, js };
  return cachedScript;
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
