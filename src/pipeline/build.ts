import { join, relative, resolve } from 'node:path';
import { splitRedirectStubs } from './redirect-stubs.js';
import type { LoadedConfig, SiteConfig } from '../config/index.js';
import { loadSiteConfig } from '../detect/index.js';
import { discoverContent, type SourcePost } from '../content/index.js';
import { CasebookError, type Warning } from '../errors/index.js';
import { emitSite, type EmitInput } from './emit-site.js';
import { ImageEncoder } from './image-encoder.js';
import { drawDiagrams, type DiagramStats } from './diagram-phase.js';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DiskSink, MemorySink, asOutputError, assertSafeCacheDir, claimCacheDir, realPathOf, type LockHolder, type OutputSink } from '../output/index.js';
import { claimOutput, type ClaimedOutput } from './output-target.js';
import { assignPaths, buildModel, type Post, type SiteModel } from '../site/index.js';
import { displayDate, ymd } from '../util/dates.js';
import type { BuildCache } from './cache.js';
import { RenderCache } from './disk-cache.js';
import { PageManifest } from './page-manifest.js';
import { RelatedMemoFile } from './related-memo.js';
import { ParseCache } from './parse-cache.js';
import { parsePosts } from './parse-phase.js';
import { listStaticFiles } from './static-files.js';
import { refuseContentOutside } from './content-links.js';
import { asSiteReadError, asSwappedFileError } from './site-read-error.js';
import { markdownPoolAhead, renderPosts } from './markdown-phase.js';
import type { MarkdownPool } from '../markdown/pool.js';
import { existsSync } from 'node:fs';
import { loadProfile } from '../profile/index.js';
import { prepareTheme, warnOfPostLanguages, type ThemeSetup } from '../theming/index.js';
import { PhaseTimer, type PhaseName, type ProgressEvent } from './phases.js';
import { CacheWrites } from './cache-writes.js';
import { assertNothingLost } from './nothing-lost.js';
import { includesStamp } from './includes-stamp.js';
import { foreignSummary, listForeignContent, listForeignStaticFiles, type ForeignSummary } from './foreign-site.js';
import { resolveOldFeeds } from './old-feeds.js';
import { applyTermPages } from './term-pages.js';
import { createGitDates } from '../content/git-date.js';
import { buildStampFor, topLevelFiles, type BuildStamp, type CommandLine, type OutputChanges } from './up-to-date.js';
import { bundledFilesOf } from '../util/bundle-module.js';
import { envInteger } from '../util/env-integer.js';
import type { SkippableOutput } from './skippable.js';

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
  /**
   * Dev (with `memory`): leave pages and feeds in `deferred` as functions that render them when
   * first asked for, so a rebuild costs the model and the pages actually viewed.
   */
  deferPages?: boolean;
  /** Dev (with `memory`): keep copied files as their source paths (the result's `copied`), not their bytes. */
  copiesByReference?: boolean;
  /**
   * Dev (with `memory`): keep the build cache's writes until the result's `flushCacheWrites()`, so
   * the first page is served before the disk is written to.
   */
  deferCacheWrites?: boolean;
  /**
   * Dev (with `cache`): every file that changed since the previous build with this cache, as the
   * watcher reported them. Content files not listed are taken as the previous build saw them
   * (not listed, not statted); the dev session verifies that in the background.
   */
  changed?: readonly string[];
  /** Ignore the persistent cache under `<site>/<cacheDir>` (`--no-cache`): render everything. */
  noCache?: boolean;
  /** Replace the output folder even if it holds files Casebook did not write (`--replace-out`). */
  replaceOut?: boolean;
  /** How the CLI ran this build: the build stamp records it, so the same command answers an up-to-date check before loading the build. */
  commandLine?: CommandLine;
  /** Called when another build is writing the same output folder and this one waits for it. */
  onWait?: (holder: LockHolder | undefined) => void;
  onProgress?: (e: ProgressEvent) => void;
}

export { SKIPPABLE, type SkippableOutput } from './skippable.js';

