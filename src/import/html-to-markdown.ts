import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';
import { createDocument } from '@mixmark-io/domino';
import { codeBlockLanguage } from './code-language.js';
import { sanitizeContentHtml, type HtmlRemoval } from '../markdown/html-policy.js';

export interface ConvertOptions {
  /**
   * Called for every link and image URL; returns the URL to write. Importers use it to point
   * links between imported posts at their new paths. `embed` marks addresses inside HTML that is
   * kept as HTML (players, iframes), which the Markdown renderer does not give the site's base path.
   */
  rewriteUrl?: (url: string, kind: 'link' | 'image' | 'embed') => string;
  /** A platform's own clean-up of the parsed HTML (Ghost's bookmark cards, say), before conversion. */
  prepare?: (root: Element) => void;
}

export interface HtmlToMarkdown {
  /**
   * Converts an HTML fragment (or a parsed element's content) to Markdown, after the raw HTML
   * policy (markdown/html-policy.ts) took out what may not be published; `removed` hears what it took.
   */
  convert(html: string | Element, removed?: (removals: HtmlRemoval[]) => void): string;
}

/** Parses an HTML fragment into the <body> of a fresh document. */
export function parseHtml(html: string): HTMLElement {
  return createDocument(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`).body;
}

/** Parses a whole HTML document (Medium's export files). */
export function parseHtmlDocument(html: string): Document {
  return createDocument(html);
}

/** Visible text of an HTML fragment with entities decoded and whitespace collapsed (titles, excerpts). */
export function htmlText(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
  return (parseHtml(html).textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Elements kept as HTML: Markdown has no syntax for them and the theme renders them as they are. */
const KEPT_INLINE = ['sup', 'sub', 'kbd', 'mark', 'abbr', 'small', 'u', 'ins'];
const KEPT_BLOCK = ['iframe', 'video', 'audio'];
const REMOVED = [
  'script',
  'style',
  'noscript',
  'template',
  'object',
  'embed',
  'form',
  'button',
  'select',
  'textarea',
  'svg',
  'canvas',
  'head',
  'title',
  'meta',
  'link',
];

/** Lazy-loading plugins put the real address in a data attribute and a placeholder in src. */
const LAZY_SRC = ['data-src', 'data-lazy-src', 'data-original', 'data-orig-file', 'data-medium-file'];

function imageSource(img: Element): string {
  const src = img.getAttribute('src') ?? '';
  if (src && !src.startsWith('data:') && !/(?:^|\/)(?:blank|spacer|pixel|placeholder|lazy)[^/]*\.(?:gif|png|svg)$/i.test(src)) return src;
  for (const attr of LAZY_SRC) {
    const v = img.getAttribute(attr);
    if (v) return v;
  }
  return src.startsWith('data:') ? '' : src;
}

const URL_ESCAPES: Record<string, string> = { '(': '%28', ')': '%29', '<': '%3C', '>': '%3E' };

/** A URL as a Markdown link destination: spaces and brackets that would end it are percent-encoded. */
export function markdownUrl(url: string): string {
  return url.trim().replace(/[\s()<>]/g, (c) => URL_ESCAPES[c] ?? '%20');
}

function escapeLinkText(text: string): string {
  return text.replace(/([[\]])/g, '\\$1');
}

function titlePart(el: Element, url: string): string {
  const title = el.getAttribute('title')?.replace(/\s+/g, ' ').trim();
  // Some editors repeat the address as the title; that adds nothing.
  return title && title !== url ? ` "${title.replace(/"/g, '\\"')}"` : '';
}

/** The text of a code block: `<br>` and line-per-element highlighters become newlines; line-number gutters are dropped. */
export function codeText(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) {
      out += (n as Text).data;
      return;
    }
    if (n.nodeType !== 1) return;
    const el = n as Element;
    if (el.tagName === 'BR') {
      out += '\n';
      return;
    }
    if (/(?:^|\s)(?:gutter|gl|lineno|line-numbers?|line-numbers-rows|rouge-gutter)(?:\s|$)/.test(el.getAttribute('class') ?? '')) return;
    for (const c of Array.from(el.childNodes)) walk(c);
    if (/^(DIV|P|LI|TR)$/.test(el.tagName) && !out.endsWith('\n')) out += '\n';
  };
  walk(node);
  return out
    .replace(/\u00a0/g, ' ')
    .replace(/^\n/, '')
    .replace(/\n+$/, '');
}

