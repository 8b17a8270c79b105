import type { SourcePost } from '../content/index.js';
import { CasebookError, CasebookErrors, type Warning } from '../errors/index.js';
import { boundsOf, ImageOutsideSite, isRelativeAsset, resolveImage, type Asset } from '../markdown/images.js';
import { highlightedLater, renderMarkdown, withCodeHighlighted, type RenderedBody, type RenderInput } from '../markdown/render.js';
import { foreignInputOf, type ForeignShared } from '../markdown/foreign-data.js';
import { responsiveImage } from '../markdown/responsive-image.js';
import { removalWarnings } from '../markdown/html-policy.js';
import { isWithin } from '../util/site-bounds.js';
import { errorResult, LARGE_BODY, MarkdownPool, poolThreshold, renderApart, reviveError, type RenderResult } from '../markdown/pool.js';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { workerScript } from '../util/bundled.js';
import { envInteger } from '../util/env-integer.js';
import type { Cover, Post } from '../site/index.js';
import type { BuildCache } from './cache.js';
import { collect } from './collect.js';
import { newPost, type ModelFields } from './post-object.js';
import type { RenderCache } from './disk-cache.js';
import type { PhaseName } from './phases.js';
import { createHash } from 'node:crypto';
import { lostContent, type LostContent } from './lost-content.js';
import { contentRelOf, createLinkIndex, foreignWarnings, usesReferences } from './foreign-links.js';
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
  /**
   * `casebook dev`'s first build: bodies rendered here leave code not highlighted yet as plain
   * text, highlighted in place when their HTML is first read (a post page, a feed, the search
   * index) or when the disk cache is written (after the first page).
   */
  highlightLater?: boolean;
  /** Workers the build started ahead (markdownPoolAhead), used if enough bodies miss the caches; the caller closes it. */
  pool?: MarkdownPool | undefined;
  /** Sites made with another tool: `{{ site.x }}` values and the origin for absolute links. */
  foreignSite?: {
    site: Record<string, string>;
    origin: string;
    staticFile: (path: string) => boolean;
    /** The same as a set, for bodies rendered on the Markdown workers. */
    staticPaths: ReadonlySet<string>;
    includesDir?: string;
    parseBlockHtml?: boolean;
    markdownPlugins?: string[];
    shortcodeTemplates?: Record<string, string>;
  };
}

export type { Cover };

type LinkIndex = ReturnType<typeof createLinkIndex>;

/** One published post on its way through the phase: where it goes, its cache keys and its rendering once known. */
interface RenderJob {
  source: SourcePost;
  path: string;
  digest: string;
  renderKey: string;
  entry: ReturnType<BuildCache['posts']['get']>;
  result: RenderResult | undefined;
}

export interface MarkdownPhaseResult {
  posts: Post[];
  assets: Asset[];
  covers: Map<Post, Cover>;
  markdownRendered: number;
  markdownThreads: number;
  lost: LostContent;
}

/**
 * Renders each body (or takes it from a cache) and resolves images and covers; every error at
 * once. Bodies to render are rendered on a worker pool when there are enough of them (a clean
 * build of a large site), bodies of other tools' sites too: what their renderer needs (the link
 * index, the old site's static files) crosses to the workers as data (markdown/foreign-data.ts).
 */
