import { parseDocument } from 'yaml';
import { CasebookError, type Warning } from '../errors/index.js';
import { slugify } from '../util/slug.js';
import { laterDay, parseInstant, writeInstant } from './dates.js';
import { lineLocator } from './ghost.js';
import { parseJsonFile } from './json-file.js';
import { countSkipped, type ImportedItem, type ImportSource } from './types.js';

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

const DEVTO_HOST = /(^|\.)dev\.to$/i;

/** Where dev.to's embed tags point when given an id rather than a URL. */
const EMBED_URLS: Record<string, (arg: string) => string | undefined> = {
  youtube: (id) => `https://www.youtube.com/watch?v=${id}`,
  vimeo: (id) => `https://vimeo.com/${id}`,
  twitter: (id) => (/^\d+$/.test(id) ? `https://twitter.com/i/status/${id}` : undefined),
  tweet: (id) => (/^\d+$/.test(id) ? `https://twitter.com/i/status/${id}` : undefined),
  github: (id) => `https://github.com/${id}`,
  gist: (id) => `https://gist.github.com/${id}`,
  codesandbox: (id) => `https://codesandbox.io/s/${id}`,
  stackblitz: (id) => `https://stackblitz.com/edit/${id}`,
  glitch: (id) => `https://glitch.com/~${id}`,
  user: (id) => `https://dev.to/${id}`,
  tag: (id) => `https://dev.to/t/${id}`,
  post: (id) => `https://dev.to/${id.replace(/^\/+/, '')}`,
  link: (id) => `https://dev.to/${id.replace(/^\/+/, '')}`,
  instagram: (id) => `https://www.instagram.com/p/${id}/`,
  spotify: (id) => (id.startsWith('spotify:') ? `https://open.spotify.com/${id.slice(8).replace(/:/g, '/')}` : undefined),
};
const EMBED_TAGS = new Set([
  ...Object.keys(EMBED_URLS),
  'embed',
  'codepen',
  'jsfiddle',
  'replit',
  'speakerdeck',
  'slideshare',
  'soundcloud',
  'asciinema',
  'reddit',
  'stackoverflow',
  'stackexchange',
  'medium',
  'kotlin',
  'dotnetfiddle',
  'runkit',
  'wikipedia',
  'nextjs',
  'twitch',
  'loom',
  'parler',
]);

