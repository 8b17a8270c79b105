import { importModule } from '../util/import-module.js';
import type { CardInput } from './card-input.js';
import { SUBSETS, subsetFont } from './subsets.js';

/**
 * Characters Inter's subsets draw (read from their character maps once, and kept here so that a
 * card of such text needs no fonts; coverage.test.ts holds it to the fonts): Latin-1 and Latin
 * Extended-A but "ŉ" and the soft hyphen, and the punctuation
 * titles use (dashes, quotes, ellipsis, bullet, primes, euro, trade mark, minus). Inter has no
 * arrows to the side and most of General Punctuation not: those are looked up in the fonts
 * themselves (HarfBuzz, about 50 ms the first time). HarfBuzz is imported, not required: the
 * CLI's Node 20 script cannot require a module that awaits at its top (src/util/import-module.ts);
 * fonts.ts, which shapes cards, runs in the card workers only.
 */
export const DRAWN =
  '\\u0020-\\u007e\\u00a0-\\u00ac\\u00ae-\\u0148\\u014a-\\u017f\\u2002\\u2009\\u200b\\u2013\\u2014\\u2018-\\u201a\\u201c-\\u201e\\u2020\\u2022\\u2026\\u2032\\u2033\\u2039\\u203a\\u2044\\u20ac\\u2122\\u2212';
const SURELY_DRAWN = new RegExp(`^[${DRAWN}]*$`);
const DRAWN_CHAR = new RegExp(`^[${DRAWN}]$`);
/** Joiners, variation selectors and the like: HarfBuzz draws nothing for them, box or not. */
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;

/**
 * The characters of a card that its font has no glyph for (CJK, Arabic, Hebrew, emoji…), each
 * once, in order of appearance; empty when it draws them all.
 */
export async function charactersWithoutGlyph(card: CardInput): Promise<string[]> {
  const texts = [card.title, card.eyebrow, card.meta, card.siteName, card.highlight].filter((t): t is string => !!t);
  if (texts.every((t) => SURELY_DRAWN.test(t))) return [];
  const drawn = await (covered ??= coverage());
  const missing = new Set<string>();
  for (const text of texts)
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (DRAWN_CHAR.test(ch) || IGNORABLE.test(ch) || missing.has(ch)) continue;
      if (!drawn.has(cp)) missing.add(ch);
    }
  return [...missing];
}

let covered: Promise<Set<number>> | undefined;

/** Every character one of the subsets has a glyph for (the regular weight's; the bold has the same). */
async function coverage(): Promise<Set<number>> {
  const hb = await importModule<typeof import('harfbuzzjs')>('harfbuzzjs');
  const all = new Set<number>();
  for (const subset of SUBSETS) {
    const face = new hb.Face(new hb.Blob(subsetFont(subset, 400)));
    for (const cp of face.collectUnicodes()) all.add(cp);
  }
  return all;
}
