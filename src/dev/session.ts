import { resolve } from 'node:path';
import { build, BuildCache, type BuildResult } from '../pipeline/index.js';
import { CasebookError, CasebookErrors, type Warning } from '../errors/index.js';
import { buildSearchIndex } from '../search/pagefind-index.js';

export interface DevOptions {
  site: string;
  /** Reports each rebuild (for the terminal). */
  onBuild?: (outcome: BuildOutcome) => void;
  /** Reports a build cache that could not be written after a build (CB4017). */
  onCacheWarnings?: (warnings: Warning[]) => void;
}

export type BuildOutcome = { ok: true; result: BuildResult; ms: number } | { ok: false; errors: CasebookError[]; internal?: Error; ms: number };

/** A file the build copied (a static file, an image, a file a post links): served from its source as it is on disk. */
export interface CopiedFile {
  readonly copiedFrom: string;
}
/** A file, a function that renders it when first requested (see BuildOptions.deferPages), or a copied file. */
export type DevFile = Uint8Array | string | (() => string | Uint8Array) | CopiedFile;
type FileMap = Map<string, DevFile>;

/**
 * The dev server's state: the last good build in memory, the errors of the latest build (shown
 * as an overlay while the last good pages stay served), and the caches that make a rebuild
 * re-parse only changed files and re-render only the pages that show them.
 */
export class DevSession {
  files: FileMap = new Map();
  errors: CasebookError[] = [];
  internal: Error | undefined;
  version = 0;
  lastResult: BuildResult | undefined;
  /** Absolute URL the dev server answers on (links and feeds point at it); set once it listens. */
  baseUrl = 'http://localhost:4321/';
  private readonly cache = new BuildCache();
  private readonly listeners = new Set<(version: number) => void>();
  private running: Promise<void> | undefined;
  private again = false;
  private searchTimer: NodeJS.Timeout | undefined;
  private searchFiles: FileMap = new Map();
  private searchVersion = -1;
  private verifyTimer: NodeJS.Timeout | undefined;
  /** Builds whose cache writes are not all done, oldest first (writeCache). */
  private cacheWrites: BuildResult[] = [];
  /** A slice of cache writes found a rebuild running and waits for it to end. */
  private writesWaiting = false;
  /** close() was called: nothing more is written to the cache. */
  private closed = false;
  /** What changed since the last build, as the watcher reported it; 'all' when unknown. */
  private changed: Set<string> | 'all' = 'all';
  private settle: (() => void) | undefined;
  /**
   * Settles when the first build has finished, built or failed. The server binds before that
   * build starts (its port is part of every page's URL), and a request that arrives meanwhile
   * waits for it instead of getting a blank 404 that the live reload replaces a moment later.
   */
  readonly firstBuild: Promise<void> = new Promise((resolve) => (this.settle = resolve));
  /** True once `firstBuild` has settled. */
  started = false;

  constructor(private readonly opts: DevOptions) {}

  /** The site folder, as the last build resolved it. */
  get root(): string {
    return this.lastResult?.root ?? resolve(this.opts.site);
  }

