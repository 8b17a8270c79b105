import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { charactersWithoutGlyph, DRAWN } from './coverage.js';
import { SUBSETS, subsetFont } from './subsets.js';

function fontCoverage(weight: 400 | 700): Set<number> {
  const all = new Set<number>();
  for (const subset of SUBSETS) {
    const face = new hb.Face(new hb.Blob(subsetFont(subset, weight)));
    for (const cp of face.collectUnicodes()) all.add(cp);
  }
  return all;
}

describe('characters a card draws', () => {
  it('claims only characters both weights of the fonts have as drawn without looking', () => {
    const drawn = new RegExp(`^[${DRAWN}]$`);
    const claimed: number[] = [];
    for (let cp = 0; cp < 0x10000; cp++) if (drawn.test(String.fromCharCode(cp))) claimed.push(cp);
    expect(claimed.length).toBeGreaterThan(300);
    for (const weight of [400, 700] as const) {
      const has = fontCoverage(weight);
      expect(claimed.filter((cp) => !has.has(cp)).map((cp) => cp.toString(16))).toEqual([]);
    }
  });

  it('names CJK, emoji and arrows the fonts lack, once each, and nothing for Latin, Cyrillic, Greek and Vietnamese', async () => {
    const card = {
      title: 'Łódź, Москва, Αθήνα, Hà Nội — “quoted” …',
      eyebrow: 'Notes',
      meta: 'March 1, 2024 · 5 min read',
      siteName: 'Site',
      highlight: 'p99 −72%',
    };
    expect(await charactersWithoutGlyph(card)).toEqual([]);
    expect(await charactersWithoutGlyph({ ...card, title: '東京 → 東京 🚀', highlight: undefined })).toEqual(['東', '京', '→', '🚀']);
    // Joiners and variation selectors draw nothing, box or not.
    expect(await charactersWithoutGlyph({ ...card, title: 'a\u200db\ufe0f' })).toEqual([]);
  });
});
