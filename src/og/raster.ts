import { crc32, deflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { CARD_HEIGHT, CARD_WIDTH } from './card-input.js';

/**
 * Turns a card's SVG (from satori) into a PNG, drawing only the pixels that differ between cards.
 *
 * Most of a card is its background, the same on every row. resvg painting all 756,000 pixels, then
 * handing them to JS and to an encoder, cost about 30 ms a card on the 2-core build machine, where
 * first touching freshly allocated memory is slow. Instead the SVG is split into its top-level
 * elements: resvg draws one row of background, then each element (a text block, the highlight
 * pill) in an SVG of its own holding the background and that element, cropped to the element's
 * box at whole-pixel offsets. Every pixel is the one a full render gives, which the tests check.
 * The pixels are copied into one RGB frame kept for the life of the worker and deflated by zlib.
 */

const W = CARD_WIDTH;
const H = CARD_HEIGHT;
/** A PNG scanline: the filter byte (0, none, or UP), then RGB. */
const ROW = 1 + W * 3;
/** PNG's Up filter: each byte is stored as its difference from the byte above it. */
const UP = 2;

export type Box = { x0: number; y0: number; x1: number; y1: number };

/** A top-level element of the SVG and the pixels it may paint. */
type Part = { markup: string; kind: 'definition' | 'background' | 'content'; box: Box | undefined };

/** Elements that only define what others refer to: they paint nothing where they stand. */
const DEFINITIONS = new Set(['defs', 'mask', 'clipPath']);

/** An attribute that would let an element paint outside the box of its geometry. */
const UNBOUNDED = /\s(?:transform|filter|stroke|style|marker-\w+)="/;

const attr = (attrs: string, name: string): string | undefined => {
  const at = attrs.indexOf(` ${name}="`);
  if (at < 0) return undefined;
  const start = at + name.length + 3;
  return attrs.slice(start, attrs.indexOf('"', start));
};

/**
 * The bounds of path data that only has absolute moves, lines and curves (how satori writes
 * text), control points included: a curve stays inside the hull of its points. Undefined for
 * anything else (arcs, relative commands, exponents).
 */
function pathBounds(d: string): Box | undefined {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  let odd = false;
  let i = 0;
  while (i < d.length) {
    const c = d.charCodeAt(i);
    // M L Q C Z, space, comma: separators.
    if (c === 77 || c === 76 || c === 81 || c === 67 || c === 90 || c === 32 || c === 44) {
      i++;
      continue;
    }
    let sign = 1;
    if (c === 45) {
      sign = -1;
      i++;
    }
    let value = 0;
    let digits = 0;
    let ch = d.charCodeAt(i);
    while (ch >= 48 && ch <= 57) {
      value = value * 10 + ch - 48;
      digits++;
      ch = d.charCodeAt(++i);
    }
    if (ch === 46) {
      let scale = 0.1;
      ch = d.charCodeAt(++i);
      while (ch >= 48 && ch <= 57) {
        value += (ch - 48) * scale;
        scale /= 10;
        digits++;
        ch = d.charCodeAt(++i);
      }
    }
    if (!digits) return undefined;
    // Rounding in the last digit does not matter: boxes are widened by a pixel.
    value *= sign;
    if (odd) {
      if (value < y0) y0 = value;
      if (value > y1) y1 = value;
    } else {
      if (value < x0) x0 = value;
      if (value > x1) x1 = value;
    }
    odd = !odd;
  }
  return odd || x0 > x1 ? undefined : { x0, y0, x1, y1 };
}

/** The box of one element that is not a definition, or undefined if it is not bounded here. */
function elementBox(tag: string, attrs: string): Box | undefined {
  if (UNBOUNDED.test(attrs) || attr(attrs, 'fill')?.startsWith('url(')) return undefined;
  const d = attr(attrs, 'd');
  const bounds = tag === 'path' && d !== undefined ? pathBounds(d) : undefined;
  if (bounds) return bounds;
  // A rectangle, or a box's background with rounded corners: satori gives that path its layout box.
  if (tag !== 'rect' && tag !== 'path') return undefined;
  const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((a) => attr(attrs, a));
  if (tag === 'path' && (x === undefined || y === undefined)) return undefined;
  const box = { x0: Number(x ?? 0), y0: Number(y ?? 0), x1: Number(x ?? 0) + Number(width), y1: Number(y ?? 0) + Number(height) };
  return Object.values(box).every(Number.isFinite) ? box : undefined;
}

const union = (a: Box | undefined, b: Box): Box =>
  a ? { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) } : b;

