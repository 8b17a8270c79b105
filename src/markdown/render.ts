import { createHash } from 'node:crypto';
import { selfClosedHtmlBlocks } from './self-closed-html.js';
import MarkdownIt from 'markdown-it';
import { precheckLinkify } from './linkify-precheck.js';
import { precheckAttributeLists, precheckCoreRules } from './core-rule-prechecks.js';
import type { Token } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import taskLists from 'markdown-it-task-lists';
import alerts from 'markdown-it-github-alerts';
import deflist from 'markdown-it-deflist';
import abbr from 'markdown-it-abbr';
import attrs from 'markdown-it-attrs';
import { attributeListsOnly } from './attribute-lists.js';
import { spanAttributesInOnePass, type AttrsOptions } from './span-attributes.js';
import sup from 'markdown-it-sup';
import sub from 'markdown-it-sub';
import type { ForeignBody } from '../foreign-types/index.js';
import type { ForeignData } from './foreign-data.js';
import { foreignRules } from './foreign/renderer.js';
import { mathPlugin, mathState, renderMath, restoreProtected, type MathState } from './math.js';
import { parseCodeMeta, renderCodeBlock, type CodeMeta } from './code-block.js';
import { highlightLater } from './highlight.js';
import { includeExists, renderInclude } from './foreign/liquid-include.js';
import { rewriteBundleRefs, type BundleRef } from './foreign/bundle-files.js';
import { preprocessForeign, type ForeignContext, type ForeignNote, type RefKind } from './foreign/preprocess.js';
import { CasebookError, CasebookErrors } from '../errors/index.js';
import { decodeHtmlEntities, escapeHtml } from '../util/escape.js';
import { firstParagraph, htmlHeadings, htmlToText } from './html-text.js';
import { slugify } from '../util/slug.js';
import { IMAGE_PATH, imageFilePath, ImageOutsideSite, isRelativeAsset, resolveImage, type Asset, type ResolvedImage } from './images.js';
import { dirname } from 'node:path';
import { accessSync, constants } from 'node:fs';
import { caseHint, isFileLink, leftAsWritten, rewriteLocalRefs, staticUrlOf, suffixOf, type Probe } from './local-files.js';
import { IMAGE_SIZES, responsiveImage, type ResponsiveImage } from './responsive-image.js';
import type { DiagramSource } from '../diagrams/figure.js';
import { diagramPlaceholder } from './diagram-fence.js';
import { diagramLanguage } from '../diagrams/figure.js';

/** The first image of a post is likely above the fold: fetched at once and first; later ones wait until scrolled near. */
function loading(first: boolean): string {
  return first ? ' fetchpriority="high"' : ' loading="lazy"';
}

function pictureHtml(v: ResponsiveImage, alt: string, title: string | null, first: boolean): string {
  const sources = v.sources.map((s) => `<source type="${s.type}" srcset="${escapeHtml(s.srcset)}" sizes="${IMAGE_SIZES}">`).join('');
  return `<picture>${sources}<img src="${escapeHtml(v.src)}" srcset="${escapeHtml(v.fallbackSrcset)}" sizes="${IMAGE_SIZES}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ''} width="${v.width}" height="${v.height}"${loading(first)} decoding="async"></picture>`;
}
import { locateRemovals, sanitizeContentHtml, type LocatedRemoval } from './html-policy.js';
import { headingIds } from './heading-ids.js';
import { admonitions } from './admonitions.js';
import { linearFootnoteTail } from './footnote-tail.js';

export interface TocEntry {
  level: number;
  id: string;
  text: string;
}

export interface RenderInput {
  /** Markdown body (front matter removed). */
  body: string;
  /** Source file, for resolving images and for error locations. */
  file: string;
  /** Full file text and the line where the body starts, for code frames. */
  source: string;
  bodyLine: number;
  /** Output path of the page, e.g. `/writing/post/`; images are copied beside it. */
  pagePath: string;
  /** Site base path (`/` or `/blog/`), prefixed to root-relative links. */
  base: string;
  wordsPerMinute: number;
  /** Posts of a site made with another tool: its template syntax and Markdown extensions. */
  foreign?: ForeignInput;
  /** A body of another tool's site as data: its own part of `foreign` (foreign-data.ts has the part all its bodies share). */
  foreignData?: ForeignData;
  /** The site folder: no image outside it is read (without it, none outside the Markdown file's folder). */
  siteRoot?: string;
  /**
   * 'later': code blocks not highlighted in this process yet are left as plain text, and a body
   * that has one carries them (highlightedLater) for its caller to highlight in place
   * (withCodeHighlighted) when its HTML is read. `casebook dev` answers its first request (the
   * home page, which shows no post's HTML) without paying for every grammar's first run. A body
   * with raw HTML (`<!--more-->` too) is highlighted at once: every other field but `html` and
   * `digest` is then as without it (an excerpt's text, the summary, has highlight.js's spaces).
   */
  highlight?: 'later';
}

/** A code block left plain: its HTML as it stands in the body, and what renders it highlighted. */
interface LaterBlock {
  plain: string;
  content: string;
  meta: CodeMeta;
}

/** Set (not enumerable) on a body rendered with `highlight: 'later'` that has code left plain: the blocks, in order. */
const HIGHLIGHT_LATER = Symbol('highlight later');

/** Whether `body` was rendered with `highlight: 'later'` and has code left plain. */
export function highlightedLater(body: RenderedBody): boolean {
  return laterBlocks(body) !== undefined;
}

function laterBlocks(body: RenderedBody): LaterBlock[] | undefined {
  return (body as RenderedBody & { [HIGHLIGHT_LATER]?: LaterBlock[] })[HIGHLIGHT_LATER];
}