export async function renderPosts(published: SourcePost[], input: MarkdownPhaseInput): Promise<MarkdownPhaseResult> {
  const links = input.foreignSite ? createLinkIndex(published, input.paths) : undefined;
  const jobs = published.map((source) => cachedJob(source, input, links));
  const { markdownRendered, markdownThreads } = await renderMisses(jobs, input, links);
  input.disk?.highlights?.save(() => new Set(input.paths.values()));
  const errors: CasebookError[] = [];
  const posts: Post[] = [];
  const assets: Asset[] = [];
  const covers = new Map<Post, Cover>();
  const notes: { file: string; note: ForeignNote }[] = [];
  let done = 0;
  // In order, with their images, covers and warnings.
  for (const job of jobs) {
    try {
      if (job.result!.error) throw reviveError(job.result!.error);
      const rendered = job.result!.body!;
      for (const note of rendered.foreignNotes ?? []) notes.push({ file: job.source.file, note });
      input.warnings.push(...bodyWarnings(job.source, rendered));
      assets.push(...rendered.assets);
      const post = builtPost(job, rendered, input.now);
      if (job.source.image) addCover(post, job, input, assets, covers);
      posts.push(post);
    } catch (e) {
      collect(errors, e);
    }
    input.progress('markdown', ++done, published.length);
  }
  if (errors.length) throw new CasebookErrors(errors);
  input.warnings.push(...foreignWarnings(notes));
  const losses = lostContent(notes);
  input.warnings.push(...losses.warnings);
  return { posts, assets, covers, markdownRendered, markdownThreads, lost: losses.lost };
}

/** A post's cache keys, and its body if the in-memory or disk cache holds it. */
function cachedJob(source: SourcePost, input: MarkdownPhaseInput, links: LinkIndex | undefined): RenderJob {
  const path = input.paths.get(source)!;
  // A foreign body that links to other posts by file renders differently when one of them moves.
  const refs = source.foreignBody && links && usesReferences(source.body) ? links.digest : '';
  const digest = refs ? createHash('sha1').update(`${source.digest}\0${refs}`).digest('hex') : source.digest;
  const renderKey = refs ? `${path}\0${refs}` : path;
  const entry = input.cache?.posts.get(source.file);
  const inMemory = entry?.post === source && entry.rendered?.path === renderKey ? entry.rendered.body : undefined;
  // The disk cache is a folder of the site: a site moved or copied elsewhere, or a cloned one that
  // brought its cache, may hold renderings whose images are outside this site folder. Such an
  // entry is a miss, rendered afresh from the post (which then resolves its images here).
  const job: RenderJob = { source, path, digest, renderKey, entry, result: undefined };
  const fromDisk = inMemory ? undefined : input.disk?.get(digest, path, () => rerenderHtml(job, input, links));
  const bounds = fromDisk ? boundsOf(input.root) : undefined;
  // Its probes too: a copy of the site would otherwise check the original's folders and files.
  const inSite = (path: string) => isWithin(bounds!.root, path) || isWithin(bounds!.realRoot, path);
  const usable =
    fromDisk?.assets.every((a) => bounds!.place(a.from).kind !== 'outside') && (fromDisk.probes ?? []).every((p) => inSite(p.path)) ? fromDisk : undefined;
  const cached = inMemory ?? usable;
  if (cached) job.result = { body: cached } as RenderResult;
  return job;
}

/** The HTML of a cached body whose file went missing after it was read (another build cleared the cache). */
function rerenderHtml(job: RenderJob, input: MarkdownPhaseInput, links: LinkIndex | undefined): string {
  const again = renderHere(job, input, links);
  if (again.error) throw reviveError(again.error);
  return again.body!.html;
}

/**
 * What the renderer needs of a post; built only for bodies that miss every cache (a dev rebuild
 * of 10,000 posts renders one). A body of another tool's site carries its own part of the foreign
 * input as data (the rest is `foreignShared`'s), for a worker as for this thread.
 */
function renderInput({ source, path }: RenderJob, input: MarkdownPhaseInput): RenderInput {
  return {
    ...(source.foreignBody && input.foreignSite ? { foreignData: { body: source.foreignBody, contentRel: contentRelOf(source) } } : {}),
    body: source.body,
    file: source.file,
    source: source.source,
    bodyLine: source.bodyLine,
    pagePath: path,
    base: input.base,
    wordsPerMinute: input.wordsPerMinute,
    siteRoot: input.root,
  };
}

