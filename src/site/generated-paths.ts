import { pageFolder } from '../util/page-folder.js';

/**
 * Every name the build writes on its own, in one place: the build checks posts and aliases
 * against it, and the importer plans around it, so neither can produce a site the other rejects.
 */

/** Files at the root of the site. */
export const GENERATED_FILES = [
  'index.html',
  '404.html',
  'feed.xml',
  'atom.xml',
  'feed.json',
  'sitemap.xml',
  'robots.txt',
  'resume.json',
  '_redirects',
  'favicon.svg',
];

/** Files in the folder of every page: the page itself and its social card. */
export const PAGE_FILES = ['index.html', 'og.png'];

/** Files in the folder of every tag and category: its feeds. */
export const TERM_FILES = ['feed.xml', 'atom.xml'];

/** Folders the site generates; a standalone page at the root may not take one of them. */
export const RESERVED_PATHS = ['writing/', 'case-studies/', 'categories/', 'tags/', 'series/', 'cv/', 'search/', 'assets/', 'pagefind/', 'page/'];

/** Folders whose whole content is generated (styles and scripts, the search index): nothing else may go inside. */
export const GENERATED_TREES = ['assets/', 'pagefind/'];

/**
 * Folders that hold only generated pages (term, series and section pages, list pagination); an
 * importer keeps old URLs out of them, since a later tag or post could claim any name inside.
 */
export const GENERATED_PREFIXES = [
  'tags/',
  'categories/',
  'series/',
  'writing/page/',
  'case-studies/sections/',
  'search/',
  'cv/',
  'pagefind/',
  'assets/',
  'page/',
];

/**
 * A folder path that clashes with nothing generated: every generated file's name has a dot or an
 * underscore, and the path is not inside a generated tree (see generatedClash).
 */
const PLAIN_FOLDER = new RegExp(`^(?!(?:${GENERATED_TREES.map((t) => t.slice(0, -1)).join('|')})/)[^._]+/$`, 'i');

/**
 * The generated file or folder that a site path (`a/b/` for a page, `a/b.html` for a file)
 * would collide with, or undefined. A collision is the same file, or a generated file that would
 * have to be a folder (`feed.xml/index.html` next to `/feed.xml`), or a path inside a generated tree.
 * Case-insensitive: on macOS and Windows `/Feed.xml` and `/feed.xml` are one file.
 */
export function generatedClash(path: string): string | undefined {
  // Almost every page of a site: a folder path with no dot or underscore in it (no generated file
  // is named without one) and not inside a generated tree. Asked for every page of every build.
  if (PLAIN_FOLDER.test(path)) return undefined;
  const file = (path === '' || path.endsWith('/') ? `${path}index.html` : path).toLowerCase();
  const segments = file.split('/');
  const last = segments.length - 1;
  if (last === 0 && GENERATED_FILES.includes(file)) return file;
  // Where segment i ends in `file`; the path up to it is cut only for the answer (the build asks for every page).
  let end = -1;
  for (let i = 0; i < last; i++) {
    const name = segments[i]!;
    end += name.length + 1;
    // A folder named like a file that the build writes in its parent folder.
    if ((i === 0 && GENERATED_FILES.includes(name)) || PAGE_FILES.includes(name)) return file.slice(0, end);
    if (i === 2 && (segments[0] === 'tags' || segments[0] === 'categories') && TERM_FILES.includes(name)) return file.slice(0, end);
  }
  // A file named like a card (`x/og.png`) or a term feed (`tags/go/feed.xml`).
  if (last > 0 && segments[last] === 'og.png') return file;
  if (last === 2 && (segments[0] === 'tags' || segments[0] === 'categories') && TERM_FILES.includes(segments[last]!)) return file;
  for (const tree of GENERATED_TREES) if (file.startsWith(tree)) return tree;
  return undefined;
}

/** For an importer planning new URLs: also keeps clear of folders whose pages the build may add later. */
export function isGeneratedPath(path: string): boolean {
  const p = path.toLowerCase();
  return p === '' || RESERVED_PATHS.includes(p) || generatedClash(p) !== undefined || GENERATED_PREFIXES.some((prefix) => p.startsWith(prefix));
}

/** The file a site path is written to: a page's folder gets its index.html (`a/` → `a/index.html`). */
export function fileForSitePath(path: string): string {
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

/** Where a page's generated social card lives: beside the page (`writing/x/` → `writing/x/og.png`). */
export function cardPath(pagePath: string): string {
  return `${pageFolder(pagePath)}og.png`;
}