function replaceTags(text: string, removed: Set<string>): string {
  return text.replace(/\{%-?\s*(\w+)\s*(.*?)\s*-?%\}/g, (_whole, rawName: string, rawArgs: string) => {
    const name = rawName.toLowerCase();
    const args = rawArgs.replace(/^["']|["']$/g, '').trim();
    if (name === 'raw' || name === 'endraw') return '';
    if (name === 'details' || name === 'spoiler' || name === 'collapsible' || name === 'accordion') {
      return `\n<details>\n<summary>${args.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;')) || 'Details'}</summary>\n\n`;
    }
    if (name === 'enddetails' || name === 'endspoiler' || name === 'endcollapsible' || name === 'endaccordion') return '\n\n</details>\n';
    if (name === 'katex') return args.includes('inline') ? '$' : '\n$$\n';
    if (name === 'endkatex') return '\n$$\n';
    if (EMBED_TAGS.has(name)) {
      const first = args.split(/\s+/)[0] ?? '';
      const url = /^https?:\/\//.test(first) ? first : first ? EMBED_URLS[name]?.(first) : undefined;
      if (url) return `<${url}>`;
    }
    removed.add(name);
    return '';
  });
}

/**
 * dev.to Markdown embeds with Liquid tags. Outside code, each becomes what Casebook can show:
 * embeds a link on its own line, `{% details %}` a <details> element, `{% katex %}` display
 * math; `{% raw %}` markers go; anything else is removed and reported.
 */
export function convertLiquidTags(markdown: string, removed: Set<string>): string {
  const lines = markdown.split('\n');
  let fence: string | undefined;
  const out: string[] = [];
  for (const line of lines) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1]![0]!.repeat(f[1]!.length);
      else if (line.trim().startsWith(fence)) fence = undefined;
      out.push(line);
      continue;
    }
    if (fence) {
      // dev.to runs Liquid before Markdown, so {% raw %} escapes work inside code too.
      out.push(line.replace(/\{%-?\s*(?:end)?raw\s*-?%\}/g, ''));
      continue;
    }
    // Liquid inside inline code (`{% raw %}` written about) stays as written.
    out.push(
      line
        .split(/(`+[^`]*`+)/)
        .map((part, i) => (i % 2 ? part : replaceTags(part, removed)))
        .join(''),
    );
  }
  return squashBlankLines(out.join('\n'));
}

/** Replaced tags leave runs of blank lines; outside code, one blank line is all Markdown needs. */
function squashBlankLines(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence ? (line.trim().startsWith(fence) ? undefined : fence) : f[1]![0]!.repeat(f[1]!.length);
    if (!fence && !f && line.trim() === '' && out.length && out[out.length - 1]!.trim() === '') continue;
    out.push(line);
  }
  return out.join('\n');
}

/** Splits the front matter dev.to's editor keeps at the top of body_markdown. */
function splitBody(markdown: string): { fields: Json; body: string } {
  const text = markdown.replace(/\r\n?/g, '\n');
  const m = /^---\n([^]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!m) return { fields: {}, body: text };
  const doc = parseDocument(m[1]!, { prettyErrors: false });
  let fields = !doc.errors.length && doc.contents ? (doc.toJS() as Json) : undefined;
  if (!fields || typeof fields !== 'object') {
    // dev.to's editor accepts `description: a: b` that YAML rejects; read such blocks line by line.
    fields = {};
    for (const line of m[1]!.split('\n')) {
      const kv = /^([A-Za-z_]+):\s*(.*?)\s*$/.exec(line);
      if (kv) fields[kv[1]!] = kv[2] === 'true' ? true : kv[2] === 'false' ? false : kv[2]!.replace(/^(["'])(.*)\1$/, '$2');
    }
  }
  return { fields, body: text.slice(m[0].length).replace(/^\s*\n/, '') };
}

function tagList(...values: unknown[]): string[] {
  for (const v of values) {
    if (Array.isArray(v))
      return v
        .map(str)
        .map((t) => t.trim())
        .filter(Boolean);
    if (typeof v === 'string' && v.trim())
      return v
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
  }
  return [];
}

/**
 * Reads dev.to articles: the JSON of Settings → Extensions → Export content (a list, or
 * `{ "articles": [...] }`), or what /api/articles/me/all returns. Bodies are Markdown already.
 */
export function readDevto(text: string, file: string): ImportSource {
  const root = parseJsonFile(text, file);
  const list = Array.isArray(root)
    ? root
    : root && typeof root === 'object' && Array.isArray((root as Json).articles)
      ? ((root as Json).articles as unknown[])
      : undefined;
  const articles = (list ?? []).filter((a): a is Json => !!a && typeof a === 'object');
  if (!list || (articles.length && !articles.some((a) => 'body_markdown' in a))) {
    throw new CasebookError('CB3106', 'The JSON is not a list of dev.to articles with body_markdown.', { file });
  }
  const warnings: Warning[] = [];
  const skipped: Record<string, number> = {};
  const lineOf = lineLocator(text);
  const items: ImportedItem[] = [];
  let user: string | undefined;
  for (const a of articles) {
    if (a.type_of !== undefined && a.type_of !== 'article') {
      countSkipped(skipped, `${str(a.type_of)} entries`);
      continue;
    }
    const line = a.id !== undefined ? (lineOf(`"id": ${JSON.stringify(a.id)}`) ?? lineOf(`"id":${JSON.stringify(a.id)}`)) : undefined;
    const origin = { file, ...(line ? { line } : {}) };
    const { fields, body } = splitBody(str(a.body_markdown));
    let title = (str(a.title) || str(fields.title)).trim();
    if (!title) {
      title = 'Untitled';
      warnings.push({ code: 'CB3124', message: `The article with id ${str(a.id)} has no title.`, location: origin });
    }
    const published = typeof a.published === 'boolean' ? a.published : fields.published === true;
    const date = parseInstant(a.published_at ?? a.published_timestamp);
    const edited = parseInstant(a.edited_at);
    const dateText = date !== undefined ? writeInstant(date) : undefined;
    const editedText = edited !== undefined ? writeInstant(edited) : undefined;
    const canonical = str(a.canonical_url) || str(fields.canonical_url);
    let canonicalHost = '';
    try {
      canonicalHost = canonical ? new URL(canonical).host : '';
    } catch {
      canonicalHost = '';
    }
    const devtoUrl = str(a.url) || (str(a.path) ? `https://dev.to${str(a.path)}` : '');
    const titleSlug = slugify(title);
    // dev.to appends a random suffix (`-4k2j`) or `-temp-slug-123` to the title's slug.
    const rawSlug = slugify(str(a.slug)).replace(/-temp-slug-\d+$/, '');
    const slug = titleSlug && rawSlug.startsWith(titleSlug) ? titleSlug : rawSlug || titleSlug || `article-${str(a.id)}`;
    const removed = new Set<string>();
    const markdown = convertLiquidTags(body, removed);
    if (removed.size) {
      warnings.push({
        code: 'CB3120',
        message: `Removed Liquid tag${removed.size > 1 ? 's' : ''} ${[...removed].map((n) => `{% ${n} %}`).join(', ')} in "${title}".`,
        location: origin,
      });
    }
    const u = a.user as Json | undefined;
    user ??= str(u?.name) || undefined;
    items.push({
      kind: 'post',
      title,
      slug,
      date: dateText,
      updated: laterDay(dateText, editedText) ? editedText : undefined,
      description: (str(a.description) || str(fields.description)).trim() || undefined,
      tags: tagList(a.tag_list, a.tags, a.cached_tag_list, fields.tags),
      categories: [],
      image: str(a.cover_image) || str(a.main_image) || str(fields.cover_image) || undefined,
      imageAlt: undefined,
      draft: !published,
      // A canonical URL on the author's own domain is where the post lived first: redirect from it.
      oldUrls: canonical && canonicalHost && !DEVTO_HOST.test(canonicalHost) && published ? [canonical] : [],
      linkUrls: devtoUrl ? [devtoUrl] : [],
      series: (typeof a.series === 'string' ? a.series : str(fields.series)).trim() || undefined,
      body: { markdown },
      origin,
    });
  }
  return { platform: 'devto', site: { title: user, author: user }, items, skipped, warnings, notes: [] };
}