/**
 * The HTML of a body rendered with `highlight: 'later'`, its code blocks highlighted in place: the
 * HTML a render without it gives. In memory only: no file the post uses is read again. Undefined
 * if a block is not where it was left (never expected; the caller then renders the body again).
 */
export function withCodeHighlighted(body: RenderedBody): string | undefined {
  const blocks = laterBlocks(body);
  if (!blocks) return body.html;
  const html = body.html;
  let out = '';
  let from = 0;
  for (const b of blocks) {
    const at = html.indexOf(b.plain, from);
    if (at < 0) return undefined;
    out += html.slice(from, at) + renderCodeBlock(b.content, b.meta).html;
    from = at + b.plain.length;
  }
  return out + html.slice(from);
}

export interface ForeignInput {
  body: ForeignBody;
  site: Record<string, string>;
  origin: string;
  resolve: (kind: RefKind, target: string) => string | undefined;
  /** True when the site's static files have this root-relative path: old themes resolve `images/x.png` there. */
  staticFile: (path: string) => boolean;
  /** The old site's includes folder (Jekyll `_includes/`), for `{% include %}`. */
  includesDir?: string;
  /** kramdown `parse_block_html`. */
  parseBlockHtml?: boolean;
  /** Hugo shortcode templates of the site and theme, by name. */
  shortcodeTemplates?: Record<string, string>;
  /** markdown-it plugins the old site's config loaded (`sup`, `sub`, `mark`, `ins`). */
  markdownPlugins?: string[];
}

export interface RenderedBody {
  html: string;
  /** Digest of the HTML: changes when the output does, e.g. an image beside the post was resized. */
  digest: string;
  /** HTML before `<!--more-->`, when the marker is present. */
  excerptHtml: string | undefined;
  /** Plain text of the first paragraph, for lists and meta descriptions. */
  summary: string;
  toc: TocEntry[];
  words: number;
  readingMinutes: number;
  assets: Asset[];
  /**
   * Paths whose state left a link as written rather than published (a folder, a file of
   * `static/`): the render cache reuses the body only while each holds what it held.
   */
  probes?: Probe[];
  unknownLanguages: string[];
  /** Mermaid fences, drawn after rendering; their placeholders are in `html`. */
  diagrams?: DiagramSource[];
  /** True when the body has typeset math: its page links KaTeX's stylesheet (kept in the render cache with the body). */
  math?: boolean;
  /** Formulas KaTeX could not typeset (shown as source): line in the file and KaTeX's message, for warning CB1400. */
  mathErrors?: { line: number; message: string }[];
  /** Posts of a site made with another tool: template syntax that was removed or named no post. */
  foreignNotes?: ForeignNote[];
  /** What the raw HTML policy (html-policy.ts) took out of the post, with source lines where found. */
  htmlRemovals?: LocatedRemoval[];
}

interface Env {
  [key: string | symbol]: unknown;
  input: RenderInput;
  /** Code blocks left plain for later (RenderInput.highlight), in order. */
  later?: LaterBlock[];
  /** Foreign bodies: images that exist nowhere, kept as written (the old site had them broken too). */
  notes?: ForeignNote[];
  assets: Asset[];
  probes: Probe[];
  /**
   * Errors about the post's images and files (missing, outside the site, unreadable), gathered
   * so that one build names every one of them, not the first; thrown together once the body is
   * rendered. Undefined where a render throws the first one (foreign includes).
   */
  refErrors?: CasebookError[];
  /** The paths those errors are about, as written: left as written, the raw HTML pass skips them. */
  failedRefs?: Set<string>;
  unknownLanguages: Set<string>;
  /** Images rendered so far: the first is fetched at once, the rest lazily. */
  images: number;
  diagrams: DiagramSource[];
  math?: MathState;
  /** Source lines (1-based) that hold raw HTML, in order: where an error about a raw HTML path looks for it. */
  htmlLines?: number[];
}

/** markdown-it-attrs's options on the foreign renderer, for the plugin and the one-pass span rule alike. */
const ATTRS_OPTIONS: AttrsOptions = {
  leftDelimiter: '{',
  rightDelimiter: '}',
  // Only presentational attributes: an event handler in `{onclick=…}` is never copied.
  allowedAttributes: ['id', 'class', 'title', 'lang', 'dir', 'width', 'height', 'target', 'rel', 'start', 'reversed', 'align', /^data-/, /^aria-/],
  allowedAttributeValues: [],
  errorHandler: () => undefined,
};

/**
 * `foreign`: the renderer for sites made with another tool, with what their Markdown engines
 * (kramdown, Goldmark, remark) accepted on top: definition lists, abbreviations, `{.class}`
 * attribute lists, math kept as written, fence meta, Mermaid, and author-written heading ids.
 * Casebook's own sites keep the plain renderer, so `{…}` in their text stays text.
 */
