import { CARD_HEIGHT, CARD_WIDTH, type CardInput } from './card-input.js';
import { type Shaped, type ShapedGlyph, shapeText, verticalMetrics, type Weight } from './fonts.js';

/**
 * Where everything on a card goes. The design: the card's colour with a bar down its left edge;
 * at the top the eyebrow (category or section, in capitals) and the title; at the bottom a case
 * study's headline outcome in a pill, then the site's name and the date and read time on one line.
 * Text wraps at spaces, and a word too long for a line at any character; what does not fit its
 * lines ends in an ellipsis (a card is a picture of the post, which keeps every word).
 */

export const COLORS = {
  background: 0x15161a,
  bar: 0x8cb8ff,
  eyebrow: 0x8cb8ff,
  title: 0xe9e7e3,
  footer: 0xaaa59d,
  pill: 0x7ddc9b,
  pillText: 0x15161a,
};

export const BAR_WIDTH = 16;
const PAD = { top: 72, right: 80, bottom: 72, left: 96 };
const CONTENT_RIGHT = CARD_WIDTH - PAD.right;
const TITLE_MAX_WIDTH = 1000;
/** Space between the eyebrow and the title, the pill and the footer, and the title and what is below it. */
const GAP = 28;
const SMALL = 28;
const PILL = { size: 34, padX: 22, padY: 10, radius: 12 };

/** A glyph at its place on the card: the pen position on the baseline, in pixels. */
export interface PlacedGlyph extends ShapedGlyph {
  size: number;
  color: number;
}

export interface Pill {
  x: number;
  y: number;
  width: number;
  height: number;
  radius: number;
  color: number;
}

export interface CardScene {
  glyphs: PlacedGlyph[];
  pill: Pill | undefined;
}

const shaped = new Map<string, Shaped>();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Shaping is most of the layout's time, and titles share their words: shaped words are kept. */
function shapeCached(text: string, weight: Weight, size: number, letterSpacing: number): Shaped {
  const key = `${weight} ${size} ${letterSpacing} ${text}`;
  let s = shaped.get(key);
  if (!s) {
    if (shaped.size > 20_000) shaped.clear();
    s = shapeText(text, weight, size, letterSpacing);
    shaped.set(key, s);
  }
  return s;
}

interface Style {
  weight: Weight;
  size: number;
  letterSpacing: number;
}

/** A line of words: each shaped alone, the space between them one space's advance. */
interface Line {
  words: { text: string; shaped: Shaped }[];
  /** Set when the text went on past this line. */
  ellipsis?: Shaped;
  width: number;
}

function spaceWidth(style: Style): number {
  return shapeCached(' ', style.weight, style.size, style.letterSpacing).width;
}

/**
 * How many of the characters `chars[from…]` fit, as one run, in `maxWidth`: found by doubling,
 * then halving, so that a long word costs a few shapings of its length (trying one more character
 * at a time was quadratic: a title with 8,000 zero-width characters took 84 s and 4.7 GB).
 * Probes are not kept in the shaping cache.
 */
function fitting(chars: string[], from: number, style: Style, maxWidth: number): number {
  const fits = (n: number) => shapeText(chars.slice(from, from + n).join(''), style.weight, style.size, style.letterSpacing).width <= maxWidth;
  const left = chars.length - from;
  let ok = 0;
  let over = 1;
  while (over <= left && fits(over)) [ok, over] = [over, over * 2];
  if (over > left) {
    if (fits(left)) return left;
    over = left;
  }
  while (over - ok > 1) {
    const mid = (ok + over) >> 1;
    if (fits(mid)) ok = mid;
    else over = mid;
  }
  return ok;
}

/** A word wider than a line, cut into pieces that fit, at character (grapheme) boundaries. */
function splitWord(word: string, style: Style, maxWidth: number): string[] {
  if (shapeCached(word, style.weight, style.size, style.letterSpacing).width <= maxWidth) return [word];
  const chars = Array.from(graphemes.segment(word), (g) => g.segment);
  const pieces: string[] = [];
  // A piece has at least one character, even one wider than the line.
  for (let at = 0, n = 0; at < chars.length; at += n) {
    n = Math.max(1, fitting(chars, at, style, maxWidth));
    pieces.push(chars.slice(at, at + n).join(''));
  }
  return pieces;
}

/** `text` broken into lines no wider than `maxWidth`, greedily, as a browser breaks it. */
export function wrap(text: string, style: Style, maxWidth: number): Line[] {
  const space = spaceWidth(style);
  const lines: Line[] = [];
  let line: Line | undefined;
  const words = text.split(/\s+/).filter(Boolean);
  for (const word of words) {
    for (const piece of splitWord(word, style, maxWidth)) {
      const s = shapeCached(piece, style.weight, style.size, style.letterSpacing);
      if (line && line.width + space + s.width <= maxWidth) {
        line.words.push({ text: piece, shaped: s });
        line.width += space + s.width;
      } else lines.push((line = { words: [{ text: piece, shaped: s }], width: s.width }));
    }
  }
  return lines;
}

const ELLIPSIS = '…';

/**
 * `lines` cut to `max`, the last one ending in an ellipsis when anything was cut: words are taken
 * off its end until the ellipsis fits, and a lone word too long is cut character by character.
 */