const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** The pixels geometry within `b` may touch: one more on each side for anti-aliasing. */
const pixelBox = (b: Box): Box => ({ x0: Math.floor(b.x0) - 1, y0: Math.floor(b.y0) - 1, x1: Math.ceil(b.x1) + 1, y1: Math.ceil(b.y1) + 1 });

/** A text block as satori writes it: one path of glyph outlines, alone in a group. */
const TEXT_BLOCK = /^<g>(<path [^>]*?d=")([^"]*)("[^>]*\/>)<\/g>$/;

/**
 * A text block's lines as parts of their own, so that a two-line title is drawn as two strips, not
 * as one box with the gap between the lines and the space beside the shorter one. Drawing the
 * outlines of a line alone gives the same pixels as drawing the whole path as long as no other
 * line comes within a pixel, so a block whose lines' boxes touch stays whole.
 */
function textLines(part: Part): Part[] {
  const m = TEXT_BLOCK.exec(part.markup);
  if (!m) return [part];
  const lines: { d: string; box: Box }[] = [];
  for (const outline of m[2]!.split(/(?=M)/)) {
    const bounds = outline && pathBounds(outline);
    if (!bounds) return [part];
    const box = pixelBox(bounds);
    const line = lines.at(-1);
    // Glyphs follow each other line by line: one wholly below the line so far starts the next.
    if (line && box.y0 < line.box.y1) {
      line.d += outline;
      line.box = union(line.box, box);
    } else lines.push({ d: outline, box });
  }
  for (let i = 1; i < lines.length; i++) for (let j = 0; j < i; j++) if (overlap(lines[i]!.box, lines[j]!.box)) return [part];
  return lines.map((line) => ({ markup: `<g>${m[1]}${line.d}${m[3]}</g>`, kind: 'content', box: line.box }));
}

/**
 * The SVG's top-level elements with the pixels each may paint, or undefined when it holds
 * something this reading does not bound (a transform, a stroke, an arc, an image, a gradient…):
 * such a card is drawn whole. Background is a plain rectangle from the top edge to the bottom one
 * (the card's colour, its left border), so it is the same on every row.
 */
export function svgParts(svg: string): { open: string; parts: Part[] } | undefined {
  const tags = /<(\/?)([\w-]+)([^>]*)>/g;
  const root = tags.exec(svg);
  if (root?.[2] !== 'svg' || root[1]) return undefined;
  const parts: Part[] = [];
  let depth = 0;
  let start = 0;
  let kind: Part['kind'] = 'content';
  let box: Box | undefined;
  for (let m = tags.exec(svg); m; m = tags.exec(svg)) {
    const [, closing, tag = '', attrs = ''] = m;
    if (closing) {
      if (--depth === 0) parts.push(...textLines({ markup: svg.slice(start, tags.lastIndex), kind, box }));
      if (depth < 0) return parts.length && tags.lastIndex === svg.length ? { open: root[0], parts } : undefined;
      continue;
    }
    if (depth === 0) {
      start = m.index;
      kind = DEFINITIONS.has(tag) ? 'definition' : 'content';
      box = undefined;
    }
    if (kind === 'content' && tag !== 'g') {
      const b = elementBox(tag, attrs);
      if (!b) return undefined;
      if (depth === 0 && tag === 'rect' && b.y0 <= 0 && b.y1 >= H && attr(attrs, 'rx') === undefined && attr(attrs, 'ry') === undefined) kind = 'background';
      else box = union(box, pixelBox(b));
    } else if (kind === 'content' && UNBOUNDED.test(attrs)) return undefined;
    if (attrs.endsWith('/')) {
      if (depth === 0) parts.push({ markup: svg.slice(start, tags.lastIndex), kind, box });
    } else depth++;
  }
  return undefined;
}

/**
 * Groups of content parts to draw together, each with the box it covers: parts whose boxes
 * overlap (the pill and its text) are drawn together, and so are groups whose boxes then overlap,
 * so that no pixel of a group's box depends on a part outside it.
 */
function groups(parts: Part[]): { box: Box; members: Set<Part> }[] {
  const out: { box: Box; members: Set<Part> }[] = [];
  for (const part of parts) {
    if (part.kind !== 'content' || !part.box) continue;
    let group = { box: part.box, members: new Set([part]) };
    for (let merged = true; merged; ) {
      merged = false;
      for (let i = 0; i < out.length; i++) {
        const other = out[i]!;
        if (!overlap(other.box, group.box)) continue;
        group = { box: union(other.box, group.box), members: new Set([...other.members, ...group.members]) };
        out.splice(i, 1);
        merged = true;
        break;
      }
    }
    out.push(group);
  }
  return out;
}

/** The RGB frame, reused card after card: a fresh 2 MB buffer each time costs more than filling it. */
let frame: Buffer | undefined;

function copyRgb(rgba: Uint8Array, into: Buffer, x: number, y: number, width: number, height: number): void {
  let s = 0;
  for (let row = y; row < y + height; row++) {
    let o = row * ROW + 1 + x * 3;
    for (let i = 0; i < width; i++, s += 4) {
      into[o++] = rgba[s]!;
      into[o++] = rgba[s + 1]!;
      into[o++] = rgba[s + 2]!;
    }
  }
}

// Satori draws text as paths, so resvg needs no fonts: loading the system's took 3.7 ms a card.
const RESVG = { font: { loadSystemFonts: false } };

/** Draws `box` of the SVG made of `open` and `parts` into the frame. */
function draw(open: string, parts: Part[], box: Box, into: Buffer): void {
  const width = box.x1 - box.x0;
  const height = box.y1 - box.y0;
  // The same scene with its viewBox moved by whole pixels: the same pixels as in a full render.
  const root = open
    .replace(/\swidth="[^"]*"/, ` width="${width}"`)
    .replace(/\sheight="[^"]*"/, ` height="${height}"`)
    .replace(/\sviewBox="[^"]*"/, ` viewBox="${box.x0} ${box.y0} ${width} ${height}"`);
  const image = new Resvg(`${root}${parts.map((p) => p.markup).join('')}</svg>`, RESVG).render();
  copyRgb(image.pixels, into, box.x0, box.y0, width, height);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IHDR = Buffer.alloc(13);
IHDR.writeUInt32BE(W, 0);
IHDR.writeUInt32BE(H, 4);
IHDR[8] = 8; // bits per channel
IHDR[9] = 2; // RGB: cards are opaque

/** An 8-bit RGB PNG of the frame's scanlines, in a buffer of its own (it is transferred to the main thread). */
function encodePng(scanlines: Buffer): Uint8Array {
  // Level 3, as sharp used before: the frame is mostly long runs, and higher levels shrink it by
  // about a tenth for twice the time.
  const idat = deflateSync(scanlines, { level: 3 });
  const png = Buffer.allocUnsafeSlow(SIGNATURE.length + 3 * 12 + IHDR.length + idat.length);
  SIGNATURE.copy(png, 0);
  let at = SIGNATURE.length;
  for (const [type, data] of [
    ['IHDR', IHDR],
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

/**
 * The card's PNG. `onlyContent` false draws every pixel with resvg, as cards were drawn before;
 * the result is the same.
 */
export function rasterise(svg: string, onlyContent = true): Uint8Array {
  frame ??= Buffer.alloc(H * ROW);
  const split = onlyContent ? svgParts(svg) : undefined;
  const covered = new Uint8Array(H);
  const boxes = split ? groups(split.parts) : [];
  for (const { box } of boxes) {
    box.x0 = Math.max(0, box.x0);
    box.y0 = Math.max(0, box.y0);
    box.x1 = Math.min(W, box.x1);
    box.y1 = Math.min(H, box.y1);
    covered.fill(1, box.y0, box.y1);
  }
  const backgroundRow = covered.indexOf(0);
  if (!split || backgroundRow < 0) {
    copyRgb(new Resvg(svg, RESVG).render().pixels, frame, 0, 0, W, H);
    for (let y = 0; y < H; y++) frame[y * ROW] = 0;
    return encodePng(frame);
  }
  const shared = split.parts.filter((p) => p.kind !== 'content');
  draw(split.open, shared, { x0: 0, y0: backgroundRow, x1: W, y1: backgroundRow + 1 }, frame);
  const background = frame.subarray(backgroundRow * ROW, (backgroundRow + 1) * ROW);
  for (let y = 0; y < H; y++) {
    if (y === backgroundRow) continue;
    // A background row under another one is stored as its difference from the row above (PNG's
    // Up filter): all zeros, which zlib deflates in about half the time of the repeated colour.
    // The decoded pixels are the same.
    if (y > 0 && !covered[y] && !covered[y - 1]) {
      frame[y * ROW] = UP;
      frame.fill(0, y * ROW + 1, (y + 1) * ROW);
    } else background.copy(frame, y * ROW);
  }
  for (const { box, members } of boxes) {
    if (box.x1 > box.x0 && box.y1 > box.y0)
      draw(
        split.open,
        split.parts.filter((p) => p.kind !== 'content' || members.has(p)),
        box,
        frame,
      );
  }
  return encodePng(frame);
}
