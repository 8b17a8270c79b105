import { Resvg } from '@resvg/resvg-js';
import type { Face } from './fonts.js';

/**
 * Each glyph drawn once, by resvg, as a mask of coverage (0–255), then stamped onto every card
 * that uses it. A card's text is a few dozen glyphs from the same few hundred; drawing every
 * card's outlines anew took resvg about 15 ms a card. A glyph is drawn at four horizontal
 * offsets, a quarter of a pixel apart, so that text keeps its spacing (pen positions are
 * rounded to the nearest quarter); vertical positions are rounded to whole pixels.
 */
export const PHASES = 4;

export interface Mask {
  /** Where the mask's top left pixel lies relative to the glyph's origin rounded down. */
  left: number;
  top: number;
  width: number;
  height: number;
  alpha: Uint8Array;
  /** Per row, the first column with ink and the one after the last (equal when the row has none). */
  inkFrom: Uint16Array;
  inkTo: Uint16Array;
}

const masks = new Map<string, Mask | null>();

/** resvg's options for the cards' drawings: paths only, so no fonts (loading the system's took 3.7 ms a render). */
export const RESVG = { font: { loadSystemFonts: false } };

/** The glyph's outline as SVG path data in font units, y up (HarfBuzz's glyphToPath). */
export function glyphPath(face: Face, id: number): string {
  return face.font.glyphToPath(id);
}

/** The SVG transform that puts a glyph's outline at (x, y) on the baseline at `size` pixels. */
export function glyphTransform(face: Face, size: number, x: number, y: number): string {
  const s = size / face.upem;
  return `matrix(${s} 0 0 ${-s} ${x} ${y})`;
}

/** The mask of glyph `id` at `size` pixels and `phase` quarters of a pixel, or null if it has no ink. */
export function glyphMask(face: Face, id: number, size: number, phase: number): Mask | null {
  const key = `${face.key} ${id} ${size} ${phase}`;
  let mask = masks.get(key);
  if (mask !== undefined) return mask;
  const extents = face.font.glyphExtents(id);
  const d = glyphPath(face, id);
  if (!extents?.width || !extents.height || !d) {
    masks.set(key, null);
    return null;
  }
  const s = size / face.upem;
  const dx = phase / PHASES;
  // HarfBuzz's extents: bearings from the origin, height negative (downwards); a pixel of margin
  // on each side for anti-aliasing.
  const left = Math.floor(dx + extents.xBearing * s) - 1;
  const right = Math.ceil(dx + (extents.xBearing + extents.width) * s) + 1;
  const top = Math.floor(-extents.yBearing * s) - 1;
  const bottom = Math.ceil(-(extents.yBearing + extents.height) * s) + 1;
  const width = right - left;
  const height = bottom - top;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${left} ${top} ${width} ${height}"><path transform="${glyphTransform(face, size, dx, 0)}" d="${d}"/></svg>`;
  const rgba = new Resvg(svg, RESVG).render().pixels;
  const alpha = new Uint8Array(width * height);
  const inkFrom = new Uint16Array(height);
  const inkTo = new Uint16Array(height);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const a = rgba[(row * width + col) * 4 + 3]!;
      alpha[row * width + col] = a;
      if (!a) continue;
      if (inkTo[row] === 0) inkFrom[row] = col;
      inkTo[row] = col + 1;
    }
  }
  mask = { left, top, width, height, alpha, inkFrom, inkTo };
  masks.set(key, mask);
  return mask;
}
