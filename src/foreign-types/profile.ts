import type { Warning } from '../errors/index.js';

export type ForeignTool = 'hugo' | 'jekyll' | 'astro' | 'eleventy' | 'zola' | 'next';

/** Which template language the old tool ran over post bodies, so its syntax can be rendered or removed. */
export type ForeignFamily = 'hugo' | 'liquid' | 'zola' | 'mdx';

/** A content file of a foreign site, with where it sits in the old tool's terms. */
export interface ForeignFile {
  /** Absolute path. */
  file: string;
  /** Path relative to the site root, forward slashes. */
  rel: string;
  /** Path relative to the tool's content folder (Hugo `content/`, Jekyll root, Astro collection). */
  contentRel: string;
  /** A post (dated writing) or a standalone page (about, uses). */
  role: 'post' | 'page';
  /** `_drafts/` in Jekyll: a draft whatever its front matter says. */
  draft?: boolean;
  /** Front matter the old tool applied to this file from outside it (Jekyll `defaults`, Eleventy directory data). */
  defaults?: Record<string, unknown>;
  /** Categories the file's place implies (Jekyll `foo/_posts/`). */
  categories?: string[];
  /** A translation in a multilingual site (Zola `x.fr.md`): the language edition it belongs to. */
  edition?: string;
  /** A post that the old tool built as a page (Jekyll articles in a folder of dated pages): its URL follows the page rules. */
  pageUrl?: boolean;
  /** How the old site compiled the file when its extension does not say (next-mdx-remote reads `.md` as MDX). */
  format?: 'mdx';
}

/** What the URL rules of the old tool get to know about one post. */
export interface RouteInput {
  entry: ForeignFile;
  /** Front matter after flattening `params`/`[extra]` tables: the raw values, by the names the author wrote. */
  data: Record<string, unknown>;
  title: string;
  /** Casebook's slug (front matter `slug`, else the file name without a date prefix, slugified). */
  slug: string;
  date: { year: number; month: number; day: number; hour: number; minute: number; second: number } | undefined;
  categories: string[];
}

/** A URL of the old site: where the post's page was, as a site path without the base (`2024/03/x/`, `a/b.html`). */
export type RouteResult = { path: string } | { skip: string };

/**
 * Everything Casebook learned about a site made with another tool. The config loader merges
 * `config` under `casebook.config.*`; discovery, parsing, routing and Markdown consult the rest.
 */
export interface ForeignProfile {
  tool: ForeignTool;
  /** Human name for messages: "Hugo", "Jekyll". */
  name: string;
  /** The file the detection rests on, relative to the root (`_config.yml`). */
  configFile: string;
  /** Casebook config values read from the tool's config; casebook.config.* overrides each. */
  config: Record<string, unknown>;
  family: ForeignFamily;
  /** Folders (relative to the root) whose files are copied as they are, and where they go. */
  staticDirs: { dir: string; to: string }[];
  /** Individual files copied as they are (Jekyll root assets, Eleventy passthrough files). */
  staticFiles: { from: string; to: string }[];
  /** The URL style for the summary line: "/:year/:month/:day/:title/". */
  permalinkLabel: string;
  /** Site-wide `<!--more-->` replacement (Jekyll `excerpt_separator`). */
  excerptSeparator: string | undefined;
  /** Taxonomy names mapped to Casebook's: Hugo `[taxonomies] topic = "topics"` → topics: tags. */
  taxonomies: Record<string, 'tags' | 'categories' | 'series'>;
  /** Front matter keys this tool gives meaning to that Casebook does not use; ignored without a warning. */
  ignoredKeys: readonly string[];
  /**
   * False when the old tool typeset no math unless a post asked (`math: true`): Hugo without math
   * in its config. True when every page loaded MathJax or KaTeX (Hugo with math on, a Jekyll
   * config's `mathjax: true`): see ForeignBody.math. Unset: only a post that asks loaded them.
   */
  math?: boolean;
  /** Front matter keys that turn the old theme's math script on for a post, besides `math`, `katex` and `mathjax` (read without a warning). */
  mathKeys?: readonly string[];
  /** Tags that name the old tool's collections rather than topics (Eleventy's `posts`). */
  dropTags: readonly string[];
  /** Front matter `categories`/`tags` given as one string are split on spaces (Jekyll) rather than commas. */
  splitTermsOnSpaces: boolean;
  /** The folder `{% include %}` reads (Jekyll `_includes/`), absolute, when the site has one. */
  includesDir?: string;
  /** Hugo: the site's and theme's shortcode templates by name, for the ones simple enough to evaluate. */
  shortcodeTemplates?: Record<string, string>;
  /** kramdown's `parse_block_html`: Markdown inside every block HTML element is read. */
  parseBlockHtml?: boolean;
  /** markdown-it plugins the old config loaded that change what Markdown renders (`sup`, `sub`, `mark`, `ins`). */
  markdownPlugins?: string[];
  /** Site values `{{ site.x }}` / `{{ config.x }}` may print. */
  siteVars: Record<string, string>;
  /** Warnings about the tool's config (unreadable bits, unsupported settings) with their file and line. */
  warnings: Warning[];
  /** What the old site said about some terms (an Astro `tag` collection's title and description, by the tag's slug): shown on their pages. */
  termPages?: { tags: Record<string, TermPage>; categories: Record<string, TermPage> };
  /** Feeds the old site published beyond Casebook's own (feed.xml RSS, atom.xml, feed.json), or in another format at one of those paths. */
  feeds?: OldFeed[];
  /** Paths (relative to the root) the old tool's config kept out of the site (Jekyll `exclude`), static files included. */
  excludes?: (rel: string) => boolean;
  /** The old tool dated a post without a date itself (Eleventy: the file's creation date, `date: Created`, `git Last Modified`). */
  datesUndatedPosts?: boolean;
  /** Lists the content files of the site. */
  discover(): Promise<ForeignFile[]>;
  /** The old URL of a post. */
  route(input: RouteInput): RouteResult;
}

export type OldFeedFormat = 'rss' | 'atom' | 'json';

/** A term's own title and description on the old site. */
export interface TermPage {
  title?: string | undefined;
  description?: string | undefined;
}

/** Which posts an old feed carried: the whole site's, one content folder's, or each term's. */
export type OldFeedScope =
  | { kind: 'site' }
  /** `dir`: folder of the posts' source files relative to the root (`content/posts`); `home`: the section's page. */
  | { kind: 'section'; dir: string; home: string }
  /** A multilingual site's language edition (Zola `[languages.fr]`): its translated posts. */
  | { kind: 'edition'; lang: string; title?: string | undefined; description?: string | undefined }
  /** One feed per term; `:slug` in the path is the term's slug. */
  | { kind: 'terms'; list: 'tags' | 'categories' };

/** A feed the old site published: kept at its URL, in its format, with the posts it carried. */
export interface OldFeed {
  /** Site path of the file (`index.xml`, `feed/index.xml`, `tags/:slug/index.xml`). */
  path: string;
  format: OldFeedFormat;
  scope: OldFeedScope;
}
