import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import taskLists from 'markdown-it-task-lists';
import alerts from 'markdown-it-github-alerts';
import anchor from 'markdown-it-anchor';
import deflist from 'markdown-it-deflist';
import abbr from 'markdown-it-abbr';
import attrs from 'markdown-it-attrs';
import type { LegacyBody } from '../detect/index.js';
import { legacyRules } from './legacy/renderer.js';
import { mathPlugin } from './legacy/math.js';
import { preprocessLegacy, type LegacyContext, type LegacyNote, type RefKind } from './legacy/preprocess.js';
import { CasebookError } from '../errors/index.js';
import { decodeHtmlEntities, escapeHtml } from '../util/escape.js';
import { slugify } from '../util/slug.js';
import { highlightCode } from './highlight.js';
import { isRelativeAsset, resolveImage, type Asset } from './images.js';
import { IMAGE_SIZES, responsiveImage, type ResponsiveImage } from './responsive-image.js';
import type { DiagramSource } from '../diagrams/figure.js';
import { mermaidPlaceholder } from './mermaid-fence.js';

/** The first image of a post is likely above the fold: fetched at once and first; later ones wait until scrolled near. */
function loading(first: boolean): string {
  return first ? ' fetchpriority="high"' : ' loading="lazy"';
}

function pictureHtml(v: ResponsiveImage, alt: string, title: string | null, first: boolean): string {
  const sources = v.sources.map((s) => `<source type="${s.type}" srcset="${escapeHtml(s.srcset)}" sizes="${IMAGE_SIZES}">`).join('');
  return `<picture>${sources}<img src="${escapeHtml(v.src)}" srcset="${escapeHtml(v.fallbackSrcset)}" sizes="${IMAGE_SIZES}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ''} width="${v.width}" height="${v.height}"${loading(first)} decoding="async"></picture>`;
}

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
  legacy?: LegacyInput;
}

export interface LegacyInput {
  body: LegacyBody;
  site: Record<string, string>;
  origin: string;
  resolve: (kind: RefKind, target: string) => string | undefined;
  /** True when the site's static files have this root-relative path: old themes resolve `images/x.png` there. */
  staticFile: (path: string) => boolean;
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
  unknownLanguages: string[];
  /** Mermaid fences, drawn after rendering; their placeholders are in `html`. */
  diagrams?: DiagramSource[];
  /** Posts of a site made with another tool: template syntax that was removed or named no post. */
  legacyNotes?: LegacyNote[];
}

interface Env {
  [key: string | symbol]: unknown;
  input: RenderInput;
  /** Legacy bodies: images that exist nowhere, kept as written (the old site had them broken too). */
  notes?: LegacyNote[];
  assets: Asset[];
  unknownLanguages: Set<string>;
  /** Images rendered so far: the first is fetched at once, the rest lazily. */
  images: number;
  diagrams: DiagramSource[];
}

/**
 * `legacy`: the renderer for sites made with another tool, with what their Markdown engines
 * (kramdown, Goldmark, remark) accepted on top: definition lists, abbreviations, `{.class}`
 * attribute lists, math kept as written, fence meta, Mermaid, and author-written heading ids.
 * Casebook's own sites keep the plain renderer, so `{…}` in their text stays text.
 */