/** What every body of another tool's site renders with: the site's values, link index and static files. */
function foreignShared(input: MarkdownPhaseInput, links: LinkIndex | undefined): ForeignShared | undefined {
  const site = input.foreignSite;
  if (!site || !links) return undefined;
  return {
    site: site.site,
    origin: site.origin,
    links: links.tables,
    staticPaths: site.staticPaths,
    ...(site.includesDir ? { includesDir: site.includesDir } : {}),
    ...(site.parseBlockHtml ? { parseBlockHtml: true } : {}),
    ...(site.shortcodeTemplates ? { shortcodeTemplates: site.shortcodeTemplates } : {}),
    ...(site.markdownPlugins ? { markdownPlugins: site.markdownPlugins } : {}),
  };
}

/** Renders the bodies no cache held: on the pool when there are enough, large ones apart, the rest here; fills the disk cache. */
async function renderMisses(
  jobs: RenderJob[],
  input: MarkdownPhaseInput,
  links: LinkIndex | undefined,
): Promise<{ markdownRendered: number; markdownThreads: number }> {
  const misses = jobs.filter((j) => !j.result);
  // A large body renders on a thread of its own (renderApart), with its heap limit, even when the
  // pool runs: in a batch of the pool its tokens would use the pool's heap, with no CB1340.
  const pooled = misses.filter((j) => j.source.body.length < LARGE_BODY);
  const threads = markdownThreads_();
  let markdownThreads = 1;
  if (pooled.length >= poolThreshold(threads) && threads > 1 && poolAvailable()) {
    markdownThreads = threads;
    // This thread renders its share beside threads - 1 workers.
    const pool = input.pool ?? new MarkdownPool(threads - 1);
    try {
      const results = await pool.render(
        pooled.map((j) => renderInput(j, input)),
        (_, i) => renderHere(pooled[i]!, input, links),
        foreignShared(input, links),
      );
      pooled.forEach((j, i) => (j.result = results[i]));
    } finally {
      if (!input.pool) await pool.close();
    }
  }
  const large = misses.filter((j) => j.source.body.length >= LARGE_BODY);
  if (large.length && poolAvailable()) {
    const results = await renderApart(
      large.map((j) => renderInput(j, input)),
      foreignShared(input, links),
    );
    large.forEach((j, i) => (j.result = results[i]));
  }
  let markdownRendered = 0;
  const store = input.highlightLater ? undefined : input.disk?.highlights;
  for (const job of misses) {
    job.result ??= store ? store.around(job.path, () => renderHere(job, input, links)) : renderHere(job, input, links, input.highlightLater);
    if (job.result.body && highlightedLater(job.result.body)) {
      markdownRendered++;
      const { body, full } = withHighlighting(job.result.body, job, input, links);
      job.result.body = body;
      // Highlighted when the disk cache is written: after the first page, in dev.
      input.disk?.set(job.digest, job.path, body, full);
    } else if (job.result.body) {
      markdownRendered++;
      // A body of another tool's site that names an image found nowhere is not kept: the image
      // added later (the usual fix after a migration) is then found by the next build.
      if (!job.result.body.foreignNotes?.some((n) => n.kind === 'missing-image')) input.disk?.set(job.digest, job.path, job.result.body);
    }
  }
  return { markdownRendered, markdownThreads };
}

/**
 * A body rendered with its code left plain, whose `html` is the body's with its code blocks
 * highlighted in place, when first read (withCodeHighlighted: in memory, so a file of the post
 * deleted since cannot fail a page of the last good build). Every other field is the same either
 * way (render.ts sees to the summary). Its digest stays the plain HTML's: it changes whenever the
 * highlighted HTML does. `full` is the highlighted body, with its own digest, for the disk cache;
 * undefined if the code could not be highlighted after all (then the page shows it plain, and
 * the cache keeps nothing the next build could take for a highlighted body).
 */
