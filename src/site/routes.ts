import type { CasebookError, Warning } from '../errors/index.js';
import { kindPath, kindSpec, type SourcePost } from '../content/index.js';
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

/** Pages Casebook generates that an author's own page may take (the table check skips Casebook's, with a warning). */
const YIELDING_PATHS = ['cv/', 'categories/', 'tags/', 'series/', '404.html'];

/** `_index.md`, or the `index.md` of a folder that is not a bundle: a section's own page. */
function isSectionIndex(post: Pick<SourcePost, 'rel' | 'kind' | 'bundle'>): boolean {
  return /(^|\/)_index\.[^/]+$/.test(post.rel) || (kindSpec(post.kind).list === undefined && !post.bundle && /\/index\.[^/]+$/.test(post.rel));
}

/**
 * Gives each post its path. Clashes are not decided here: the page table (page-table-check.ts)
 * sees every post, page, alias and generated file together and names every source of a clash.
 * With `lenient` (sites made with another tool), a post whose old URL another post already has,
 * or that is a folder or file Casebook generates, moves to its Casebook URL with a warning
 * instead; an author's page on a page Casebook can do without (cv/, tags/, 404.html) keeps it, and
 * a post on its section's index is left for the table to report, as the old tools did.
 */
export function assignPaths(posts: SourcePost[], lenient?: { warnings: Warning[] }): { paths: Map<SourcePost, string>; errors: CasebookError[] } {
  const paths = new Map<SourcePost, string>();
  const owners = new Map<string, SourcePost>();
  for (const post of posts) {
    let path = postPath(post);
    if (lenient && post.outputPath !== undefined) {
      const other = owners.get(fileKey(path));
      const p = path.toLowerCase();
      const keeps = YIELDING_PATHS.includes(p) && kindSpec(post.kind).list === undefined;
      const generated =
        !keeps &&
        (p === '' ||
          generatedClash(p) !== undefined ||
          RESERVED_PATHS.includes(p) ||
          (/^(writing|case-studies|categories|tags|series|search|cv|pagefind|assets)\//.test(p) && !/^(writing|case-studies)\/[^/]+\/$/.test(p)));
      const section = other && (isSectionIndex(other) || isSectionIndex(post));
      if ((other && !section) || generated) {
        const moved = defaultPostPath(post);
        lenient.warnings.push({
          code: 'CB1206',
          message: `/${path} ${other ? `is also the URL of ${other.rel}` : 'is a page Casebook generates'}; "${post.title}" is published at /${moved}.`,
          location: { file: post.file },
        });
        path = moved;
      }
    }
    // Only a lenient build asks who has a URL: a dev rebuild of 10,000 posts need not record it.
    if (lenient) {
      const key = fileKey(path);
      if (!owners.has(key)) owners.set(key, post);
    }
    paths.set(post, path);
  }
  return { paths, errors: [] };
}
