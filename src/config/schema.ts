import * as z from 'zod';
import { themeSchema } from './theme-schema.js';

const link = z.object({ label: z.string().min(1), url: z.string().min(1) }).strict();
/** A navigation item: a URL, or a standalone page by slug (its title is the default label). */
const navItem = z.union([link, z.object({ page: z.string().min(1), label: z.string().min(1).optional() }).strict()]);

const section = z
  .object({
    title: z.string().min(1),
    /** Case studies whose category is one of these (case-insensitive) belong here. */
    categories: z.array(z.string().min(1)).default([]),
    /** A section of the featured case studies. */
    featured: z.boolean().default(false),
    description: z.string().optional(),
  })
  .strict();

export const DEFAULT_CASE_STUDY_SECTIONS = [
  { title: 'Featured', categories: [], featured: true },
  { title: 'Failure Analysis', categories: ['Failure Analysis'], featured: false },
  { title: 'Optimization & Migration Wins', categories: ['Optimization & Migration Wins'], featured: false },
  { title: 'Architecture & Design', categories: ['Architecture & Design'], featured: false },
];

/** An absolute http: or https: URL with a host; `javascript:`, `data:` and `file:` URLs are not a site's address. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** What a card's meta line shows, in order: "kind", "category", "date" (March 1, 2024), "month" (March 2024), "readingTime". */
export const CARD_META_FIELDS = ['kind', 'category', 'date', 'month', 'readingTime'] as const;

/** The page shapes of post lists (writing, categories, tags, the home page's latest posts). */
const lists = z
  .object({
    /** cards: title, meta and summary; essays: a larger title and the full description; compact: one line per post. */
    style: z.enum(['cards', 'essays', 'compact']).default('cards'),
    /** The meta line of each card; default: kind, category, date, reading time. */
    meta: z.array(z.enum(CARD_META_FIELDS)).min(1).optional(),
  })
  .strict();

/** The home page: its hero text and its list of latest posts. */
const home = z
  .object({
    /** The line under the name (default: the profile's label). */
    headline: z.string().min(1).optional(),
    /** The paragraph under the headline (default: the profile's summary, else the site description). */
    bio: z.string().min(1).optional(),
    /** Heading of the latest-posts section (default "Latest writing"). */
    latestTitle: z.string().min(1).optional(),
    /** How many latest posts the home page lists. */
    latestCount: z.number().int().min(1).max(50).default(6),
    /**
     * A category filter over the latest posts: `true` lists the site's categories, a list names
     * them in order (a named category without posts shows the empty state).
     */
    categoryFilter: z.union([z.boolean(), z.array(z.string().min(1)).min(1)]).default(false),
  })
  .strict();

/** The site config. Strict: an unknown key is an error with a suggestion, never ignored. */
export const configSchema = z
  .object({
    title: z.string().min(1).default('My site'),
    description: z.string().default(''),
    /** Only http(s): the value lands in every canonical link, feed and redirect. */
    baseUrl: z.string().url().refine(isHttpUrl, 'must be an http(s) URL such as https://example.com/').default('http://localhost:4321/'),
    lang: z.string().min(2).default('en'),
    timezone: z.string().default('UTC'),
    author: z
      .object({ name: z.string().min(1), email: z.string().email().optional(), url: z.string().url().optional() })
      .strict()
      .optional(),
    paginate: z.number().int().min(1).max(1000).default(10),
    /**
     * Posts per feed (site, category and tag feeds, and an old site's feeds), newest first, or
     * `all`. A site made with another tool gets the size its old feeds had (Hugo's and Zola's
     * default is every post), so no subscriber loses entries by the switch.
     */
    feedSize: z.union([z.number().int().min(1).max(100000), z.literal('all')]).default(20),
    /** Default: Writing, Case studies, and CV when the site has a profile. */
    nav: z.array(navItem).optional(),
    social: z.array(link).default([]),
    footer: z.string().optional(),
    outDir: z.string().min(1).default('dist'),
    readingSpeed: z.number().int().min(50).max(1000).default(230),
    /** Full-text search with Pagefind: /search/ and a header search box. */
    search: z.boolean().default(true),
    /** Generated 1200×630 social cards for posts and section pages without their own image. */
    socialCards: z.boolean().default(true),
    /** A Copy button on code blocks: a small script on pages that have code (off: no JavaScript). */
    codeCopyButton: z.boolean().default(false),
    /** Where the build cache lives (rendered Markdown, social cards), relative to the site folder. */
    cacheDir: z.string().min(1).default('.casebook/cache'),
    /** Design tokens: accent colour, fonts, content width, code colours, logo and favicon. */
    theme: themeSchema.prefault({}),
    /** The writing index: its title ("Writing", "Essays", "Retrospectives") and intro. */
    writing: z
      .object({ title: z.string().min(1).optional(), intro: z.string().min(1).optional() })
      .strict()
      .default({}),
    lists: lists.prefault({}),
    home: home.prefault({}),
    caseStudies: z
      .object({
        intro: z.string().optional(),
        /** In order; each case study is listed in the first section it belongs to. */
        sections: z.array(section).default(DEFAULT_CASE_STUDY_SECTIONS),
      })
      .strict()
      .default({ sections: DEFAULT_CASE_STUDY_SECTIONS }),
    /** Reader analytics (docs/analytics.md): without it pages carry no script for it at all. */
    analytics: z
      .object({
        /** The URL `casebook analytics serve` is reachable at; the beacon posts to <endpoint>/api/event. */
        endpoint: z
          .string()
          .url()
          .regex(/^https?:\/\//i, 'must be an http(s) URL'),
        /** The id events carry (default: the host name of baseUrl). */
        site: z
          .string()
          .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/, 'must be 1–64 letters, digits, ".", "-" or "_"')
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type SiteConfigInput = z.input<typeof configSchema>;
export type SiteConfig = z.output<typeof configSchema>;

export const CONFIG_KEYS = Object.keys(configSchema.shape);
