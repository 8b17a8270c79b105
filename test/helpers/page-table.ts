import type { SiteModel, TableInput } from '../../src/site/index.js';

/** What planPages takes for `model` with nothing else in the site (no files, aliases, search or cards) but what `over` sets. */
export function tableInput(model: SiteModel, over: Partial<TableInput> = {}): TableInput {
  return {
    model,
    covers: new Map(),
    aliasPath: () => undefined,
    mathStylesheet: undefined,
    search: false,
    generated: [],
    staticFiles: [],
    images: [],
    resume: false,
    cards: false,
    ...over,
  };
}
