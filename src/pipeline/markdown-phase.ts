import type { SourcePost } from '../content/index.js';
import { CasebookError, CasebookErrors, type Warning } from '../errors/index.js';
import { boundsOf, ImageOutsideSite, isRelativeAsset, resolveImage, type Asset } from '../markdown/images.js';
import { renderMarkdown, type RenderInput } from '../markdown/render.js';
import { responsiveImage } from '../markdown/responsive-image.js';
import { removalWarnings } from '../markdown/html-policy.js';
import { errorResult, LARGE_BODY, MarkdownPool, POOL_THRESHOLD, renderApart, reviveError, type RenderResult } from '../markdown/pool.js';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { workerScript } from '../util/bundled.js';
import type { Cover, Post } from '../site/index.js';
import type { BuildCache } from './cache.js';
import { collect } from './collect.js';
import type { RenderCache } from './disk-cache.js';
import type { PhaseName } from './phases.js';
import { createHash } from 'node:crypto';
import { lostContent, type LostContent } from './lost-content.js';
import { createLinkIndex, foreignWarnings, usesReferences } from './foreign-links.js';
import type { ForeignNote } from '../markdown/foreign/preprocess.js';

export interface MarkdownPhaseInput {
  paths: Map<SourcePost, string>;
  /** The site folder: images and covers outside it are refused (CB1310). */
  root: string;
  base: string;
  wordsPerMinute: number;
  now: number;
  /** In-memory cache (dev) in front of the persistent one. */
  cache: BuildCache | undefined;
  disk: RenderCache | undefined;
  warnings: Warning[];
  progress: (phase: PhaseName, done: number, total: number) => void;
  /** Workers the build started ahead (markdownPoolAhead), used if enough bodies miss the caches; the caller closes it. */
  pool?: MarkdownPool | undefined;
  /** Sites made with another tool: `{{ site.x }}` values and the origin for absolute links. */
  foreignSite?: {
    site: Record<string, string>;
    origin: string;
    staticFile: (path: string) => boolean;
    includesDir?: string;
    parseBlockHtml?: boolean;
    markdownPlugins?: string[];
    shortcodeTemplates?: Record<string, string>;
  };
}

export type { Cover };

/**
 * Renders each body (or takes it from a cache) and resolves images and covers; every error at
 * once. Bodies to render are rendered on a worker pool when there are enough of them (a clean
 * build of a large site); bodies of other tools' sites, whose renderer needs the link index,
 * render on this thread.
 */
