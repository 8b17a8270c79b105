import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isCompletePng } from './cache.js';
import { type CardInput, cardSvg, renderCard } from './card.js';
import { rasterise, svgParts } from './raster.js';

const CARDS: CardInput[] = [
  { title: 'Cutting checkout p99 from 340 ms to 95 ms', eyebrow: 'Case study', meta: 'March 1, 2024 · 6 min read', siteName: 'Site', highlight: 'p99 −72%' },
  { title: 'Миграции без простоя: как мы перенесли 40 ТБ за одну ночь', eyebrow: 'Статья', meta: '1 марта 2024', siteName: 'Сайт', highlight: undefined },
  {
    title: 'A very long title that keeps going well past ninety characters, so that the smallest type size applies to it',
    eyebrow: undefined,
    meta: 'January 1, 2020 · 25 min read',
    siteName: 'A rather long site name for a personal site',
    highlight: 'Throughput +1200% and p99 latency −95% across all regions worldwide after the rewrite',
  },
  { title: 'x', eyebrow: undefined, meta: undefined, siteName: 'S', highlight: undefined },
];

const pixels = async (png: Uint8Array) => {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels, data };
};

describe('rasterise', () => {
  it('draws only the content of a card and gets every pixel of a full render', async () => {
    for (const card of CARDS) {
      const svg = await cardSvg(card);
      // The card's own SVG takes the quick way; a design it cannot bound would be drawn whole.
      expect(svgParts(svg)?.parts.some((p) => p.kind === 'background')).toBe(true);
      const quick = rasterise(svg);
      expect(isCompletePng(Buffer.from(quick))).toBe(true);
      const whole = await pixels(rasterise(svg, false));
      expect(whole).toMatchObject({ width: 1200, height: 630, channels: 3 });
      expect((await pixels(quick)).data.equals(whole.data)).toBe(true);
    }
  });

  it('draws an SVG it cannot bound whole', async () => {
    const svg =
      '<svg width="1200" height="630" viewBox="0 0 1200 630" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="1200" height="630" fill="#15161a"/>' +
      '<g transform="rotate(10)"><rect x="100" y="100" width="300" height="40" fill="#8cb8ff"/></g></svg>';
    expect(svgParts(svg)).toBeUndefined();
    const { width, height, data } = await pixels(rasterise(svg));
    expect([width, height]).toEqual([1200, 630]);
    // The rotated bar reaches below its unrotated box.
    const at = (x: number, y: number) => [...data.subarray((y * 1200 + x) * 3, (y * 1200 + x) * 3 + 3)];
    expect(at(300, 170)).toEqual([0x8c, 0xb8, 0xff]);
    expect(at(1000, 600)).toEqual([0x15, 0x16, 0x1a]);
  });

  it('gives the same bytes for the same card', async () => {
    const card = CARDS[0]!;
    const first = Buffer.from(await renderCard(card));
    await renderCard(CARDS[2]!);
    expect(Buffer.from(await renderCard(card)).equals(first)).toBe(true);
  });
});