function createRenderer(foreign = false, plugins: readonly string[] = []) {
  const md = new MarkdownIt({ html: true, linkify: true, typographer: true });
  precheckLinkify(md);
  precheckCoreRules(md);
  md.use(selfClosedHtmlBlocks).use(footnote).use(linearFootnoteTail).use(taskLists, { label: true }).use(alerts).use(mathPlugin);
  if (foreign) {
    md.use(deflist).use(abbr).use(attrs, ATTRS_OPTIONS).use(attributeListsOnly).use(spanAttributesInOnePass, ATTRS_OPTIONS);
    precheckAttributeLists(md, ATTRS_OPTIONS.leftDelimiter!);
  }
  // Plugins the old Eleventy config loaded: ^sup^ and ~sub~ are text without them.
  if (plugins.includes('sup')) md.use(sup);
  if (plugins.includes('sub')) md.use(sub);
  // `:::note … :::` containers, on sites whose config read them (remark-directive, an admonitions plugin).
  if (plugins.includes('directives')) md.use(admonitions);
  headingIds(md, (s) => slugify(s) || 'section');

  md.renderer.rules.fence = (tokens, idx, _opts, rawEnv) => {
    const env = rawEnv as unknown as Env;
    const token = tokens[idx]!;
    const meta = parseCodeMeta(token.info);
    const diagram = diagramLanguage(meta.lang);
    if (diagram) return diagramPlaceholder(diagram, token, env);
    if (meta.lang.toLowerCase() === 'math') return renderMath(token.content.trim(), true, token.content, mathState(env), token.map?.[0] ?? 0);
    const { html, known } = env.input.highlight === 'later' ? leaveForLater(env, token.content, meta) : renderCodeBlock(token.content, meta);
    if (!known) env.unknownLanguages.add(meta.lang);
    return html;
  };
  md.renderer.rules.code_block = (tokens, idx) => `<pre class="code" tabindex="0"><code>${escapeHtml(tokens[idx]!.content)}</code></pre>\n`;

  md.renderer.rules.image = (tokens, idx, options, rawEnv, self) => {
    const env = rawEnv as unknown as Env;
    const token = tokens[idx]!;
    const src = String(token.attrGet('src') ?? '');
    const alt = self.renderInlineAsText(token.children ?? [], options, rawEnv);
    const title = token.attrGet('title') as string | null;
    let url = src;
    let size = '';
    if (isRelativeAsset(src)) {
      const { input } = env;
      const line = (token.meta as { line?: number } | null)?.line;
      const found = recorded(env, src, null, () => imageOf(src, input, line));
      const fallback = found === undefined && input.foreign ? foreignImage(src, input, input.foreign, env.notes, line ?? input.bodyLine) : undefined;
      if (fallback !== undefined) url = fallback;
      else if (found === null) {
        // Reported (outside the site, unreadable): left as written while the rest is checked.
      } else if (!found) {
        recorded(env, src, undefined, () => {
          throw missingImage(src, input, line);
        });
      } else {
        env.assets.push(found.asset);
        url = found.url;
        if (found.width && found.height) size = ` width="${found.width}" height="${found.height}"`;
        const variants = responsiveImage(found);
        if (variants) {
          env.assets.push(...variants.assets);
          return pictureHtml(variants, alt, title, env.images++ === 0);
        }
      }
    } else if (src.startsWith('/') && !src.startsWith('//') && !(foreign && env.input.base !== '/' && src.startsWith(env.input.base))) {
      url = rootImage(src, env.input, env.notes, (token.meta as { line?: number } | null)?.line ?? env.input.bodyLine);
    } else if (env.input.foreign) {
      // The site's own address written out (Jekyll's `{{ site.baseurl }}/x.png`, `{{ site.url }}/x.png`):
      // kept as written, and its file looked up among the static files like a root path's.
      const own = ownSitePath(src, env.input.base, env.input.foreign.origin);
      if (own !== undefined) noteMissingRootImage(own, env.input, env.notes, (token.meta as { line?: number } | null)?.line ?? env.input.bodyLine);
    }
    return `<img src="${escapeHtml(url)}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ''}${size}${loading(env.images++ === 0)} decoding="async">`;
  };

  // A wide table scrolls inside its own box, which takes focus so keyboard users can scroll it,
  // and is a named region so a screen reader says which table that focus is on (a <section> with
  // a name is a region landmark: the native element html-validate asks for over role="region").
  md.renderer.rules.table_open = (tokens, idx, options, _env, self) =>
    `<section class="table-scroll" tabindex="0" aria-label="${escapeHtml(tableLabel(tokens, idx))}">` + self.renderToken(tokens, idx, options);
  md.renderer.rules.table_close = (tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options) + '</section>';
  md.core.ruler.push('table_align_classes', alignAsClasses);
  const defaultLink = md.renderer.rules.link_open ?? ((t, i, o, _e, s) => s.renderToken(t, i, o));
  md.renderer.rules.link_open = (tokens, idx, options, rawEnv, self) => {
    const env = rawEnv as unknown as Env;
    const token = tokens[idx]!;
    const href = token.attrGet('href') as string | null;
    // Foreign bodies may already carry the base ({{ site.baseurl }}/x, relative_url).
    if (href?.startsWith('/') && !href.startsWith('//') && env.input.base !== '/' && !(foreign && href.startsWith(env.input.base))) {
      token.attrSet('href', env.input.base + href.slice(1));
    } else if (!foreign && href && isFileLink(href)) {
      const url = recorded(env, href, undefined, () => publishedFile(href, env, (token.meta as { line?: number } | null)?.line, true));
      if (url !== undefined) token.attrSet('href', url);
    }
    return defaultLink(tokens, idx, options, rawEnv, self);
  };
  if (foreign) foreignRules(md);
  return md;
}

/**
 * The image `src` names, or undefined when there is no such file; one that leads outside the
 * site folder is CB1310 at the line (the body line given, else the first line that shows `src`).
 */
function imageOf(src: string, input: RenderInput, line?: number): ResolvedImage | undefined {
  const found = besidePost(src, input, line, 'CB1310', 'image');
  if (found) assertReadable(found, src, input, line);
  return found;
}

/** The file `src` names beside the post, or undefined when there is none; one that leads outside the site folder is `code` at the place it is written. */
function besidePost(src: string, input: RenderInput, line: number | undefined, code: 'CB1310' | 'CB1315', noun: 'image' | 'file'): ResolvedImage | undefined {
  try {
    return resolveImage(src, input.file, input.pagePath, input.base, input.siteRoot ?? dirname(input.file));
  } catch (e) {
    if (!(e instanceof ImageOutsideSite)) throw e;
    throw locatedError(code, src, input, line, (shown) => `The ${noun} "${shown}" leads outside the site folder; Casebook publishes only files inside it.`);
  }
}