export async function renderPosts(
  published: SourcePost[],
  input: MarkdownPhaseInput,
): Promise<{ posts: Post[]; assets: Asset[]; covers: Map<Post, Cover>; markdownRendered: number; markdownThreads: number; lost: LostContent }> {
  const { paths, base, cache, disk, warnings } = input;
  const errors: CasebookError[] = [];
  const posts: Post[] = [];
  const assets: Asset[] = [];
  const covers = new Map<Post, Cover>();
  let markdownRendered = 0;
  let done = 0;
  const links = input.foreignSite ? createLinkIndex(published, paths) : undefined;
  const notes: { file: string; note: ForeignNote }[] = [];

  // Pass 1: what the caches hold, and what is left to render.
  const jobs = published.map((source) => {
    const path = paths.get(source)!;
    // A foreign body that links to other posts by file renders differently when one of them moves.
    const refs = source.foreignBody && links && usesReferences(source.body) ? links.digest : '';
    const digest = refs ? createHash('sha1').update(`${source.digest}\0${refs}`).digest('hex') : source.digest;
    const renderKey = refs ? `${path}\0${refs}` : path;
    const entry = cache?.posts.get(source.file);
    const inMemory = entry?.post === source && entry.rendered?.path === renderKey ? entry.rendered.body : undefined;
    // The disk cache is a folder of the site: a site moved or copied elsewhere, or a cloned one that
    // brought its cache, may hold renderings whose images are outside this site folder. Such an
    // entry is a miss, rendered afresh from the post (which then resolves its images here).
    const fromDisk = inMemory ? undefined : disk?.get(digest, path);
    const usable = fromDisk?.assets.every((a) => boundsOf(input.root).place(a.from).kind !== 'outside') ? fromDisk : undefined;
    const cached = inMemory ?? usable;
    return { source, path, digest, renderKey, entry, result: cached ? ({ body: cached } as RenderResult) : undefined };
  });
  // Built only for bodies that miss every cache: a dev rebuild of 10,000 posts renders one.
  const inputOf = ({ source, path }: (typeof jobs)[number]): RenderInput => ({
    body: source.body,
    file: source.file,
    source: source.source,
    bodyLine: source.bodyLine,
    pagePath: path,
    base,
    wordsPerMinute: input.wordsPerMinute,
    siteRoot: input.root,
  });
  const renderHere = (job: (typeof jobs)[number]): RenderResult => {
    try {
      const { source } = job;
      return {
        body: renderMarkdown({
          ...inputOf(job),
          ...(source.foreignBody && input.foreignSite && links
            ? {
                foreign: {
                  body: source.foreignBody,
                  site: input.foreignSite.site,
                  origin: input.foreignSite.origin,
                  resolve: links.resolverFor(source),
                  staticFile: input.foreignSite.staticFile,
                  ...(input.foreignSite.includesDir ? { includesDir: input.foreignSite.includesDir } : {}),
                  ...(input.foreignSite.parseBlockHtml ? { parseBlockHtml: true } : {}),
                  ...(input.foreignSite.shortcodeTemplates ? { shortcodeTemplates: input.foreignSite.shortcodeTemplates } : {}),
                  ...(input.foreignSite.markdownPlugins ? { markdownPlugins: input.foreignSite.markdownPlugins } : {}),
                },
              }
            : {}),
        }),
      };
    } catch (e) {
      const result = errorResult(e);
      if (!result) throw e;
      return result;
    }
  };
  const misses = jobs.filter((j) => !j.result);
  const pooled = misses.filter((j) => !j.source.foreignBody);
  const threads = markdownThreads_();
  let markdownThreads = 1;
  if (pooled.length >= POOL_THRESHOLD && threads > 1 && poolAvailable()) {
    markdownThreads = threads;
    // This thread renders its share beside threads - 1 workers.
    const pool = input.pool ?? new MarkdownPool(threads - 1);
    try {
      const results = await pool.render(pooled.map(inputOf), (_, i) => renderHere(pooled[i]!));
      pooled.forEach((j, i) => (j.result = results[i]));
    } finally {
      if (!input.pool) await pool.close();
    }
  }
  const large = pooled.filter((j) => !j.result && j.source.body.length >= LARGE_BODY);
  if (large.length && poolAvailable()) {
    const results = await renderApart(large.map(inputOf));
    large.forEach((j, i) => (j.result = results[i]));
  }
  for (const job of misses) {
    job.result ??= renderHere(job);
    if (job.result.body) {
      markdownRendered++;
      disk?.set(job.digest, job.path, job.result.body);
    }
  }

  // Pass 2: posts in order, with their images, covers and warnings.
  for (const { source, path, renderKey, entry, result } of jobs) {
    try {
      if (result!.error) throw reviveError(result!.error);
      const rendered = result!.body!;
      if (entry && entry.rendered?.body !== rendered) entry.rendered = { path: renderKey, body: rendered };
      for (const note of rendered.foreignNotes ?? []) notes.push({ file: source.file, note });
      if (rendered.htmlRemovals) warnings.push(...removalWarnings(rendered.htmlRemovals, source.file));
      for (const lang of rendered.unknownLanguages) {
        warnings.push({ code: 'CB1104', message: `"${lang}" has no highlighting; shown as plain code.`, location: { file: source.file } });
      }
      for (const e of rendered.mathErrors ?? []) {
        warnings.push({
          code: 'CB1400',
          message: `This formula does not typeset and is shown as TeX: ${e.message}`,
          location: { file: source.file, line: e.line },
        });
      }
      assets.push(...rendered.assets);
      const status: Post['status'] = source.draft ? 'draft' : source.date && source.date.epoch > input.now ? 'scheduled' : 'published';
      // In dev, an unchanged post keeps its object (10,000 copies of 40 fields per keystroke add
      // up); only what the model fills in is reset.
      const prior = entry?.built;
      let post: Post;
      if (prior && entry!.post === source && prior.path === path && prior.rendered === rendered) {
        post = Object.assign(prior, { categoryTerms: [], tagTerms: [], seriesInfo: undefined, older: undefined, newer: undefined, related: [], status });
      } else {
        // Object.assign, not `{ ...source, path, … }`: V8 gives every object made by a spread
        // followed by more keys a hidden class of its own, and 10,000 classes make every loop
        // over the posts megamorphic (the site model took 150 ms instead of 30 at 10,000 posts).
        post = Object.assign({}, source, {
          path,
          rendered,
          categoryTerms: [],
          tagTerms: [],
          seriesInfo: undefined,
          older: undefined,
          newer: undefined,
          related: [],
          status,
        });
        if (entry) entry.built = post;
      }
      if (source.image) {
        const cover = resolveCover(
          source,
          path,
          base,
          input.root,
          source.foreignBody && input.foreignSite ? { staticFile: input.foreignSite.staticFile, warnings } : undefined,
        );
        const { asset, more, ...shown } = cover;
        if (asset) assets.push(asset);
        if (more) assets.push(...more);
        if (shown.url) covers.set(post, shown as Cover);
      }
      posts.push(post);
    } catch (e) {
      collect(errors, e);
    }
    input.progress('markdown', ++done, published.length);
  }
  if (errors.length) throw new CasebookErrors(errors);
  warnings.push(...foreignWarnings(notes));
  const losses = lostContent(notes);
  warnings.push(...losses.warnings);
  return { posts, assets, covers, markdownRendered, markdownThreads, lost: losses.lost };
}

