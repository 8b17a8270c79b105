import { layoutCard } from './layout.js';
import { drawCard } from './raster.js';

export { CARD_HEIGHT, CARD_VERSION, CARD_WIDTH, type CardInput } from './card-input.js';
import type { CardInput } from './card-input.js';

/** Renders one 1200×630 PNG: laid out with Inter shaped by HarfBuzz, its glyphs drawn by resvg. */
export async function renderCard(card: CardInput): Promise<Uint8Array> {
  return drawCard(layoutCard(card));
}
