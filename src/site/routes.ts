import { CasebookError } from '../errors/index.js';
import type { SourcePost } from '../content/index.js';

export function postPath(post: Pick<SourcePost, 'kind' | 'slug'>): string {
  if (post.kind === 'page') return `${post.slug}/`;
  return post.kind === 'article' ? `writing/${post.slug}/` : `case-studies/${post.slug}/`;
}

/** Folders the site generates itself; a standalone page at the root may not take one of them. */
export const RESERVED_PATHS = [
  'writing/', 'case-studies/', 'categories/', 'tags/', 'series/', 'cv/', 'search/', 'assets/', 'pagefind/', 'page/',
];

/**
 * Gives each post its path and fails with one error per clash, naming both files.
 * URLs compare case-insensitively: on macOS and Windows hosts `/A/` and `/a/` are one folder.
 */
export function assignPaths(posts: SourcePost[]): { paths: Map<SourcePost, string>; errors: CasebookError[] } {
  const paths = new Map<SourcePost, string>();
  const owners = new Map<string, SourcePost>();
  const errors: CasebookError[] = [];
  for (const post of posts) {
    const path = postPath(post);
    const key = path.toLowerCase();
    if (post.kind === 'page' && RESERVED_PATHS.includes(key)) {
      const line = post.keyLine('slug');
      errors.push(
        new CasebookError('CB1024', `The page ${post.rel} would take /${path}, which Casebook generates itself.`, {
          file: post.file,
          ...(line ? { line, column: 1 } : {}),
          source: post.source,
        }),
      );
      continue;
    }
    const other = owners.get(key);
    if (other) {
      // Point at the file whose explicit `slug` caused the clash, if one of them has it.
      const blamed = !post.keyLine('slug') && other.keyLine('slug') ? other : post;
      const line = blamed.keyLine('slug');
      errors.push(
        new CasebookError('CB1020', `/${path} is produced by both ${other.rel} and ${post.rel}.`, {
          file: blamed.file,
          ...(line ? { line, column: 1 } : {}),
          source: blamed.source,
        }),
      );
      continue;
    }
    owners.set(key, post);
    paths.set(post, path);
  }
  return { paths, errors };
}
