import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { SourcePost } from '../content/index.js';
import type { Warning } from '../errors/index.js';
import type { RenderedBody } from '../markdown/render.js';
import type { CardInput } from '../og/card.js';

interface PostEntry {
  mtimeMs: number;
  size: number;
  post: SourcePost;
  /** Warnings the file produced when parsed, replayed when the parse is reused. */
  warnings: Warning[];
  /** Rendered body for one page path (image URLs depend on it; for a legacy body that links to posts by file, the path plus the link index digest). */
  rendered?: { path: string; body: RenderedBody };
}

/**
 * What a long-lived process (the dev server) keeps between builds: parsed and rendered posts by
 * file, and rendered pages by path with the digest of everything they show. A build with a
 * cache re-parses only files whose size or mtime changed and re-renders only pages whose inputs
 * changed; `pagesRendered` in the result says how many that was.
 */
export class BuildCache {
  readonly posts = new Map<string, PostEntry>();
  readonly pages = new Map<string, { key: string; out: { path: string; html: string }[]; cards: [string, CardInput][] }>();
  /** Settings every cached item depends on; a change empties the cache. */
  private settings = '';

  /** Call at the start of a build with everything that shapes every post and page. */
  useSettings(settings: unknown): void {
    const key = digest(settings);
    if (key !== this.settings) {
      this.posts.clear();
      this.pages.clear();
      this.settings = key;
    }
  }

  /**
   * A non-Markdown file changed: forget the posts that use it (an image anywhere, found through
   * their rendered assets) and the posts of its folder (a file that was missing before).
   */
  forgetUsersOf(changed: string): void {
    for (const [file, entry] of this.posts) {
      const uses = entry.rendered?.body.assets.some((a) => a.from === changed);
      if (uses || dirname(file) === dirname(changed)) this.posts.delete(file);
    }
  }
}

export function digest(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}
