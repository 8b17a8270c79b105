import { CasebookError, CasebookErrors, type Warning } from '../errors/index.js';
import { normaliseUserPath } from '../util/user-path.js';
import { fitSegment } from '../util/slug.js';
import type { Asset } from '../markdown/images.js';
import { fileForPath, type MemorySink, type OutputSink } from '../output/index.js';
import { cardPath, createContext } from '../render/context.js';
import {
  renderCaseStudies, renderHome, renderListPage, renderNotFound, renderPost, renderRedirect, renderSearch, renderSeries, renderSeriesIndex, renderStandalonePage,
  renderTermIndex, type ListOptions, type RenderedPage,
} from '../render/pages.js';
import { monogramFavicon, stylesheet, themeAsset } from '../render/stylesheet.js';
import { renderCv } from '../render/cv.js';
import { mathStylesheet } from '../render/math-stylesheet.js';
import { bodyFont } from '../render/body-font.js';
import { jsonForScript } from '../util/escape.js';
import { atomFeed, FEED_SIZE, jsonFeed, rssFeed, type FeedScope } from '../emit/feeds.js';
import { digest, type BuildCache } from './cache.js';
import { CardCache } from '../og/cache.js';
import { buildSearchIndex } from '../search/pagefind-index.js';
import { beaconFor } from '../analytics/beacon.js';
import { robots, sitemap, type SitemapEntry } from '../emit/sitemap.js';
import { generatedClash, paginate, seriesBoxParts, seriesPages, type Cover, type Post, type SiteModel, type Term } from '../site/index.js';
import type { PhaseName, PhaseTimer } from './phases.js';
import type { ThemeSetup } from '../theming/index.js';
import { keyDigest, type PageManifest } from './page-manifest.js';
import { readFileSync } from 'node:fs';
import { IMAGE_BUDGET_BYTES, type EncodedImage, type ImageEncoder } from './image-encoder.js';

export interface EmitInput {
  model: SiteModel;
  covers: Map<Post, Cover>;
  assets: Asset[];
  staticFiles: { from: string; to: string }[];
  profileRaw: unknown;
  sink: OutputSink;
  timer: PhaseTimer;
  progress: (phase: PhaseName, done: number, total: number) => void;
  /** Where resized image variants are kept between builds. */
  images: ImageEncoder;
  /** Social cards on, and where their cache lives. */
  cards: { cacheDir: string; noCache?: boolean } | undefined;
  /** full: page, header box and index; page: without the index (dev builds it later); off. */
  search: 'full' | 'page' | 'off';
  cache: BuildCache | undefined;
  theme: ThemeSetup;
  /** The previous disk build's pages by key (persistent cache on): unchanged ones are linked, not rendered. */
  manifest?: PageManifest | undefined;
  /** Dev: pages and feeds are left in the sink as functions that render them when first asked for. */
  deferred?: MemorySink | undefined;
  /** Where warnings about skipped redirects of a site made with another tool go. */
  warnings?: Warning[] | undefined;
}

export interface EmitResult {
  pages: number;
  /** Ids (page or feed paths) of what was actually rendered; the rest came from the cache. */
  rendered: string[];
  files: number;
  cardsRendered: number;
  cardsReused: number;
  /** Local images whose widest variant is still over the size budget. */
  heavyImages: { from: string; bytes: number }[];
}

type FileData = string | Uint8Array | { copyFrom: string } | typeof IN_SINK;
type EncodeAsset = Asset & { encode: NonNullable<Asset['encode']> };

/** Marks a path already written to (or linked into) the sink while pages were rendered. */
const IN_SINK = Symbol('in sink');

/** A page or feed in the output: its site path, whether the search index takes it, and its HTML while needed. */
interface PageRef {
  path: string;
  indexed: boolean;
  /** Kept only when the search index will read it; undefined for a page taken from the previous output. */
  html: string | undefined;
}

