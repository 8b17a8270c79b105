// What a social card shows, apart from the code that draws it: pages and the card cache need only
// this, and loading HarfBuzz and resvg for it would slow every build that draws no card.
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
/** Bump when the card design changes, so cached cards are rendered again. */
export const CARD_VERSION = 5;

export interface CardInput {
  title: string;
  /** Small line above the title: category or section name. */
  eyebrow: string | undefined;
  /** Bottom line: date, reading time. */
  meta: string | undefined;
  siteName: string;
  /** Case studies: the headline outcome, e.g. "p99 latency −72%". */
  highlight: string | undefined;
}
