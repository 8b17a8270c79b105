import { readFileSync } from 'node:fs';
import { importModule } from '../util/import-module.js';
import type { CardInput } from './card-input.js';
import { SUBSETS, subsetFile } from './subsets.js';
import { woffToSfnt } from './woff.js';

/**
 * Text every subset of Inter surely draws: Latin-1, Latin Extended-A and B, general punctuation.
 * Anything else is looked up in the fonts themselves (HarfBuzz, about 50 ms the first time), so
 * a site writing only such text never loads them for this. HarfBuzz is imported, not required:
 * the CLI's Node 20 script cannot require a module that awaits at its top (src/util/import-module.ts);
 * fonts.ts, which shapes cards, runs in the card workers only.
 */
const SURELY_DRAWN = /^[\u0000-\u024f\u2000-\u206f]*$/;
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
      if (cp < 0x250 || IGNORABLE.test(ch) || missing.has(ch)) continue;
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
    const sfnt = woffToSfnt(readFileSync(subsetFile(subset, 400)));
    const face = new hb.Face(new hb.Blob(sfnt.buffer.slice(sfnt.byteOffset, sfnt.byteOffset + sfnt.byteLength) as ArrayBuffer));
    for (const cp of face.collectUnicodes()) all.add(cp);
  }
  return all;
}