/** Renders every page and writes every file of the site into the sink. */
export async function emitSite(input: EmitInput): Promise<EmitResult> {
  const { model, sink, timer, progress } = input;
  const { theme } = input;
  // The theme's font ships only while the site keeps the theme's body font.
  const font = model.config.theme.fonts.body === undefined ? bodyFont() : undefined;
  const css = stylesheet(theme.tokensCss, theme.siteCss, font?.css);
  const postCss = css.post;
  const search = input.search !== 'off' ? themeAsset('search.js', 'search', 'js') : undefined;
  const copyCode = model.config.codeCopyButton ? themeAsset('copy-code.js', 'copy-code', 'js') : undefined;
  const tokens = model.config.theme;
  for (const [key, url] of [['logo', tokens.logo], ['favicon', tokens.favicon]] as const) {
    if (url && url.startsWith('/') && !url.startsWith('//') && !input.staticFiles.some((f) => '/' + f.to === url)) {
      throw new CasebookError('CB2309', `theme.${key} is ${url}, but static${url} does not exist.`, { file: model.config.outDir });
    }
  }
  const hasFavicon = !!tokens.favicon || input.staticFiles.some((f) => f.to === 'favicon.svg');
  const beacon = await beaconFor(model.config);
  // KaTeX's stylesheet and fonts are published only by a site that has math, and linked only from its pages.
  const math = [...model.posts, ...model.pages].some((p) => p.rendered.math) ? mathStylesheet() : undefined;
  const ctx = createContext(model, {
    stylesheet: css.path, postStylesheet: postCss.path, bodyFont: font?.path, covers: input.covers, mathStylesheet: math?.path, copyScript: copyCode?.path, favicon: tokens.favicon?.replace(/^\//, '') ?? 'favicon.svg', cards: !!input.cards, searchScript: search?.path,
    translatorFor: theme.translatorFor, components: theme.components, logo: tokens.logo, analytics: beacon,
  });

  timer.start('render');
  const cache = input.cache;
  const renderedIds: string[] = [];
  // Everything shown on every page (header, footer, head): part of every key.
  const globalKey = digest([model.config, model.nav, model.author, model.profile, css.path, postCss.path, search?.path, copyCode?.path, !!input.cards, theme.digest, beacon?.script]);
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
  const files = new Map<string, FileData>();
  const writes: Promise<void>[] = [];
  const keepHtml = input.search === 'full';
  const manifest = input.manifest;
  const deferred = input.deferred;
  /**
   * Pages go to the sink as soon as they exist, so the whole site's HTML is never in memory at
   * once; only pages the search index still has to read keep theirs.
   */
  const emit = (out: RenderedPage[]): PageRef[] =>
    out.map((page) => {
      const file = fileForPath(page.path);
      writes.push(sink.write(file, page.html));
      files.set(file, IN_SINK);
      // Only a disk build's manifest and the search index ask; dev skips scanning every page.
      const indexed = (keepHtml || !!manifest) && page.html.includes('data-pagefind-body');
      return { path: page.path, indexed, html: keepHtml && indexed ? page.html : undefined };
    });
  /**
   * A post as a card in a list (and as PostView for a site's overrides): everything but the
   * body, so an edit below the summary re-renders the post and its feeds, not every list.
   */
  const cards = new Map<Post, string>();
  const card = (p: Post): string => {
    let d = cards.get(p);
    if (d === undefined) {
      const info = p.seriesInfo;
      // Hashed: list keys hold ten of these, and short keys keep a 10,000-post rebuild's garbage down.
      d = digest([p.path, p.title, p.kind, p.status, p.date?.epoch, p.updated?.epoch, p.description, p.rendered.summary,
        p.rendered.readingMinutes, p.categoryTerms.map((t) => t.name), p.tagTerms.map((t) => t.name),
        info ? [info.series.name, info.index, info.total] : null, p.featured, p.lang, p.image, p.caseStudy.outcomes?.[0] ?? null, input.covers.get(p)?.url ?? null]);
      cards.set(p, d);
    }
    return d;
  };
  /** Older/newer links show a post's title and URL only, so only those make a neighbour change. */
  const neighbour = (p: Post | undefined) => (p ? [p.path, p.title] : null);
  /** Files of the previous build that are still right: linked into the new output, not written. */
  const takePrevious = (previous: string[]) => {
    for (const file of previous) {
      writes.push(sink.link(file, manifest!.previousFile(file)));
      files.set(file, IN_SINK);
    }
  };
  /**
   * Renders `id` unless a cache holds it with the same key: the key lists exactly what the page
   * shows, so an edit re-renders that post and the pages that show it, nothing else. In dev the
   * cache is in memory; a disk build takes unchanged pages (and their social cards) from the
   * previous output through the manifest.
   */
  const memo = (id: string, key: () => unknown[], render: () => RenderedPage | RenderedPage[], paths?: string[]): PageRef[] => {
    if (deferred) return defer(id, key, render, paths ?? [id]);
    const k = fullKey(key);
    const hit = fromCache(id, k);
    if (hit) return emit(hit);
    const kd = manifest ? keyDigest(k) : '';
    const previous = manifest?.reusable(id, kd);
    if (previous) {
      takePrevious(previous.files);
      return previous.pages.map(([path, indexed]) => ({ path, indexed, html: undefined }));
    }
    const { out, cards } = renderNow(id, k, render);
    const refs = emit(out);
    manifest?.rendered(id, kd, refs.map((r) => [r.path, r.indexed]), [...refs.map((r) => fileForPath(r.path)), ...cards.map(([path]) => cardPath(path))]);
    return refs;
  };
  // The key itself is kept and compared: cheaper than hashing it on every rebuild.
  const fullKey = (key: () => unknown[]) => globalKey + JSON.stringify(key());
  /** The pages of `id` from the in-memory cache, if their key is `k` (their social cards are back in ctx too). */
  const fromCache = (id: string, k: string): RenderedPage[] | undefined => {
    const hit = cache?.pages.get(id);
    if (!hit || hit.key !== k) return undefined;
    for (const [path, card] of hit.cards) ctx.cards?.set(path, card);
    return hit.out;
  };
  const renderNow = (id: string, k: string, render: () => RenderedPage | RenderedPage[]) => {
    const before = new Set(ctx.cards?.keys());
    const out = [render()].flat();
    renderedIds.push(id);
    const cards = [...(ctx.cards ?? [])].filter(([path]) => !before.has(path));
    cache?.pages.set(id, { key: k, out, cards });
    return { out, cards };
  };
  /**
   * Dev: the page is rendered (or taken from the in-memory cache) when it is first requested,
   * key included, so an edit costs the model and the one page the browser asks for, not
   * fourteen thousand keys. `paths` are the pages `render` makes, known without rendering.
   */
  const defer = (id: string, key: () => unknown[], render: () => RenderedPage | RenderedPage[], paths: string[]): PageRef[] => {
    let out: RenderedPage[] | undefined;
    const produce = (): RenderedPage[] => {
      if (out) return out;
      const k = fullKey(key);
      out = fromCache(id, k) ?? renderNow(id, k, render).out;
      return out;
    };
    for (const path of paths) {
      const file = fileForPath(path);
      files.set(file, IN_SINK);
      deferred!.defer(file, () => {
        const page = produce().find((p) => p.path === path);
        if (!page) throw new Error(`${id} did not render ${path}`);
        return page.html;
      });
    }
    return paths.map((path) => ({ path, indexed: false, html: undefined }));
  };

  const pages: PageRef[] = [];
  const lastmod = new Map<string, SitemapEntry['lastmod']>();
  model.posts.forEach((post, i) => {
    const cover = input.covers.get(post);
    const info = post.seriesInfo;
    pages.push(...memo(post.path, () => [v(post), post.rendered.math ? math?.path : null, cover, neighbour(post.older), neighbour(post.newer), post.related.map(card),
      // The parts its series box lists, not the whole series: a 4,000-part series' key was 4,000 parts long on every part.
      info ? [info.index, info.total, info.series.name, seriesBoxParts(info.index, info.total).map((n) => [info.series.parts[n - 1]!.path, info.series.parts[n - 1]!.title])] : null], () => renderPost(ctx, post, cover)));
    lastmod.set(post.path, post.updated ?? post.date);
    progress('render', i + 1, model.posts.length);
  });
  for (const page of model.pages) {
    const cover = input.covers.get(page);
    pages.push(...memo(page.path, () => [v(page), page.rendered.math ? math?.path : null, cover], () => renderStandalonePage(ctx, page, cover)));
    lastmod.set(page.path, page.updated ?? page.date);
  }
  pages.push(...memo('', () => [model.featured.map(card), model.articles.slice(0, 12).map(card), model.caseStudies.slice(0, 6).map(card), model.articles.length], () => renderHome(ctx)));

  const size = model.config.paginate;
  const categoryFilterState = model.categories.map((c) => [c.name, c.path, c.posts.length, c.posts.some((p) => p.kind === 'article')]);
  const list = (opts: ListOptions, filterState: unknown) => {
    for (const page of opts.pages) {
      pages.push(...memo(page.path, () => [opts.title, page.items.map(card), page.number, page.total, filterState, opts.posts.length], () => renderListPage(ctx, opts, page)));
    }
  };
  const t = ctx.i18n;
  list({
    title: t.t('writing.title'), kind: t.t('writing.title'), posts: model.articles, firstPath: 'writing/', pages: paginate(model.articles, size, 'writing/'),
    filter: { current: undefined, allPath: 'writing/' }, empty: t.t('writing.empty'), crumbs: [[t.t('writing.title'), 'writing/']],
  }, categoryFilterState);
  if (model.caseStudies.length) pages.push(...memo('case-studies/', () => [model.caseStudySections.map((s) => [s.title, s.path, s.posts.map(card)])], () => renderCaseStudies(ctx), ['case-studies/', ...model.caseStudySections.map((s) => s.path)]));
  if (model.profile) pages.push(...memo('cv/', () => [model.tags.map((t) => t.slug)], () => renderCv(ctx, model.profile!)));
  const termFeeds: FeedScope[] = [];
  for (const [terms, kind, index] of [[model.categories, 'category', 'categories'], [model.tags, 'tag', 'tags']] as const) {
    const label = t.t(`${index}.title`);
    for (const term of terms) {
      const feeds = { title: `${model.config.title}: ${term.name}`, rss: `${term.path}feed.xml`, atom: `${term.path}atom.xml`, kind };
      termFeeds.push({ posts: term.posts, title: feeds.title, description: t.t(`${kind}.feedDescription`, { name: term.name, site: model.config.title }), home: term.path, rss: feeds.rss, atom: feeds.atom });
      list({
        title: kind === 'tag' ? t.t('tag.title', { name: term.name }) : term.name, kind: t.t(`${kind}.eyebrow`), feeds, posts: term.posts, firstPath: term.path,
        pages: paginate(term.posts, size, term.path),
        ...(kind === 'category' ? { filter: { current: term, allPath: 'writing/' } } : {}),
        empty: t.t(`${kind}.empty`), crumbs: [[label, `${index}/`], [term.name, term.path]],
      }, kind === 'category' ? categoryFilterState : null);
    }
  }
  const termState = (terms: Term[]) => terms.map((t) => [t.name, t.path, t.posts.length]);
  pages.push(...memo('categories/', () => termState(model.categories), () => renderTermIndex(ctx, t.t('categories.title'), 'categories/', model.categories)));
  pages.push(...memo('tags/', () => termState(model.tags), () => renderTermIndex(ctx, t.t('tags.title'), 'tags/', model.tags, '#')));
  pages.push(...memo('series/', () => model.series.map((s) => [s.name, s.path, s.parts.length]), () => renderSeriesIndex(ctx)));
  for (const s of model.series) {
    for (const page of seriesPages(s)) {
      pages.push(...memo(page.path, () => [s.name, s.parts.length, page.items.map(card), page.number, page.total], () => renderSeries(ctx, s, page)));
    }
  }
  if (search) pages.push(...memo('search/', () => [], () => renderSearch(ctx, search.path)));
  memo('404.html', () => [model.posts.slice(0, 3).map(card)], () => renderNotFound(ctx));
  // Feeds are memoised the same way: a feed changes only when one of its posts does.
  const feedFile = (path: string, posts: Post[], make: () => string) =>
    memo(path, () => [posts.filter((p) => p.date).slice(0, FEED_SIZE).map(v)], () => ({ path, html: make() }));
  feedFile('feed.xml', model.posts, () => rssFeed(ctx));
  feedFile('atom.xml', model.posts, () => atomFeed(ctx));
  feedFile('feed.json', model.posts, () => jsonFeed(ctx));
  for (const scope of termFeeds) {
    feedFile(scope.rss, scope.posts, () => rssFeed(ctx, scope));
    feedFile(scope.atom, scope.posts, () => atomFeed(ctx, scope));
  }

  timer.start('emit');
  files.set(css.path, css.css);
  files.set(postCss.path, postCss.css);
  if (font) files.set(font.path, { copyFrom: font.from });
  if (math) {
    files.set(math.path, math.css);
    for (const font of math.fonts) files.set(font.path, { copyFrom: font.from });
  }
  if (search) files.set(search.path, search.text);
  if (copyCode) files.set(copyCode.path, copyCode.text);
  if (beacon) files.set(beacon.script, beacon.text);
  if (!hasFavicon) files.set('favicon.svg', monogramFavicon(model.config.title, theme.accent));
  const siteMap = () => sitemap(ctx, pages.filter((p) => p.path !== 'search/').map((p) => ({ path: p.path, lastmod: lastmod.get(p.path) })));
  if (deferred) {
    deferred.defer('sitemap.xml', siteMap);
    files.set('sitemap.xml', IN_SINK);
  } else files.set('sitemap.xml', siteMap());
  files.set('robots.txt', robots(ctx));
  if (input.profileRaw !== undefined) {
    // Published as written (validated), so /resume.json round-trips to the author's file.
    files.set('resume.json', jsonForScript(input.profileRaw, 2) + '\n');
  }
  const redirects = redirectPages(ctx, model, files, input.warnings ?? []);
  for (const r of redirects) files.set(fileForPath(r.path), r.html);
  if (redirects.length) {
    files.set('_redirects', redirects.map((r) => `${ctx.u(r.path)} ${r.to} 301`).join('\n') + '\n');
  }
  const toEncode: EncodeAsset[] = [];
  for (const a of input.assets) {
    if (files.has(a.to)) continue;
    if (a.encode) {
      toEncode.push(a as EncodeAsset);
      files.set(a.to, IN_SINK);
    } else files.set(a.to, { copyFrom: a.from });
  }

  // The search index (Pagefind, its own process) and the social cards (worker threads) are built
  // at the same time: each leaves cores idle that the other can use.
  const searchIndex = async (): Promise<void> => {
    if (input.search !== 'full') return;
    const indexed = pages.filter((p) => p.indexed);
    // The index is memoised like a page: the same pages with the same keys give the same files.
    const indexKey = [model.config.lang, indexed.map((p) => [p.path, manifest?.keyOf(p.path) ?? null])];
    const reuse = manifest && !indexed.some((p) => manifest.keyOf(p.path) === undefined) ? manifest.reusable('pagefind/', keyDigest(JSON.stringify(indexKey))) : undefined;
    if (reuse) {
      takePrevious(reuse.files);
      return;
    }
    // Pages taken from the previous output are read back from it: still far cheaper than rendering them.
    const html = (p: PageRef) => p.html ?? readFileSync(manifest!.previousFile(fileForPath(p.path)), 'utf8');
    const out = await buildSearchIndex(indexed.map((p) => ({ url: ctx.u(p.path), html: html(p) })), model.config.lang);
    for (const f of out) files.set(f.path, f.content);
    manifest?.rendered('pagefind/', keyDigest(JSON.stringify(indexKey)), [], out.map((f) => f.path));
  };

  let cardsRendered = 0;
  let cardsReused = 0;
  const socialCards = async (): Promise<void> => {
    if (!input.cards || !ctx.cards) return;
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
  };
  let encoded = new Map<Asset, EncodedImage>();
  const images = async (): Promise<void> => {
    encoded = await input.images.all(toEncode);
  };
  await Promise.all([searchIndex(), socialCards(), images()]);
  const heavy = new Map<string, number>();
  for (const [a, e] of encoded) {
    if (e.bytes > IMAGE_BUDGET_BYTES && (a.encode?.format === 'avif' || a.encode?.format === 'webp')) heavy.set(a.from, Math.max(heavy.get(a.from) ?? 0, e.bytes));
  }

  // Folders of the generated files: a static file may not take the name of one (static/feed.xml/…).
  const folders = new Set<string>();
  for (const path of files.keys()) for (let at = path.indexOf('/'); at > 0; at = path.indexOf('/', at + 1)) folders.add(path.slice(0, at));
  for (const f of input.staticFiles) {
    if (files.has(f.to) && !(f.to === 'robots.txt' || f.to === 'favicon.svg')) {
      throw new CasebookError('CB4002', `static/${f.to} would overwrite the generated /${f.to}.`, { file: f.from });
    }
    const inWay = folders.has(f.to) ? `${f.to}/` : fileInTheWay(f.to, files);
    if (inWay !== undefined) {
      throw new CasebookError('CB4002', `static/${f.to} and the generated /${inWay} need the same name, one as a file and one as a folder.`, { file: f.from });
    }
    // A site's own robots.txt replaces the generated one: that is the documented way to customise it.
    files.set(f.to, { copyFrom: f.from });
  }

  timer.start('write');
  await Promise.all(writes);
  let written = 0;
  for (const [a, e] of encoded) await sink.link(a.to, e.file);
  for (const [path, data] of files) {
    if (data === IN_SINK) continue;
    if (typeof data === 'object' && 'copyFrom' in data) await sink.copy(path, data.copyFrom);
    else await sink.write(path, data);
    progress('write', ++written, files.size);
  }
  return {
    pages: pages.length + 1, files: files.size, cardsRendered, cardsReused, rendered: renderedIds,
    heavyImages: [...heavy].map(([from, bytes]) => ({ from, bytes })),
  };
}

/**
 * Normalises an alias to a site path: `/2019/05/old` → `2019/05/old/`; `old.html` stays a file;
 * `\\` separates like `/`. Undefined when the alias climbs out of the site (`..`, `..\\..\\x`).
 */
export function aliasPath(alias: string, base: string): string | undefined {
  let p = alias.trim().replace(/^https?:\/\/[^/]+/i, '').replace(/[?#].*$/, '');
  const user = normaliseUserPath(p);
  if (!user.ok) return undefined;
  p = user.path;
  const rel = base.replace(/^\/+/, '');
  if (rel !== '' && p.startsWith(rel)) p = p.slice(rel.length);
  // Every segment must fit in a file name, as slugs do.
  p = p.split('/').map((s) => fitSegment(s)).join('/');
  return p === '' || /\.html?$/i.test(p) || p.endsWith('/') ? p : `${p}/`;
}

/** The first folder on the way to `file` that the output already has as a file (`feed.xml` for `feed.xml/index.html`). */
function fileInTheWay(file: string, files: Map<string, unknown>): string | undefined {
  for (let at = file.indexOf('/'); at > 0; at = file.indexOf('/', at + 1)) {
    const folder = file.slice(0, at);
    if (files.has(folder)) return folder;
  }
  return undefined;
}

function redirectPages(ctx: ReturnType<typeof createContext>, model: SiteModel, files: Map<string, unknown>, warnings: Warning[]) {
  const errors: CasebookError[] = [];
  const taken = new Map<string, string>();
  const out: (RenderedPage & { to: string })[] = [];
  for (const post of [...model.posts, ...model.pages]) {
    const line = post.keyLine('aliases');
    const at = { file: post.file, ...(line ? { line, column: 1 } : {}), source: post.source };
    for (const alias of post.aliases) {
      const path = aliasPath(alias, model.base);
      if (path === undefined) {
        errors.push(new CasebookError('CB1323', `The alias "${alias}" of ${post.rel} points outside the site.`, at));
        continue;
      }
      const file = fileForPath(path);
      const generated = path === '' ? undefined : generatedClash(path) ?? fileInTheWay(file, files);
      if (generated !== undefined) {
        // A site made with another tool keeps building: its old redirect is dropped, as its URL was.
        if (post.legacy) {
          warnings.push({ code: 'CB1324', message: `No redirect from /${path} to "${post.title}": Casebook writes /${generated} there.`, location: { file: post.file, ...(line ? { line, column: 1 } : {}) } });
        } else {
          errors.push(new CasebookError('CB1322', `The alias "${alias}" of ${post.rel} would be written at /${file}, but Casebook writes /${generated} there.`, at));
        }
        continue;
      }
      const clash = files.has(file) ? `the page /${path}` : taken.get(file);
      if (clash || path === '') {
        errors.push(new CasebookError('CB1023', `The alias "${alias}" of ${post.rel} collides with ${clash ?? 'the home page'}.`, at));
        continue;
      }
      taken.set(file, `the alias of ${post.rel}`);
      out.push({ ...renderRedirect(ctx, path, post), to: ctx.u(post.path) });
    }
  }
  if (errors.length) throw new CasebookErrors(errors);
  return out;
}