/** A fence longer than any backtick run at a line start inside the code. */
function fenceFor(code: string): string {
  let longest = 2;
  for (const m of code.matchAll(/^[ \t]*(`{3,})/gm)) longest = Math.max(longest, m[1]!.length);
  return '`'.repeat(longest + 1);
}

/**
 * Blocks of raw HTML must not contain blank lines: in Markdown a blank line ends an HTML block
 * and whatever follows would be read as Markdown (and indented lines as code).
 */
function compactHtml(markup: string): string {
  return markup.replace(/\n[ \t]*(?=\n)/g, '').replace(/\n{2,}/g, '\n');
}

/** Prepares the DOM: the `<!--more-->` marker survives, lazy images get their real source, bare URL paragraphs become links. */
function prepare(root: Element): void {
  const doc = root.ownerDocument;
  const comments: Comment[] = [];
  const walker = doc.createTreeWalker(root, 128 /* NodeFilter.SHOW_COMMENT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) comments.push(n as Comment);
  for (const c of comments) {
    if (/^\s*more\b/i.test(c.data)) {
      const marker = doc.createElement('hr');
      marker.setAttribute('data-casebook-more', '');
      c.parentNode?.replaceChild(marker, c);
    }
  }
  // An iframe's fallback text is raw text to the parser and means nothing once the player shows.
  for (const frame of Array.from(root.querySelectorAll('iframe'))) frame.textContent = '';
  // An image without alt text in a captioned figure is described by its caption.
  for (const figure of Array.from(root.querySelectorAll('figure'))) {
    const img = figure.querySelector('img');
    const caption = figure.querySelector('figcaption')?.textContent?.replace(/\s+/g, ' ').trim();
    if (img && caption && !img.getAttribute('alt')?.trim()) img.setAttribute('alt', caption);
  }
  // Players that relied on the old site's script for their controls get the browser's own.
  for (const media of Array.from(root.querySelectorAll('video, audio'))) {
    if (!media.hasAttribute('controls')) media.setAttribute('controls', '');
  }
  for (const p of Array.from(root.querySelectorAll('p, div'))) {
    if (p.children.length) continue;
    const text = (p.textContent ?? '').trim();
    if (/^https?:\/\/[^\s<>"]+$/.test(text)) {
      const a = doc.createElement('a');
      a.setAttribute('href', text);
      a.textContent = text;
      p.textContent = '';
      p.appendChild(a);
    }
  }
}

/**
 * HTML → Markdown with turndown and the GFM plugin (tables, strikethrough, task lists), plus
 * rules for what blog exports contain: code blocks keep their language (from class, data
 * attributes or the wrapper), figures keep their captions, embeds stay HTML, scripts go, and
 * text that would read as HTML or an entity in Markdown is escaped so it shows as written.
 */
export function createConverter(opts: ConvertOptions = {}): HtmlToMarkdown {
  const rewrite: NonNullable<ConvertOptions['rewriteUrl']> = opts.rewriteUrl ?? ((u: string) => u);
  const td = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    fence: '```',
    bulletListMarker: '-',
    // `*`, not `_`: `_a_b` is not emphasis in Markdown (intraword), `*a*b` is.
    emDelimiter: '*',
    strongDelimiter: '**',
    hr: '---',
    linkStyle: 'inlined',
  });
  td.use(gfm);
  const baseEscape = td.escape.bind(td);
  // Turndown escapes Markdown syntax; `<tag` and `&name;` in text would still be read as HTML.
  td.escape = (text: string) =>
    baseEscape(text)
      .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;')
      .replace(/<(?=[a-zA-Z/!?])/g, '&lt;');

  td.remove(REMOVED as (keyof HTMLElementTagNameMap)[]);

  td.addRule('keptInline', {
    filter: KEPT_INLINE as (keyof HTMLElementTagNameMap)[],
    replacement: (content, node) => {
      const tag = node.nodeName.toLowerCase();
      return content.trim() ? `<${tag}>${content}</${tag}>` : '';
    },
  });
  td.addRule('keptBlock', {
    filter: KEPT_BLOCK as (keyof HTMLElementTagNameMap)[],
    replacement: (_content, node) => `\n\n${compactHtml((node as HTMLElement).outerHTML)}\n\n`,
  });
  td.addRule('moreMarker', {
    filter: (node) => node.nodeName === 'HR' && node.hasAttribute('data-casebook-more'),
    replacement: () => '\n\n<!--more-->\n\n',
  });
  td.addRule('codeBlock', {
    filter: (node) => node.nodeName === 'PRE',
    replacement: (_content, node) => {
      const code = codeText(node);
      if (!code.trim()) return '';
      const lang = codeBlockLanguage(node) ?? '';
      const fence = fenceFor(code);
      return `\n\n${fence}${lang}\n${code}\n${fence}\n\n`;
    },
  });
  // Inline code is its text: markup inside it (an <em>, an embed) would otherwise show as syntax.
  td.addRule('inlineCode', {
    filter: (node) => node.nodeName === 'CODE' && node.parentNode?.nodeName !== 'PRE',
    replacement: (_content, node) => {
      const text = (node.textContent ?? '').replace(/\r?\n/g, ' ');
      if (!text.trim()) return text ? ' ' : '';
      let ticks = '`';
      while (text.includes(ticks)) ticks += '`';
      const pad = /^`|`$/.test(text) || /^ .* $/.test(text) ? ' ' : '';
      return `${ticks}${pad}${text}${pad}${ticks}`;
    },
  });
  td.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const el = node as HTMLElement;
      const alt = (el.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
      // WordPress and others replace emoji with images; the emoji itself is the better text.
      if (/(?:^|\s)(?:wp-smiley|emoji)(?:\s|$)/.test(el.getAttribute('class') ?? '')) return alt;
      const src = imageSource(el);
      if (!src) return '';
      return `![${escapeLinkText(alt)}](${markdownUrl(rewrite(src, 'image'))}${titlePart(el, src)})`;
    },
  });
  td.addRule('link', {
    filter: (node) => node.nodeName === 'A',
    replacement: (content, node) => {
      const el = node as HTMLElement;
      const href = el.getAttribute('href')?.trim();
      if (!content.trim()) return content;
      if (!href || /^\s*(javascript|vbscript|data):/i.test(href)) return content;
      const target = rewrite(href, 'link');
      const text = (el.textContent ?? '').trim();
      if (text === href && /^(https?:|mailto:)/i.test(href) && el.children.length === 0) return `<${target}>`;
      // A link around blocks (a card, a teaser) must still be one line of Markdown.
      return `[${content.trim().replace(/\s*\n+\s*/g, ' ')}](${markdownUrl(target)}${titlePart(el, href)})`;
    },
  });
  td.addRule('figcaption', {
    filter: 'figcaption',
    // `_`, not `*`: the caption's own emphasis is written with `*`, and the two must not nest.
    replacement: (content) => (content.trim() ? `\n\n_${content.trim().replace(/\n+/g, ' ')}_\n\n` : ''),
  });
  td.addRule('figure', {
    filter: 'figure',
    replacement: (content) => `\n\n${content.trim()}\n\n`,
  });
  td.addRule('listItem', {
    filter: 'li',
    replacement: (content, node) => {
      const parent = node.parentNode as HTMLElement | null;
      let prefix = '- ';
      if (parent?.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? '1');
        prefix = `${(Number.isFinite(start) ? start : 1) + Array.prototype.indexOf.call(parent.children, node)}. `;
      }
      const body = content
        .replace(/^\n+/, '')
        .replace(/\n+$/, '\n')
        .replace(/\n/g, '\n' + ' '.repeat(prefix.length));
      return prefix + body + (node.nextSibling && !body.endsWith('\n') ? '\n' : '');
    },
  });
  td.addRule('summary', { filter: 'summary', replacement: () => '' });
  td.addRule('details', {
    filter: 'details',
    replacement: (content, node) => {
      const summary = (node as HTMLElement).querySelector('summary');
      const label = (summary?.textContent ?? 'Details')
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'));
      return `\n\n<details>\n<summary>${label}</summary>\n\n${content.trim()}\n\n</details>\n\n`;
    },
  });

  return {
    convert(html, removed) {
      // The policy runs first, so the HTML kept as HTML (players, details) is already safe and
      // nothing the policy removes is half-converted into Markdown.
      const safe = sanitizeContentHtml(typeof html === 'string' ? html : html.innerHTML);
      if (safe.removals.length) removed?.(safe.removals);
      const root = parseHtml(safe.html);
      prepare(root);
      opts.prepare?.(root);
      // Embeds and players stay HTML, so their addresses are rewritten here rather than by the rules.
      for (const el of Array.from(root.querySelectorAll('iframe, video, audio, source, track, video a, audio a'))) {
        for (const attr of ['src', 'poster', 'href']) {
          const value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, rewrite(value, 'embed'));
        }
      }
      const md = td.turndown(root as HTMLElement);
      return md.replace(/\n{3,}/g, '\n\n').trim() + '\n';
    },
  };
}
