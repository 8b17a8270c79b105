import type { Location, Warning } from '../errors/index.js';

export const IMPORT_SOURCES = ['wordpress', 'ghost', 'medium', 'devto'] as const;
export type ImportSourceName = (typeof IMPORT_SOURCES)[number];

/**
 * One post or page as read from an export, before it has a file name. Every reader produces
 * these, so naming, aliases, conversion and writing are shared by all platforms.
 */
export interface ImportedItem {
  kind: 'post' | 'page';
  title: string;
  /** The slug the old platform used (already URL-safe); the planner makes it unique. */
  slug: string;
  /** `YYYY-MM-DDThh:mm:ss±hh:mm`, or without the offset when the export does not say. */
  date: string | undefined;
  updated: string | undefined;
  description: string | undefined;
  tags: string[];
  categories: string[];
  image: string | undefined;
  imageAlt: string | undefined;
  draft: boolean;
  /** Old public URLs (absolute, or paths on the old site) that should redirect to the new page. */
  oldUrls: string[];
  /** Other URLs that meant this item on the old site (`/?p=12`): links to them are rewritten, no redirect is made. */
  linkUrls: string[];
  series: string | undefined;
  /** HTML to convert to Markdown, or Markdown to keep as it is. */
  body: { html: string } | { markdown: string };
  /** Where the item is in the export, for warnings. */
  origin: Location;
}

/** What the export says about the site itself; used for a new casebook.config.yaml. */
export interface ImportedSite {
  title?: string | undefined;
  description?: string | undefined;
  /** Absolute URL of the old site, e.g. `https://example.com/blog/`. */
  baseUrl?: string | undefined;
  lang?: string | undefined;
  timezone?: string | undefined;
  /** The author's name, when the blog had a single author. */
  author?: string | undefined;
}

export interface ImportSource {
  platform: ImportSourceName;
  site: ImportedSite;
  items: ImportedItem[];
  /** Things in the export that are deliberately not posts, by what they are: `{ attachments: 12 }`. */
  skipped: Record<string, number>;
  warnings: Warning[];
  /** The platform's own clean-up of each post's parsed HTML before conversion. */
  prepareHtml?: (root: Element) => void;
  /** Notes for the summary that need the author's action (e.g. where images are served from). */
  notes: string[];
}

export function countSkipped(skipped: Record<string, number>, what: string, n = 1): void {
  skipped[what] = (skipped[what] ?? 0) + n;
}
