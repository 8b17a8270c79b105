import type { SafeHtml } from '../util/html.js';
import type { MessageKey, Params } from '../i18n/index.js';

/**
 * The public shape of a post that components receive: plain data with URLs and texts already
 * computed, so a site's overrides keep working when Casebook's internals change.
 */
export interface PostView {
  title: string;
  url: string;
  /** article, case-study, retrospective, postmortem or page. */
  kind: string;
  /** "Case study", "Postmortem"… in the page's language; undefined for articles. */
  kindLabel: string | undefined;
  status: 'published' | 'draft' | 'scheduled';
  /** "Draft" / "Scheduled" in the page's language, when not published. */
  statusLabel: string | undefined;
  /**
   * `plain` is the calendar date in the site's time zone (format it, never re-parse `iso`, which a
   * browser in another zone may put on another day); `month` is "March 2024" in the page's language.
   */
  date: { iso: string; text: string; plain: { year: number; month: number; day: number }; month: string } | undefined;
  updated: { iso: string; text: string } | undefined;
  description: string | undefined;
  /** The description, or the first paragraph of the body. */
  summary: string;
  /** The summary as HTML when the description is inline Markdown (another tool's site): links and emphasis, escaped. */
  summaryHtml?: SafeHtml;
  readingMinutes: number;
  /** "6 min read" in the page's language. */
  readingTime: string;
  category: { name: string; url: string } | undefined;
  tags: { name: string; url: string }[];
  series: { name: string; url: string; part: number; total: number } | undefined;
  featured: boolean;
  lang: string | undefined;
  /** Cover image URL, when the post has one. */
  image: string | undefined;
  /**
   * A case study's first outcome, formatted: "p99 latency", "340 ms → 95 ms", "−72%", and whether
   * the change is an improvement. Undefined for posts without outcomes.
   */
  headline: { metric: string; values: string; change: string; verdict: 'better' | 'worse' | 'same' } | undefined;
}

export interface NavItemView {
  label: string;
  url: string;
  /** `page` on the page itself, `true` inside its section, undefined elsewhere. */
  current: 'page' | 'true' | undefined;
}

/** Every component a site can replace, with the props it receives. */
export interface ComponentProps {
  header: {
    siteTitle: string;
    homeUrl: string;
    isHome: boolean;
    logo: string | undefined;
    nav: NavItemView[];
    /** The header search form, or empty when search is off or this is the search page. */
    search: SafeHtml;
    /** The System/Light/Dark radios (CSS :has; a tiny inline script remembers the choice). */
    themeSwitch: SafeHtml;
  };
  footer: {
    siteTitle: string;
    author: { name: string; url?: string | undefined } | undefined;
    social: { label: string; url: string }[];
    feeds: { rss: string; atom: string; json: string };
    /** `footer` from the config, or "© <author>". */
    text: string;
  };
  'post-meta': { post: PostView };
  /** `compact`: a short list beside other content (related posts): title and meta only. */
  'post-card': { post: PostView; headingLevel: 2 | 3; compact?: boolean };
  'outcome-card': {
    metric: string;
    before: number;
    after: number;
    unit: string | undefined;
    better: 'lower' | 'higher';
    /** before and after with their unit, formatted for the page's language. */
    beforeText: string;
    afterText: string;
    /** "−72%", "+3", "no change". */
    changeText: string;
    verdict: 'better' | 'worse' | 'same';
  };
  'series-box': {
    series: { name: string; url: string };
    index: number;
    total: number;
    /**
     * The parts the box lists, in order: every part of a series of up to 12, else the first, the
     * last and three on each side of the current one (`number` tells where the gaps are).
     */
    parts: { title: string; url: string; current: boolean; number: number }[];
    /** Runs of parts left out: `count` parts after part `after`, listed on the series page at `url`. */
    gaps: { after: number; count: number; url: string }[];
  };
  'cv-section': { id: string; title: string; content: SafeHtml };
  'home-hero': {
    name: string;
    headline: string | undefined;
    location: string | undefined;
    summary: string | undefined;
    /** Website, e-mail and profile links as a list. */
    links: SafeHtml;
  };
}

export type ComponentName = keyof ComponentProps;

export const COMPONENT_NAMES: readonly ComponentName[] = [
  'header',
  'footer',
  'post-meta',
  'post-card',
  'outcome-card',
  'series-box',
  'cv-section',
  'home-hero',
];

/** What an override gets besides its props. */
export interface ComponentHelpers {
  /** The default theme's rendering of the same props, to wrap or reuse. */
  readonly original: SafeHtml;
  /** A theme string in the page's language. */
  t: (key: MessageKey, params?: Params) => string;
  lang: string;
  dir: 'ltr' | 'rtl';
}

export type ComponentFunction<N extends ComponentName> = (props: ComponentProps[N], helpers: ComponentHelpers) => SafeHtml;

export interface ComponentDefinition<N extends ComponentName = ComponentName> {
  readonly component: N;
  readonly render: ComponentFunction<N>;
}

export type ComponentOverrides = { [N in ComponentName]?: { render: ComponentFunction<N>; file: string } };

/** Typed override: `export default defineComponent('footer', (props, { original }) => html`…`)`. */
export function defineComponent<N extends ComponentName>(component: N, render: ComponentFunction<N>): ComponentDefinition<N> {
  return { component, render };
}
