import type { Cover, Post, SiteModel } from '../site/index.js';
import { safeUrl } from '../util/escape.js';
import type { Translator } from '../i18n/index.js';
import type { ComponentOverrides } from '../theming/components.js';
import type { BeaconTag } from '../analytics/beacon.js';

/** URL helpers bound to one site: every link in the theme goes through these. */
export interface RenderContext {
  model: SiteModel;
  /** Site-relative path → URL path with the base (`writing/x/` → `/blog/writing/x/`). */
  u: (path: string) => string;
  /** Site-relative path → absolute URL for feeds, canonical and Open Graph. */
  abs: (path: string) => string;
  /** A URL from config or front matter: root-relative gets the base, unsafe schemes are dropped. */
  link: (url: string | undefined) => string | undefined;
  stylesheet: string;
  /** The stylesheet posts and pages link instead: the main one plus prose, code and case studies. */
  postStylesheet?: string | undefined;
  /** Cover images by post, for card thumbnails. */
  covers?: Map<Post, Cover> | undefined;
  /** The theme's own body font (woff2), preloaded on every page; undefined when the site sets fonts.body. */
  bodyFont?: string | undefined;
  /** The Copy-button script for code blocks, when `codeCopyButton` is on. */
  copyScript?: string | undefined;
  /** The post stylesheet with KaTeX's rules added, when some page of the site has math: math pages link it alone. */
  mathStylesheet: string | undefined;
  favicon: string;
  /** The pages that have a generated social card (the page table's card entries), by page path; undefined when cards are off. */
  cards: ReadonlySet<string> | undefined;
  /** Site path of the search page script, when search is on. */
  searchScript: string | undefined;
  /** Strings, dates and numbers in the language of what is being rendered (a post may set its own). */
  i18n: Translator;
  /** The site's language: header, footer and navigation stay in it on every page. */
  chrome: Translator;
  /** Theme strings in another language (per-post `lang`). */
  translatorFor: (lang: string) => Translator;
  /** The site's component overrides from `theme/components/`. */
  components: ComponentOverrides;
  /** Logo shown beside the site title, from `theme.logo`. */
  logo: string | undefined;
  /** The reader analytics beacon, when the config sets analytics.endpoint. */
  analytics: BeaconTag | undefined;
}

/** The same context with content strings in `lang` (the chrome stays in the site's language). */
export function withLang(ctx: RenderContext, lang: string | undefined): RenderContext {
  if (!lang || lang === ctx.i18n.lang) return ctx;
  return { ...ctx, i18n: ctx.translatorFor(lang) };
}

export { cardPath } from '../site/generated-paths.js';

export interface ContextOptions {
  stylesheet: string;
  mathStylesheet?: string | undefined;
  bodyFont?: string | undefined;
  postStylesheet?: string | undefined;
  covers?: Map<Post, Cover> | undefined;
  copyScript?: string | undefined;
  favicon: string;
  /** The pages the page table gives a social card, or undefined when cards are off. */
  cards: ReadonlySet<string> | undefined;
  searchScript: string | undefined;
  translatorFor: (lang: string) => Translator;
  components: ComponentOverrides;
  logo: string | undefined;
  analytics?: BeaconTag | undefined;
}

export function createContext(model: SiteModel, opts: ContextOptions): RenderContext {
  // Spaces occur only in old URLs kept from other tools (Jekyll categories); an href needs them escaped.
  const u = (path: string) => model.base + path.replace(/^\//, '').replace(/ /g, '%20');
  const abs = (path: string) => model.origin + u(path);
  const link = (url: string | undefined) => {
    const safe = safeUrl(url);
    if (safe === undefined) return undefined;
    return safe.startsWith('/') && !safe.startsWith('//') ? u(safe) : safe;
  };
  const chrome = opts.translatorFor(model.config.lang);
  return {
    model,
    u,
    abs,
    link,
    stylesheet: opts.stylesheet,
    mathStylesheet: opts.mathStylesheet,
    copyScript: opts.copyScript,
    favicon: opts.favicon,
    bodyFont: opts.bodyFont,
    covers: opts.covers,
    postStylesheet: opts.postStylesheet,
    cards: opts.cards,
    searchScript: opts.searchScript,
    analytics: opts.analytics,
    i18n: chrome,
    chrome,
    translatorFor: opts.translatorFor,
    components: opts.components,
    logo: opts.logo,
  };
}