export interface BuildResult {
  config: SiteConfig;
  root: string;
  outDir: string | undefined;
  files: Map<string, Uint8Array | string> | undefined;
  /** With `copiesByReference`: copied files by output path, each the path of its source. */
  copied: Map<string, string> | undefined;
  /** With `deferPages`: pages and feeds not rendered yet, by file; calling one renders it (and adds to `rendered`). */
  deferred: Map<string, () => string | Uint8Array> | undefined;
  /**
   * With `deferCacheWrites`: writes the build cache for up to `ms` milliseconds (all of it without
   * `ms`); `done` once all is written, and CB4017 for a part that could not be.
   */
  flushCacheWrites: (ms?: number) => { done: boolean; warnings: Warning[] };
  pages: number;
  posts: number;
  fileCount: number;
  warnings: Warning[];
  timings: Partial<Record<PhaseName, number>>;
  ms: number;
  /** Markdown bodies rendered in this build; the rest came from a cache. */
  markdownRendered: number;
  /** Markdown bodies the build has: its published posts and standalone pages. */
  markdownBodies: number;
  /** Threads that rendered them: 1, or the worker pool's size on a large clean build. */
  markdownThreads: number;
  /** Pages and feeds rendered in this build (with a cache, only those whose inputs changed). */
  pagesRendered: number;
  /** Their paths (`writing/x/`, `feed.xml`), for tests and --verbose. */
  rendered: string[];
  /** The site model the pages were rendered from (for `casebook check`). */
  model: SiteModel;
  /** Social cards drawn in this build, and taken unchanged from the cache. */
  cardsRendered: number;
  cardsReused: number;
  /** Cards unchanged since the last build, taken from its output as they were. */
  cardsKept: number;
  /** Image variants (sizes and formats) encoded in this build, and taken from the cache. */
  imagesEncoded: number;
  imagesReused: number;
  /** Mermaid diagrams drawn, taken from the cache, and browsers started to draw them. */
  diagrams: DiagramStats;
  /** The site was made with another tool: which, from which file, and its URL style. */
  foreign?: ForeignSummary;
}

/**
 * The config as `casebook build` already read it for its up-to-date check, with the site's
 * top-level files as they were before (see BuildStamp.takeInputs), so it is not read twice.
 */
export interface LoadedForBuild {
  loaded: LoadedConfig;
  before: Map<string, number>;
  /** The stamp the check used: its walk of the site is the build's input stamps, taken before it reads anything. */
  stamp?: BuildStamp | undefined;
}

export async function build(opts: BuildOptions, preloaded?: LoadedForBuild): Promise<BuildResult> {
  const started = performance.now();
  const timer = new PhaseTimer();
  const progress = (phase: PhaseName, done: number, total: number) => opts.onProgress?.({ phase, done, total });
  const warnings: Warning[] = [];

  timer.start('config');
  const before = preloaded?.before ?? topLevelFiles(resolve(opts.site));
  const loaded = preloaded?.loaded ?? (await loadSiteConfig(opts.site, opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}));
  const { config, root, baseUrlSet, file: configFile } = loaded;
  warnings.push(...loaded.warnings);
  const outDir = opts.memory ? undefined : resolve(opts.out ?? join(root, config.outDir));
  if (outDir && !baseUrlSet) {
    warnings.push({ code: 'CB1105', message: `baseUrl is not set, so canonical links, feeds and the sitemap point at ${config.baseUrl}.` });
  }
  const cacheDir = resolve(root, config.cacheDir);
  // The cache wipes folders inside cacheDir: it must not be where the author's work or an output is.
  if (!opts.noCache) assertSafeCacheDir({ root, cacheDir, configFile }, [...(outDir ? [outDir] : []), resolve(root, config.outDir)]);
  let claimed: ClaimedOutput | undefined;
  try {
    claimed = outDir ? await claimOutput({ outDir, root, cacheDir, replace: opts.replaceOut, onWait: opts.onWait }) : undefined;
    // After the output is claimed: a refused build leaves the site exactly as it was.
    if (!opts.noCache) {
      try {
        claimCacheDir(cacheDir, configFile);
      } catch (e) {
        claimed?.release();
        throw e;
      }
    }
  } catch (e) {
    // A build in memory (check, dev) has no output: what failed can only be the cache folder.
    throw outDir ? asOutputError(e, realPathOf(outDir), [cacheDir]) : e;
  }
  const ahead: BuildContext['ahead'] = {};
  try {
    return await buildClaimed(opts, {
      started,
      timer,
      progress,
      warnings,
      before,
      checked: preloaded?.stamp,
      loaded,
      outDir,
      claimed,
      ahead,
      writes: new CacheWrites(!!(opts.deferCacheWrites && opts.memory)),
    });
  } catch (e) {
    const output = claimed ? asOutputError(e, claimed.real, [cacheDir]) : e;
    throw asSwappedFileError(e) ?? (output !== e ? output : (asSiteReadError(e, root) ?? e));
  } finally {
    await ahead.pool?.close();
    claimed?.release();
  }
}

