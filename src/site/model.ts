import type { SiteConfig } from '../config/index.js';
import type { SourcePost } from '../content/index.js';
import type { RenderedBody } from '../markdown/render.js';
import type { Profile } from '../profile/index.js';

/** A post's cover image as the page shows it: URL with the base path, and its size when known. */
export type Cover = {
  url: string;
  width?: number;
  height?: number;
  /** Resized AVIF, WebP and original-format variants of a local raster cover. */
  variants?: { src: string; width: number; height: number; sources: { type: string; srcset: string }[]; fallbackSrcset: string };
};

/** A published post with its place on the site. */
export interface Post extends SourcePost {
  /** Path from the site root without the base, e.g. `writing/my-post/`. */
  path: string;
  rendered: RenderedBody;
  categoryTerms: Term[];
  tagTerms: Term[];
  seriesInfo: { series: Series; index: number; total: number } | undefined;
  /** Older and newer neighbours in the same collection. */
  older: Post | undefined;
  newer: Post | undefined;
  /** Up to three posts sharing its series, tags or category (see relatedPosts). */
  related: Post[];
  /** Drafts and scheduled posts appear only with --drafts / --future (and in dev), marked. */
  status: 'published' | 'draft' | 'scheduled';
}

/** One language edition of a multilingual site: its translated posts, newest first. */
export interface Edition {
  lang: string;
  posts: Post[];
}

export interface Term {
  name: string;
  slug: string;
  path: string;
  posts: Post[];
  /** The term's own title and intro where the old site gave it one (an Astro tag collection). */
  title?: string | undefined;
  description?: string | undefined;
}

export interface Series {
  name: string;
  slug: string;
  path: string;
  parts: Post[];
}

export interface CaseStudySection {
  title: string;
  slug: string;
  /** The section's own filtered page. */
  path: string;
  description: string | undefined;
  posts: Post[];
}

export interface Author {
  name: string;
  email?: string | undefined;
  url?: string | undefined;
}

export interface Page<T> {
  items: T[];
  number: number;
  total: number;
  path: string;
  pathOf: (n: number) => string;
}

export interface SiteModel {
  config: SiteConfig;
  /** Base path of the site (`/` or `/blog/`). */
  base: string;
  /** Scheme + host of baseUrl, no trailing slash. */
  origin: string;
  /** Every published post, newest first (undated last); standalone pages are not posts. */
  posts: Post[];
  /** The posts of the site's own lists and feeds: every post but the translations of another language edition. */
  listed: Post[];
  /** A multilingual site's other language editions (its translated posts), each with its list at `<lang>/`. */
  editions: Edition[];
  /** Standalone pages (`kind: page`, `content/pages/`): About, Uses, Now… outside feeds and lists. */
  pages: Post[];
  articles: Post[];
  caseStudies: Post[];
  featured: Post[];
  categories: Term[];
  tags: Term[];
  series: Series[];
  /** The newest date among posts, for feeds: never the wall clock, so builds are reproducible. */
  updated: Post | undefined;
  /** Case studies grouped as configured; a post sits in the first section it fits. */
  caseStudySections: CaseStudySection[];
  profile: Profile | undefined;
  /** config.author, else the profile's name, email and url. */
  author: Author | undefined;
  nav: { label: string; url: string }[];
}
