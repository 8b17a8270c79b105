import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { woffToSfnt } from './woff.js';

/** Inter's subsets in @fontsource/inter, in the order the card looks a character up in them. */
export const SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'];

const require = createRequire(import.meta.url);

/** The WOFF file of one subset and weight. */
export function subsetFile(subset: string, weight: 400 | 700): string {
  return require.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`);
}

/** One subset's font as HarfBuzz reads it: the WOFF file unpacked to SFNT, in a buffer of its own. */
export function subsetFont(subset: string, weight: 400 | 700): ArrayBuffer {
  const sfnt = woffToSfnt(readFileSync(subsetFile(subset, weight)));
  return sfnt.buffer.slice(sfnt.byteOffset, sfnt.byteOffset + sfnt.byteLength) as ArrayBuffer;
}