/**
 * A column's alignment (`|:-:|--:|`) as a class the theme styles, not markdown-it's inline
 * `style="text-align:…"`: plain Markdown must give `casebook check` nothing to report, and inline
 * styles in a page are the author's own markup only.
 */
function alignAsClasses(state: { tokens: Token[] }): void {
  for (const t of state.tokens) {
    if (t.type !== 'th_open' && t.type !== 'td_open') continue;
    const align = /^text-align:(left|center|right)$/.exec(String(t.attrGet('style') ?? ''))?.[1];
    if (!align) continue;
    t.attrs = (t.attrs ?? []).filter(([name]) => name !== 'style');
    t.attrJoin('class', `align-${align}`);
  }
}

/** "Table: <caption or first header cell>", from the tokens after `table_open`. */
export function tableLabel(tokens: Token[], idx: number): string {
  for (let i = idx + 1; i < tokens.length && tokens[i]!.type !== 'table_close'; i++) {
    const t = tokens[i]!;
    if (t.type === 'caption_open') return `Table: ${inlineText(tokens[i + 1]).trim()}`;
    if (t.type === 'th_open' || t.type === 'td_open') {
      const text = inlineText(tokens[i + 1]).trim();
      if (text) return `Table: ${text}`;
    }
  }
  return 'Table';
}

