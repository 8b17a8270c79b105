import MarkdownIt from 'markdown-it';
import { escapeHtml } from '../util/escape.js';

/**
 * Ghost stores a post's source as mobiledoc (Ghost 1–4) or Lexical (Ghost 5) JSON and the
 * rendered `html` beside it. Exports normally carry the HTML; these renderers are the fallback
 * for exports (or posts) without it. Cards Casebook has no use for (email-only content,
 * sign-up forms, paywall markers) render as nothing.
 */

let md: InstanceType<typeof MarkdownIt> | undefined;
function markdownToHtml(text: string): string {
  md ??= new MarkdownIt({ html: true, linkify: false });
  return md.render(text);
}

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const attr = (v: unknown): string => escapeHtml(str(v));

function figure(inner: string, caption: unknown): string {
  const cap = str(caption);
  return cap ? `<figure>${inner}<figcaption>${cap}</figcaption></figure>` : `<figure>${inner}</figure>`;
}

function image(src: unknown, alt: unknown, caption?: unknown): string {
  if (!str(src)) return '';
  return figure(`<img src="${attr(src)}" alt="${attr(alt)}">`, caption);
}

/** The cards both formats share (same names, same payload fields). */
function renderCard(name: string, p: Json): string {
  switch (name) {
    case 'markdown':
    case 'card-markdown':
      return markdownToHtml(str(p.markdown));
    case 'html':
      return str(p.html);
    case 'image':
      return image(p.src, p.alt, p.caption);
    case 'code':
    case 'codeblock':
      return figure(`<pre><code${str(p.language) ? ` class="language-${attr(p.language)}"` : ''}>${escapeHtml(str(p.code))}</code></pre>`, p.caption);
    case 'hr':
    case 'horizontalrule':
      return '<hr>';
    case 'embed':
      return str(p.html) ? figure(str(p.html), p.caption) : str(p.url) ? `<p><a href="${attr(p.url)}">${escapeHtml(str(p.url))}</a></p>` : '';
    case 'bookmark': {
      const meta = (p.metadata ?? {}) as Json;
      const url = str(p.url) || str(meta.url);
      if (!url) return '';
      const title = str(meta.title) || url;
      return `<p><a href="${escapeHtml(url)}">${escapeHtml(title)}</a>${str(meta.description) ? `: ${escapeHtml(str(meta.description))}` : ''}</p>`;
    }
    case 'gallery':
      return ((p.images as Json[] | undefined) ?? []).map((i) => image(i.src, i.alt, i.caption)).join('') + (str(p.caption) ? `<p>${str(p.caption)}</p>` : '');
    case 'callout':
      return `<blockquote><p>${p.calloutEmoji ? `${escapeHtml(str(p.calloutEmoji))} ` : ''}${str(p.calloutText)}</p></blockquote>`;
    case 'toggle':
      return `<details><summary>${str(p.heading)}</summary>${str(p.content)}</details>`;
    case 'video':
    case 'audio':
      return str(p.src) ? `<${name} controls src="${attr(p.src)}"></${name}>` : '';
    case 'button':
      return str(p.buttonUrl) ? `<p><a href="${attr(p.buttonUrl)}">${escapeHtml(str(p.buttonText) || str(p.buttonUrl))}</a></p>` : '';
    case 'file':
      return str(p.src) ? `<p><a href="${attr(p.src)}">${escapeHtml(str(p.fileTitle) || str(p.fileName) || str(p.src))}</a></p>` : '';
    case 'header':
      return `${str(p.header) ? `<h2>${str(p.header)}</h2>` : ''}${str(p.subheader) ? `<p>${str(p.subheader)}</p>` : ''}`;
    default:
      return '';
  }
}

