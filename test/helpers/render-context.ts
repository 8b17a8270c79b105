import { configSchema } from '../../src/config/index.js';
import { createTranslator, resolveMessages } from '../../src/i18n/index.js';
import { createContext, type RenderContext } from '../../src/render/context.js';
import { buildModel } from '../../src/site/index.js';
import type { ComponentOverrides } from '../../src/theming/index.js';

/** A render context for an empty site in `lang`, with real locale files and optional overrides. */
export function renderContext(lang = 'en', components: ComponentOverrides = {}): RenderContext {
  const config = configSchema.parse({ lang });
  return createContext(buildModel(config, []), {
    stylesheet: 'assets/x.css',
    favicon: 'favicon.svg',
    cards: undefined,
    searchScript: undefined,
    logo: undefined,
    components,
    translatorFor: (l) => createTranslator(l, resolveMessages(l, undefined).messages),
  });
}