interface BuildContext {
  started: number;
  timer: PhaseTimer;
  progress: (phase: PhaseName, done: number, total: number) => void;
  warnings: Warning[];
  before: Map<string, number>;
  checked: BuildStamp | undefined;
  loaded: LoadedConfig;
  outDir: string | undefined;
  claimed: ClaimedOutput | undefined;
  /** Markdown workers started during discovery for a large clean build; build() ends them however the build ends. */
  ahead: { pool?: MarkdownPool };
  /** The build cache's writes: at once, or kept for `flushCacheWrites`. */
  writes: CacheWrites;
}

/** The build proper, with the output folder (for a disk build) checked and locked. */
async function buildClaimed(opts: BuildOptions, ctx: BuildContext): Promise<BuildResult> {
  const { timer, warnings, before, loaded, outDir, claimed } = ctx;
  const { config, root, file: configFile, foreign } = loaded;
  const now = opts.now ?? Date.now();
  const stamp = outDir && !opts.noCache ? (ctx.checked ?? buildStampFor(opts, loaded, outDir)) : undefined;
  const inputs = stamp?.takeInputs(before);

  const theme = await prepareTheme(root, config, configFile, warnings);

  const cache = opts.cache;
  const { parsed, parseCache, askedGit } = await readContent(opts, ctx, stamp);
  const { published, validUntil } = selectPublished(parsed, opts, now, warnings);
  warnOfPostLanguages(published, config.lang, theme, warnings);
  // Clashes are decided on the page table, with every source in view (site/page-table-check.ts).
  const { paths } = assignPaths(published, foreign ? { warnings } : undefined);

  const rendered = await renderContent(opts, ctx, published, paths, now);
  const { foreignStatic, staticPaths, assets, covers, markdownRendered, markdownThreads, lost } = rendered;
  // Old posts that only redirected elsewhere become redirects, not blank posts.
  const { posts, redirects: externalRedirects } = foreign ? splitRedirectStubs(rendered.posts, warnings) : { posts: rendered.posts, redirects: [] };
  const diagrams = await drawDiagrams(posts, { cacheDir: opts.noCache ? undefined : join(resolve(root, config.cacheDir), 'diagrams'), root, warnings });
  timer.start('model');
  const { model, loadedProfile, relatedFile } = modelOf(opts, ctx, posts);

  const manifest = outDir && !opts.noCache ? new PageManifest(resolve(root, config.cacheDir), outDir) : undefined;
  // --no-cache: variants are made in a folder of their own and dropped after the build. Made
  // before the sink opens, so that nothing between the two can fail and leave the sink's
  // temporary folder (and its writer thread) without an abort.
  const scratch = opts.noCache ? scratchFolder() : undefined;
  const sink = await openSink(claimed?.real, {
    manifest,
    outDir,
    scratch,
    threaded: model.posts.length >= writerThreadPosts(),
    copiesByReference: opts.copiesByReference === true,
  });
  const siteRoot = realSiteRoot(root);
  const images = new ImageEncoder(scratch ?? join(resolve(root, config.cacheDir), 'images'), siteRoot);
  try {
    const staticFiles = foreignStatic ?? (await listStaticFiles(root, join(root, 'static')));
    const emitted = await emitSite({
      ...emitOptions(opts, ctx, { theme, cache, model, staticPaths }),
      model,
      covers,
      assets,
      ...{ staticFiles, siteRoot, bodiesRendered: markdownRendered },
      externalRedirects,
      profileRaw: loadedProfile?.raw,
      sink,
      images,
      manifest,
      deferred: opts.deferPages && sink instanceof MemorySink ? sink : undefined,
    });
    warnings.push(...heavyImageWarnings(root, emitted.heavyImages));
    timer.start('write');
    await sink.commit();
    const summary = {
      pages: emitted.pages,
      posts: model.posts.length,
      fileCount: emitted.files,
      warnings,
      ...(foreign ? { foreign: foreignSummary(foreign, model.posts.length, model.pages.length, lost) } : {}),
    };
    // The new output is in place: a cache that cannot be saved (a full disk) costs the next
    // build time, not this build its success.
    const patched = sink instanceof DiskSink ? sink.patched : undefined;
    const cacheDir = resolve(root, config.cacheDir);
    saveCaches(
      { manifest, parseCache, relatedFile, patched, stamp, inputs, askedGit: askedGit(), validUntil, summary, warnings, cacheDir, writes: ctx.writes },
      [...assets.map((a) => a.from), ...(foreignStatic ?? []).map((f) => f.from), ...bundledFilesOf(root)],
    );
    timer.stop();
    return buildResult(opts, ctx, { summary, emitted, model, sink, images, diagrams, markdownRendered, markdownBodies: published.length, markdownThreads });
  } catch (e) {
    await sink.abort();
    throw e;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/** The site folder's real path, which files of the site are read for output from (undefined when it does not resolve: then nothing is). */
function realSiteRoot(root: string): string | undefined {
  try {
    return realpathSync.native(root);
  } catch {
    return undefined;
  }
}

/** The folder a --no-cache build makes its image variants in; CB4019 when the system's temporary folder cannot hold it. */
function scratchFolder(): string {
  const parent = tmpdir();
  try {
    return mkdtempSync(join(parent, 'casebook-images-'));
  } catch (e) {
    throw new CasebookError('CB4019', `Cannot make a temporary folder in ${parent} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, {
      file: parent,
    });
  }
}

/** Whether a long-lived process's cache holds a rendered body: false before dev's first build. */
function someRendered(cache: BuildCache | undefined): boolean {
  for (const entry of cache?.posts.values() ?? []) if (entry.rendered) return true;
  return false;
}

/**
 * Posts from which a new output folder is written on a thread of its own (output/file-writer.ts):
 * measured alternating on the 2-core build machine, it paid at 10,000 posts (14.4 → 10.7 s),
 * made no difference at 1,000 and cost time at 100. CASEBOOK_WRITER_THREAD_POSTS overrides it
 * (the tests use the thread on small sites).
 */
function writerThreadPosts(): number {
  return envInteger('CASEBOOK_WRITER_THREAD_POSTS', 0) ?? 2000;
}

/**
 * Where the build's files go: the output folder (claimed) or memory. Pages the previous output
 * holds may be reused: the sink then updates that output in place. The scratch folder goes if
 * the sink cannot be opened, since no abort will follow.
 */
async function openSink(
  real: string | undefined,
  o: { manifest: PageManifest | undefined; outDir: string | undefined; scratch: string | undefined; threaded: boolean; copiesByReference: boolean },
): Promise<OutputSink> {
  const { manifest, outDir, scratch, threaded } = o;
  try {
    return real ? await DiskSink.open(real, { patch: manifest?.hasPrevious === true, seenAs: outDir, threaded }) : new MemorySink(o.copiesByReference);
  } catch (e) {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    throw e;
  }
}

/** The site model, with the profile it read and (a disk build with the cache on) the related-posts memo it kept. */
function modelOf(opts: BuildOptions, ctx: BuildContext, posts: Post[]) {
  const { config, root, file: configFile, foreign, source } = ctx.loaded;
  const cache = opts.cache;
  const loadedProfile = loadProfile(root);
  // A disk build with the cache on keeps the related-posts assignment between runs, as dev keeps it in memory.
  const relatedFile = !cache && ctx.outDir && !opts.noCache ? new RelatedMemoFile(resolve(root, config.cacheDir)) : undefined;
  const model = buildModel(config, posts, loadedProfile?.profile, configFile ? { file: configFile, source } : undefined, cache?.model ?? relatedFile?.memo);
  applyTermPages(model, foreign?.termPages);
  return { model, loadedProfile, relatedFile };
}

/** What the emit phase takes from the options and the config: cards, search, old feeds. */
function emitOptions(
  opts: BuildOptions,
  ctx: BuildContext,
  parts: { theme: ThemeSetup; cache: BuildCache | undefined; model: SiteModel; staticPaths: ReadonlySet<string> },
): Pick<EmitInput, 'timer' | 'progress' | 'theme' | 'cards' | 'search' | 'cache' | 'extraFeeds' | 'warnings' | 'lenient'> {
  const { config, root, foreign } = ctx.loaded;
  const skip = new Set(opts.skip ?? []);
  return {
    timer: ctx.timer,
    progress: ctx.progress,
    theme: parts.theme,
    cards:
      config.socialCards && !skip.has('og') ? { cacheDir: join(resolve(root, config.cacheDir), 'og'), ...(opts.noCache ? { noCache: true } : {}) } : undefined,
    search: config.search && !skip.has('search') ? (opts.deferSearchIndex ? 'page' : 'full') : 'off',
    cache: parts.cache,
    extraFeeds: foreign ? resolveOldFeeds(foreign.feeds, parts.model, parts.staticPaths) : undefined,
    warnings: ctx.warnings,
    lenient: !!foreign,
  };
}

/** What a finished build reports. */
function buildResult(
  opts: BuildOptions,
  ctx: BuildContext,
  parts: {
    summary: Pick<BuildResult, 'pages' | 'posts' | 'fileCount' | 'warnings' | 'foreign'>;
    emitted: Awaited<ReturnType<typeof emitSite>>;
    model: SiteModel;
    sink: OutputSink;
    images: ImageEncoder;
    diagrams: DiagramStats;
    markdownRendered: number;
    markdownBodies: number;
    markdownThreads: number;
  },
): BuildResult {
  const { emitted, sink } = parts;
  return {
    config: ctx.loaded.config,
    root: ctx.loaded.root,
    outDir: ctx.outDir,
    files: sink instanceof MemorySink ? sink.files : undefined,
    copied: sink instanceof MemorySink && opts.copiesByReference ? sink.copied : undefined,
    deferred: sink instanceof MemorySink && opts.deferPages ? sink.deferred : undefined,
    flushCacheWrites: (ms) => {
      const done = ctx.writes.flushFor(ms);
      const failed = ctx.writes.failures();
      return { done, warnings: failed.length ? [cacheNotSaved(resolve(ctx.loaded.root, ctx.loaded.config.cacheDir), failed[0])] : [] };
    },
    ...parts.summary,
    timings: ctx.timer.timings,
    ms: performance.now() - ctx.started,
    markdownRendered: parts.markdownRendered,
    markdownBodies: parts.markdownBodies,
    markdownThreads: parts.markdownThreads,
    // A getter: with deferPages, pages render (and count) when first requested.
    get pagesRendered() {
      return emitted.rendered.length;
    },
    rendered: emitted.rendered,
    model: parts.model,
    cardsRendered: emitted.cardsRendered,
    cardsReused: emitted.cardsReused,
    cardsKept: emitted.cardsKept,
    imagesEncoded: parts.images.encoded,
    imagesReused: parts.images.reused,
    diagrams: parts.diagrams,
  };
}

/** CB1430 for each image still over the size budget at its widest. */
function heavyImageWarnings(root: string, heavy: { from: string; bytes: number }[]): Warning[] {
  return heavy.map((h) => ({
    code: 'CB1430',
    message: `${relative(root, h.from)} is still ${Math.round(h.bytes / 1000)} KB at its widest size after resizing and re-encoding.`,
    location: { file: h.from },
  }));
}

/** The posts this build publishes (drafts and scheduled posts only with the flags), and when that changes next. */
function selectPublished(parsed: SourcePost[], opts: BuildOptions, now: number, warnings: Warning[]): { published: SourcePost[]; validUntil: number | null } {
  // The output changes when a post's date passes (scheduled → published, or shown at all).
  let validUntil: number | null = null;
  const published: SourcePost[] = [];
  for (const post of parsed) {
    if (post.excluded !== undefined) continue;
    if (post.date && post.date.epoch > now && (validUntil === null || post.date.epoch < validUntil)) validUntil = post.date.epoch;
    if (post.draft && !opts.drafts) continue;
    if (post.date && post.date.epoch > now && !opts.future) {
      warnings.push({
        code: 'CB1102',
        message: `"${post.title}" is scheduled for ${displayDate(post.date)} (${ymd(post.date)}).`,
        location: { file: post.file },
      });
      continue;
    }
    published.push(post);
  }
  return { published, validUntil };
}

interface CachesToSave {
  manifest: PageManifest | undefined;
  parseCache: ParseCache | undefined;
  relatedFile: RelatedMemoFile | undefined;
  /** What the sink changed in the output, when it patched it in place (the stamp updates only that). */
  patched: OutputChanges | undefined;
  stamp: BuildStamp | undefined;
  inputs: ReturnType<BuildStamp['takeInputs']> | undefined;
  askedGit: boolean;
  validUntil: number | null;
  summary: Parameters<BuildStamp['save']>[3];
  warnings: Warning[];
  cacheDir: string;
  writes: CacheWrites;
}

/** Saves the page manifest, the parse cache, the related-posts memo and the build stamp; a cache that cannot be saved is warning CB4017. */
function saveCaches(c: CachesToSave, inputFiles: string[]): void {
  try {
    c.manifest?.save();
    const parseCache = c.parseCache;
    if (parseCache) c.writes.run(() => parseCache.save());
    c.relatedFile?.save();
    if (c.stamp && c.inputs && !c.askedGit) c.stamp.save(c.inputs, inputFiles, c.validUntil, c.summary, c.patched);
    else c.stamp?.forget();
  } catch (e) {
    if (typeof (e as NodeJS.ErrnoException).code !== 'string') throw e;
    try {
      c.stamp?.forget();
    } catch {
      // The stamp could not be written either, so it still describes an older output: never up to date.
    }
    c.warnings.push(cacheNotSaved(c.cacheDir, e));
  }
}

function cacheNotSaved(cacheDir: string, e: unknown): Warning {
  return {
    code: 'CB4017',
    message: `The build cache in ${cacheDir} could not be saved (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the next build renders everything again.`,
  };
}

/**
 * Discover and parse: the site's content files, parsed (from the caches where unchanged), nothing
 * silently left out. `stamp`: the build stamp whose walk of the site has just stat-ed each file.
 */
async function readContent(opts: BuildOptions, ctx: BuildContext, stamp: BuildStamp | undefined) {
  const { timer, progress, warnings, loaded, outDir } = ctx;
  const { config, root, foreign } = loaded;
  const cache = opts.cache;
  timer.start('discover');
  cache?.useSettings([config, opts.drafts, opts.future, opts.skip, opts.memory]);
  const contentDir = join(root, 'content');
  // Dev: the watcher says what changed, so an edit to one post neither lists nor stats the rest.
  const known = !foreign && opts.changed ? cache?.listingAfter(contentDir, opts.changed) : undefined;
  const entries = known ?? (foreign ? await listForeignContent(foreign, warnings) : await discoverContent(contentDir));
  // In dev, only the files the watcher reported can have become links since the last check.
  const changedFiles = known ? new Set(opts.changed) : undefined;
  const walked = stamp && ((file: string) => stamp.walkedStats(file));
  // A file the build stamp's walk met by its own path is not a link out of the site (the walk
  // follows none): no second lstat (12 ms of a one-post edit at 1,000 posts). One swapped for a
  // link since is refused when it is read (CB1313); one not read is taken from the parse cache.
  const toCheck = changedFiles ? entries.filter((e) => changedFiles.has(e.file)) : walked ? entries.filter((e) => !walked(e.file)) : entries;
  refuseContentOutside(toCheck, root);
  // Read only while inside the site: a file swapped for a link after that check is CB1313, not read.
  const within = realSiteRoot(root);
  for (const e of entries) e.within = within;
  if (!foreign) cache?.remember(contentDir, entries);
  progress('discover', entries.length, entries.length);
  // Every body will be rendered (no cache can hold one): the workers load while the posts are read.
  const renderingAll = opts.noCache || (opts.memory && !cache) || (!cache?.posts.size && !existsSync(join(resolve(root, config.cacheDir), 'posts')));
  if (!foreign && renderingAll) ctx.ahead.pool = markdownPoolAhead(entries.length);

  timer.start('parse');
  // Dev's first build starts from the parses a build (or an earlier dev server) left on disk;
  // later dev builds have their own in memory.
  const parseCache =
    opts.noCache || (opts.memory && (!cache || cache.posts.size > 0)) ? undefined : new ParseCache(resolve(root, config.cacheDir), config.timezone);
  // Dates from git history are not files the build stamp can watch: such a build is never "up to date".
  let askedGit = false;
  const gitDates = foreign ? createGitDates(root) : undefined;
  const gitDate = (file: string) => {
    askedGit = true;
    return gitDates!(file);
  };
  const edited = known ? new Set(opts.changed) : undefined;
  const unchanged = edited && ((file: string) => !edited.has(file));
  const parsed = parsePosts(
    entries,
    config.timezone,
    cache,
    warnings,
    progress,
    foreign ? { profile: foreign, gitDate } : undefined,
    parseCache,
    unchanged,
    walked,
  );
  if (!known)
    assertNothingLost(
      root,
      foreign,
      entries,
      parsed,
      [outDir, resolve(root, config.outDir), resolve(root, config.cacheDir)].filter((d): d is string => !!d),
    );

  return { parsed, parseCache, askedGit: () => askedGit };
}

/** The Markdown phase: every published body rendered (or taken from the caches), with its images and cover. */
async function renderContent(opts: BuildOptions, ctx: BuildContext, published: SourcePost[], paths: Map<SourcePost, string>, now: number) {
  const { timer, progress, warnings, loaded, outDir } = ctx;
  const { config, root, foreign } = loaded;
  const cache = opts.cache;
  timer.start('markdown');
  const base = new URL(config.baseUrl).pathname.replace(/\/?$/, '/');
  // Rendered Markdown depends on these settings only; the in-memory dev cache sits in front.
  // A foreign site's static files are listed before Markdown: old themes resolve image paths against them.
  const foreignStatic = foreign
    ? await listForeignStaticFiles(root, foreign, [outDir, resolve(root, config.cacheDir), resolve(root, config.outDir)])
    : undefined;
  const staticPaths = new Set(foreignStatic?.map((f) => f.to));
  const foreignMarkdown = foreign
    ? {
        site: foreign.siteVars,
        origin: new URL(config.baseUrl).origin,
        staticFile: (p: string) => staticPaths.has(p),
        staticPaths,
        ...(foreign.parseBlockHtml ? { parseBlockHtml: true } : {}),
        ...(foreign.shortcodeTemplates ? { shortcodeTemplates: foreign.shortcodeTemplates } : {}),
        ...(foreign.markdownPlugins?.length ? { markdownPlugins: foreign.markdownPlugins } : {}),
        ...(foreign.includesDir ? { includesDir: foreign.includesDir, includesStamp: includesStamp(foreign.includesDir) } : {}),
      }
    : undefined;
  // Dev (a memory build with a BuildCache) shares the disk cache of rendered Markdown, so a dev
  // server starts on rendered bodies; other memory builds (check, export, tests) leave it alone.
  const renderSettings = [base, config.readingSpeed, config.timezone, ...(foreignMarkdown ? [foreign!.tool, foreignMarkdown] : [])];
  // A dev rebuild (its bodies are in memory) reads the one or two an edit changed one file each.
  const withIndex = !opts.memory || !cache?.posts.size;
  const disk =
    opts.noCache || (opts.memory && !cache)
      ? undefined
      : new RenderCache(resolve(root, config.cacheDir), renderSettings, opts.memory ? 'share' : 'own', withIndex, ctx.writes);
  const { posts, assets, covers, markdownRendered, markdownThreads, lost } = await renderPosts(published, {
    paths,
    root,
    base,
    wordsPerMinute: config.readingSpeed,
    now,
    cache,
    disk,
    warnings,
    progress,
    pool: ctx.ahead.pool,
    // Dev's first build (no body rendered yet): its first answer is a list page. Its rebuilds
    // render the one body an edit changed, whose page is about to be shown: highlighted at once.
    highlightLater: opts.deferPages === true && opts.memory === true && !someRendered(cache),
    ...(foreignMarkdown ? { foreignSite: foreignMarkdown } : {}),
  });
  disk?.saveIndex();
  // The workers are done: ended now, their heaps (about 100 MB at 10,000 posts) are not held
  // through the page phase, where the build's memory peaks.
  const pool = ctx.ahead.pool;
  ctx.ahead.pool = undefined;
  await pool?.close();
  return { foreignStatic, staticPaths, posts, assets, covers, markdownRendered, markdownThreads, lost };
}
