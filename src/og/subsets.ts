import { createRequire } from 'node:module';

/** Inter's subsets in @fontsource/inter, in the order the card looks a character up in them. */
export const SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'];

const require = createRequire(import.meta.url);

/** The WOFF file of one subset and weight. */
export function subsetFile(subset: string, weight: 400 | 700): string {
  return require.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`);
}
