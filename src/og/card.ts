import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import satori from 'satori';
import { rasterise } from './raster.js';

export { CARD_HEIGHT, CARD_VERSION, CARD_WIDTH, type CardInput } from './card-input.js';
import { CARD_HEIGHT, CARD_WIDTH, type CardInput } from './card-input.js';

type Node = { type: string; props: { style?: Record<string, unknown>; children?: Node | Node[] | string } };

const el = (type: string, style: Record<string, unknown>, children?: Node | Node[] | string): Node => ({ type, props: { style, children } });

/** Inter's subsets; satori picks, glyph by glyph, the first font that has it. CJK is not covered. */
const SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'];

/** The subsets a card of Latin text needs: most cards. */
const LATIN = ['latin', 'latin-ext'];

function fonts(subsets: string[]) {
  // Inter ships in @fontsource/inter; WOFF (not WOFF2) because satori reads TTF, OTF and WOFF.
  const require = createRequire(import.meta.url);
  const file = (subset: string, w: number) => readFileSync(require.resolve(`@fontsource/inter/files/inter-${subset}-${w}-normal.woff`));
  // Satori keeps one face per family, weight and style, so each subset is a family of its own.
  return subsets.flatMap((subset) => [
    { name: `Inter ${subset}`, data: file(subset, 400), weight: 400 as const, style: 'normal' as const },
    { name: `Inter ${subset}`, data: file(subset, 700), weight: 700 as const, style: 'normal' as const },
  ]);
}

const family = (subsets: string[]) => subsets.map((s) => `"Inter ${s}"`).join(', ');

/** Both font sets, each one array for the life of the process (satori parses a set once). */
let latinFonts: ReturnType<typeof fonts> | undefined;
let allFonts: ReturnType<typeof fonts> | undefined;

/**
 * Text whose every character the Latin subsets cover (their unicode-range: Basic Latin to Latin
 * Extended-B, Latin Extended Additional but the Vietnamese letters, general punctuation,
 * currency, ™, ↑↓, −) is drawn with those two subsets only; the glyphs are the same, and
 * looking them up in seven subsets made satori take 8.7 ms a card instead of 4.6.
 */
const LATIN_TEXT = /^[\u0000-\u024f\u1e00-\u1e9f\u1ef2-\u1eff\u2000-\u206f\u20a0-\u20c0\u2113\u2122\u2191\u2193\u2212\u2215]*$/;

export function cardTree(card: CardInput, fontFamily = family(SUBSETS)): Node {
  const size = card.title.length > 90 ? 46 : card.title.length > 55 ? 56 : 66;
  return el(
    'div',
    {
      width: CARD_WIDTH,
      height: CARD_HEIGHT,
      boxSizing: 'border-box',
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'space-between',
      padding: '72px 80px 72px 96px',
      background: '#15161a',
      color: '#e9e7e3',
      fontFamily,
    },
    [
      // The left border as a box of its own: satori draws a CSS border as a clipped stroke, which
      // costs resvg three full-card layers and cannot be bounded by raster.ts; a rectangle gives
      // the same pixels.
      el('div', { position: 'absolute', left: 0, top: 0, width: 16, height: CARD_HEIGHT, background: '#8cb8ff' }),
      el('div', { display: 'flex', flexDirection: 'column' }, [
        el('div', { fontSize: 28, color: '#8cb8ff', fontWeight: 700, letterSpacing: 1, textTransform: 'uppercase' }, card.eyebrow ?? card.siteName),
        el('div', { fontSize: size, fontWeight: 700, lineHeight: 1.15, marginTop: 28, maxWidth: 1000 }, card.title),
      ]),
      el('div', { display: 'flex', flexDirection: 'column' }, [
        ...(card.highlight
          ? [
              el(
                'div',
                {
                  display: 'flex',
                  alignSelf: 'flex-start',
                  fontSize: 34,
                  fontWeight: 700,
                  color: '#15161a',
                  background: '#7ddc9b',
                  padding: '10px 22px',
                  borderRadius: 12,
                  marginBottom: 28,
                },
                card.highlight,
              ),
            ]
          : []),
        el('div', { display: 'flex', justifyContent: 'space-between', fontSize: 28, color: '#aaa59d' }, [
          el('div', {}, card.siteName),
          el('div', {}, card.meta ?? ''),
        ]),
      ]),
    ],
  );
}

/** The card as satori draws it: an SVG with the text as paths. */
export function cardSvg(card: CardInput): Promise<string> {
  const latin = LATIN_TEXT.test([card.title, card.eyebrow, card.meta, card.siteName, card.highlight].join(''));
  const subsets = latin ? LATIN : SUBSETS;
  const set = latin ? (latinFonts ??= fonts(LATIN)) : (allFonts ??= fonts(SUBSETS));
  return satori(cardTree(card, family(subsets)) as unknown as Parameters<typeof satori>[0], { width: CARD_WIDTH, height: CARD_HEIGHT, fonts: set });
}

/** Renders one 1200×630 PNG. */
export async function renderCard(card: CardInput): Promise<Uint8Array> {
  return rasterise(await cardSvg(card));
}
