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
  /** Whether the theme has strings for `lang` (shipped, or the site's theme/locales/). */
  hasStrings: (lang: string) => boolean;
  /** Changes with the site's theme/ folder; the config is keyed separately. */
  digest: string;
  /** The light scheme's accent, for the monogram favicon. */
  accent: string;
}

export async function prepareTheme(root: string, config: SiteConfig, configFile: string | undefined, warnings: Warning[]): Promise<ThemeSetup> {
  const site = await loadSiteTheme(root);
  const tokens = resolveTheme(config.theme, (key) => (configFile ? configLocation(configFile, key.split('.')) : undefined));
  const resolved = new Map<string, ReturnType<typeof resolveMessages>>();
  const messagesFor = (lang: string) => {
    let r = resolved.get(lang);
    if (!r) resolved.set(lang, (r = resolveMessages(lang, site.localesDir)));
    return r;
  };
  const hasStrings = (lang: string) => /^en\b/i.test(lang) || messagesFor(lang).source !== undefined;
  const translators = new Map<string, Translator>();
  const translatorFor = (lang: string): Translator => {
    let t = translators.get(lang);
    if (!t) {
      const { messages } = messagesFor(lang);
      // A post's own language is named with its posts (warnOfPostLanguages).
      if (!hasStrings(lang) && lang === config.lang) {
        warnings.push({
          code: 'CB2307',
          message: `No theme strings for the site's language "${lang}"; pages show English theme strings.`,
          ...(configFile ? { location: { file: configFile } } : {}),
        });
      }
      t = createTranslator(lang, messages);
      translators.set(lang, t);
    }
    return t;
  };
  return {
    hasStrings,
    tokensCss: tokens.css,
    preset: tokens.preset,
    siteCss: site.css,
    components: site.components,
    translatorFor,
    digest: site.digest,
    accent: tokens.light['--accent']!,
  };
}

/** CB2307 for each language posts set (`lang`) that the theme has no strings for: once per language, at its first post. */
export function warnOfPostLanguages(
  posts: readonly { file: string; lang: string | undefined }[],
  siteLang: string,
  theme: Pick<ThemeSetup, 'hasStrings'>,
  warnings: Warning[],
): void {
  const byLang = new Map<string, string[]>();
  for (const p of posts) {
    if (!p.lang || p.lang === siteLang) continue;
    const files = byLang.get(p.lang);
    if (files) files.push(p.file);
    else byLang.set(p.lang, [p.file]);
  }
  for (const [lang, files] of byLang) {
    if (theme.hasStrings(lang)) continue;
    const others = files.length > 1 ? ` and ${files.length - 1} more post${files.length > 2 ? 's' : ''}` : '';
    warnings.push({
      code: 'CB2307',
      message: `No theme strings for "${lang}", this post's language${others}: the theme's words on their pages (reading time, labels, headings it adds) are in English.`,
      location: { file: files[0]! },
    });
  }
}
