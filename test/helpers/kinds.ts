import type { KindSpec } from '../../src/content/index.js';

/** The extra kind the registry tests add: a talk, with its own URL and folder, listed and in the feeds like an article. */
export function talkKind(over: Partial<KindSpec> = {}): KindSpec {
  return {
    name: 'talk',
    url: 'talks/:slug/',
    folder: 'talks',
    list: 'writing',
    feed: true,
    layout: 'article',
    schemaType: 'PresentationDigitalDocument',
    ...over,
  };
}
