import { describe, expect, it } from 'vitest';
import type { CardInput } from './card-input.js';
import { shapeText } from './fonts.js';
import { type CardScene, COLORS, layoutCard } from './layout.js';

const card = (over: Partial<CardInput>): CardInput => ({
  title: 'A title',
  eyebrow: undefined,
  meta: undefined,
  siteName: 'Site',
  highlight: undefined,
  ...over,
});

/** The glyphs of one colour, as their pen positions and sizes. */
const ofColor = (scene: CardScene, color: number) => scene.glyphs.filter((g) => g.color === color);
/** Distinct baselines of a set of glyphs, top to bottom: its lines. */
const lines = (glyphs: CardScene['glyphs']) => [...new Set(glyphs.map((g) => Math.round(g.y)))].sort((a, b) => a - b);
const ellipsisId = (size: number) => shapeText('…', 700, size).glyphs[0]!.id;
const advance = (g: CardScene['glyphs'][number]) => g.face.font.glyphHAdvance(g.id) * (g.size / g.face.upem);

describe('layoutCard', () => {
  it('keeps every glyph between the left padding and the right one', () => {
    const scene = layoutCard(
      card({ title: 'W'.repeat(400), eyebrow: 'M'.repeat(200), meta: 'January 1, 2020 · 25 min read', siteName: 'N'.repeat(200), highlight: 'Q'.repeat(200) }),
    );
    expect(scene.glyphs.length).toBeGreaterThan(100);
    for (const g of scene.glyphs) {
      expect(g.x).toBeGreaterThanOrEqual(96);
      expect(g.x + advance(g)).toBeLessThanOrEqual(1120 + 1e-6);
    }
    expect(scene.pill!.x + scene.pill!.width).toBeLessThanOrEqual(1120 + 1e-6);
  });

  it('wraps a title at spaces and ends one too long for the card in an ellipsis', () => {
    const short = layoutCard(card({ title: 'Cutting p99 to 95 ms' }));
    expect(lines(ofColor(short, COLORS.title))).toHaveLength(1);
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const long = layoutCard(card({ title: words, highlight: 'p99 −72%' }));
    const title = ofColor(long, COLORS.title);
    const baselines = lines(title);
    expect(baselines.length).toBeGreaterThan(2);
    expect(title.at(-1)!.id).toBe(ellipsisId(46));
    // The last title line stays above the pill.
    expect(baselines.at(-1)!).toBeLessThan(long.pill!.y);
    // No word is cut: every line but the last starts with "w".
    const w = shapeText('w', 700, 46).glyphs[0]!.id;
    for (const y of baselines) expect(title.find((g) => Math.round(g.y) === y)!.id).toBe(w);
  });

  it('cuts a word wider than a line at a character, and keeps the site name clear of the date', () => {
    const scene = layoutCard(
      card({
        title: 'x'.repeat(120),
        siteName: 'A rather long site name for a personal site, long enough to meet the date',
        meta: 'January 1, 2020 · 25 min read',
      }),
    );
    expect(lines(ofColor(scene, COLORS.title)).length).toBeGreaterThan(1);
    // The date's glyphs come first, then the name's.
    const footer = ofColor(scene, COLORS.footer);
    const space = shapeText(' ', 400, 28).glyphs[0]!.id;
    const date = footer.slice(0, shapeText('January 1, 2020 · 25 min read', 400, 28).glyphs.filter((g) => g.id !== space).length);
    const name = footer.slice(date.length);
    const dateStart = date[0]!.x;
    expect(name.at(-1)!.id).toBe(shapeText('…', 400, 28).glyphs[0]!.id);
    expect(Math.max(...name.map((g) => g.x + advance(g)))).toBeLessThanOrEqual(dateStart - 28 + 1e-6);
    // The date and read time end at the right padding.
    const last = date.at(-1)!;
    expect(last.x + advance(last)).toBeCloseTo(1120, 0);
  });

  it('puts the eyebrow in capitals and falls back to the site name', () => {
    // Words are placed one by one: the space between them is an advance, not a glyph.
    const space = shapeText(' ', 700, 28).glyphs[0]!.id;
    const upper = shapeText('CASE STUDY', 700, 28, 1)
      .glyphs.map((g) => g.id)
      .filter((id) => id !== space);
    expect(ofColor(layoutCard(card({ eyebrow: 'Case study' })), COLORS.eyebrow).map((g) => g.id)).toEqual(upper);
    expect(ofColor(layoutCard(card({ siteName: 'case study' })), COLORS.eyebrow).map((g) => g.id)).toEqual(upper);
  });

  it('kerns, and draws characters Inter lacks as its missing-glyph box', () => {
    const av = shapeText('AV', 700, 66);
    const a = av.glyphs[0]!;
    expect(av.glyphs[1]!.x).toBeLessThan(advance({ ...a, size: 66, color: 0 }));
    expect(shapeText('中', 700, 66).glyphs.map((g) => g.id)).toEqual([0]);
    // Cyrillic and Vietnamese come from their own subsets, with real glyphs.
    for (const text of ['Жж', 'Tối ưu']) expect(shapeText(text, 700, 66).glyphs.every((g) => g.id > 0)).toBe(true);
  });
});

describe('layoutCard on hostile text', () => {
  it('lays out 8,000 zero-width characters, a 5,000-letter word and 3,000 accented letters in under three seconds each (the first took 84 s)', () => {
    for (const title of [`${'W'.repeat(40)}${'\u2060'.repeat(8000)}`, 'x'.repeat(5000), `${'a\u0301'.repeat(3000)}`]) {
      const started = performance.now();
      const scene = layoutCard(card({ title, siteName: title, meta: title, highlight: title, eyebrow: title }));
      // Generous for a loaded CI machine: it was 84 s for the first title before.
      expect(performance.now() - started, title.slice(0, 20)).toBeLessThan(3000);
      expect(scene.glyphs.length).toBeGreaterThan(10);
      for (const g of scene.glyphs) expect(g.x).toBeLessThanOrEqual(1120);
    }
  });
});
