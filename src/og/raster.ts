import { crc32, deflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { CARD_HEIGHT, CARD_WIDTH } from './card-input.js';
import { glyphMask, glyphPath, glyphTransform, type Mask, PHASES, RESVG } from './glyph-masks.js';
import { BAR_WIDTH, COLORS, type CardScene, type Pill, type PlacedGlyph } from './layout.js';
import { BACKGROUND_INDEX, BAR_INDEX, overTable, PALETTE, pillEdgeIndex } from './palette.js';

/**
 * A card's pixels and its PNG, in the palette of palette.ts. The background is one row, the same
 * on every row; the pill is drawn by resvg in its own box; each glyph is stamped from its mask
 * (glyph-masks.ts), its coverage added to what is below it as resvg blends one path over another.
 * `sceneSvg` is the same card as one SVG, which resvg draws whole: the tests hold the two to within
 * a few levels per channel. The frame of palette indices is reused card after card and deflated
 * by zlib into the PNG.
 */

const W = CARD_WIDTH;
const H = CARD_HEIGHT;
/** A PNG scanline: the filter byte (0, none, or UP), then a palette index per pixel. */
const ROW = 1 + W;
/** PNG's Up filter: each byte is stored as its difference from the byte above it. */
const UP = 2;

const hex = (c: number) => `#${c.toString(16).padStart(6, '0')}`;

/** Where a glyph is stamped: its pen position rounded to a quarter pixel across, a pixel down. */
function snap(g: PlacedGlyph): { x: number; y: number; phase: number } {
  const q = Math.round(g.x * PHASES) / PHASES;
  const x = Math.floor(q);
  return { x, y: Math.round(g.y), phase: Math.round((q - x) * PHASES) };
}

const pillMarkup = (p: Pill) => `<rect x="${p.x}" y="${p.y}" width="${p.width}" height="${p.height}" rx="${p.radius}" fill="${hex(p.color)}"/>`;
const backgroundMarkup = () =>
  `<rect x="0" y="0" width="${W}" height="${H}" fill="${hex(COLORS.background)}"/><rect x="0" y="0" width="${BAR_WIDTH}" height="${H}" fill="${hex(COLORS.bar)}"/>`;

/** The card as one SVG: every glyph a path of its own at the position `drawCard` stamps it. */
export function sceneSvg(scene: CardScene): string {
  const glyphs = scene.glyphs.map((g) => {
    const at = snap(g);
    const d = glyphPath(g.face, g.id);
    return d ? `<path transform="${glyphTransform(g.face, g.size, at.x + at.phase / PHASES, at.y)}" d="${d}" fill="${hex(g.color)}"/>` : '';
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${backgroundMarkup()}${scene.pill ? pillMarkup(scene.pill) : ''}${glyphs.join('')}</svg>`;
}

/** The frame, reused card after card: a fresh buffer each time costs more than filling it. */
let frame: Buffer | undefined;
/** One row of background: the filter byte (none), the bar, the card's colour. */
const BACKGROUND_ROW = Buffer.alloc(ROW, BACKGROUND_INDEX).fill(BAR_INDEX, 1, 1 + BAR_WIDTH);
BACKGROUND_ROW[0] = 0;

type Box = { x0: number; y0: number; x1: number; y1: number };

/** The pill's box of whole pixels, clipped to the card. */
function pillBox(pill: Pill): Box {
  const x0 = Math.max(0, Math.floor(pill.x) - 1);
  const y0 = Math.max(0, Math.floor(pill.y) - 1);
  return { x0, y0, x1: Math.min(W, Math.ceil(pill.x + pill.width) + 1), y1: Math.min(H, Math.ceil(pill.y + pill.height) + 1) };
}

/** The pill's box (`pillBox`) drawn by resvg over the background: the pixels a full render gives there. */
function drawPill(pill: Pill, { x0, y0, x1, y1 }: Box, into: Buffer): void {
  const width = x1 - x0;
  const height = y1 - y0;
  if (width <= 0 || height <= 0) return;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${x0} ${y0} ${width} ${height}">${backgroundMarkup()}${pillMarkup(pill)}</svg>`;
  const rgba = new Resvg(svg, RESVG).render().pixels;
  let s = 1;
  for (let row = y0; row < y1; row++) for (let o = row * ROW + 1 + x0, end = o + width; o < end; o++, s += 4) into[o] = pillEdgeIndex(rgba[s]!);
}

/** A glyph's mask at the pixel where its top left corner goes. */
type Stamp = { mask: Mask; left: number; top: number; color: number };

function stamp({ mask, left, top, color }: Stamp, into: Buffer): void {
  const over = overTable(color);
  for (let row = 0; row < mask.height; row++) {
    const y = top + row;
    const from = Math.max(mask.inkFrom[row]!, -left);
    const to = Math.min(mask.inkTo[row]!, W - left);
    if (y < 0 || y >= H || from >= to) continue;
    let m = row * mask.width + from;
    for (let o = y * ROW + 1 + left + from, end = o + to - from; o < end; o++, m++) {
      const a = mask.alpha[m]!;
      if (a) into[o] = over(into[o]!, a);
    }
  }
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IHDR = Buffer.alloc(13);
IHDR.writeUInt32BE(W, 0);
IHDR.writeUInt32BE(H, 4);
IHDR[8] = 8; // bits per palette index
IHDR[9] = 3; // indexed colour

/** An 8-bit indexed PNG of the frame's scanlines, in a buffer of its own (it is transferred to the main thread). */
function encodePng(scanlines: Buffer): Uint8Array {
  // Level 3, as sharp used before: the frame is mostly long runs, and higher levels shrink it by
  // about a tenth for twice the time.
  const idat = deflateSync(scanlines, { level: 3 });
  const png = Buffer.allocUnsafeSlow(SIGNATURE.length + 4 * 12 + IHDR.length + PALETTE.length + idat.length);
  SIGNATURE.copy(png, 0);
  let at = SIGNATURE.length;
  for (const [type, data] of [
    ['IHDR', IHDR],
    ['PLTE', PALETTE],
    ['IDAT', idat],
    ['IEND', Buffer.alloc(0)],
  ] as const) {
    png.writeUInt32BE(data.length, at);
    png.write(type, at + 4, 'latin1');
    data.copy(png, at + 8);
    png.writeUInt32BE(crc32(png.subarray(at + 4, at + 8 + data.length)), at + 8 + data.length);
    at += 12 + data.length;
  }
  return png;
}

/** What each row of the frame holds from the card before: rows are rewritten only when that changes. */
const BACKGROUND = 0;
const ZEROS = 1;
const DRAWN = 2;
let rows: Uint8Array | undefined;

/** The card's PNG. */
export function drawCard(scene: CardScene): Uint8Array {
  if (!frame || !rows) {
    frame = Buffer.alloc(H * ROW);
    rows = new Uint8Array(H).fill(DRAWN);
  }
  const stamps: Stamp[] = [];
  const covered = new Uint8Array(H);
  for (const g of scene.glyphs) {
    const at = snap(g);
    const mask = glyphMask(g.face, g.id, g.size, at.phase);
    if (!mask) continue;
    const s = { mask, left: at.x + mask.left, top: at.y + mask.top, color: g.color };
    stamps.push(s);
    covered.fill(1, Math.max(0, s.top), Math.min(H, s.top + mask.height));
  }
  const pill = scene.pill && pillBox(scene.pill);
  if (pill) covered.fill(1, pill.y0, pill.y1);
  // A background row under another one is stored as its difference from the row above (PNG's Up
  // filter): all zeros, which zlib deflates in about half the time of the repeated colour. The
  // decoded pixels are the same. A row already as this card needs it is left as it is.
  for (let y = 0; y < H; y++) {
    const want = y > 0 && !covered[y] && !covered[y - 1] ? ZEROS : BACKGROUND;
    if (rows[y] === want) continue;
    if (want === ZEROS) {
      frame[y * ROW] = UP;
      frame.fill(0, y * ROW + 1, (y + 1) * ROW);
    } else BACKGROUND_ROW.copy(frame, y * ROW);
    rows[y] = want;
  }
  if (scene.pill && pill) drawPill(scene.pill, pill, frame);
  for (const s of stamps) stamp(s, frame);
  for (let y = 0; y < H; y++) if (covered[y]) rows[y] = DRAWN;
  return encodePng(frame);
}
