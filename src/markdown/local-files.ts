import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { decodeHtmlEntities, escapeHtml } from '../util/escape.js';
import { imageFilePath, isRelativeAsset } from './images.js';
import { mapSrcset } from '../util/srcset.js';

/**
 * Files a post of Casebook's own site names by a relative path, beyond its Markdown images: what
 * a link or a raw HTML media element points at is published beside the page like an image, so
 * that a bundle's `slides.pdf` or `clip.mp4` reaches the reader instead of a 404. Sites made with
 * another tool keep their own rules (`foreign/bundle-files.ts`).
 */

/**
 * How a relative reference is published: as an image (CB1030/CB1310), or as a file (CB1035/CB1315)
 * that a media element plays (`file`) or a link points at (`link`, which may name a folder: a
 * page link, left as written).
 */
export type LocalRefKind = 'image' | 'file' | 'link';

/**
 * Targets of links that are pages, not files: other posts by their source (`./other.md`), and
 * built pages (`../other/index.html`). They are left as written, as before.
 */
const PAGE_EXTENSION = /\.(?:md|markdown|html?)$/i;
/**
 * A file name's extension: up to ten letters and digits with at least one letter, so `slides.pdf`
 * and `clip.mp4` are files while `../release-1.2` and `../node-v20.10` (a slug with a version in
 * it) stay page links.
 */
const EXTENSION = /\.(?=[a-z0-9]*[a-z])[a-z0-9]{1,10}$/i;

/**
 * True when a link's target (Markdown `[x](…)`, a reference definition, `<a href>`, `<area href>`)
 * names a file to publish: a relative path (no scheme, not `/…`, `#…` or `?…`) whose last segment
 * has an extension, and is not a page (`.md`, `.markdown`, `.html`, `.htm`). A folder
 * (`../other/`) or a name without an extension (`../other-post`) is a page link, left as written.
 */
export function isFileLink(href: string): boolean {
  if (!isRelativeAsset(href) || href.startsWith('?')) return false;
  const path = imageFilePath(href);
  const name = path.slice(path.lastIndexOf('/') + 1);
  return EXTENSION.test(name) && !PAGE_EXTENSION.test(name);
}

