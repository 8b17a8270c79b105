import type { ForeignFamily } from './profile.js';

/** How a foreign post's body is written, for the Markdown phase. */
export interface ForeignBody {
  family: ForeignFamily;
  /** `.html` posts (Jekyll, Hugo) are HTML with front matter: template tags are processed, Markdown is not. */
  format: 'markdown' | 'html' | 'mdx';
  /** The post's own or the site's excerpt separator, when it is not `<!--more-->`. */
  excerptSeparator: string | undefined;
  /** Where the file sits in the old tool's content folder, for resolving links between posts. */
  contentRel: string;
  /** Values `{{ page.x }}` / `{{ .Params.x }}` may print: the post's text-valued front matter and title. */
  page: Record<string, string>;
  /**
   * False when the old tool printed `$…$` as written (Hugo without math enabled): no formula is
   * typeset. True when the old page loaded MathJax or KaTeX (the site's or the post's math switch):
   * `\\(…\\)` and `\\[…\\]`, which its Markdown printed as `\(…\)` and `\[…\]` for the script, are
   * formulas too. Unset: Casebook's own math syntax only.
   */
  math?: boolean;
  /** The old tool's Markdown was kramdown (Jekyll): fewer backslash escapes than CommonMark's. */
  kramdown?: boolean;
}
