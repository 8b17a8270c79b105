import { build, BuildCache, type BuildResult } from '../build/index.js';
import { CasebookError, CasebookErrors } from '../errors/index.js';
import { buildSearchIndex } from '../search/pagefind-index.js';

export interface DevOptions {
  site: string;
  /** Reports each rebuild (for the terminal). */
  onBuild?: (outcome: BuildOutcome) => void;
}

export type BuildOutcome =
  | { ok: true; result: BuildResult; ms: number }
  | { ok: false; errors: CasebookError[]; internal?: Error; ms: number };

type FileMap = Map<string, Uint8Array | string>;

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

  constructor(private readonly opts: DevOptions) {}

  onChange(listener: (version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Rebuilds now, or once more after the running rebuild if one is under way. `changed` are the
   * files the watcher saw: a changed image makes the posts that use it render again (their image
   * sizes may have changed even though the Markdown did not).
   */
  rebuild(changed: string[] = []): Promise<void> {
    for (const file of changed) {
      if (!/\.(md|markdown)$/i.test(file)) this.cache.forgetUsersOf(file);
    }
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.buildOnce();
      } while (this.again);
      this.running = undefined;
    })();
    return this.running;
  }

  private async buildOnce(): Promise<void> {
    const started = performance.now();
    try {
      // Search is indexed in the background after a rebuild (see scheduleSearch), so an edit is
      // visible without waiting for Pagefind; social cards are left to real builds.
      const result = await build({
        site: this.opts.site, memory: true, drafts: true, future: true, baseUrl: this.baseUrl,
        skip: ['og'], deferSearchIndex: true, cache: this.cache,
      });
      const files: FileMap = new Map(result.files);
      const hasSearch = result.config.search;
      if (hasSearch) for (const [path, data] of this.searchFiles) files.set(path, data);
      this.files = files;
      this.errors = [];
      this.internal = undefined;
      this.lastResult = result;
      this.bump();
      this.opts.onBuild?.({ ok: true, result, ms: performance.now() - started });
      if (hasSearch) this.scheduleSearch(result);
    } catch (e) {
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

  private bump(): void {
    this.version++;
    for (const l of this.listeners) l(this.version);
  }

  /** Rebuilds the Pagefind index once edits settle, then swaps it in without a reload. */
  private scheduleSearch(result: BuildResult): void {
    clearTimeout(this.searchTimer);
    const version = this.version;
    this.searchTimer = setTimeout(async () => {
      if (version <= this.searchVersion) return;
      const pages = [...this.files]
        .filter(([path, data]) => path.endsWith('.html') && typeof data === 'string' && data.includes('data-pagefind-body'))
        .map(([path, data]) => ({ url: '/' + path.replace(/index\.html$/, ''), html: data as string }));
      try {
        const index = await buildSearchIndex(pages, result.config.lang);
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
    clearTimeout(this.searchTimer);
  }
}