function createRenderer(legacy = false) {
  const md = new MarkdownIt({ html: true, linkify: true, typographer: true });
  md.use(footnote)
    .use(taskLists, { label: true })
    .use(alerts);
  if (legacy) {
    md.use(mathPlugin).use(deflist).use(abbr).use(attrs, {
      // Only presentational attributes: an event handler in `{onclick=…}` is never copied.
      allowedAttributes: ['id', 'class', 'title', 'lang', 'dir', 'width', 'height', 'target', 'rel', 'start', 'reversed', 'align', /^data-/, /^aria-/],
      errorHandler: () => undefined,
    });
  }
  md.use(anchor, { slugify: (s: string) => slugify(s) || 'section', permalink: anchor.permalink.headerLink(), tabIndex: false, ...(legacy ? { failOnNonUnique: false } : {}) });

  md.renderer.rules.fence = (tokens, idx, _opts, rawEnv) => {
    const env = rawEnv as unknown as Env;
    const token = tokens[idx]!;
    const lang = token.info.trim().split(/\s+/)[0] ?? '';
    if (lang.toLowerCase() === 'mermaid') return mermaidPlaceholder(token, env);
    const { html, known } = highlightCode(token.content, lang);
    if (!known) env.unknownLanguages.add(lang);
    const label = lang ? ` data-lang="${escapeHtml(lang)}"` : '';
    // tabindex: long lines scroll horizontally, and a scrollable region must be reachable by keyboard.
    return `<pre class="code"${label} tabindex="0"><code${lang ? ` class="language-${escapeHtml(lang)}"` : ''}>${html}</code></pre>\n`;
  };
  md.renderer.rules.code_block = (tokens, idx) =>
    `<pre class="code" tabindex="0"><code>${escapeHtml(tokens[idx]!.content)}</code></pre>\n`;

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
      const found = resolveImage(src, input.file, input.pagePath, input.base);
      const fallback = !found && input.legacy ? legacyImage(src, input, input.legacy, env, token) : undefined;
      if (fallback !== undefined) url = fallback;
      else if (!found) {
        const line = (token.meta as { line?: number } | null)?.line;
        const column = line ? (input.source.split('\n')[line - 1] ?? '').indexOf(src) + 1 || undefined : undefined;
        throw new CasebookError('CB1030', `The image "${src}" does not exist next to ${input.file.split('/').pop()}.`, {
          file: input.file,
          ...(line ? { line } : {}),
          ...(column ? { column } : {}),
          source: input.source,
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
    } else if (src.startsWith('/') && !src.startsWith('//') && !(legacy && env.input.base !== '/' && src.startsWith(env.input.base))) {
      url = env.input.base + src.slice(1);
    }
    return `<img src="${escapeHtml(url)}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ''}${size}${loading(env.images++ === 0)} decoding="async">`;
  };

  // A wide table scrolls inside its own box, which takes focus so keyboard users can scroll it.
  md.renderer.rules.table_open = (tokens, idx, options, _env, self) => '<div class="table-scroll" tabindex="0">' + self.renderToken(tokens, idx, options);
  md.renderer.rules.table_close = (tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options) + '</div>';
  const defaultLink = md.renderer.rules.link_open ?? ((t, i, o, _e, s) => s.renderToken(t, i, o));
  md.renderer.rules.link_open = (tokens, idx, options, rawEnv, self) => {
    const env = rawEnv as unknown as Env;
    const token = tokens[idx]!;
    const href = token.attrGet('href') as string | null;
    // Legacy bodies may already carry the base ({{ site.baseurl }}/x, relative_url).
    if (href && href.startsWith('/') && !href.startsWith('//') && env.input.base !== '/' && !(legacy && href.startsWith(env.input.base))) {
      token.attrSet('href', env.input.base + href.slice(1));
    }
    return defaultLink(tokens, idx, options, rawEnv, self);
  };
  if (legacy) legacyRules(md);
  return md;
}

/** A relative image of a legacy post that is not beside it: from the static folder, else as written with a note. */
function legacyImage(src: string, input: RenderInput, legacy: LegacyInput, env: Env, token: Token): string {
  const rootRel = src.replace(/^\.\//, '').split(/[?#]/)[0]!;
  if (legacy.staticFile(rootRel)) return input.base + rootRel;
  const line = (token.meta as { line?: number } | null)?.line ?? input.bodyLine;
  env.notes?.push({ kind: 'missing-image', construct: src, line });
  return src;
}

let shared: ReturnType<typeof createRenderer> | undefined;
let sharedLegacy: ReturnType<typeof createRenderer> | undefined;

/** Visible text of rendered HTML, whitespace collapsed (for summaries). */
export function htmlToText(markup: string): string {
  const text = markup.replace(/<(script|style)[\s\S]*?<\/\1>/gi, '').replace(/<[^>]+>/g, ' ');
  return decodeHtmlEntities(text).replace(/\s+/g, ' ').trim();
}

function inlineText(token: Token | undefined): string {
  if (!token?.children) return token?.content ?? '';
  // A line break inside a paragraph separates words: "a\ntechnique" is two words, not "atechnique".
  return token.children
    .filter((c: Token) => c.type === 'text' || c.type === 'code_inline' || c.type === 'softbreak' || c.type === 'hardbreak')
    .map((c: Token) => (c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : c.content))
    .join('');
}

/**
 * Words = runs of letters/digits (any script) separated by anything else; apostrophes, dashes
 * and underscores inside a run keep it one word. A character loop: the Unicode regex it
 * replaces was 5% of a whole build.
 */
export function countWordsIn(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c > 127 && !isSpaceOrPunct(c));
    const joiner = c === 39 || c === 45 || c === 95 || c === 0x2019;
    if (word) {
      if (!inWord) n++;
      inWord = true;
    } else if (!(inWord && joiner)) inWord = false;
  }
  return n;
}

function isSpaceOrPunct(c: number): boolean {
  return c === 0xa0 || (c >= 0x2000 && c <= 0x206f) || c === 0x3000 || (c >= 0x3001 && c <= 0x303f) || c === 0xfeff;
}

function countWords(tokens: Token[]): number {
  let n = 0;
  for (const t of tokens) {
    if (t.type === 'inline') n += countWordsIn(inlineText(t));
    else if (t.type === 'fence' || t.type === 'code_block') n += countWordsIn(t.content);
  }
  return n;
}