/** A relative image of a foreign post that is not beside it: from the static folder, else as written with a note at `line`. */
function foreignImage(src: string, input: RenderInput, foreign: ForeignInput, notes: ForeignNote[] | undefined, line: number): string {
  const rootRel = src.replace(/^\.\//, '').split(/[?#]/)[0]!;
  if (foreign.staticFile(rootRel)) return input.base + rootRel;
  notes?.push({ kind: 'missing-image', construct: src, line });
  return src;
}

/**
 * The root path (`/x.png`, without the base) of an address of the site itself written out: a root
 * path with the base path in front (`/blog/x.png` on a site served from /blog/), or the site's
 * full URL (`https://example.com/blog/x.png`); undefined for any other address.
 */
function ownSitePath(src: string, base: string, origin: string): string | undefined {
  const home = /^[a-z][a-z0-9+.-]*:/i.test(src) ? `${origin}${base}` : base;
  if (base === '/' && home === base) return undefined;
  return src.startsWith(home) ? `/${src.slice(home.length)}` : undefined;
}

/**
 * The URL of a root-path image (`/images/x.png`, without the base): the base before it. A root
 * path of another tool's site names one of its static files; none there is an image lost, a note at `line`.
 */
function rootImage(src: string, input: RenderInput, notes: ForeignNote[] | undefined, line: number): string {
  noteMissingRootImage(src, input, notes, line);
  return input.base + src.slice(1);
}

/** On another tool's site, a note at `line` when the root-path image `src` is none of its static files. */
function noteMissingRootImage(src: string, input: RenderInput, notes: ForeignNote[] | undefined, line: number): void {
  const rootRel = imageFilePath(src.slice(1));
  if (input.foreign && IMAGE_PATH.test(rootRel) && !input.foreign.staticFile(rootRel)) notes?.push({ kind: 'missing-image', construct: src, line });
}

/**
 * A file of the post's bundle named from its raw HTML: copied beside the page like a Markdown
 * image, else one of the site's static files; a missing image, video or audio is a note (a link
 * to a missing file is left as the old site had it).
 */
function bundleFile(ref: BundleRef, input: RenderInput, foreign: ForeignInput, assets: Asset[], notes: ForeignNote[]): string | undefined {
  const found = imageOf(ref.src, input);
  if (found) {
    if (!assets.some((a) => a.from === found.asset.from && a.to === found.asset.to)) assets.push(found.asset);
    return found.url;
  }
  const rootRel = ref.src.replace(/^\.\//, '').split(/[?#]/)[0]!;
  if (foreign.staticFile(rootRel)) return input.base + rootRel;
  // A file the static folder has under the page's own path (Zola's `static/2020/post/x.avif`): the relative address finds it.
  const underPage = `${input.pagePath.replace(/^\/+/, '').replace(/[^/]*$/, '')}${rootRel}`;
  if (!/^(?:\/|\.\.\/|[a-z][a-z0-9+.-]*:)/i.test(rootRel) && foreign.staticFile(underPage)) return input.base + underPage;
  if (ref.tag !== 'a' && !notes.some((n) => n.kind === 'missing-image' && n.construct === ref.src)) {
    const at = input.source.split('\n').findIndex((l, i) => i + 1 >= input.bodyLine && l.includes(ref.src));
    notes.push({ kind: 'missing-image', construct: ref.src, line: at >= 0 ? at + 1 : input.bodyLine });
  }
  return undefined;
}

/** `{% include tagBody %}` rendered with the site's includes, or undefined when there is no such file. */
function includeOf(
  tagBody: string,
  dir: string,
  input: RenderInput,
  foreign: ForeignInput,
  md: ReturnType<typeof createRenderer>,
): { html: string } | { error: string } | undefined {
  if (!includeExists(dir, tagBody)) return undefined;
  const baseurl = input.base.replace(/\/$/, '');
  const result = renderInclude(dir, tagBody, { site: unflatten(foreign.site), page: unflatten(foreign.body.page), baseurl, origin: foreign.origin }, (text) =>
    md.render(text, { input, assets: [], probes: [], unknownLanguages: new Set(), images: 1, diagrams: [] }),
  );
  if (result instanceof Error) return { error: result.message.split('\n')[0]!.slice(0, 160) };
  return { html: result };
}

/** `{ "author.name": "x" }` → `{ author: { name: "x" } }`: the shape Liquid templates read. */
function unflatten(flat: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
      else node = node[part] = Object.create(null) as Record<string, unknown>;
    }
    if (!(parts.at(-1)! in node) || typeof node[parts.at(-1)!] !== 'object') node[parts.at(-1)!] = value;
  }
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The fixed markup markdown-it-task-lists writes as inline HTML: no reason to run the HTML policy. */
const TASK_LIST_MARKUP = new Set([
  '<input class="task-list-item-checkbox" disabled="" type="checkbox">',
  '<input class="task-list-item-checkbox" checked="" disabled="" type="checkbox">',
  '<label>',
  '</label>',
]);

let shared: ReturnType<typeof createRenderer> | undefined;
/** Foreign renderers by the set of old plugins they add ('' for none). */
const sharedForeign = new Map<string, ReturnType<typeof createRenderer>>();

function inlineText(token: Token | undefined): string {
  if (!token?.children) return token?.content ?? '';
  // A line break inside a paragraph separates words: "a\ntechnique" is two words, not "atechnique".
  return token.children
    .filter((c: Token) => c.type === 'text' || c.type === 'code_inline' || c.type === 'math_inline' || c.type === 'softbreak' || c.type === 'hardbreak')
    .map((c: Token) => (c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : c.content))
    .join('');
}

/**
 * Words = runs of letters/digits (any script) separated by anything else; apostrophes, dashes
 * and underscores inside a run keep it one word. A loop over a table of character classes: the
 * Unicode regex it replaces was 5% of a whole build, and the comparisons per character that
 * replaced that were still 4% of a clean build's CPU.
 */
export function countWordsIn(text: string): number {
  const counter = { words: 0, inWord: false };
  countInto(counter, text);
  return counter.words;
}

/**
 * Per UTF-16 unit: 0 separates words, 1 is part of a word, 2 joins a word it follows (' - _ ’).
 * Word characters are ASCII letters and digits and everything past ASCII but the spaces and
 * punctuation below. Filled by ranges: a test per unit took 2.6 ms of every build's start.
 */
const CHAR_CLASS = (() => {
  const table = new Uint8Array(65536);
  table.fill(1, 48, 58); // 0-9
  table.fill(1, 65, 91); // A-Z
  table.fill(1, 97, 123); // a-z
  table.fill(1, 128);
  table[0xa0] = 0; // no-break space
  table.fill(0, 0x2000, 0x2070); // general punctuation and spaces
  table.fill(0, 0x3000, 0x3040); // ideographic space and CJK punctuation
  table[0xfeff] = 0;
  for (const joiner of [39, 45, 95, 0x2019]) table[joiner] = 2;
  return table;
})();

/**
 * Counts on from where `counter` left off: text split across tokens ("re*use*") stays one word.
 * Without branches on the character: a word starts where a word character (1) follows a
 * separator (0), joiners (2) keeping what came before. The branching loop it replaces lost half
 * its time to mispredictions (1,000 posts: 29–38 ms against 17–20 ms).
 */
function countInto(counter: { words: number; inWord: boolean }, text: string): void {
  let words = counter.words;
  let prev = counter.inWord ? 1 : 0;
  for (let i = 0; i < text.length; i++) {
    const k = CHAR_CLASS[text.charCodeAt(i)]!;
    words += k & ~prev & 1;
    prev = k === 2 ? prev : k;
  }
  counter.words = words;
  counter.inWord = prev === 1;
}

/** The words of a body's text as `inlineText` joins it, counted without joining it. */
function countWords(tokens: Token[]): number {
  const counter = { words: 0, inWord: false };
  for (const t of tokens) {
    counter.inWord = false;
    if (t.type === 'fence' || t.type === 'code_block') countInto(counter, t.content);
    else if (t.type !== 'inline') continue;
    else if (!t.children) countInto(counter, t.content);
    else
      for (const c of t.children) {
        if (c.type === 'text' || c.type === 'code_inline' || c.type === 'math_inline') countInto(counter, c.content);
        else if (c.type === 'softbreak' || c.type === 'hardbreak') counter.inWord = false;
      }
  }
  return counter.words;
}

export function renderMarkdown(input: RenderInput): RenderedBody {
  if (input.foreign) return renderForeign(input, input.foreign);
  shared ??= createRenderer();
  return renderWith(shared, input, input.body);
}

/** markdown-it plugins of old configs that the foreign renderer can add; the rest it has always on (attrs, footnote, deflist, abbr, anchors). */
export const FOREIGN_PLUGINS: ReadonlySet<string> = new Set(['sup', 'sub', 'directives']);

/** A post of a site made with another tool: its template syntax first, then the foreign renderer (or none, for `.html` posts). */
function renderForeign(input: RenderInput, foreign: ForeignInput): RenderedBody {
  const plugins = (foreign.markdownPlugins ?? []).filter((p) => FOREIGN_PLUGINS.has(p)).sort();
  const md = sharedForeign.get(plugins.join(',')) ?? createRenderer(true, plugins);
  sharedForeign.set(plugins.join(','), md);
  const assets: Asset[] = [];
  const ctx: ForeignContext = {
    body: foreign.body,
    site: foreign.site,
    origin: foreign.origin,
    base: input.base,
    resolve: foreign.resolve,
    // The Markdown image rule's own resolution, so a shortcode's image is found, published and reported alike.
    image: (src, line) => {
      if (!isRelativeAsset(src)) {
        const root = src.startsWith('/') && !src.startsWith('//') && !(input.base !== '/' && src.startsWith(input.base));
        return { url: root ? rootImage(src, input, ctx.notes, line ?? input.bodyLine) : src };
      }
      const found = imageOf(src, input, line);
      if (!found) return { url: foreignImage(src, input, foreign, ctx.notes, line ?? input.bodyLine) };
      assets.push(found.asset);
      return { url: found.url, ...(found.width ? { width: found.width, height: found.height! } : {}) };
    },
    exists: (src) => {
      const path = src.split(/[?#]/)[0]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) return false;
      if (path.startsWith('/')) {
        const rootRel = path.startsWith(input.base) ? path.slice(input.base.length) : path.slice(1);
        return foreign.staticFile(decodeURIComponentSafe(rootRel));
      }
      return imageOf(src, input) !== undefined || foreign.staticFile(path.replace(/^\.\//, ''));
    },
    ...(foreign.includesDir ? { include: (tagBody: string) => includeOf(tagBody, foreign.includesDir!, input, foreign, md) } : {}),
    ...(foreign.parseBlockHtml ? { parseBlockHtml: true } : {}),
    ...(foreign.shortcodeTemplates ? { shortcodeTemplates: foreign.shortcodeTemplates } : {}),
    pagePath: input.pagePath,
    inline: (text) => md.renderInline(text, { input, assets, probes: [], unknownLanguages: new Set(), images: 1, diagrams: [] }),
    notes: [],
    bodyLine: input.bodyLine,
  };
  const preprocessed = preprocessForeign(input.body, ctx);
  const bundle = (html: string) => rewriteBundleRefs(html, (ref) => bundleFile(ref, input, foreign, assets, ctx.notes));
  if (foreign.body.format === 'html') {
    const safe = sanitizeContentHtml(preprocessed);
    const body = bundle(safe.html);
    const more = body.indexOf('<!--more-->');
    const excerptHtml = more >= 0 ? body.slice(0, more) : undefined;
    const summary = htmlToText(excerptHtml ?? firstParagraph(body));
    const words = countWordsIn(htmlToText(body));
    return {
      html: body,
      digest: createHash('sha1').update(body).digest('hex'),
      excerptHtml,
      summary: summary.length > 300 ? summary.slice(0, 297).replace(/\s+\S*$/, '') + '…' : summary,
      toc: htmlHeadings(body).map((h) => ({ level: h.level, id: h.id, text: htmlToText(h.inner) })),
      words,
      readingMinutes: Math.max(1, Math.ceil(words / input.wordsPerMinute)),
      assets,
      unknownLanguages: [],
      math: false,
      mathErrors: [],
      foreignNotes: ctx.notes,
      ...removalsOf(safe.removals, input),
    };
  }
  const out = renderWith(md, input, preprocessed, ctx.notes);
  const html = bundle(out.html);
  if (html !== out.html) {
    out.html = html;
    out.digest = createHash('sha1').update(html).digest('hex');
    if (out.excerptHtml !== undefined) out.excerptHtml = bundle(out.excerptHtml);
  }
  out.assets.unshift(...assets);
  out.foreignNotes = ctx.notes;
  return out;
}

function renderWith(md: ReturnType<typeof createRenderer>, input: RenderInput, bodyText: string, notes?: ForeignNote[]): RenderedBody {
  const env: Env = { input, assets: [], probes: [], refErrors: [], unknownLanguages: new Set(), images: 0, diagrams: [], ...(notes ? { notes } : {}) };
  const tokens = md.parse(bodyText, env);

  const toc: TocEntry[] = [];
  let summary = '';
  // Foreign bodies always carry HTML (their shortcodes become HTML before Markdown sees them).
  let rawHtml = Boolean(input.foreign);
  const htmlLines: number[] = [];
  const holdsHtml = (map: [number, number]) => {
    for (let l = map[0]; l < map[1]; l++) htmlLines.push(l + input.bodyLine);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'html_block') {
      rawHtml = true;
      if (t.map) holdsHtml(t.map);
    }
    if (t.type === 'inline' && t.map && t.children) {
      // Inline tokens lose their line; record it so image and file errors can point at the right line.
      let inlineHtml = false;
      for (const c of t.children) {
        if (c.type === 'image' || c.type === 'link_open') c.meta = { line: t.map[0] + input.bodyLine };
        else if (c.type === 'html_inline' && !TASK_LIST_MARKUP.has(c.content)) rawHtml = inlineHtml = true;
      }
      if (inlineHtml) holdsHtml(t.map);
    }
    if (t.type === 'heading_open' && (t.tag === 'h2' || t.tag === 'h3')) {
      const id = t.attrGet('id') as string | null;
      const text = inlineText(tokens[i + 1]).trim();
      if (id && text) toc.push({ level: Number(t.tag[1]), id, text });
    }
    if (!summary && t.type === 'paragraph_open' && t.level === 0) summary = inlineText(tokens[i + 1]).trim();
  }
  // The HTML policy rewrites the whole body: a block left plain might not stay as it was left
  // (RenderInput.highlight). Raw HTML includes `<!--more-->`, so an excerpt, whose text is the
  // summary, always has its code highlighted.
  if (rawHtml && input.highlight) env.input = { ...input, highlight: undefined };
  // Without raw HTML, markdown-it's output is safe by construction (text escaped, links
  // validated), so only posts with HTML pay for the policy.
  const rendered = md.renderer.render(tokens, md.options, env);
  const safe = rawHtml ? sanitizeContentHtml(rendered) : undefined;
  env.htmlLines = htmlLines;
  // Images and files of the author's raw HTML, as the policy let them through (real elements
  // only, not an <img> in a code span or in markup the policy dropped).
  const cleaned = safe && !input.foreign ? localHtmlRefs(safe.html, env) : safe?.html;
  if (env.refErrors?.length) throw refErrorsOf(env.refErrors);
  const html = restoreProtected(cleaned ?? rendered, env.math);
  const more = html.indexOf('<!--more-->');
  const excerptHtml = more >= 0 ? html.slice(0, more) : undefined;
  // The author's excerpt, when marked, is the summary on cards and in feeds.
  if (excerptHtml !== undefined) summary = htmlToText(excerptHtml);
  const words = countWords(tokens);
  const body: RenderedBody = {
    html,
    digest: createHash('sha1').update(html).digest('hex'),
    excerptHtml,
    summary: summary.length > 300 ? summary.slice(0, 297).replace(/\s+\S*$/, '') + '…' : summary,
    toc,
    words,
    readingMinutes: Math.max(1, Math.ceil(words / input.wordsPerMinute)),
    assets: env.assets,
    ...(env.probes.length ? { probes: env.probes } : {}),
    unknownLanguages: [...env.unknownLanguages],
    ...(env.diagrams.length ? { diagrams: env.diagrams } : {}),
    ...(safe ? removalsOf(safe.removals, input) : {}),
    math: env.math?.used ?? false,
    mathErrors: (env.math?.errors ?? []).map((e) => ({ line: e.line + input.bodyLine, message: e.message })),
  };
  if (env.later) Object.defineProperty(body, HIGHLIGHT_LATER, { value: env.later });
  return body;
}

/** A fence rendered with its code left plain if no block in this process highlighted it yet (RenderInput.highlight). */
function leaveForLater(env: Env, content: string, meta: CodeMeta): { html: string; known: boolean } {
  let later = false;
  const block = renderCodeBlock(content, meta, meta.lang, (code, lang) => {
    const r = highlightLater(code, lang);
    later = r.later;
    return r;
  });
  if (!later) return block;
  // Text restoreProtected would change (a math placeholder's characters in the code): the block
  // might not be found where it was left, so it is highlighted now.
  if (block.html.includes('\uE000')) return renderCodeBlock(content, meta);
  (env.later ??= []).push({ plain: block.html, content, meta });
  return block;
}

function removalsOf(removals: ReturnType<typeof sanitizeContentHtml>['removals'], input: RenderInput): Pick<RenderedBody, 'htmlRemovals'> {
  return removals.length ? { htmlRemovals: locateRemovals(removals, input.source) } : {};
}

/**
 * The images and files of a post's raw HTML with a path beside the post (`<img src>`, `srcset`,
 * a video's `poster`; `<video>`, `<audio>`, `<source>` and `<track>` sources; `<a href>` and
 * `<area href>` to a file, see local-files.ts): published like a Markdown image's file (copied,
 * the URL pointed at the copy), an error when the file does not exist or leads outside the site.
 * They were left as written, so the page showed a broken image or a dead link, silently. Sites
 * made with another tool keep their own rules.
 */
function localHtmlRefs(html: string, env: Env): string {
  let lines: string[] | undefined;
  return rewriteLocalRefs(html, (src, kind) => {
    // An image or link of the Markdown that failed is in this HTML too, left as written: reported once.
    if (env.failedRefs?.has(src)) return undefined;
    lines ??= env.input.source.split('\n');
    const line = rawHtmlLine(src, lines, env.htmlLines);
    return recorded(env, src, undefined, () => (kind === 'image' ? publishedImage(src, env, line) : publishedFile(src, env, line, kind === 'link')));
  });
}

/**
 * The first source line of raw HTML (`htmlLines`, 1-based, of the source's `lines`) that writes
 * `src` as is, with `&` as `&amp;`, or in character references: an error about it then points
 * there, not at an earlier mention in a code span or in prose.
 */
function rawHtmlLine(src: string, lines: readonly string[], htmlLines: readonly number[] | undefined): number | undefined {
  const forms = [src, src.replace(/&/g, '&amp;')];
  const found = htmlLines?.find((l) => forms.some((f) => lines[l - 1]?.includes(f)));
  // Written with character references (`m&#105;ss.png`): the line whose decoded text names it.
  return found ?? htmlLines?.find((l) => decodeHtmlEntities(lines[l - 1] ?? '').includes(src));
}

/** The URL a raw HTML image beside the post is published at (its file joins the assets); CB1030 when it does not exist. */
function publishedImage(src: string, env: Env, line: number | undefined): string {
  const { input } = env;
  const found = imageOf(src, input, line);
  if (!found) throw missingImage(src, input, line);
  env.assets.push(found.asset);
  return found.url;
}

/**
 * The URL a linked file beside the post is published at, its query and fragment kept (its file
 * joins the assets once per post). Undefined, left as written, for what a link may name that is
 * not a file beside the post: a folder (a page link), or a file of `static/` reached the way the
 * browser reads the link from the page. CB1035 when it does not exist, CB1315 when it leads
 * outside the site, CB1033 when it cannot be read.
 */
function publishedFile(src: string, env: Env, line: number | undefined, isLink: boolean): string | undefined {
  const { input } = env;
  const found = besidePost(src, input, line, 'CB1315', 'file');
  if (!found) {
    const probes = isLink ? leftAsWritten(src, input.file, { path: input.pagePath, base: input.base }, input.siteRoot) : undefined;
    if (probes) {
      env.probes.push(...probes);
      return undefined;
    }
    throw locatedError('CB1035', src, input, line, (shown) => missingFileMessage(shown, input.file.split('/').pop()!) + caseHint(src, input.file));
  }
  assertReadable(found, src, input, line);
  const { from, to } = found.asset;
  // A file of static/ named by its path on disk (`../../../static/files/cv.pdf`) is published
  // there already: linked at its URL, not copied a second time under a digest.
  const inStatic = staticUrlOf(from, input.siteRoot, input.base);
  if (inStatic !== undefined) {
    env.probes.push({ path: from, is: 'file' });
    return inStatic + suffixOf(src);
  }
  if (!env.assets.some((a) => a.from === from && a.to === to)) env.assets.push(found.asset);
  return found.url + suffixOf(src);
}

/** CB1033 at the reference when the file it names exists but cannot be read: copying it would fail the build without saying where. */
function assertReadable(found: ResolvedImage, src: string, input: RenderInput, line: number | undefined): void {
  try {
    accessSync(found.asset.from, constants.R_OK);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw locatedError('CB1033', src, input, line, (shown) => `The file "${shown}" cannot be read (${why}).`);
  }
}

/**
 * CB1035's message: the file named without the `?query#fragment` it was linked with (which is
 * not what is missing), and a web address written without its scheme (`example.com`) called one.
 */
export function missingFileMessage(shown: string, markdownFile: string): string {
  const bare = shown.split(/[?#]/)[0]!;
  const linked = bare === shown ? '' : ` (linked as "${shown}")`;
  const web = WEB_ADDRESS.test(bare) ? ` "${bare}" looks like a web address: write https://${shown}.` : '';
  return `The file "${bare}"${linked} does not exist next to ${markdownFile}.${web}`;
}

/**
 * A host name alone (`example.com`, `www.example.org`), as a link written without `https://`
 * reads. Endings that are also common file extensions (.sh, .so, .pl, .ai, .in) are left out.
 */
const WEB_ADDRESS =
  /^(?:www\.[^/]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|app|co|me|info|edu|gov|xyz|tech|blog|site|ly|us|uk|de|fr|nl|eu|ca|au|jp|cn|ru|br|ch|se|es))$/i;

/** Missing, outside-the-site and unreadable errors, for images (CB1030, CB1310) and other files (CB1035, CB1315), and CB1033. */
const REF_ERROR_CODES = ['CB1030', 'CB1310', 'CB1035', 'CB1315', 'CB1033'] as const;
type RefErrorCode = (typeof REF_ERROR_CODES)[number];
/** What a reference to an image or file beside the post can fail with: gathered per post (Env.refErrors). */
const REF_ERRORS: ReadonlySet<string> = new Set<RefErrorCode>(REF_ERROR_CODES);

/**
 * `f()`, or `failed` when it throws one of REF_ERRORS about `src`, which joins the post's errors
 * (thrown at once where the env gathers none).
 */
function recorded<T, F>(env: Env, src: string, failed: F, f: () => T): T | F {
  try {
    return f();
  } catch (e) {
    if (!env.refErrors || !(e instanceof CasebookError) || !REF_ERRORS.has(e.code)) throw e;
    env.refErrors.push(e);
    (env.failedRefs ??= new Set()).add(src);
    return failed;
  }
}

/** A post's reference errors in the order of their lines (Markdown and raw HTML are checked apart). */
function refErrorsOf(errors: CasebookError[]): CasebookError | CasebookErrors {
  if (errors.length === 1) return errors[0]!;
  const lineOf = (e: CasebookError) => e.location?.line ?? 0;
  const sorted = [...errors].sort((a, b) => lineOf(a) - lineOf(b) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
  if (sorted.length <= MOST_REF_ERRORS) return new CasebookErrors(sorted);
  // A converted site can name hundreds of missing files in one post: the first ones and a count.
  const shown = sorted.slice(0, MOST_REF_ERRORS);
  const last = shown[shown.length - 1]!;
  last.message += ` (${sorted.length - MOST_REF_ERRORS} more images and files of this post are not shown; fix these and build again.)`;
  return new CasebookErrors(shown);
}

/** Reference errors shown per post. */
const MOST_REF_ERRORS = 25;

/** CB1030 for an image file that does not exist, at the place the body writes its path. */
function missingImage(src: string, input: RenderInput, line: number | undefined): CasebookError {
  return locatedError(
    'CB1030',
    src,
    input,
    line,
    (shown) => `The image "${shown}" does not exist next to ${input.file.split('/').pop()}.${caseHint(src, input.file)}`,
  );
}

/**
 * An error about the image or file `src`, named and located as the body writes it: markdown-it
 * hands over the path percent-encoded (ж as %D0%B6, a backslash as %5C).
 */
function locatedError(code: RefErrorCode, src: string, input: RenderInput, line: number | undefined, message: (shown: string) => string): CasebookError {
  const at = writtenAt(src, input, line);
  return new CasebookError(code, message(at.shown), {
    file: input.file,
    ...(at.line ? { line: at.line } : {}),
    ...(at.column ? { column: at.column } : {}),
    source: input.source,
  });
}

/** How raw HTML writes a path: in a `src`, `srcset`, `href` or `poster` attribute, quoted or not. */
const HTML_LEADS = ['src="', "src='", 'src=', 'srcset="', "srcset='", 'href="', "href='", 'href=', 'poster="', "poster='", 'poster='];

/**
 * Where the body writes the image or file `src` (markdown-it's percent-encoded form) and how: the line
 * and column of the path after `](`, `<`, a reference definition's `]:` or an HTML attribute (else
 * anywhere on a line), looked for from the token's line (a paragraph's first) to the end of the body, and the
 * path as the source spells it.
 */
function writtenAt(src: string, input: RenderInput, line: number | undefined): { shown: string; line?: number; column?: number } {
  const decoded = decodedPath(src);
  // …and with Markdown's escapes: a literal backslash is written `\\`.
  const forms = [...new Set([decoded, src, decoded.replace(/\\/g, '\\\\')])];
  const lines = input.source.split('\n');
  const from = (line ?? input.bodyLine) - 1;
  // First where Markdown writes a path, then anywhere on a line (another tool's shortcode writes src="…").
  for (const leads of [['](', '<', ']: ', ...HTML_LEADS], ['']]) {
    for (let i = Math.max(0, from); i < lines.length; i++) {
      for (const form of forms) {
        for (const lead of leads) {
          const k = lines[i]!.indexOf(lead + form);
          if (k >= 0) return { shown: form, line: i + 1, column: k + lead.length + 1 };
        }
      }
    }
  }
  return { shown: decoded, ...(line ? { line } : {}) };
}

/** A path as its writer typed it, from the percent-encoded form markdown-it gives (itself with malformed escapes, as the source shows them). */
function decodedPath(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}
