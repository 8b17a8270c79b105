import type { Asset, ImageFormat, ResolvedImage } from './images.js';
import { fitSegment } from '../util/slug.js';

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Which sizes and formats of a local raster image a page offers. The files themselves are made by
 * the build (src/pipeline/image-encoder.ts) from the `encode` recipe each asset carries, so rendering
 * stays pure and cacheable: the markup only depends on the image's path and dimensions.
 */

/** The theme's default content column is 46rem (736 px); twice that serves 2× screens. */
const CONTENT_WIDTH = 736;
export const IMAGE_WIDTHS = [480, CONTENT_WIDTH, 1104, CONTENT_WIDTH * 2] as const;
/** A page column on a phone is the viewport less the 1.25rem padding either side. */
export const IMAGE_SIZES = '(min-width: 48.5rem) 46rem, calc(100vw - 2.5rem)';

const RASTER: Record<string, ImageFormat> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp', avif: 'avif' };

/** The format an image is re-encoded in as its fallback, or undefined for files that pass through (SVG, GIF, …). */
export function rasterFormat(file: string): ImageFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase();
  return ext ? RASTER[ext] : undefined;
}

/** Widths offered for an image `width` pixels wide: the standard steps below it, and itself when under the top step. Never upscaled. */
export function widthsFor(width: number): number[] {
  const top = CONTENT_WIDTH * 2;
  const out: number[] = IMAGE_WIDTHS.filter((w) => w < width);
  out.push(Math.min(width, top));
  return [...new Set(out)];
}

export interface ResponsiveImage {
  /** The `<img>` fallback: the original format at the largest offered width. */
  src: string;
  width: number;
  height: number;
  /** `srcset` per MIME type, modern formats first. */
  sources: { type: string; srcset: string }[];
  fallbackSrcset: string;
  assets: Asset[];
}

const MIME: Record<ImageFormat, string> = { avif: 'image/avif', webp: 'image/webp', png: 'image/png', jpeg: 'image/jpeg' };

/**
 * The variants of a resolved image: AVIF and WebP plus the original format at each width, written
 * beside the page as `name-<width>.<ext>`. Undefined for images that pass through unchanged.
 */
export function responsiveImage(found: ResolvedImage): ResponsiveImage | undefined {
  const original = rasterFormat(found.asset.from);
  if (!original || !found.width || !found.height) return undefined;
  const widths = widthsFor(found.width);
  // `-1472.avif` is added to the name: a name near the 255-byte limit is shortened (with a hash)
  // so every variant's file name fits.
  const cut = (path: string, encode: (s: string) => string) => {
    const slash = path.lastIndexOf('/') + 1;
    const name = path.slice(slash).replace(/\.[^./]+$/, '');
    const decoded = encode === encodeURIComponent ? safeDecode(name) : name;
    return path.slice(0, slash) + (Buffer.byteLength(decoded) > 200 ? encode(fitSegment(decoded, 200)) : name);
  };
  const stem = cut(found.asset.to, (x) => x);
  const urlStem = cut(found.url, encodeURIComponent);
  const formats: ImageFormat[] = [...new Set<ImageFormat>(['avif', 'webp', original])];
  const assets: Asset[] = [];
  const srcsetOf = (format: ImageFormat) =>
    widths
      .map((w) => {
        const ext = format === 'jpeg' ? 'jpg' : format;
        assets.push({ from: found.asset.from, to: `${stem}-${w}.${ext}`, encode: { width: w, format } });
        return `${urlStem}-${w}.${ext} ${w}w`;
      })
      .join(', ');
  const sources = formats.filter((f) => f !== original).map((f) => ({ type: MIME[f], srcset: srcsetOf(f) }));
  const fallbackSrcset = srcsetOf(original);
  const top = widths[widths.length - 1]!;
  const ext = original === 'jpeg' ? 'jpg' : original;
  return {
    src: `${urlStem}-${top}.${ext}`,
    width: top,
    height: Math.round((found.height * top) / found.width),
    sources,
    fallbackSrcset,
    assets,
  };
}
