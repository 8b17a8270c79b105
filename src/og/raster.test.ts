import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isCompletePng } from './cache.js';
import type { CardInput } from './card-input.js';
import { layoutCard } from './layout.js';
import { drawCard, sceneSvg } from './raster.js';

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
  { title: 'AVAVA Wavy Tối ưu hóa truy vấn Ĳ ﬁ 中文 x', eyebrow: 'Ελληνικά', meta: undefined, siteName: 'S', highlight: 'WAVE' },
];

const rgb = async (png: Uint8Array) => {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([1200, 630, 3]);
  return data;
};

describe('drawCard', () => {
  it('gives the pixels resvg gives for the whole card drawn as one SVG', async () => {
    for (const card of CARDS) {
      const scene = layoutCard(card);
      const png = drawCard(scene);
      expect(isCompletePng(Buffer.from(png))).toBe(true);
      const quick = await rgb(png);
      const whole = new Resvg(sceneSvg(scene), { font: { loadSystemFonts: false } }).render().pixels;
      let worst = 0;
      let inked = 0;
      for (let p = 0; p < 1200 * 630; p++)
        for (let c = 0; c < 3; c++) {
          worst = Math.max(worst, Math.abs(quick[p * 3 + c]! - whole[p * 4 + c]!));
          if (c === 0 && quick[p * 3]! !== 0x15 && p % 1200 >= 96) inked++;
        }
      // The palette has 50 steps of coverage between two colours: half a step of the largest
      // difference (the title on the background, 212 levels of red) is 2.1, and resvg rounds too.
      expect(worst).toBeLessThanOrEqual(3);
      // And there is text to compare: thousands of pixels of it.
      expect(inked).toBeGreaterThan(5000);
    }
  });

  it('gives the same bytes for the same card', () => {
    const first = Buffer.from(drawCard(layoutCard(CARDS[0]!)));
    drawCard(layoutCard(CARDS[2]!));
    expect(Buffer.from(drawCard(layoutCard(CARDS[0]!))).equals(first)).toBe(true);
  });
});
