import { join, relative, resolve, sep } from 'node:path';
import { loadConfig, type SiteConfig } from '../config/index.js';
import { discoverContent, readPost, type SourcePost } from '../content/index.js';
import { CasebookError, CasebookErrors, type Warning } from '../errors/index.js';
import { emitSite } from './emit-site.js';
import { renderMarkdown } from '../markdown/render.js';
import { isRelativeAsset, resolveImage, type Asset } from '../markdown/images.js';
import { DiskSink, MemorySink, assertSafeOutDir, type OutputSink } from '../output/index.js';
import { assignPaths, buildModel, type Post, type SiteModel } from '../site/index.js';
import { displayDate, ymd } from '../util/dates.js';
import { walkFiles } from '../util/walk.js';
import { statSync } from 'node:fs';
import type { BuildCache } from './cache.js';
import { RenderCache } from './disk-cache.js';
import { loadProfile } from '../profile/index.js';
import { PhaseTimer, type PhaseName, type ProgressEvent } from './phases.js';

export interface BuildOptions {
  site: string;
  /** Output folder (default: config outDir inside the site). Ignored with `memory: true`. */
  out?: string;
  baseUrl?: string;
  drafts?: boolean;
  future?: boolean;
  /** Build into memory instead of disk. */
  memory?: boolean;
  /** Clock for deciding what is scheduled; tests pin it. */
  now?: number;
  /** Optional outputs to leave out of this build (`--skip og,search`). */
  skip?: readonly SkippableOutput[];
  /** Parsed posts and rendered pages kept between builds by a long-lived process (dev). */
  cache?: BuildCache;
  /** Keep /search/ and the header search box but leave the index to the caller (dev indexes in the background). */
  deferSearchIndex?: boolean;
  /** Ignore the persistent cache under `<site>/<cacheDir>` (`--no-cache`): render everything. */
  noCache?: boolean;
  onProgress?: (e: ProgressEvent) => void;
}

export const SKIPPABLE = ['og', 'search'] as const;
export type SkippableOutput = (typeof SKIPPABLE)[number];

export interface BuildResult {
  config: SiteConfig;
  root: string;
  outDir: string | undefined;
  files: Map<string, Uint8Array | string> | undefined;
  pages: number;
  posts: number;
  fileCount: number;
  warnings: Warning[];
  timings: Partial<Record<PhaseName, number>>;
  ms: number;
  /** Markdown bodies rendered in this build; the rest came from a cache. */
  markdownRendered: number;
  /** Pages and feeds rendered in this build (with a cache, only those whose inputs changed). */
  pagesRendered: number;
  /** Their paths (`writing/x/`, `feed.xml`), for tests and --verbose. */
  rendered: string[];
  /** The site model the pages were rendered from (for `casebook check`). */
  model: SiteModel;
  /** Social cards drawn in this build, and taken unchanged from the cache. */
  cardsRendered: number;
  cardsReused: number;
}