/** The pool runs the compiled worker; a source checkout that was never compiled renders on one thread. */
function poolAvailable(): boolean {
  return existsSync(workerScript('markdown'));
}

/** Threads that render Markdown on a large clean build: one per core (CASEBOOK_THREADS overrides). */
function markdownThreads_(): number {
  return Number(process.env.CASEBOOK_THREADS) || availableParallelism();
}

/**
 * The worker pool, started while the posts are still being read, when `files` content files
 * promise a render of more than POOL_THRESHOLD bodies (the build knows no cache holds them);
 * otherwise undefined and renderPosts starts one if it turns out to need it.
 */
export function markdownPoolAhead(files: number): MarkdownPool | undefined {
  const threads = markdownThreads_();
  return files >= POOL_THRESHOLD && threads > 1 && poolAvailable() ? new MarkdownPool(threads - 1) : undefined;
}

function resolveCover(
  post: SourcePost,
  path: string,
  base: string,
  root: string,
  foreign?: { staticFile: (path: string) => boolean; warnings: Warning[] },
): Partial<Cover> & { asset?: Asset; more?: Asset[] } {
  const image = post.image!;
  if (isRelativeAsset(image)) {
    let found;
    try {
      found = resolveImage(image, post.file, path, base, root);
    } catch (e) {
      if (e instanceof ImageOutsideSite) throw outsideError(post, image);
      throw e;
    }
    if (!found && foreign) {
      // Themes of other tools resolve `images/x.png` from the static folder; a missing one was broken there too.
      const rootRel = image.replace(/^\.\//, '').split(/[?#]/)[0]!;
      if (foreign.staticFile(rootRel)) return { url: base + rootRel };
      const line = post.keyLine('image') ?? post.keyLine('cover') ?? post.keyLine('heroImage') ?? post.keyLine('coverImage');
      foreign.warnings.push({
        code: 'CB1210',
        message: `The cover image "${image}" exists neither beside the post nor in the static files; the post has no cover.`,
        location: { file: post.file, ...(line ? { line } : {}) },
      });
      return {};
    }
    if (!found) {
      const line = post.keyLine('image') ?? post.keyLine('cover') ?? post.keyLine('heroImage') ?? post.keyLine('ogImage');
      throw new CasebookError('CB1030', `The cover image "${image}" does not exist.`, {
        file: post.file,
        ...(line ? { line, column: 1 } : {}),
        source: post.source,
      });
    }
    const v = responsiveImage(found);
    return {
      url: found.url,
      ...(found.width ? { width: found.width, height: found.height! } : {}),
      asset: found.asset,
      ...(v ? { variants: { src: v.src, width: v.width, height: v.height, sources: v.sources, fallbackSrcset: v.fallbackSrcset }, more: v.assets } : {}),
    };
  }
  if (image.startsWith('/') && !image.startsWith('//')) return { url: base + image.slice(1) };
  return /^https?:\/\//i.test(image) ? { url: image } : {};
}

/** CB1310 for a cover (or a cached image) that leads outside the site, at the line that names it. */
function outsideError(post: SourcePost, image: string): CasebookError {
  const line = post.keyLine('image') ?? post.keyLine('cover') ?? post.keyLine('heroImage') ?? post.keyLine('ogImage') ?? post.keyLine('coverImage');
  const text = line ? (post.source.split('\n')[line - 1] ?? '') : '';
  const column = text.indexOf(image) + 1 || (line ? 1 : 0);
  return new CasebookError('CB1310', `The image "${image}" leads outside the site folder; Casebook publishes only files inside it.`, {
    file: post.file,
    ...(line ? { line } : {}),
    ...(column ? { column } : {}),
    source: post.source,
  });
}
