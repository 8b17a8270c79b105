import { fileForPath, type MemorySink, type OutputSink } from '../output/index.js';
import type { RenderContext } from '../render/context.js';
import type { RenderedPage } from '../render/pages.js';
import type { BuildCache } from './cache.js';
import { keyDigest, type PageManifest } from './page-manifest.js';

/** Marks a path already written to (or linked into) the sink while pages were rendered. */
export const IN_SINK = Symbol('in sink');
export type FileData = string | Uint8Array | { copyFrom: string; within?: string | undefined } | typeof IN_SINK;

/** A page or feed in the output: its site path, whether the search index takes it, and its HTML while needed. */
export interface PageRef {
  path: string;
  indexed: boolean;
  /** Kept only when the search index will read it; undefined for a page taken from the previous output. */
  html: string | undefined;
}

export interface PageCacheOptions {
  ctx: RenderContext;
  sink: OutputSink;
  /** What every page shows (header, footer, head): the start of every key. */
  globalKey: string;
  cache: BuildCache | undefined;
  manifest: PageManifest | undefined;
  deferred: MemorySink | undefined;
  /** The search index will read pages' HTML: keep it. */
  keepHtml: boolean;
}

/**
 * Renders a page unless a cache holds it with the same key. The key is the table entry's
 * `shows()` (exactly what the page shows) after what every page shows, so nothing here knows
 * what any page shows: an edit re-renders the pages that show it, nothing else. In dev the cache
 * is in memory and pages render when first asked for; a disk build takes unchanged pages (and
 * social cards, entries of their own) from the previous output through the manifest.
 */
export class PageCache {
  /** Ids (page or feed paths) of what was actually rendered; the rest came from a cache. */
  readonly rendered: string[] = [];
  readonly files = new Map<string, FileData>();
  readonly writes: Promise<void>[] = [];

  constructor(private readonly o: PageCacheOptions) {}

  page(id: string, shows: () => unknown, render: () => RenderedPage): PageRef[] {
    if (this.o.deferred) return this.defer(id, shows, render);
    // With neither cache a key would be compared with nothing (a build with --no-cache): at 1,000
    // posts making them took 15 ms (JSON of what each page shows, digests of every card).
    const k = this.o.cache || this.o.manifest ? this.fullKey(shows) : '';
    const hit = this.fromCache(id, k);
    if (hit) return this.emit(hit);
    const manifest = this.o.manifest;
    const kd = manifest ? keyDigest(k) : '';
    const previous = manifest?.reusable(id, kd);
    if (previous) {
      this.takePrevious(previous.files);
      return previous.pages.map(([path, indexed]) => ({ path, indexed, html: undefined }));
    }
    const refs = this.emit(this.renderNow(id, k, render));
    manifest?.rendered(
      id,
      kd,
      refs.map((r) => [r.path, r.indexed]),
      refs.map((r) => fileForPath(r.path)),
    );
    return refs;
  }

  /**
   * An entry that is one file, not a page (a social card): keyed like a page, so an unchanged one
   * is taken from the previous output; otherwise `make` produces it.
   */
  async file(outFile: string, shows: () => unknown, make: () => Promise<Uint8Array>): Promise<void> {
    const manifest = this.o.manifest;
    const kd = manifest ? keyDigest(this.fullKey(shows)) : '';
    const previous = manifest?.reusable(outFile, kd);
    if (previous) return this.takePrevious(previous.files);
    this.files.set(outFile, await make());
    manifest?.rendered(outFile, kd, [], [outFile]);
  }

  /** Files of the previous build that are still right: linked into the new output, not written. */
  takePrevious(previous: string[]): void {
    for (const file of previous) {
      this.writes.push(this.o.sink.link(file, this.o.manifest!.previousFile(file)));
      this.files.set(file, IN_SINK);
    }
  }

  // The key itself is kept and compared: cheaper than hashing it on every rebuild.
  private fullKey(shows: () => unknown): string {
    return this.o.globalKey + JSON.stringify(shows());
  }

  /**
   * Pages go to the sink as soon as they exist, so the whole site's HTML is never in memory at
   * once; only pages the search index still has to read keep theirs.
   */
  private emit(out: RenderedPage[]): PageRef[] {
    const { keepHtml, manifest, sink } = this.o;
    return out.map((page) => {
      const file = fileForPath(page.path);
      this.writes.push(sink.write(file, page.html));
      this.files.set(file, IN_SINK);
      // Only a disk build's manifest and the search index ask; dev skips scanning every page. A
      // feed (bytes) is never indexed, whatever its posts hold.
      const html = typeof page.html === 'string' ? page.html : undefined;
      const indexed = (keepHtml || !!manifest) && html !== undefined && html.includes('data-pagefind-body');
      return { path: page.path, indexed, html: keepHtml && indexed ? html : undefined };
    });
  }

  /** The pages of `id` from the in-memory cache, if their key is `k`. */
  private fromCache(id: string, k: string): RenderedPage[] | undefined {
    const hit = this.o.cache?.pages.get(id);
    return hit && hit.key === k ? hit.out : undefined;
  }

  private renderNow(id: string, k: string, render: () => RenderedPage): RenderedPage[] {
    const out = [render()];
    this.rendered.push(id);
    this.o.cache?.pages.set(id, { key: k, out });
    return out;
  }

  /**
   * Dev: the page is rendered (or taken from the in-memory cache) when it is first requested,
   * key included, so an edit costs the model and the one page the browser asks for, not
   * fourteen thousand keys.
   */
  private defer(id: string, shows: () => unknown, render: () => RenderedPage): PageRef[] {
    let out: RenderedPage[] | undefined;
    const file = fileForPath(id);
    this.files.set(file, IN_SINK);
    this.o.deferred!.defer(file, () => {
      if (!out) {
        const k = this.fullKey(shows);
        out = this.fromCache(id, k) ?? this.renderNow(id, k, render);
      }
      return out[0]!.html;
    });
    return [{ path: id, indexed: false, html: undefined }];
  }
}
