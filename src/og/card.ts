import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import satori from 'satori';
import { Resvg } from '@resvg/resvg-js';

export { CARD_HEIGHT, CARD_VERSION, CARD_WIDTH, type CardInput } from './card-input.js';
import { CARD_HEIGHT, CARD_WIDTH, type CardInput } from './card-input.js';

type Node = { type: string; props: { style?: Record<string, unknown>; children?: Node | Node[] | string } };

const el = (type: string, style: Record<string, unknown>, children?: Node | Node[] | string): Node => ({ type, props: { style, children } });

/** Inter's subsets; satori picks, glyph by glyph, the first font that has it. CJK is not covered. */
const SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'];

function fonts() {
  // Inter ships in @fontsource/inter; WOFF (not WOFF2) because satori reads TTF, OTF and WOFF.
  const require = createRequire(import.meta.url);
  const file = (subset: string, w: number) => readFileSync(require.resolve(`@fontsource/inter/files/inter-${subset}-${w}-normal.woff`));
  // Satori keeps one face per family, weight and style, so each subset is a family of its own.
  return SUBSETS.flatMap((subset) => [
    { name: `Inter ${subset}`, data: file(subset, 400), weight: 400 as const, style: 'normal' as const },
    { name: `Inter ${subset}`, data: file(subset, 700), weight: 700 as const, style: 'normal' as const },
  ]);
}

const FAMILY = SUBSETS.map((s) => `"Inter ${s}"`).join(', ');

let loaded: ReturnType<typeof fonts> | undefined;

export function cardTree(card: CardInput): Node {
  const size = card.title.length > 90 ? 46 : card.title.length > 55 ? 56 : 66;
  return el('div', { width: CARD_WIDTH, height: CARD_HEIGHT, boxSizing: 'border-box', display: 'flex', flexDirection: 'column', justifyContent: 'space-between', padding: '72px 80px', background: '#15161a', color: '#e9e7e3', fontFamily: FAMILY, borderLeft: '16px solid #8cb8ff' }, [
    el('div', { display: 'flex', flexDirection: 'column' }, [
      el('div', { fontSize: 28, color: '#8cb8ff', fontWeight: 700, letterSpacing: 1, textTransform: 'uppercase' }, card.eyebrow ?? card.siteName),
      el('div', { fontSize: size, fontWeight: 700, lineHeight: 1.15, marginTop: 28, maxWidth: 1000 }, card.title),
    ]),
    el('div', { display: 'flex', flexDirection: 'column' }, [
      ...(card.highlight ? [el('div', { display: 'flex', alignSelf: 'flex-start', fontSize: 34, fontWeight: 700, color: '#15161a', background: '#7ddc9b', padding: '10px 22px', borderRadius: 12, marginBottom: 28 }, card.highlight)] : []),
      el('div', { display: 'flex', justifyContent: 'space-between', fontSize: 28, color: '#aaa59d' }, [
        el('div', {}, card.siteName),
        el('div', {}, card.meta ?? ''),
      ]),
    ]),
  ]);
}

/** Renders one 1200×630 PNG. */
export async function renderCard(card: CardInput): Promise<Uint8Array> {
  loaded ??= fonts();
  const svg = await satori(cardTree(card) as unknown as Parameters<typeof satori>[0], { width: CARD_WIDTH, height: CARD_HEIGHT, fonts: loaded });
  return new Resvg(svg, { fitTo: { mode: 'width', value: CARD_WIDTH } }).render().asPng();
}