export function renderMarkdown(input: RenderInput): RenderedBody {
  if (input.legacy) return renderLegacy(input, input.legacy);
  shared ??= createRenderer();
  return renderWith(shared, input, input.body);
}

/** A post of a site made with another tool: its template syntax first, then the legacy renderer (or none, for `.html` posts). */
function renderLegacy(input: RenderInput, legacy: LegacyInput): RenderedBody {
  sharedLegacy ??= createRenderer(true);
  const md = sharedLegacy;
  const assets: Asset[] = [];
  const ctx: LegacyContext = {
    body: legacy.body, site: legacy.site, origin: legacy.origin, base: input.base, resolve: legacy.resolve,
    image: (src) => {
      const found = resolveImage(src, input.file, input.pagePath, input.base);
      if (!found) {
        const rootRel = src.replace(/^\.\//, '').split(/[?#]/)[0]!;
        if (legacy.staticFile(rootRel)) return { url: input.base + rootRel };
        ctx.notes.push({ kind: 'missing-image', construct: src, line: input.bodyLine });
        return { url: src };
      }
      assets.push(found.asset);
      return { url: found.url, ...(found.width ? { width: found.width, height: found.height! } : {}) };
    },
    inline: (text) => md.renderInline(text, { input, assets, unknownLanguages: new Set(), images: 1, diagrams: [] }),
    notes: [], bodyLine: input.bodyLine,
  };
  const body = preprocessLegacy(input.body, ctx);
  if (legacy.body.format === 'html') {
    const more = body.indexOf('<!--more-->');
    const excerptHtml = more >= 0 ? body.slice(0, more) : undefined;
    const firstParagraph = /<p[\s>][\s\S]*?<\/p>/i.exec(body)?.[0] ?? '';
    const summary = htmlToText(excerptHtml ?? firstParagraph);
    const words = countWordsIn(htmlToText(body));
    return {
      html: body,
      digest: createHash('sha1').update(body).digest('hex'),
      excerptHtml,
      summary: summary.length > 300 ? summary.slice(0, 297).replace(/\s+\S*$/, '') + '…' : summary,
      toc: [...body.matchAll(/<h([23])[^>]*\sid="([^"]+)"[^>]*>([\s\S]*?)<\/h\1>/gi)].map((m) => ({ level: Number(m[1]), id: m[2]!, text: htmlToText(m[3]!) })),
      words,
      readingMinutes: Math.max(1, Math.ceil(words / input.wordsPerMinute)),
      assets,
      unknownLanguages: [],
      legacyNotes: ctx.notes,
    };
  }
  const out = renderWith(md, input, body, ctx.notes);
  out.assets.unshift(...assets);
  out.legacyNotes = ctx.notes;
  return out;
}

function renderWith(md: ReturnType<typeof createRenderer>, input: RenderInput, bodyText: string, notes?: LegacyNote[]): RenderedBody {
  const env: Env = { input, assets: [], unknownLanguages: new Set(), images: 0, diagrams: [], ...(notes ? { notes } : {}) };
  const tokens = md.parse(bodyText, env);

  const toc: TocEntry[] = [];
  let summary = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'inline' && t.map && t.children) {
      // Inline tokens lose their line; record it so image errors can point at the right line.
      for (const c of t.children) if (c.type === 'image') c.meta = { line: t.map[0] + input.bodyLine };
    }
    if (t.type === 'heading_open' && (t.tag === 'h2' || t.tag === 'h3')) {
      const id = t.attrGet('id') as string | null;
      const text = inlineText(tokens[i + 1]).trim();
      if (id && text) toc.push({ level: Number(t.tag[1]), id, text });
    }
    if (!summary && t.type === 'paragraph_open' && t.level === 0) summary = inlineText(tokens[i + 1]).trim();
  }
  const html = md.renderer.render(tokens, md.options, env);
  const more = html.indexOf('<!--more-->');
  const excerptHtml = more >= 0 ? html.slice(0, more) : undefined;
  // The author's excerpt, when marked, is the summary on cards and in feeds.
  if (excerptHtml !== undefined) summary = htmlToText(excerptHtml);
  const words = countWords(tokens);
  return {
    html,
    digest: createHash('sha1').update(html).digest('hex'),
    excerptHtml,
    summary: summary.length > 300 ? summary.slice(0, 297).replace(/\s+\S*$/, '') + '…' : summary,
    toc,
    words,
    readingMinutes: Math.max(1, Math.ceil(words / input.wordsPerMinute)),
    assets: env.assets,
    unknownLanguages: [...env.unknownLanguages],
    ...(env.diagrams.length ? { diagrams: env.diagrams } : {}),
  };
}