function collect(errors: CasebookError[], e: unknown): void {
  if (e instanceof CasebookErrors) errors.push(...e.errors);
  else if (e instanceof CasebookError) errors.push(e);
  else throw e;
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const timer = new PhaseTimer();
  const progress = (phase: PhaseName, done: number, total: number) => opts.onProgress?.({ phase, done, total });
  const warnings: Warning[] = [];

  timer.start('config');
  const { config, root, baseUrlSet } = await loadConfig(opts.site, opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {});
  const outDir = opts.memory ? undefined : resolve(opts.out ?? join(root, config.outDir));
  if (outDir && !baseUrlSet) {
    warnings.push({ code: 'CB1105', message: `baseUrl is not set, so canonical links, feeds and the sitemap point at ${config.baseUrl}.` });
  }
  if (outDir) assertSafeOutDir(outDir, root);

  timer.start('discover');
  const entries = await discoverContent(join(root, 'content'));
  progress('discover', entries.length, entries.length);

  timer.start('parse');
  const errors: CasebookError[] = [];
  let done = 0;
  const cache = opts.cache;
  cache?.useSettings([config, opts.drafts, opts.future, opts.skip, opts.memory]);
  if (cache) {
    const present = new Set(entries.map((e) => e.file));
    for (const file of cache.posts.keys()) if (!present.has(file)) cache.posts.delete(file);
  }
  const parsed = entries.map((entry) => {
    try {
      if (!cache) return readPost(entry, { timezone: config.timezone }, warnings);
      let st;
      try {
        st = statSync(entry.file);
      } catch {
        // Unreadable (a looping or dangling link): readPost reports it as a catalogued error.
        return readPost(entry, { timezone: config.timezone }, warnings);
      }
      const hit = cache.posts.get(entry.file);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) {
        warnings.push(...hit.warnings);
        return hit.post;
      }
      const own: Warning[] = [];
      const post = readPost(entry, { timezone: config.timezone }, own);
      warnings.push(...own);
      cache.posts.set(entry.file, { mtimeMs: st.mtimeMs, size: st.size, post, warnings: own });
      return post;
    } catch (e) {
      collect(errors, e);
      return undefined;
    } finally {
      progress('parse', ++done, entries.length);
    }
  });
  if (errors.length) throw new CasebookErrors(errors);

  const now = opts.now ?? Date.now();
  const published: SourcePost[] = [];
  for (const post of parsed) {
    if (!post) continue;
    if (post.draft && !opts.drafts) continue;
    if (post.date && post.date.epoch > now && !opts.future) {
      warnings.push({ code: 'CB1102', message: `"${post.title}" is scheduled for ${displayDate(post.date)} (${ymd(post.date)}).`, location: { file: post.file } });
      continue;
    }
    published.push(post);
  }
  const { paths, errors: clashes } = assignPaths(published);
  if (clashes.length) throw new CasebookErrors(clashes);

  timer.start('markdown');
  const base = new URL(config.baseUrl).pathname.replace(/\/?$/, '/');
  // Rendered Markdown depends on these settings only; the in-memory dev cache sits in front.
  const disk = opts.noCache || opts.memory ? undefined : new RenderCache(resolve(root, config.cacheDir), [base, config.readingSpeed, config.timezone]);
  let markdownRendered = 0;
  const posts: Post[] = [];
  const assets: Asset[] = [];
  const covers = new Map<Post, { url: string; width?: number; height?: number }>();
  done = 0;
  for (const source of published) {
    const path = paths.get(source)!;
    try {
      const entry = cache?.posts.get(source.file);
      const reuse = (entry?.post === source && entry.rendered?.path === path ? entry.rendered.body : undefined) ?? disk?.get(source.digest, path);
      let rendered = reuse;
      if (!rendered) {
        rendered = renderMarkdown({
          body: source.body,
          file: source.file,
          source: source.source,
          bodyLine: source.bodyLine,
          pagePath: path,
          base,
          wordsPerMinute: config.readingSpeed,
        });
        markdownRendered++;
        disk?.set(source.digest, path, rendered);
      }
      if (entry && entry.rendered?.body !== rendered) entry.rendered = { path, body: rendered };
      for (const lang of rendered.unknownLanguages) {
        warnings.push({ code: 'CB1104', message: `"${lang}" has no highlighting; shown as plain code.`, location: { file: source.file } });
      }
      assets.push(...rendered.assets);
      const status = source.draft ? 'draft' : source.date && source.date.epoch > now ? 'scheduled' : 'published';
      const post: Post = { ...source, path, rendered, categoryTerms: [], tagTerms: [], seriesInfo: undefined, older: undefined, newer: undefined, related: [], status };
      if (source.image) {
        const cover = resolveCover(source, path, base);
        if (cover.asset) assets.push(cover.asset);
        if (cover.url) covers.set(post, cover as { url: string });
      }
      posts.push(post);
    } catch (e) {
      collect(errors, e);
    }
    progress('markdown', ++done, published.length);
  }
  if (errors.length) throw new CasebookErrors(errors);

  timer.start('model');
  const loadedProfile = loadProfile(root);
  const model = buildModel(config, posts, loadedProfile?.profile);

  const sink: OutputSink = outDir ? await DiskSink.open(outDir) : new MemorySink();
  try {
    const staticDir = join(root, 'static');
    const staticFiles = (await walkFiles(staticDir)).map((f) => ({ from: f, to: relative(staticDir, f).split(sep).join('/') }));
    // Copied at the very end: an unreadable file (a looping link) must fail here, as a content error.
    const unreadable: CasebookError[] = [];
    for (const f of staticFiles) {
      try {
        statSync(f.from);
      } catch (e) {
        unreadable.push(new CasebookError('CB1033', `The static file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, { file: f.from }));
      }
    }
    if (unreadable.length) throw new CasebookErrors(unreadable);
    const skip = new Set(opts.skip ?? []);
    const emitted = await emitSite({
      model, covers, assets, staticFiles, profileRaw: loadedProfile?.raw, sink, timer, progress,
      cards: config.socialCards && !skip.has('og') ? { cacheDir: join(resolve(root, config.cacheDir), 'og'), ...(opts.noCache ? { noCache: true } : {}) } : undefined,
      search: config.search && !skip.has('search') ? (opts.deferSearchIndex ? 'page' : 'full') : 'off',
      cache,
    });
    timer.start('write');
    await sink.commit();
    timer.stop();
    return {
      config,
      root,
      outDir,
      files: sink instanceof MemorySink ? sink.files : undefined,
      pages: emitted.pages,
      posts: posts.length,
      fileCount: emitted.files,
      warnings,
      timings: timer.timings,
      ms: performance.now() - started,
      markdownRendered,
      pagesRendered: emitted.rendered.length,
      rendered: emitted.rendered,
      model,
      cardsRendered: emitted.cardsRendered,
      cardsReused: emitted.cardsReused,
    };
  } catch (e) {
    await sink.abort();
    throw e;
  }
}

function resolveCover(post: SourcePost, path: string, base: string): { url?: string; width?: number; height?: number; asset?: Asset } {
  const image = post.image!;
  if (isRelativeAsset(image)) {
    const found = resolveImage(image, post.file, path, base);
    if (!found) {
      const line = post.keyLine('image') ?? post.keyLine('cover') ?? post.keyLine('heroImage') ?? post.keyLine('ogImage');
      throw new CasebookError('CB1030', `The cover image "${image}" does not exist.`, {
        file: post.file,
        ...(line ? { line, column: 1 } : {}),
        source: post.source,
      });
    }
    return { url: found.url, ...(found.width ? { width: found.width, height: found.height! } : {}), asset: found.asset };
  }
  if (image.startsWith('/') && !image.startsWith('//')) return { url: base + image.slice(1) };
  return /^https?:\/\//i.test(image) ? { url: image } : {};
}
