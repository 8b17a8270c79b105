import type { ForeignBody } from '../foreign-types/index.js';
import type { SiteDate } from '../util/dates.js';
import type { FrontMatter, PostKind } from './schema.js';

export interface CaseStudyFields {
  role?: string;
  period?: string;
  stack?: string[];
  context?: string;
  problem?: string;
  constraints?: string[];
  decisions?: { decision: string; alternatives: string[]; why?: string | undefined }[];
  tradeoffs?: string[];
  outcomes?: { metric: string; before: number; after: number; unit?: string | undefined; better: 'lower' | 'higher' }[];
  lessons?: string[];
  severity?: string;
  impact?: string;
  detection?: string;
  timeline?: { at: string; event: string }[];
  rootCause?: string;
  actionItems?: string[];
}

/** One source file, validated and normalised; not yet rendered. */
export interface SourcePost {
  file: string;
  /** See ContentFile.within: where the file must still lie when its text is read again. */
  within?: string | undefined;
  /** Path relative to content/. */
  rel: string;
  /** Whole file text (LF line endings), kept for code frames in later errors. */
  source: string;
  /** Digest of the file text: changes exactly when the post does. */
  digest: string;
  /** Line (1-based) of a front matter key, for pointing later errors (duplicate URL, images) at it. */
  keyLine: (key: string) => number | undefined;
  kind: PostKind;
  title: string;
  slug: string;
  date: SiteDate | undefined;
  updated: SiteDate | undefined;
  description: string | undefined;
  /** A description written in inline Markdown on another tool's site, as written; `description` is then its plain text. */
  descriptionMarkdown?: string;
  tags: string[];
  categories: string[];
  series: { name: string; part: number | undefined } | undefined;
  draft: boolean;
  featured: boolean;
  aliases: string[];
  image: string | undefined;
  imageAlt: string | undefined;
  canonical: string | undefined;
  toc: boolean;
  lang: string | undefined;
  caseStudy: CaseStudyFields;
  body: string;
  bodyLine: number;
  /** True for `folder/index.md`: files beside it belong to the post. */
  bundle: boolean;
  /** Sites made with another tool: the post's old URL as a site path (`2019/05/x/`, `a/b.html`). */
  outputPath?: string;
  /** Sites made with another tool: the old tool's template syntax is rendered or removed. */
  foreignBody?: ForeignBody;
  /**
   * Sites made with another tool: the language edition of a multilingual site (Zola `x.fr.md`
   * under `[languages.fr]`) this translation belongs to. It is listed in that language's list and
   * feeds at `/fr/`, not in the site's own.
   */
  edition?: string;
  /** Sites made with another tool: why the old tool did not publish this file (headless, `permalink: false`). */
  excluded?: string;
}

export type { FrontMatter };