  onChange(listener: (version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Rebuilds now, or once more after the running rebuild if one is under way. `changed` are the
   * files the watcher saw: only those content files are looked at again, and a changed image
   * makes the posts that use it render again (their image sizes may have changed even though the
   * Markdown did not). Without `changed`, everything is looked at.
   */
  rebuild(changed?: string[]): Promise<void> {
    if (this.closed) return this.running ?? Promise.resolve();
    for (const file of changed ?? []) {
      if (!/\.(md|markdown)$/i.test(file)) this.cache.forgetUsersOf(file);
    }
    if (!changed) this.changed = 'all';
    else if (this.changed !== 'all') for (const file of changed) this.changed.add(file);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.buildOnce();
        this.markStarted();
      } while (this.again && !this.closed);
      this.running = undefined;
      if (this.writesWaiting) {
        this.writesWaiting = false;
        setImmediate(this.writeCacheSlice);
      }
    })();
    return this.running;
  }

  private async buildOnce(): Promise<void> {
    const started = performance.now();
    const changed = this.changed;
    this.changed = new Set();
    try {
      // Search is indexed in the background after a rebuild (see scheduleSearch), so an edit is
      // visible without waiting for Pagefind; social cards are left to real builds.
      const result = await build({
        site: this.opts.site,
        memory: true,
        drafts: true,
        future: true,
        baseUrl: this.baseUrl,
        skip: ['og'],
        deferSearchIndex: true,
        deferPages: true,
        copiesByReference: true,
        deferCacheWrites: true,
        cache: this.cache,
        ...(changed !== 'all' ? { changed: [...changed] } : {}),
      });
      const files: FileMap = new Map<string, DevFile>(result.files);
      for (const [path, from] of result.copied ?? []) files.set(path, { copiedFrom: from });
      for (const [path, make] of result.deferred ?? []) files.set(path, make);
      const hasSearch = result.config.search;
      if (hasSearch) for (const [path, data] of this.searchFiles) files.set(path, data);
      this.files = files;
      this.errors = [];
      this.internal = undefined;
      this.lastResult = result;
      this.bump();
      this.opts.onBuild?.({ ok: true, result, ms: performance.now() - started });
      // A build that ends after the session closed (the server stopped mid-rebuild) starts
      // nothing more: no cache writes, no search index, no look at the disk that could rebuild.
      if (this.closed) return;
      this.writeCache(result);
      if (hasSearch) this.scheduleSearch(result);
      if (changed !== 'all') this.checkDisk();
    } catch (e) {
      // The cache may hold files this build never got to; the next build looks at everything.
      this.changed = 'all';
      if (e instanceof CasebookErrors) this.errors = e.errors;
      else if (e instanceof CasebookError) this.errors = [e];
      else {
        this.errors = [];
        this.internal = e as Error;
      }
      this.bump();
      this.opts.onBuild?.({ ok: false, errors: this.errors, ...(this.internal ? { internal: this.internal } : {}), ms: performance.now() - started });
    }
  }

  /**
   * A build that trusted the watcher (only the files it reported were looked at) is checked
   * against the disk once edits settle: a change the watcher missed (an event lost under load,
   * a file system without notifications) then still gets built.
   */
  checkDisk(): void {
    clearTimeout(this.verifyTimer);
    if (this.closed) return;
    const version = this.version;
    this.verifyTimer = setTimeout(async () => {
      if (this.running || this.version !== version) return;
      if (await this.cache.differsOnDisk().catch(() => true)) void this.rebuild();
    }, 300);
    this.verifyTimer.unref();
  }

  /**
   * Writes what `result` kept for the build cache, which serves the next start, once the pages
   * waiting for the build are answered: a slice of about 10 ms per turn of the event loop, so
   * requests and signals are not kept waiting while a large site's thousands of files are
   * written. What is left when the server stops is dropped (the next start renders it again).
   */
  private writeCache(result: BuildResult): void {
    this.cacheWrites.push(result);
    if (this.cacheWrites.length === 1) setImmediate(this.writeCacheSlice);
  }

  /**
   * One slice of the cache writes. None runs while a rebuild is under way: its awaits would let
   * slices run between its phases, and an edit made while a large site's first build is still
   * being written out (10,000 posts: seconds of slices) would wait for them. The rebuild starts
   * them again when it is done.
   */
  private readonly writeCacheSlice = (): void => {
    if (this.running) {
      this.writesWaiting = true;
      return;
    }
    const until = performance.now() + 10;
    while (this.cacheWrites.length) {
      const { done, warnings } = this.cacheWrites[0]!.flushCacheWrites(Math.max(0, until - performance.now()));
      if (warnings.length) this.opts.onCacheWarnings?.(warnings);
      if (!done) break;
      this.cacheWrites.shift();
    }
    if (this.cacheWrites.length) setImmediate(this.writeCacheSlice);
  };

  private markStarted(): void {
    if (this.started) return;
    this.started = true;
    this.settle!();
  }

  private bump(): void {
    this.version++;
    for (const l of this.listeners) l(this.version);
  }

  /**
   * Rebuilds the Pagefind index once edits settle, then swaps it in without a reload. Pages not
   * viewed yet are rendered for it a slice at a time, so requests and the next rebuild are
   * never kept waiting; a newer build makes this one give up.
   */
  private scheduleSearch(result: BuildResult): void {
    clearTimeout(this.searchTimer);
    const version = this.version;
    this.searchTimer = setTimeout(async () => {
      // A rebuild under way makes this index stale and schedules the next one when it is done.
      if (version <= this.searchVersion || this.running) return;
      const files = this.files;
      const pages: { url: string; html: string }[] = [];
      let sliceStart = performance.now();
      for (const [path, data] of files) {
        if (!path.endsWith('.html')) continue;
        if (performance.now() - sliceStart > 20) {
          await new Promise((r) => setImmediate(r));
          // Given up as soon as a rebuild starts, not when it ends: its awaits would otherwise
          // let these slices run between its phases and delay the edit being shown.
          if (this.version !== version || this.running) return;
          sliceStart = performance.now();
        }
        let made: DevFile;
        try {
          made = typeof data === 'function' ? data() : data;
        } catch {
          continue; // The page shows its error when it is requested.
        }
        const html = typeof made === 'string' ? made : '';
        if (html.includes('data-pagefind-body')) pages.push({ url: '/' + path.replace(/index\.html$/, ''), html });
      }
      try {
        const index = await buildSearchIndex(pages, result.config.lang);
        if (this.version !== version) return;
        this.searchFiles = new Map(index.map((f) => [f.path, f.content]));
        for (const [path, data] of this.searchFiles) this.files.set(path, data);
        this.searchVersion = version;
      } catch {
        // Search is a convenience while writing; the next rebuild tries again.
      }
    }, 400);
    this.searchTimer.unref();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.searchTimer);
    clearTimeout(this.verifyTimer);
    this.cacheWrites = [];
    // Requests still waiting for the first build are answered (with what there is) as the server stops.
    this.markStarted();
  }
}
