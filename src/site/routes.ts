import { CasebookError, type Warning } from '../errors/index.js';
import { kindPath, type SourcePost } from '../content/index.js';
import { generatedClash, RESERVED_PATHS } from './generated-paths.js';
export { pageFolder } from '../util/page-folder.js';

/** Casebook's own URL for a post or standalone page. */
export function defaultPostPath(post: Pick<SourcePost, 'kind' | 'slug'>): string {
  return kindPath(post.kind, post.slug);
}

/** A post's path: its explicit output path (the old URL of a post from another tool), else Casebook's default. */
export function postPath(post: Pick<SourcePost, 'kind' | 'slug'> & { outputPath?: string | undefined }): string {
  return post.outputPath ?? defaultPostPath(post);
}

/** The file a page path is written to, the key two posts compare by (`a/` and `a/index.html` are one file). */
function fileKey(path: string): string {
  return (path === '' || path.endsWith('/') ? `${path}index.html` : path).toLowerCase();
}

/**
 * Gives each post its path and fails with one error per clash, naming both files.
 * URLs compare case-insensitively: on macOS and Windows hosts `/A/` and `/a/` are one folder.
 * With `lenient` (sites made with another tool), a post whose old URL is taken, or is a page
 * Casebook generates, moves to its Casebook URL with a warning instead.
 */
export function assignPaths(posts: SourcePost[], lenient?: { warnings: Warning[] }): { paths: Map<SourcePost, string>; errors: CasebookError[] } {
  const paths = new Map<SourcePost, string>();
  const owners = new Map<string, SourcePost>();
  const errors: CasebookError[] = [];
  for (const post of posts) {
    let path = postPath(post);
    if (lenient && post.outputPath !== undefined) {
      const other = owners.get(fileKey(path));
      const p = path.toLowerCase();
      const generated = p === '' || generatedClash(p) !== undefined || RESERVED_PATHS.includes(p) || (/^(writing|case-studies|categories|tags|series|search|cv|pagefind|assets)\//.test(p) && !/^(writing|case-studies)\/[^/]+\/$/.test(p));
      if (other || generated) {
        const moved = defaultPostPath(post);
        lenient.warnings.push({
          code: 'CB1206',
          message: `/${path} ${other ? `is also the URL of ${other.rel}` : 'is a page Casebook generates'}; "${post.title}" is published at /${moved}.`,
          location: { file: post.file },
        });
        path = moved;
      }
    }
    const key = fileKey(path);
    const clash = generatedClash(path);
    if (clash !== undefined) {
      const line = post.keyLine('slug');
      errors.push(
        new CasebookError('CB1321', `${post.rel} would be published at /${path}, but Casebook writes /${clash} there.`, {
          file: post.file,
          ...(line ? { line, column: 1 } : {}),
          source: post.source,
        }),
      );
      continue;
    }
    if (post.kind === 'page' && RESERVED_PATHS.includes(path.toLowerCase())) {
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
