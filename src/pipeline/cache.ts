import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { discoverContent, MARKDOWN_EXTENSIONS, type ContentFile, type SourcePost } from '../content/index.js';
import type { Warning } from '../errors/index.js';
import type { RenderedBody } from '../markdown/render.js';
import type { ModelMemo, PageTableMemo, Post } from '../site/index.js';
import { realOrParent } from '../util/site-bounds.js';

interface PostEntry {
  mtimeMs: number;
  size: number;
  post: SourcePost;
  /** Warnings the file produced when parsed, replayed when the parse is reused. */
  warnings: Warning[];
  /** Rendered body for one page path (image URLs depend on it; for a foreign body that links to posts by file, the path plus the link index digest). */
  rendered?: { path: string; body: RenderedBody };
  /** The Post last built from this entry, reused while its source, path and body are the same. */
  built?: Post;
}

/**
 * What a long-lived process (the dev server) keeps between builds: parsed and rendered posts by
 * file, and rendered pages by path with the digest of everything they show. A build with a
 * cache re-parses only files whose size or mtime changed and re-renders only pages whose inputs
 * changed; `pagesRendered` in the result says how many that was.
 */
export class BuildCache {
  readonly posts = new Map<string, PostEntry>();
  readonly pages = new Map<string, { key: string; out: { path: string; html: string | Uint8Array }[] }>();
  /** The last page table that checked clean (checkPageTableOnce). */
  readonly pageTable: PageTableMemo = {};
  /** What the site model keeps between builds (the related-posts assignment). */
  readonly model: ModelMemo = { relatedKeys: new WeakMap() };
  /** Settings every cached item depends on; a change empties the cache. */
  private settings = '';
  /** The content files the last build found, and where it looked. */
  private listing: { dir: string; entries: ContentFile[]; files: Set<string> } | undefined;

  /** Call at the start of a build with everything that shapes every post and page. */
  useSettings(settings: unknown): void {
    const key = digest(settings);
    if (key !== this.settings) {
      this.posts.clear();
      this.pages.clear();
      this.listing = undefined;
      this.settings = key;
    }
  }

  /** Records the content files a build found under `dir`. */
  remember(dir: string, entries: ContentFile[]): void {
    // A dev rebuild that trusted the last listing hands it back: its set of 10,000 files stands.
    if (this.listing?.dir === dir && this.listing.entries === entries) return;
    this.listing = { dir, entries, files: new Set(entries.map((e) => e.file)) };
  }

  /**
   * The content files of the last build, if `changed` (every path that changed since, as the dev
   * watcher reports them) cannot have added or removed one: only existing Markdown files were
   * edited, or files that are not Markdown. Anything else (a new or deleted post, a folder)
   * means listing the folder again.
   */
  listingAfter(dir: string, changed: readonly string[]): ContentFile[] | undefined {
    const last = this.listing;
    if (!last || last.dir !== dir) return undefined;
    for (const path of changed) {
      if (!path.startsWith(dir + sep)) continue;
      let isFile: boolean | undefined;
      try {
        const s = statSync(path);
        if (s.isDirectory()) return undefined;
        isFile = s.isFile();
      } catch {
        isFile = undefined;
      }
      const markdown = MARKDOWN_EXTENSIONS.some((x) => path.toLowerCase().endsWith(x));
      if (isFile === undefined) {
        // Gone: a post, or a folder that held some.
        if (last.files.has(path) || last.entries.some((e) => e.file.startsWith(path + sep))) return undefined;
      } else if (markdown && !last.files.has(path)) return undefined;
    }
    return last.entries;
  }

  /**
   * Whether the content folder differs from what the cache holds: a post added, removed or
   * changed that no build has seen (the dev session checks after builds that trusted the watcher).
   */
  async differsOnDisk(): Promise<boolean> {
    const last = this.listing;
    if (!last) return false;
    const now = await discoverContent(last.dir);
    if (now.length !== last.entries.length || now.some((e, i) => e.file !== last.entries[i]!.file)) return true;
    for (const { file } of now) {
      const hit = this.posts.get(file);
      if (!hit) return true;
      try {
        const s = statSync(file);
        if (s.mtimeMs !== hit.mtimeMs || s.size !== hit.size) return true;
      } catch {
        return true;
      }
    }
    return false;
  }

  /**
   * A non-Markdown file changed: forget the posts that use it (an image anywhere, found through
   * their rendered assets, or a folder or static file that left a link as written) and the posts
   * of its folder (a file that was missing before).
   */
  forgetUsersOf(changed: string): void {
    // Also by real path: the watcher names files as the site was given (a link to it), a body
    // from the disk cache as the build that rendered it did.
    let real: string | undefined;
    const name = basename(changed);
    // Real paths are asked only of paths with the changed file's name: a rebuild of a large site
    // would otherwise ask for every image of every post.
    const isChanged = (path: string) =>
      path === changed || path.startsWith(changed + sep) || (basename(path) === name && (real ??= realOrParent(changed)) === realOrParent(path));
    for (const [file, entry] of this.posts) {
      const body = entry.rendered?.body;
      const uses = body?.assets.some((a) => isChanged(a.from)) || body?.probes?.some((p) => isChanged(p.path));
      if (uses || dirname(file) === dirname(changed)) this.posts.delete(file);
    }
  }
}

export function digest(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}