function withHighlighting(
  plain: RenderedBody,
  job: RenderJob,
  input: MarkdownPhaseInput,
  links: LinkIndex | undefined,
): { body: RenderedBody; full: () => RenderedBody | undefined } {
  // Dropped once highlighted: the plain body's HTML and blocks, and what rendering it again needs.
  let pending: { plain: RenderedBody; again: () => string | undefined } | undefined = { plain, again: () => rerendered(job, input, links) };
  let highlighted: RenderedBody | undefined;
  let failed: string | undefined;
  const settle = (): void => {
    if (!pending) return;
    const html = withCodeHighlighted(pending.plain) ?? pending.again();
    if (html === undefined) failed = pending.plain.html;
    else highlighted = { ...pending.plain, html, digest: createHash('sha1').update(html).digest('hex') };
    pending = undefined;
  };
  let html: string | undefined;
  // Its own fields only, not the blocks left for later (a symbol): highlightedLater(body) is false.
  const fields = Object.getOwnPropertyNames(plain).map((key) => [key, Object.getOwnPropertyDescriptor(plain, key)!] as const);
  const body = Object.defineProperties({}, Object.fromEntries(fields)) as RenderedBody;
  Object.defineProperty(body, 'html', {
    get: () => {
      settle();
      return (html ??= highlighted?.html ?? failed!);
    },
    set: (value: string) => {
      html = value;
    },
    enumerable: true,
    configurable: true,
  });
  return {
    body,
    full: () => {
      settle();
      return highlighted;
    },
  };
}

/** The body's HTML rendered again, or undefined if it no longer renders (a file it used is gone). */
function rerendered(job: RenderJob, input: MarkdownPhaseInput, links: LinkIndex | undefined): string | undefined {
  const again = renderHere(job, input, links);
  return again.body?.html;
}

/** Renders one body on this thread, with what another tool's body needs; a content error becomes the job's result. */
function renderHere(job: RenderJob, input: MarkdownPhaseInput, links: LinkIndex | undefined, later = false): RenderResult {
  try {
    const { foreignData, ...own } = renderInput(job, input);
    const shared = foreignShared(input, links);
    return {
      body: renderMarkdown({
        ...own,
        ...(later && !job.source.foreignBody ? { highlight: 'later' as const } : {}),
        ...(foreignData && shared ? { foreign: foreignInputOf(foreignData, shared) } : {}),
      }),
    };
  } catch (e) {
    const result = errorResult(e);
    if (!result) throw e;
    return result;
  }
}

/** What a rendered body reports: removed HTML, code in an unknown language (CB1104), TeX that does not typeset (CB1400). */
function bodyWarnings(source: SourcePost, rendered: Post['rendered']): Warning[] {
  const out: Warning[] = rendered.htmlRemovals ? removalWarnings(rendered.htmlRemovals, source.file) : [];
  for (const lang of rendered.unknownLanguages) {
    out.push({ code: 'CB1104', message: `"${lang}" has no highlighting; shown as plain code.`, location: { file: source.file } });
  }
  for (const e of rendered.mathErrors ?? []) {
    out.push({
      code: 'CB1400',
      message: `This formula does not typeset and is shown as TeX: ${e.message}`,
      location: { file: source.file, line: e.line },
    });
  }
  return out;
}

/** The post the model gets: the cached one when nothing changed (fields the model fills in reset), else a new one. */
function builtPost({ source, path, renderKey, entry }: RenderJob, rendered: Post['rendered'], now: number): Post {
  if (entry && entry.rendered?.body !== rendered) entry.rendered = { path: renderKey, body: rendered };
  const status: Post['status'] = source.draft ? 'draft' : source.date && source.date.epoch > now ? 'scheduled' : 'published';
  // In dev, an unchanged post keeps its object (10,000 copies of 40 fields per keystroke add
  // up); only what the model fills in is reset.
  const prior = entry?.built;
  if (prior && entry!.post === source && prior.path === path && prior.rendered === rendered) {
    return Object.assign(prior, modelFields(status));
  }
  const post = newPost(source, path, rendered, modelFields(status));
  if (entry) entry.built = post;
  return post;
}

