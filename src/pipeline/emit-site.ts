import { CasebookError, type Warning } from '../errors/index.js';
import { normaliseUserPath } from '../util/user-path.js';
import { fitSegment } from '../util/slug.js';
import type { Asset } from '../markdown/images.js';
import type { MemorySink, OutputSink } from '../output/index.js';
import { createContext, type RenderContext } from '../render/context.js';
import { renderRedirect } from '../render/pages.js';
import { monogramFavicon, stylesheet, themeAsset } from '../render/stylesheet.js';
import { mathStylesheet } from '../render/math-stylesheet.js';
import { bodyFont } from '../render/body-font.js';
import { jsonForScript } from '../util/escape.js';
import type { ExtraFeed } from '../emit/feeds.js';
import { digest, type BuildCache } from './cache.js';
import { CardCache } from '../og/cache.js';
import type { CardInput } from '../og/card-input.js';
import { charactersWithoutGlyph } from '../og/coverage.js';
import { SearchIndexer } from '../search/pagefind-index.js';
import { beaconFor } from '../analytics/beacon.js';
import { robots, sitemap, type SitemapEntry } from '../emit/sitemap.js';
import {
  checkPageTable,
  checkPageTableOnce,
  planPages,
  PAGE_KINDS,
  type Cover,
  type PageEntry,
  type Post,
  type SiteModel,
  type TableCheckOptions,
} from '../site/index.js';
import type { PhaseName, PhaseTimer } from './phases.js';
import type { ThemeSetup } from '../theming/index.js';
import { keyDigest, type PageManifest } from './page-manifest.js';
import { readFileSync } from 'node:fs';
import { collectGarbage } from '../util/collect-garbage.js';
import { sameFile } from '../util/same-file.js';
import { IMAGE_BUDGET_BYTES, type EncodedImage, type ImageEncoder } from './image-encoder.js';
import { IN_SINK, PageCache, type PageRef } from './page-cache.js';
import { cardInput, isRendered, renderEntry } from './page-renderers.js';

export interface EmitInput {
  model: SiteModel;
  covers: Map<Post, Cover>;
  assets: Asset[];
  staticFiles: { from: string; to: string }[];
  /** Markdown bodies rendered in this build (not taken from a cache). */
  bodiesRendered?: number | undefined;
  /**
   * The site folder's real path: static files and images are read for output only while they
   * still lie in it (a file swapped for a link after the build checked it is CB1316).
   */
  siteRoot?: string | undefined;
  /** Old posts that were only a redirect to another site (pipeline/redirect-stubs.ts). */
  externalRedirects?: readonly { post: Post; target: string }[];
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
  /** Feeds of a site made with another tool, kept at their old paths; one at feed.xml, atom.xml or feed.json replaces Casebook's. */
  extraFeeds?: ExtraFeed[] | undefined;
  /** Where warnings about skipped redirects of a site made with another tool go. */
  warnings?: Warning[] | undefined;
  /** A site made with another tool: an old redirect onto a generated file is dropped with a warning, not refused. */
  lenient?: boolean | undefined;
}

export interface EmitResult {
  pages: number;
  /** Ids (page or feed paths) of what was actually rendered; the rest came from the cache. */
  rendered: string[];
  files: number;
  cardsRendered: number;
  cardsReused: number;
  cardsKept: number;
  /** Local images whose widest variant is still over the size budget. */
  heavyImages: { from: string; bytes: number }[];
}

type EncodeAsset = Asset & { encode: NonNullable<Asset['encode']> };

/** The files a site's pages need besides the pages, decided before anything renders. */
interface SiteFiles {
  css: ReturnType<typeof stylesheet>;
  /** The theme's body font (woff2), while the site and its preset keep the theme's body font. */
  font: ReturnType<typeof bodyFont> | undefined;
  search: ReturnType<typeof themeAsset> | undefined;
  copyCode: ReturnType<typeof themeAsset> | undefined;
  math: ReturnType<typeof mathStylesheet> | undefined;
  beacon: Awaited<ReturnType<typeof beaconFor>>;
  favicon: string | undefined;
}