export function clamp(lines: Line[], max: number, style: Style, maxWidth: number): Line[] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, Math.max(1, max));
  const last = kept.at(-1)!;
  const dots = shapeCached(ELLIPSIS, style.weight, style.size, style.letterSpacing);
  const space = spaceWidth(style);
  while (last.words.length > 1 && last.width + dots.width > maxWidth) last.width -= last.words.pop()!.shaped.width + space;
  if (last.width + dots.width > maxWidth) {
    const chars = Array.from(graphemes.segment(last.words[0]!.text), (g) => g.segment);
    const piece = chars.slice(0, fitting(chars, 0, style, maxWidth - dots.width)).join('');
    const shaped = shapeCached(piece, style.weight, style.size, style.letterSpacing);
    last.words = [{ text: piece, shaped }];
    last.width = shaped.width;
  }
  last.ellipsis = dots;
  last.width += dots.width;
  return kept;
}

/** The first line of `text`, cut with an ellipsis if it goes on. */
const oneLine = (text: string, style: Style, maxWidth: number): Line | undefined => clamp(wrap(text, style, maxWidth), 1, style, maxWidth)[0];

/** The glyphs of `line` with its left end at `x` and its baseline at `baseline`. */
function place(line: Line, x: number, baseline: number, style: Style, color: number, out: PlacedGlyph[]): void {
  const space = spaceWidth(style);
  let pen = x;
  const put = (s: Shaped) => {
    for (const g of s.glyphs) out.push({ ...g, x: pen + g.x, y: baseline + g.y, size: style.size, color });
    pen += s.width;
  };
  line.words.forEach(({ shaped }, i) => {
    if (i > 0) pen += space;
    put(shaped);
  });
  if (line.ellipsis) put(line.ellipsis);
}

/** The title's size: smaller for longer titles, so most fit in three lines. */
const titleSize = (title: string) => (title.length > 90 ? 46 : title.length > 55 ? 56 : 66);

export function layoutCard(card: CardInput): CardScene {
  const glyphs: PlacedGlyph[] = [];
  const metrics = { 400: verticalMetrics(400), 700: verticalMetrics(700) };
  /** CSS's line box: the font's ascent and descent, with half the leading above and below. */
  const baselineIn = (top: number, style: Style, lineHeight: number) => {
    const m = metrics[style.weight];
    return top + (lineHeight - (m.ascent + m.descent) * style.size) / 2 + m.ascent * style.size;
  };
  const normalHeight = (style: Style) => (metrics[style.weight].ascent + metrics[style.weight].descent) * style.size;
  const width = CONTENT_RIGHT - PAD.left;

  // The footer: the date and read time on the right in full, the site's name in what is left.
  const small: Style = { weight: 400, size: SMALL, letterSpacing: 0 };
  const footerTop = CARD_HEIGHT - PAD.bottom - normalHeight(small);
  const footerBaseline = baselineIn(footerTop, small, normalHeight(small));
  const meta = card.meta ? oneLine(card.meta, small, width) : undefined;
  if (meta) place(meta, CONTENT_RIGHT - meta.width, footerBaseline, small, COLORS.footer, glyphs);
  const nameWidth = width - (meta ? meta.width + GAP : 0);
  const name = nameWidth > 0 ? oneLine(card.siteName, small, nameWidth) : undefined;
  if (name) place(name, PAD.left, footerBaseline, small, COLORS.footer, glyphs);

  // The pill above it.
  let bottomTop = footerTop;
  let pill: Pill | undefined;
  if (card.highlight) {
    const style: Style = { weight: 700, size: PILL.size, letterSpacing: 0 };
    const textWidth = width - 2 * PILL.padX;
    const line = oneLine(card.highlight, style, textWidth);
    if (line) {
      const height = normalHeight(style) + 2 * PILL.padY;
      const y = footerTop - GAP - height;
      pill = { x: PAD.left, y, width: line.width + 2 * PILL.padX, height, radius: PILL.radius, color: COLORS.pill };
      place(line, PAD.left + PILL.padX, baselineIn(y + PILL.padY, style, normalHeight(style)), style, COLORS.pillText, glyphs);
      bottomTop = y;
    }
  }

  // The eyebrow and the title, with as many title lines as fit above the bottom block.
  const eyebrowStyle: Style = { weight: 700, size: SMALL, letterSpacing: 1 };
  const eyebrowText = (card.eyebrow ?? card.siteName).toUpperCase();
  const eyebrow = oneLine(eyebrowText, eyebrowStyle, width);
  if (eyebrow) place(eyebrow, PAD.left, baselineIn(PAD.top, eyebrowStyle, normalHeight(eyebrowStyle)), eyebrowStyle, COLORS.eyebrow, glyphs);
  const titleStyle: Style = { weight: 700, size: titleSize(card.title), letterSpacing: 0 };
  const lineHeight = titleStyle.size * 1.15;
  const titleTop = PAD.top + normalHeight(eyebrowStyle) + GAP;
  const maxLines = Math.max(1, Math.floor((bottomTop - GAP - titleTop) / lineHeight));
  const titleWidth = Math.min(TITLE_MAX_WIDTH, width);
  clamp(wrap(card.title, titleStyle, titleWidth), maxLines, titleStyle, titleWidth).forEach((line, i) =>
    place(line, PAD.left, baselineIn(titleTop + i * lineHeight, titleStyle, lineHeight), titleStyle, COLORS.title, glyphs),
  );
  return { glyphs, pill };
}
