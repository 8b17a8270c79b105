import { existsSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { imageSize } from 'image-size';
import { pageFolder } from '../util/page-folder.js';

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

/** A path is local when it has no scheme, is not protocol-relative and not root-relative. */
export function isRelativeAsset(src: string): boolean {
  return !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(src) && !src.startsWith('/') && !src.startsWith('#') && src !== '';
}

const sizeCache = new Map<string, { width?: number; height?: number; mtime: number }>();

function dimensions(file: string): { width?: number; height?: number } {
  const mtime = statSync(file).mtimeMs;
  const hit = sizeCache.get(file);
  if (hit && hit.mtime === mtime) return hit;
  let result: { width?: number; height?: number } = {};
  try {
    const size = imageSize(readFileSync(file));
    if (size.width && size.height) result = { width: size.width, height: size.height };
  } catch {
    // Not an image format image-size reads (or a broken file): render without dimensions.
  }
  sizeCache.set(file, { ...result, mtime });
  return result;
}

/**
 * Resolves `src` relative to the Markdown file and places it beside the page: `./img/a.png` in
 * `/writing/post/` becomes `/writing/post/img/a.png`. Files outside the post's folder go to the
 * page folder under a short digest so two `../a.png` from different places never collide.
 * Returns undefined when the file does not exist.
 */
export function resolveImage(src: string, markdownFile: string, pagePath: string, base: string): ResolvedImage | undefined {
  const clean = decodeURIComponent(src.split(/[?#]/)[0]!);
  const from = resolve(dirname(markdownFile), clean);
  if (!existsSync(from) || !statSync(from).isFile()) return undefined;
  const inside = relative(dirname(markdownFile), from);
  const sub = inside.startsWith('..') || inside.includes(':')
    ? `${createHash('sha256').update(from).digest('hex').slice(0, 8)}-${basename(from)}`
    : inside.split(sep).join('/');
  const to = `${pageFolder(pagePath.replace(/^\//, ''))}${sub}`;
  return { url: `${base}${to.split('/').map(encodeURIComponent).join('/')}`, ...dimensions(from), asset: { from, to } };
}
