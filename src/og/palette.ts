import { COLORS } from './layout.js';

/**
 * A card's colours as a PNG palette: one byte a pixel instead of three, so zlib deflates a third
 * of the bytes (a card is a few flat colours and text anti-aliased between two of them). Each
 * colour drawn over another — the title, eyebrow, footer and pill over the background, the pill's
 * text over the pill — gets LEVELS steps of coverage, so a pixel is off from the exact blend by at
 * most half a step: a level or two per channel. The palette is the same for every card.
 */
export const LEVELS = 50;

interface Pair {
  fg: number;
  /** The palette index of the colour under it (coverage 0). */
  base: number;
  /** The index of coverage step 1; step k is first + k - 1. */
  first: number;
}

const mix = (bg: number, fg: number, t: number) => {
  let out = 0;
  for (const shift of [16, 8, 0]) {
    const b = (bg >> shift) & 255;
    out |= Math.round(b + (((fg >> shift) & 255) - b) * t) << shift;
  }
  return out;
};

/** Index 0 is the background, 1 the bar down the left edge. */
export const BACKGROUND_INDEX = 0;
export const BAR_INDEX = 1;
const colors: number[] = [COLORS.background, COLORS.bar];
const pairs: Pair[] = [];

function addPair(fg: number, bg: number, base: number): Pair {
  const pair = { fg, base, first: colors.length };
  for (let k = 1; k <= LEVELS; k++) colors.push(mix(bg, fg, k / LEVELS));
  pairs.push(pair);
  return pair;
}

for (const fg of [COLORS.title, COLORS.eyebrow, COLORS.footer]) addPair(fg, COLORS.background, BACKGROUND_INDEX);
const pillOverBackground = addPair(COLORS.pill, COLORS.background, BACKGROUND_INDEX);
addPair(COLORS.pillText, COLORS.pill, pillOverBackground.first + LEVELS - 1);

/** The PLTE chunk's data: RGB triples. */
export const PALETTE = Buffer.from(colors.flatMap((c) => [c >> 16, (c >> 8) & 255, c & 255]));

const indexOf = (pair: Pair, coverage: number) => {
  const k = Math.round(coverage * LEVELS);
  return k === 0 ? pair.base : pair.first + k - 1;
};

/** The palette entry nearest to an RGB colour (for what no pair describes: rare overlaps). */
function nearest(rgb: number): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  colors.forEach((c, i) => {
    let d = 0;
    for (const shift of [16, 8, 0]) d += (((c >> shift) & 255) - ((rgb >> shift) & 255)) ** 2;
    if (d < bestDistance) [best, bestDistance] = [i, d];
  });
  return best;
}

/**
 * The entry for colour `fg` at coverage `a` (0–255) over entry `under`. Over its own pair's base
 * or its own steps, coverage adds as alpha does (a + b·(1 − a)); anything else is blended in RGB
 * and matched to the nearest entry.
 */
function over(fg: number, under: number, a: number): number {
  const coverage = a / 255;
  for (const pair of pairs) {
    if (pair.fg !== fg) continue;
    if (under === pair.base) return indexOf(pair, coverage);
    if (under >= pair.first && under < pair.first + LEVELS) {
      const had = (under - pair.first + 1) / LEVELS;
      return indexOf(pair, had + coverage * (1 - had));
    }
  }
  return nearest(mix(colors[under]!, fg, coverage));
}

const NONE = 0xffff;
const tables = new Map<number, Uint16Array>();

/** For colour `fg`: the entry after drawing it at coverage a over entry u is table[u * 256 + a], filled in as met. */
export function overTable(fg: number): (under: number, a: number) => number {
  let table = tables.get(fg);
  if (!table) tables.set(fg, (table = new Uint16Array(256 * 256).fill(NONE)));
  const t = table;
  return (under, a) => {
    const at = under * 256 + a;
    let index = t[at]!;
    if (index === NONE) t[at] = index = over(fg, under, a);
    return index;
  };
}

/** The entry for a pixel of the pill's box as resvg drew it: the pill, the background, or its rounded edge between them. */
export function pillEdgeIndex(green: number): number {
  // Green differs most between the two colours, so it measures coverage most finely.
  const bg = (COLORS.background >> 8) & 255;
  const coverage = (green - bg) / (((COLORS.pill >> 8) & 255) - bg);
  return indexOf(pillOverBackground, Math.min(1, Math.max(0, coverage)));
}
