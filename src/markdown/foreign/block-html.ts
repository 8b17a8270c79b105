import { mapProse } from './code-regions.js';

/**
 * kramdown reads Markdown inside an HTML element marked `markdown="1"` (or `block`) as blocks and
 * `markdown="span"` as one line of inline text, and, with `parse_block_html: true`, inside every
 * block element. CommonMark (markdown-it) keeps an HTML block's content as it is, so such an
 * element is rewritten the way CommonMark reads Markdown in HTML: its tags on lines of their own
 * with blank lines around the dedented content; a span's content is rendered inline in place.
 */

const OPEN = /^([ \t]{0,3})<([a-zA-Z][\w-]*)((?:\s+[^\s>=]+(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*>/gm;
const MARKDOWN_ATTR = /\s+markdown=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
/** The block elements `parse_block_html` reads Markdown in. */
const BLOCK = new Set([
  'div',
  'section',
  'aside',
  'article',
  'blockquote',
  'figure',
  'figcaption',
  'details',
  'header',
  'footer',
  'main',
  'nav',
  'center',
  'li',
  'dd',
]);

export function markdownInHtml(text: string, opts: { parseBlockHtml: boolean; inline: (markdown: string) => string }): string {
  if (!opts.parseBlockHtml && !/markdown=/i.test(text)) return text;
  return mapProse(text, (prose) => rewrite(prose, opts, 0));
}

function rewrite(text: string, opts: { parseBlockHtml: boolean; inline: (markdown: string) => string }, depth: number): string {
  if (depth > 20) return text;
  let out = '';
  let pos = 0;
  const pairs = new Map<string, Map<number, Span>>();
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(text); m; m = OPEN.exec(text)) {
    if (m.index < pos) continue;
    const [whole, indent, tag, attrs] = m as unknown as [string, string, string, string];
    const name = tag.toLowerCase();
    const attr = MARKDOWN_ATTR.exec(attrs);
    const mode = attr ? (attr[1] ?? attr[2] ?? attr[3] ?? '').toLowerCase() : opts.parseBlockHtml && BLOCK.has(name) ? 'implied' : undefined;
    if (mode === undefined) continue;
    let known = pairs.get(name);
    if (!known) pairs.set(name, (known = pairsOf(text, name)));
    const close = known.get(m.index + indent.length);
    if (!close) continue;
    const inner = text.slice(m.index + whole.length, close.start);
    const open = `${indent}<${tag}${attr ? attrs.replace(MARKDOWN_ATTR, '') : attrs}>`;
    let replaced: string;
    if (mode === 'span') replaced = `${open}${opts.inline(inner.trim())}</${tag}>`;
    else if (mode === '1' || mode === 'block' || (mode === 'implied' && !inner.trim().startsWith('<'))) {
      replaced = `${open}\n\n${rewrite(dedent(inner), opts, depth + 1).trim()}\n\n</${tag}>`;
    } else replaced = `${open}${inner}</${tag}>`;
    out += text.slice(pos, m.index) + replaced;
    pos = close.end;
    OPEN.lastIndex = pos;
  }
  return out + text.slice(pos);
}

interface Span {
  start: number;
  end: number;
}

/**
 * Each `<name>` of the text (by where its `<` is) and its matching `</name>`, nested elements of
 * the same name paired first. One pass per element name: looking for the close of every open tag
 * separately scanned to the end of the post for each unclosed one, minutes for a long post.
 */
function pairsOf(text: string, name: string): Map<number, Span> {
  const pairs = new Map<number, Span>();
  const open: number[] = [];
  for (const m of text.matchAll(new RegExp(`<(/?)${name}\\b[^>]*>`, 'gi'))) {
    if (m[1]) {
      const start = open.pop();
      if (start !== undefined) pairs.set(start, { start: m.index, end: m.index + m[0].length });
    } else if (!m[0].endsWith('/>')) open.push(m.index);
  }
  return pairs;
}

function dedent(text: string): string {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join('\n');
}