/** `?query#fragment` of a reference, kept on the published URL (`slides.pdf#page=3`, `clip.mp4#t=10`). */
export function suffixOf(src: string): string {
  const at = src.search(/[?#]/);
  return at < 0 ? '' : src.slice(at);
}

/** What a path held when a reference to it was left as written; a render cache entry holds only while each is the same. */
export type PathState = 'file' | 'folder' | 'none' | 'other';

/** A path whose state decided that a reference was left as written, not published (`RenderedBody.probes`). */
export interface Probe {
  path: string;
  is: PathState;
}

/** What `path` holds now. A path no file system takes (a NUL, a name too long, a file used as a folder, a link loop) holds nothing. */
export function pathState(path: string): PathState {
  if (path.includes('\0')) return 'none';
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st === undefined ? 'none' : st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'none';
  }
}

/**
 * What decides that a link naming no file beside the post is left as written, or undefined when
 * nothing does (a missing file: CB1035). `[notes](../notes.v2)` naming a folder (a page bundle)
 * is a page link even with a dot in its name. A link that reaches a file of the site's `static/`
 * folder as the browser reads it from the page (`[cv](../../files/cv.pdf)` reaches
 * `static/files/cv.pdf` on the built site) worked before linked files were published. The paths
 * asked are returned with what they held, so a cached rendering is not reused once they change
 * (the folder became a file, the static file went).
 */
export function leftAsWritten(src: string, markdownFile: string, page: { path: string; base: string }, siteRoot: string | undefined): Probe[] | undefined {
  const beside = resolve(dirname(markdownFile), imageFilePath(src));
  const here = pathState(beside);
  if (here === 'folder') return [{ path: beside, is: here }];
  const served = staticFileOf(src, page, siteRoot);
  return served
    ? [
        { path: beside, is: here },
        { path: served, is: 'file' },
      ]
    : undefined;
}

/** `.gitkeep` and `.keep` (which `casebook init` writes so git keeps an empty folder): for git, never published from static/. */
export function isKeepFile(path: string): boolean {
  return /(^|[\\/])\.(gitkeep|keep)$/.test(path);
}

/** The URL of `file` when it lies in the site's `static/` folder (which is published as it is), else undefined. */
export function staticUrlOf(file: string, siteRoot: string | undefined, base: string): string | undefined {
  if (!siteRoot) return undefined;
  const staticDir = join(siteRoot, 'static');
  if (!file.startsWith(staticDir + sep) || isKeepFile(file)) return undefined;
  return (
    base +
    file
      .slice(staticDir.length + 1)
      .split(sep)
      .map(encodeURIComponent)
      .join('/')
  );
}

/**
 * The file of `static/` that `src` names as the browser reads it from the page (`/writing/post/`
 * under the site's base path), if there is one. A path that climbs above the base path, or whose
 * part holds an encoded slash (`..%2Ffiles`, one name to a host), names none.
 */
function staticFileOf(src: string, page: { path: string; base: string }, siteRoot: string | undefined): string | undefined {
  if (!siteRoot) return undefined;
  try {
    const url = new URL(src, `http://site${page.base}${page.path.replace(/^\/+/, '')}`);
    if (!url.pathname.startsWith(page.base)) return undefined;
    const parts = url.pathname.slice(page.base.length).split('/').map(decodeURIComponent);
    if (parts.some((p) => p.includes('/') || p.includes('\\') || p === '..')) return undefined;
    if (isKeepFile(parts[parts.length - 1] ?? '')) return undefined;
    const staticDir = join(siteRoot, 'static');
    const file = join(staticDir, ...parts);
    return file.startsWith(staticDir + sep) && pathState(file) === 'file' ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What each attribute of the raw HTML the policy lets through loads or links: an image, every
 * candidate of a srcset, a media file, or a link (a file only when `isFileLink` says so). The
 * policy drops `<embed>` and `<object>`, so they never get here.
 */
const HTML_REFS: Record<string, Record<string, 'image' | 'srcset' | 'file' | 'link'>> = {
  img: { src: 'image', srcset: 'srcset' },
  // `src` is a video's or audio's source; `srcset` a picture's.
  source: { src: 'file', srcset: 'srcset' },
  video: { src: 'file', poster: 'image' },
  audio: { src: 'file' },
  track: { src: 'file' },
  a: { href: 'link' },
  area: { href: 'link' },
};
const TAG = /<(img|source|video|audio|track|a|area)\b[^>]*>/gi;
// The policy writes every attribute double-quoted, with & and " as entities, and names lowercased.
const ATTR = /(\s)(src|srcset|poster|href)="([^"]*)"/gi;

/**
 * Rewrites the relative file references of a post's raw HTML (after the policy ran) to the URLs
 * `publish` returns for them; `publish` returns undefined to leave one as written (a link to a
 * folder) and throws for a file that is missing or outside the site.
 */
export function rewriteLocalRefs(html: string, publish: (src: string, kind: LocalRefKind) => string | undefined): string {
  if (!/<(?:img|source|video|audio|track|a|area)\b/i.test(html)) return html;
  return html.replace(TAG, (tag, name: string) => {
    const refs = HTML_REFS[name.toLowerCase()]!;
    return tag.replace(ATTR, (whole, space: string, attr: string, value: string) => {
      const role = refs[attr.toLowerCase()];
      if (!role) return whole;
      const src = decodeHtmlEntities(value).trim();
      const url = role === 'srcset' ? publishSrcset(src, publish) : publishOne(src, role, publish);
      return url === undefined ? whole : `${space}${attr}="${escapeHtml(url)}"`;
    });
  });
}

function publishOne(src: string, role: 'image' | 'file' | 'link', publish: (src: string, kind: LocalRefKind) => string | undefined): string | undefined {
  if (role === 'link') return isFileLink(src) ? publish(src, 'link') : undefined;
  return isRelativeAsset(src) ? publish(src, role) : undefined;
}

/** Each candidate of a srcset ("a.png 1x, b.png 2x", read as HTML reads it): the browser picks one, so every one is published and must exist. */
function publishSrcset(value: string, publish: (src: string, kind: LocalRefKind) => string | undefined): string {
  return mapSrcset(value, (url) => (isRelativeAsset(url) ? publish(url, 'image') : undefined) ?? url);
}

/**
 * " Did you mean …?" when the file `src` names is missing but its folder holds one whose name
 * differs only in letter case (`Slides.pdf` for `slides.pdf`): it works on a laptop that ignores
 * case and is a 404 on most hosts. Empty otherwise.
 */
export function caseHint(src: string, markdownFile: string): string {
  const path = imageFilePath(src);
  if (path.includes('\0')) return '';
  const wanted = basename(path);
  try {
    const twin = readdirSync(resolve(dirname(markdownFile), dirname(path))).find((n) => n !== wanted && n.toLowerCase() === wanted.toLowerCase());
    return twin ? ` Did you mean "${path.slice(0, path.length - wanted.length)}${twin}"? Letter case counts on most hosts.` : '';
  } catch {
    return '';
  }
}