/** The fields of a post the site model fills in, empty, and its status. */
function modelFields(status: Post['status']): ModelFields {
  return { categoryTerms: [], tagTerms: [], seriesInfo: undefined, older: undefined, newer: undefined, related: [], status };
}

/** Resolves a post's cover: its files join the assets, a cover with a URL joins the covers. */
function addCover(post: Post, { source, path }: RenderJob, input: MarkdownPhaseInput, assets: Asset[], covers: Map<Post, Cover>): void {
  const foreign = source.foreignBody && input.foreignSite ? { staticFile: input.foreignSite.staticFile, warnings: input.warnings } : undefined;
  const { asset, more, ...shown } = resolveCover(source, path, input.base, input.root, foreign);
  if (asset) assets.push(asset);
  if (more) assets.push(...more);
  if (shown.url) covers.set(post, shown as Cover);
}

/** The pool runs the compiled worker; a source checkout that was never compiled renders on one thread. */
function poolAvailable(): boolean {
  return existsSync(workerScript('markdown'));
}

/** Threads that render Markdown on a large clean build: one per core (CASEBOOK_THREADS, a whole number from 1 to 64, overrides). */
function markdownThreads_(): number {
  return envInteger('CASEBOOK_THREADS', 1, 64) ?? availableParallelism();
}

/**
 * The worker pool, started while the posts are still being read, when `files` content files
 * promise a render of at least poolThreshold bodies (the build knows no cache holds them);
 * otherwise undefined and renderPosts starts one if it turns out to need it.
 */
export function markdownPoolAhead(files: number): MarkdownPool | undefined {
  const threads = markdownThreads_();
  return files >= poolThreshold(threads) && threads > 1 && poolAvailable() ? new MarkdownPool(threads - 1) : undefined;
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
      return noCover(post, foreign, `The cover image "${image}" exists neither beside the post nor in the static files; the post has no cover.`);
    }
    if (!found) {
      const line = coverLine(post);
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
  if (image.startsWith('/') && !image.startsWith('//')) {
    // On another tool's site a root path names a static file; one the site does not have was a
    // broken image there too, and a page that names it would show a broken one here.
    const rootRel = image.slice(1).split(/[?#]/)[0]!;
    if (foreign && !foreign.staticFile(rootRel)) {
      return noCover(post, foreign, `The cover image "${image}" is not among the static files; the post has no cover.`);
    }
    return { url: base + image.slice(1) };
  }
  return /^https?:\/\//i.test(image) ? { url: image } : {};
}

/** The front matter line that names the post's cover, under any of the keys a cover is read from. */
function coverLine(post: SourcePost): number | undefined {
  return post.keyLine('image') ?? post.keyLine('cover') ?? post.keyLine('heroImage') ?? post.keyLine('ogImage') ?? post.keyLine('coverImage');
}

/** CB1210: another tool's cover that its own site could not show either; the post goes without one. */
function noCover(post: SourcePost, foreign: { warnings: Warning[] }, message: string): Partial<Cover> {
  const line = coverLine(post);
  foreign.warnings.push({ code: 'CB1210', message, location: { file: post.file, ...(line ? { line } : {}) } });
  return {};
}

/** CB1310 for a cover (or a cached image) that leads outside the site, at the line that names it. */
function outsideError(post: SourcePost, image: string): CasebookError {
  const line = coverLine(post);
  const text = line ? (post.source.split('\n')[line - 1] ?? '') : '';
  const column = text.indexOf(image) + 1 || (line ? 1 : 0);
  return new CasebookError('CB1310', `The image "${image}" leads outside the site folder; Casebook publishes only files inside it.`, {
    file: post.file,
    ...(line ? { line } : {}),
    ...(column ? { column } : {}),
    source: post.source,
  });
}
