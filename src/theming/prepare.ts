import type { SiteConfig } from '../config/index.js';
import { configLocation } from '../config/load.js';
import type { Warning } from '../errors/index.js';
import { createTranslator, resolveMessages, type Translator } from '../i18n/index.js';
import type { ComponentOverrides } from './components.js';
import { loadSiteTheme } from './load-theme.js';
import { resolveTheme } from './tokens.js';

/** Everything the renderer needs from the theme: CSS, components, strings in each language. */
export interface ThemeSetup {
  tokensCss: string;
  /** A preset is chosen: its rules (theme/presets.css) join the stylesheet. */
  preset: boolean;
  siteCss: string[];
  components: ComponentOverrides;
  translatorFor: (lang: string) => Translator;
  /** Changes with the site's theme/ folder; the config is keyed separately. */
  digest: string;
  /** The light scheme's accent, for the monogram favicon. */
  accent: string;
}

export async function prepareTheme(root: string, config: SiteConfig, configFile: string | undefined, warnings: Warning[]): Promise<ThemeSetup> {
  const site = await loadSiteTheme(root);
  const tokens = resolveTheme(config.theme, (key) => (configFile ? configLocation(configFile, key.split('.')) : undefined));
  const translators = new Map<string, Translator>();
  const translatorFor = (lang: string): Translator => {
    let t = translators.get(lang);
    if (!t) {
      const { messages, source } = resolveMessages(lang, site.localesDir);
      if (!source && !/^en\b/i.test(lang)) {
        warnings.push({ code: 'CB2307', message: `No theme strings for "${lang}"; pages in it show English theme strings.` });
      }
      t = createTranslator(lang, messages);
      translators.set(lang, t);
    }
    return t;
  };
  return {
    tokensCss: tokens.css,
    preset: tokens.preset,
    siteCss: site.css,
    components: site.components,
    translatorFor,
    digest: site.digest,
    accent: tokens.light['--accent']!,
  };
}