/** Mobiledoc 0.3: sections of markers that open and close markups by index. */
export function mobiledocToHtml(doc: Json): string {
  const markups = (doc.markups as [string, string[]?][] | undefined) ?? [];
  const atoms = (doc.atoms as [string, string, Json][] | undefined) ?? [];
  const cards = (doc.cards as [string, Json][] | undefined) ?? [];
  const renderMarkers = (markers: unknown[]): string => {
    let out = '';
    const open: string[] = [];
    for (const raw of markers) {
      const [type, opens, closes, value] = raw as [number, number[], number, string | number];
      for (const i of opens) {
        const [tag, attrs = []] = markups[i] ?? ['span'];
        let a = '';
        for (let k = 0; k + 1 < attrs.length; k += 2) a += ` ${attrs[k]!.replace(/[^\w-]/g, '')}="${escapeHtml(attrs[k + 1]!)}"`;
        out += `<${tag.replace(/[^\w]/g, '')}${a}>`;
        open.push(tag.replace(/[^\w]/g, ''));
      }
      if (type === 1) {
        const atom = atoms[value as number];
        out += atom?.[0] === 'soft-return' ? '<br>' : escapeHtml(str(atom?.[1]));
      } else out += escapeHtml(str(value));
      for (let k = 0; k < closes; k++) out += `</${open.pop()}>`;
    }
    while (open.length) out += `</${open.pop()}>`;
    return out;
  };
  let html = '';
  for (const section of (doc.sections as unknown[][] | undefined) ?? []) {
    const kind = section[0];
    if (kind === 1) {
      const tag = String(section[1]).toLowerCase().replace(/[^\w]/g, '');
      html += `<${tag}>${renderMarkers(section[2] as unknown[])}</${tag}>`;
    } else if (kind === 2) {
      html += image(section[1], '');
    } else if (kind === 3) {
      const tag = section[1] === 'ol' ? 'ol' : 'ul';
      html += `<${tag}>${(section[2] as unknown[][]).map((item) => `<li>${renderMarkers(item)}</li>`).join('')}</${tag}>`;
    } else if (kind === 10) {
      const card = cards[section[1] as number];
      if (card) html += renderCard(card[0], card[1] ?? {});
    }
  }
  return html;
}

const FORMATS: [number, string][] = [
  [1, 'strong'],
  [2, 'em'],
  [4, 's'],
  [8, 'u'],
  [16, 'code'],
  [32, 'sub'],
  [64, 'sup'],
  [128, 'mark'],
];

function lexicalNode(node: Json): string {
  const children = () => ((node.children as Json[] | undefined) ?? []).map(lexicalNode).join('');
  switch (node.type) {
    case 'root':
      return children();
    case 'text':
    case 'extended-text': {
      let out = escapeHtml(str(node.text));
      const format = typeof node.format === 'number' ? node.format : 0;
      for (const [bit, tag] of FORMATS) if (format & bit) out = `<${tag}>${out}</${tag}>`;
      return out;
    }
    case 'linebreak':
      return '<br>';
    case 'tab':
      return '\t';
    case 'paragraph':
      return `<p>${children()}</p>`;
    case 'heading':
    case 'extended-heading': {
      const tag = /^h[1-6]$/.test(str(node.tag)) ? str(node.tag) : 'h2';
      return `<${tag}>${children()}</${tag}>`;
    }
    case 'quote':
    case 'extended-quote':
    case 'aside':
      return `<blockquote>${children()}</blockquote>`;
    case 'list': {
      const tag = node.listType === 'number' ? 'ol' : 'ul';
      const start = typeof node.start === 'number' && node.start !== 1 ? ` start="${node.start}"` : '';
      return `<${tag}${start}>${children()}</${tag}>`;
    }
    case 'listitem':
      return `<li>${node.checked === true ? '<input type="checkbox" checked> ' : node.checked === false ? '<input type="checkbox"> ' : ''}${children()}</li>`;
    case 'link':
    case 'autolink':
      return `<a href="${attr(node.url)}">${children()}</a>`;
    case 'horizontalrule':
      return '<hr>';
    default:
      return typeof node.type === 'string' && !node.children ? renderCard(node.type, node) : children();
  }
}

/** Lexical (Ghost 5): a tree of typed nodes; cards are nodes with their payload as fields. */
export function lexicalToHtml(doc: Json): string {
  const root = (doc.root ?? doc) as Json;
  return lexicalNode({ ...root, type: 'root' });
}