/**
 * Writes the site: lists every output in the page table (site/page-table.ts), checks it for
 * clashes before anything renders, then renders and writes it entry by entry.
 */
/** Bodies rendered from which a full collection before the page phase pays for itself in peak memory (about 130 ms at 10,000). */
const MANY_BODIES = 5000;

export async function emitSite(input: EmitInput): Promise<EmitResult> {
  const { timer, progress } = input;
  const site = await siteFiles(input);
  const entries = plannedEntries(input, site);
  const ctx = renderContext(input, site, entries);

  timer.start('render');
  // What parsing and rendering the bodies left is collected before the pages render (see
  // collectGarbage); not after an edit or in dev, where few bodies rendered and time counts.
  if ((input.bodiesRendered ?? 0) >= MANY_BODIES) collectGarbage();
  const pages = pageCache(input, ctx, site, entries);
  const refs: PageRef[] = [];
  const posts = entries.filter((e) => e.kind === 'post').length;
  let done = 0;
  const feed = input.search === 'full' ? new SearchFeed(input.model.config.lang, ctx) : undefined;
  // Cards are drawn on worker threads from what the page table already knows, so they start
  // before the pages render: the workers load their fonts and draw the first cards while this thread
  // renders, instead of starting once it is done. Their progress shows from the emit phase on.
  let emitting = false;
  const cardCache = input.cards ? new CardCache(input.cards.cacheDir, !input.cards.noCache) : undefined;
  const drawing = socialCards(ctx, entries, pages, cardCache, input.warnings, (done, total) => emitting && progress('emit', done, total));
  // Awaited below; a failed render must not also report it as unhandled.
  drawing.catch(() => undefined);
  let cards, encoded;
  try {
    for (const e of entries) {
      if (!isRendered(e)) continue;
      const out = pages.page(e.urlPath, e.shows!, () => renderEntry(ctx, e, site.search?.path));
      if (PAGE_KINDS.has(e.kind)) refs.push(...out);
      if (e.kind === 'post') progress('render', ++done, posts);
      // Lets Pagefind's answer in, so the next page goes out while this thread renders.
      if (feed?.offer(out)) await new Promise((r) => setImmediate(r));
    }

    timer.start('emit');
    emitting = true;
    writeGeneratedFiles(input, ctx, site, entries, refs, pages);
    const toEncode = imagesToWrite(input.assets, entries, pages.files, input.siteRoot);
    [, cards, encoded] = await Promise.all([searchIndex(input, ctx, refs, pages, feed?.indexer), drawing, input.images.all(toEncode)]);
  } catch (e) {
    // Pagefind's process would keep this one running, and the card workers would draw every
    // remaining card before a failed build could exit.
    await Promise.all([feed?.indexer?.close(), cardCache?.close()]);
    throw e;
  }
  for (const e of entries) if (e.kind === 'static') pages.files.set(e.outFile, { copyFrom: e.from, within: input.siteRoot });

  timer.start('write');
  await writeAll(input, pages, encoded);
  return {
    pages: refs.length + 1,
    files: pages.files.size,
    cardsRendered: cards.rendered,
    cardsReused: cards.reused,
    cardsKept: cards.kept,
    rendered: pages.rendered,
    heavyImages: heavyImages(encoded),
  };
}

