import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { imageSize } from 'image-size';
import { pageFolder } from '../util/page-folder.js';
import { SiteBounds } from '../util/site-bounds.js';

export type ImageFormat = 'avif' | 'webp' | 'png' | 'jpeg';

export interface Asset {
  /** Absolute source path. */
  from: string;
  /** Output path relative to the site root, no leading slash. */
  to: string;
  /** A resized, re-encoded variant of `from` (responsive images) instead of a copy. */
  encode?: { width: number; format: ImageFormat };
}

export interface ResolvedImage {
  url: string;
  width?: number;
  height?: number;
  asset: Asset;
}

/**
 * A path is local when it has no scheme, is not protocol-relative and not root-relative. A
 * leading backslash counts as a slash, as browsers read it in http(s) URLs (`\\host\x` is another
 * host, `\files\x` the site's root).
 */
export function isRelativeAsset(src: string): boolean {
  return !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(src) && !src.startsWith('/') && !src.startsWith('\\') && !src.startsWith('#') && src !== '';
}

/** An image path that leads out of the site folder, as written or through a symbolic link. */
export class ImageOutsideSite extends Error {
  constructor(
    readonly src: string,
    readonly target: string,
  ) {
    super(`The image "${src}" leads outside the site folder.`);
    this.name = 'ImageOutsideSite';
  }
}

const sizeCache = new Map<string, { width?: number; height?: number; mtime: number }>();

function dimensions(file: string): { width?: number; height?: number } {
  const mtime = statSync(file).mtimeMs;
  const hit = sizeCache.get(file);
  if (hit && hit.mtime === mtime) return hit;
  let result: { width?: number; height?: number } = {};
  try {
    const size = imageSize(readFileSync(file));
    // EXIF orientations 5–8 turn the picture a quarter: shown (and re-encoded) upright, it is as
    // wide as the stored pixels are high.
    const turned = (size.orientation ?? 1) >= 5;
    if (size.width && size.height) result = turned ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
  } catch {
    // Not an image format image-size reads (or a broken file): render without dimensions.
  }
  sizeCache.set(file, { ...result, mtime });
  return result;
}

const boundsByRoot = new Map<string, SiteBounds>();

/** One SiteBounds per site folder and thread (RenderInput crosses to workers as plain data). */
export function boundsOf(siteRoot: string): SiteBounds {
  let b = boundsByRoot.get(siteRoot);
  if (!b) boundsByRoot.set(siteRoot, (b = new SiteBounds(siteRoot)));
  return b;
}

/** A path that names an image by its extension. */
export const IMAGE_PATH = /\.(?:png|jpe?g|gif|webp|avif|svg|bmp|ico|tiff?)$/i;

/**
 * The file path an image `src` names, as the browser would read the URL: query and fragment
 * dropped, percent-escapes decoded (a malformed one kept as written), and backslashes taken as
 * slashes, so `..%2f` and `..\` climb exactly like `../`.
 */
export function imageFilePath(src: string): string {
  const path = src.split(/[?#]/)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = path;
  }
  return decoded.replace(/\\/g, '/');
}

/**
 * Resolves `src` relative to the Markdown file and places it beside the page: `./img/a.png` in
 * `/writing/post/` becomes `/writing/post/img/a.png`. Files outside the post's folder go to the
 * page folder under a short digest of their path in the site (not on the machine: the URL is the
 * same wherever the site is built), so two `../a.png` from different places never collide.
 * Returns undefined when the file does not exist; throws ImageOutsideSite when the path (or a
 * symbolic link on the way) leads out of `siteRoot`, whether or not the file there exists.
 */
export function resolveImage(src: string, markdownFile: string, pagePath: string, base: string, siteRoot: string): ResolvedImage | undefined {
  const from = resolve(dirname(markdownFile), imageFilePath(src));
  if (from.includes('\0')) return undefined;
  const place = boundsOf(siteRoot).place(from);
  if (place.kind === 'outside') throw new ImageOutsideSite(src, place.real);
  if (place.kind === 'missing' || !statSync(place.real).isFile()) return undefined;
  const inside = relative(dirname(markdownFile), from);
  const sub =
    inside.startsWith('..') || inside.includes(':')
      ? `${createHash('sha256').update(relative(siteRoot, from).split(sep).join('/')).digest('hex').slice(0, 8)}-${basename(from)}`
      : inside.split(sep).join('/');
  const to = `${pageFolder(pagePath.replace(/^\//, ''))}${sub}`;
  return { url: `${base}${to.split('/').map(encodeURIComponent).join('/')}`, ...dimensions(from), asset: { from, to } };
}