/** What every renderer reads: the model and the paths of the site's own files. */
function renderContext(input: EmitInput, site: SiteFiles, entries: PageEntry[]): RenderContext {
  const { model } = input;
  return createContext(model, {
    stylesheet: site.css.path,
    postStylesheet: site.css.post.path,
    bodyFont: site.font?.path,
    covers: input.covers,
    mathStylesheet: site.math?.path,
    copyScript: site.copyCode?.path,
    favicon: model.config.theme.favicon?.replace(/^\//, '') ?? 'favicon.svg',
    cards: input.cards ? new Set(entries.flatMap((e) => (e.kind === 'card' ? [e.page.urlPath] : []))) : undefined,
    searchScript: site.search?.path,
    translatorFor: input.theme.translatorFor,
    components: input.theme.components,
    logo: model.config.theme.logo,
    analytics: site.beacon,
  });
}

/** The page table, checked for clashes before anything renders: the entries to build. */
function plannedEntries(input: EmitInput, site: SiteFiles): PageEntry[] {
  const { model } = input;
  const table = planPages({
    model,
    covers: input.covers,
    aliasPath: (a) => aliasPath(a, model.base),
    mathStylesheet: site.math?.path,
    search: !!site.search,
    generated: generatedFiles(site, input.search === 'full'),
    staticFiles: input.staticFiles,
    images: input.assets,
    resume: input.profileRaw !== undefined,
    ...(input.externalRedirects?.length ? { externalRedirects: input.externalRedirects } : {}),
    cards: !!input.cards,
    oldLists: !!input.lenient,
    oldFeeds: (input.extraFeeds ?? []).map((f) => ({
      path: f.path,
      format: f.format,
      posts: f.scope.posts,
      title: f.scope.title,
      description: f.scope.description,
      home: f.scope.home,
      ...(f.scope.lang ? { lang: f.scope.lang } : {}),
    })),
  });
  // One file under two paths (a link, a hard link) is one file: asked only of files that clash on one name.
  const options: TableCheckOptions = { lenient: !!input.lenient, warnings: input.warnings ?? [], sameFile: (a, b) => sameFile(a, b) };
  return input.cache ? checkPageTableOnce(table, options, input.cache.pageTable) : checkPageTable(table, options);
}

/**
 * The author's own files at social cards' paths (`og.png`): each keeps a page from having a card
 * (CB1605), which changes the page's head, structured data and Twitter card. Rare enough that
 * every page's key carries the list: adding or removing one renders the site again.
 */
const ownCardFiles = (entries: PageEntry[]) =>
  entries.flatMap((e) => ((e.kind === 'static' || e.kind === 'image') && /(^|\/)og\.png$/.test(e.outFile) ? [e.outFile] : [])).sort();

/** The page cache of this build; what every page shows (header, footer, head) starts every key. */
function pageCache(input: EmitInput, ctx: RenderContext, site: SiteFiles, entries: PageEntry[]): PageCache {
  const { model } = input;
  return new PageCache({
    ctx,
    sink: input.sink,
    cache: input.cache,
    manifest: input.manifest,
    deferred: input.deferred,
    keepHtml: input.search === 'full',
    globalKey: digest([
      model.config,
      model.nav,
      model.author,
      model.profile,
      site.css.path,
      site.css.post.path,
      site.font?.path,
      site.search?.path,
      site.copyCode?.path,
      input.cards ? ownCardFiles(entries) : false,
      input.theme.digest,
      site.beacon?.script,
    ]),
  });
}

/** The stylesheet, scripts, KaTeX files and favicon the site needs; CB2309 when the theme names a static file that is not there. */
async function siteFiles(input: EmitInput): Promise<SiteFiles> {
  const { model, theme } = input;
  const tokens = model.config.theme;
  for (const [key, url] of [
    ['logo', tokens.logo],
    ['favicon', tokens.favicon],
  ] as const) {
    if (url?.startsWith('/') && !url.startsWith('//') && !input.staticFiles.some((f) => '/' + f.to === url)) {
      throw new CasebookError('CB2309', `theme.${key} is ${url}, but static${url} does not exist.`, { file: model.config.outDir });
    }
  }
  const hasFavicon = !!tokens.favicon || input.staticFiles.some((f) => f.to === 'favicon.svg');
  // The theme's font ships only while the site keeps the theme's body font (every preset sets its own).
  const font = model.config.theme.fonts.body === undefined && !theme.preset ? bodyFont() : undefined;
  // KaTeX's rules and fonts are published only by a site that has math, and linked only from its pages.
  const katex = [...model.posts, ...model.pages].some((p) => p.rendered.math) ? mathStylesheet() : undefined;
  const css = stylesheet(theme.tokensCss, theme.siteCss, font?.css, theme.preset, katex?.css);
  return {
    css,
    font,
    search: input.search !== 'off' ? themeAsset('search.js', 'search', 'js') : undefined,
    copyCode: model.config.codeCopyButton ? themeAsset('copy-code.js', 'copy-code', 'js') : undefined,
    math: katex && css.math ? { ...css.math, fonts: katex.fonts } : undefined,
    beacon: await beaconFor(model.config),
    favicon: hasFavicon ? undefined : 'favicon.svg',
  };
}

function generatedFiles(site: SiteFiles, searchIndex: boolean): { path: string; what: string }[] {
  return [
    { path: site.css.path, what: 'stylesheet' },
    { path: site.css.post.path, what: 'post stylesheet' },
    ...(site.font ? [{ path: site.font.path, what: 'body font' }] : []),
    ...(site.math ? [{ path: site.math.path, what: 'math stylesheet' }, ...site.math.fonts.map((f) => ({ path: f.path, what: 'math font' }))] : []),
    ...(site.search ? [{ path: site.search.path, what: 'search script' }] : []),
    ...(site.copyCode ? [{ path: site.copyCode.path, what: 'copy-button script' }] : []),
    ...(site.beacon ? [{ path: site.beacon.script, what: 'analytics script' }] : []),
    ...(site.favicon ? [{ path: site.favicon, what: 'favicon' }] : []),
    ...(searchIndex ? [{ path: 'pagefind/', what: 'search index' }] : []),
  ];
}

/** The table's generated files with their content, and the redirects. */
function writeGeneratedFiles(input: EmitInput, ctx: RenderContext, site: SiteFiles, entries: PageEntry[], refs: PageRef[], pages: PageCache): void {
  const { files } = pages;
  const kept = new Set(entries.filter((e) => e.kind === 'generated').map((e) => e.outFile));
  files.set(site.css.path, site.css.css);
  files.set(site.css.post.path, site.css.post.css);
  if (site.font) files.set(site.font.path, { copyFrom: site.font.from });
  if (site.math) {
    files.set(site.math.path, site.math.css);
    for (const font of site.math.fonts) files.set(font.path, { copyFrom: font.from });
  }
  if (site.search) files.set(site.search.path, site.search.text);
  if (site.copyCode) files.set(site.copyCode.path, site.copyCode.text);
  if (site.beacon) files.set(site.beacon.script, site.beacon.text);
  if (site.favicon) files.set('favicon.svg', monogramFavicon(input.model.config.title, input.theme.accent));
  const lastmod = new Map<string, SitemapEntry['lastmod']>();
  for (const p of [...input.model.posts, ...input.model.pages]) lastmod.set(p.path, p.updated ?? p.date);
  const siteMap = () =>
    sitemap(
      ctx,
      refs.filter((p) => p.path !== 'search/').map((p) => ({ path: p.path, lastmod: lastmod.get(p.path) })),
    );
  if (input.deferred) {
    input.deferred.defer('sitemap.xml', siteMap);
    files.set('sitemap.xml', IN_SINK);
  } else files.set('sitemap.xml', siteMap());
  if (kept.has('robots.txt')) files.set('robots.txt', robots(ctx));
  // Published as written (validated), so /resume.json round-trips to the author's file.
  if (input.profileRaw !== undefined) files.set('resume.json', jsonForScript(input.profileRaw, 2) + '\n');
  const redirects = entries.filter((e): e is PageEntry & { kind: 'redirect' } => e.kind === 'redirect');
  for (const r of redirects) files.set(r.outFile, renderRedirect(ctx, r.urlPath, r.post, r.target).html);
  const lists = entries.filter((e): e is PageEntry & { kind: 'moved-list' } => e.kind === 'moved-list');
  for (const l of lists) files.set(l.outFile, renderRedirect(ctx, l.urlPath, { path: l.target, title: listTitle(ctx, l.target) }).html);
  const lines = [
    ...redirects.map((r) => `${ctx.u(r.urlPath)} ${r.target ?? ctx.u(r.post.path)} 301`),
    ...lists.map((l) => `${ctx.u(l.urlPath)} ${ctx.u(l.target)} 301`),
  ];
  if (lines.length) files.set('_redirects', lines.join('\n') + '\n');
}

/** The title of Casebook's Writing or Case studies list, as its page shows it. */
function listTitle(ctx: RenderContext, list: 'writing/' | 'case-studies/'): string {
  const { config } = ctx.model;
  return list === 'writing/' ? (config.writing.title ?? ctx.i18n.t('writing.title')) : ctx.i18n.t('caseStudies.title');
}

/** The images the table kept: resized ones are encoded, the rest copied. */
function imagesToWrite(assets: Asset[], entries: PageEntry[], files: PageCache['files'], within: string | undefined): EncodeAsset[] {
  const kept = new Set(entries.filter((e) => e.kind === 'image').map((e) => e.outFile));
  const toEncode: EncodeAsset[] = [];
  for (const a of assets) {
    if (!kept.has(a.to) || files.has(a.to)) continue;
    if (a.encode) {
      toEncode.push(a as EncodeAsset);
      files.set(a.to, IN_SINK);
    } else files.set(a.to, { copyFrom: a.from, within });
  }
  return toEncode;
}

/**
 * The search index (Pagefind, its own process), built while the social cards (worker threads)
 * are drawn: each leaves cores idle that the other can use. Memoised like a page: the same pages
 * with the same keys give the same files.
 */
async function searchIndex(input: EmitInput, ctx: RenderContext, refs: PageRef[], pages: PageCache, started: SearchIndexer | undefined): Promise<void> {
  if (input.search !== 'full') return;
  const { manifest, model } = input;
  const indexed = refs.filter((p) => p.indexed);
  const indexKey = [model.config.lang, indexed.map((p) => [p.path, manifest?.keyOf(p.path) ?? null])];
  const reuse =
    manifest && !indexed.some((p) => manifest.keyOf(p.path) === undefined) ? manifest.reusable('pagefind/', keyDigest(JSON.stringify(indexKey))) : undefined;
  if (reuse) {
    await started?.close();
    pages.takePrevious(reuse.files);
    return;
  }
  // Pages taken from the previous output are read back from it: still far cheaper than rendering them.
  const html = (p: PageRef) => p.html ?? readFileSync(manifest!.previousFile(p.path === '' || p.path.endsWith('/') ? `${p.path}index.html` : p.path), 'utf8');
  // The pages fed while rendering are the first `added` of `indexed`, in order.
  const indexer = started ?? new SearchIndexer(model.config.lang);
  for (const p of indexed.slice(indexer.added)) indexer.add({ url: ctx.u(p.path), html: html(p) });
  const out = await indexer.finish();
  for (const f of out) pages.files.set(f.path, f.content);
  manifest?.rendered(
    'pagefind/',
    keyDigest(JSON.stringify(indexKey)),
    [],
    out.map((f) => f.path),
  );
}

/**
 * Hands pages to Pagefind in page order as they render (see SearchIndexer), starting Pagefind at
 * the first one, and stops at the first page taken from the previous output: searchIndex adds
 * that one and the rest, in order, once every page is known.
 */
class SearchFeed {
  indexer: SearchIndexer | undefined;
  private open = true;

  constructor(
    private readonly language: string,
    private readonly ctx: RenderContext,
  ) {}

  /** True when a page went to Pagefind. */
  offer(refs: PageRef[]): boolean {
    let added = false;
    for (const ref of refs) {
      if (!this.open || !ref.indexed) continue;
      if (ref.html === undefined) {
        this.open = false;
        continue;
      }
      (this.indexer ??= new SearchIndexer(this.language)).add({ url: this.ctx.u(ref.path), html: ref.html });
      added = true;
    }
    return added;
  }
}

/**
 * The table's social cards, drawn on worker threads while the pages render and the search index
 * is built. A card whose key (what its entry shows) is unchanged is taken from the previous output
 * like a page; the others are drawn, or read from the card cache, which keeps them by what they
 * show.
 */
async function socialCards(
  ctx: RenderContext,
  entries: PageEntry[],
  pages: PageCache,
  cache: CardCache | undefined,
  warnings: Warning[] | undefined,
  report: (done: number, total: number) => void,
): Promise<{ rendered: number; reused: number; kept: number }> {
  const cards = entries.filter((e): e is PageEntry & { kind: 'card' } => e.kind === 'card');
  if (!cache || !cards.length) return { rendered: 0, reused: 0, kept: 0 };
  try {
    let done = 0;
    await Promise.all(
      cards.map(async (e) => {
        await pages.file(e.outFile, e.shows!, () => cache.get(cardInput(ctx, e.page)));
        report(++done, cards.length);
      }),
    );
    // Asked of every card, drawn or kept: a rebuild that draws none says it as the first build did.
    // After drawing, not before: a build that fails meanwhile closes the pool, and nothing may
    // ask it for a card after that.
    if (warnings) for (const e of cards) await warnOfMissingGlyphs(cardInput(ctx, e.page), e, warnings);
  } finally {
    await cache.close();
  }
  // The rest were unchanged, and taken from the previous output without asking the card cache.
  return { rendered: cache.rendered, reused: cache.reused, kept: cards.length - cache.rendered - cache.reused };
}

/** CB1608 for a card that will show boxes where its font has no glyph (CJK, Arabic, emoji…). */
async function warnOfMissingGlyphs(card: CardInput, e: PageEntry & { kind: 'card' }, warnings: Warning[]): Promise<void> {
  const missing = await charactersWithoutGlyph(card);
  if (!missing.length) return;
  const shown =
    missing
      .slice(0, 6)
      .map((c) => `"${c}"`)
      .join(', ') + (missing.length > 6 ? `, … (${missing.length} in all)` : '');
  const post = e.page.kind === 'post' || e.page.kind === 'page' ? e.page.post : undefined;
  warnings.push({
    code: 'CB1608',
    message: `The social card ${post ? `of "${card.title}"` : `/${e.outFile}`} shows boxes for characters its font has no glyph for: ${shown}.`,
    ...(post ? { location: { file: post.file } } : {}),
  });
}

async function writeAll(input: EmitInput, pages: PageCache, encoded: Map<Asset, EncodedImage>): Promise<void> {
  const { sink, progress } = input;
  await Promise.all(pages.writes);
  let written = 0;
  for (const [a, e] of encoded) await sink.link(a.to, e.file);
  for (const [path, data] of pages.files) {
    if (data === IN_SINK) continue;
    if (typeof data === 'object' && 'copyFrom' in data) await sink.copy(path, data.copyFrom, data.within);
    else await sink.write(path, data);
    progress('write', ++written, pages.files.size);
  }
}

function heavyImages(encoded: Map<Asset, EncodedImage>): { from: string; bytes: number }[] {
  const heavy = new Map<string, number>();
  for (const [a, e] of encoded) {
    if (e.bytes > IMAGE_BUDGET_BYTES && (a.encode?.format === 'avif' || a.encode?.format === 'webp'))
      heavy.set(a.from, Math.max(heavy.get(a.from) ?? 0, e.bytes));
  }
  return [...heavy].map(([from, bytes]) => ({ from, bytes }));
}

/**
 * Normalises an alias to a site path: `/2019/05/old` → `2019/05/old/`; `old.html` stays a file;
 * `\\` separates like `/`. Undefined when the alias climbs out of the site (`..`, `..\\..\\x`).
 */
export function aliasPath(alias: string, base: string): string | undefined {
  let p = alias
    .trim()
    .replace(/^https?:\/\/[^/]+/i, '')
    .replace(/[?#].*$/, '');
  const user = normaliseUserPath(p);
  if (!user.ok) return undefined;
  p = user.path;
  const rel = base.replace(/^\/+/, '');
  if (rel !== '' && p.startsWith(rel)) p = p.slice(rel.length);
  // Every segment must fit in a file name, as slugs do.
  p = p
    .split('/')
    .map((s) => fitSegment(s))
    .join('/');
  return p === '' || /\.html?$/i.test(p) || p.endsWith('/') ? p : `${p}/`;
}
