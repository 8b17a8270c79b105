import { asBlock, escapeText, figure, linkBlock, parseArgs, vimeo, youtube, type ForeignContext } from './context.js';
import { evaluateShortcode } from './hugo-template.js';
import { mapProse } from './code-regions.js';

/** `{{< name args >}}`, `{{% name args %}}`, closing `{{< /name >}}`, self-closing `{{< name />}}`. */
const TAG = /\{\{([<%])\s*(\/)?\s*([\w./-]+)((?:[^>%"'`]|"(?:\\.|[^"\\])*"|'[^']*'|`[^`]*`|[>%](?!\}\}))*?)\s*(\/)?\s*[>%]\}\}/g;
// Hugo's way to show a shortcode as text: the name and arguments inside a comment-marked tag.
const COMMENTED = /\{\{([<%])\/\*([\s\S]*?)\*\/([>%])\}\}/g;

interface Tag {
  start: number;
  end: number;
  name: string;
  closing: boolean;
  selfClosing: boolean;
  args: string;
}

/**
 * Hugo shortcodes, everywhere in the body (Hugo runs them inside code fences too): the built-in
 * ones with a clear meaning are rendered (figure, highlight, ref, relref, youtube, vimeo, gist,
 * tweet/x, instagram, details, param); any other keeps its inner content and loses its tags,
 * noted once per name.
 */
export function hugoShortcodes(text: string, ctx: ForeignContext): string {
  const literal: string[] = [];
  text = text.replace(COMMENTED, (_, open: string, inner: string, close: string) => {
    literal.push(`{{${open}${inner}${close}}}`);
    return `\uE000${literal.length - 1}\uE001`;
  });
  return siteAddresses(process(text, ctx), ctx).replace(/\uE000(\d+)\uE001/g, (_, n: string) => literal[Number(n)]!);
}

/**
 * `{{ site.url }}` (Jekyll's, left in posts an earlier migration brought to Hugo) and
 * `{{ .Site.BaseURL }}`, outside code. Hugo runs no template in content, so the old site showed
 * them as text and the images behind them broken; what their author meant is the site's address.
 * As a link or image destination (and in a shortcode's arguments) that is the root path: the
 * renderer looks an image up where the build publishes it (static/assets/x.png for
 * /assets/x.png), reports it missing as any other, and adds the base path. Anywhere else (prose,
 * an autolink, an HTML attribute) it is the site's full address. Written one after another
 * (`{{ site.url }}{{ site.baseurl }}/x.png`, Jekyll's idiom) they are one address.
 */
const SITE_ADDRESS = /(?:\{\{-?\s*\.?site\.(?:url|baseurl|base_url)\s*-?\}\})+(\/?)/gi;

/** Replaces the site addresses of `text` with the root path, or the full address where `full` says so. */
function replaceAddresses(text: string, ctx: ForeignContext, full: (before: string) => boolean): string {
  return text.replace(SITE_ADDRESS, (m: string, _slash: string, offset: number, whole: string) => {
    const before = whole.slice(Math.max(0, offset - 2), offset);
    // `\{{ site.url }}`: written to be shown as it is.
    if (before.endsWith('\\')) return m;
    return full(before) ? `${ctx.origin}${ctx.base.replace(/\/$/, '')}/` : '/';
  });
}

function siteAddresses(text: string, ctx: ForeignContext): string {
  if (!text.includes('{{')) return text;
  return mapProse(text, (prose) => replaceAddresses(prose, ctx, (before) => !before.endsWith('](') && !before.endsWith('(<')));
}

/**
 * Shortcodes nest (a figure inside a details block), but not without end: past this depth the
 * tags are removed and noted. Each level re-reads its inner text, so 20,000 nested tags ran the
 * build out of memory.
 */
const MAX_NESTING = 32;

function process(text: string, ctx: ForeignContext, depth = 0): string {
  const lines = lineStarts(text);
  if (depth > MAX_NESTING) {
    return text.replace(TAG, (_, _o: string, closing: string | undefined, name: string, _a: string, _s: string, offset: number) => {
      if (!closing)
        ctx.notes.push({ kind: 'removed', construct: `{{< ${name} >}} (nested ${MAX_NESTING} deep)`, line: ctx.bodyLine + lineOf(lines, offset) - 1 });
      return '';
    });
  }
  const tags: Tag[] = [];
  for (const m of text.matchAll(TAG)) {
    tags.push({ start: m.index, end: m.index + m[0].length, name: m[3]!, closing: m[2] === '/', selfClosing: m[5] === '/', args: m[4]!.trim() });
  }
  const closeOf = pairTags(tags);
  let out = '';
  let pos = 0;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    if (tag.start < pos) continue;
    out += text.slice(pos, tag.start);
    const line = ctx.bodyLine + lineOf(lines, tag.start) - 1;
    if (tag.closing) {
      // A closing tag without its opening one: the opening was unknown and already handled.
      pos = tag.end;
      continue;
    }
    const close = closeOf.get(i) ?? -1;
    const rawInner = close >= 0 ? text.slice(tag.end, tags[close]!.start) : undefined;
    // Shortcodes nest (a figure inside a details block); highlighted code is taken as written.
    const inner = rawInner !== undefined && tag.name !== 'highlight' ? process(rawInner, ctx, depth + 1) : rawInner;
    const alone = isAlone(text, tag.start, close >= 0 ? tags[close]!.end : tag.end);
    out += render(tag, inner, ctx, line, alone);
    pos = close >= 0 ? tags[close]!.end : tag.end;
    if (close >= 0) i = close;
  }
  out += text.slice(pos);
  return out;
}

/**
 * Each paired tag's matching close (by index), nested tags of the same name paired first: one
 * pass with a stack per name, where scanning ahead from every unclosed tag was quadratic.
 */
function pairTags(tags: Tag[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const open = new Map<string, number[]>();
  tags.forEach((t, i) => {
    if (t.selfClosing) return;
    let stack = open.get(t.name);
    if (!stack) open.set(t.name, (stack = []));
    if (!t.closing) stack.push(i);
    else {
      const from = stack.pop();
      if (from !== undefined) pairs.set(from, i);
    }
  });
  return pairs;
}

/** Offsets where each line starts, so a tag's line is a binary search, not a scan from the top. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function isAlone(text: string, start: number, end: number): boolean {
  const before = text.lastIndexOf('\n', start - 1);
  const after = text.indexOf('\n', end);
  return text.slice(before + 1, start).trim() === '' && text.slice(end, after < 0 ? text.length : after).trim() === '';
}

function render(tag: Tag, inner: string | undefined, ctx: ForeignContext, line: number, alone: boolean): string {
  const { positional: pos, named } = parseArgs(tag.args.includes('{{') ? replaceAddresses(tag.args, ctx, () => false) : tag.args);
  const get = (name: string, index?: number) => named[name] ?? (index !== undefined ? pos[index] : undefined);
  const block = (h: string) => (alone ? asBlock(h) : h);
  const removed = (): string => {
    ctx.notes.push({ kind: 'removed', construct: `{{< ${tag.name} >}}`, line });
    return inner ?? '';
  };
  switch (tag.name) {
    case 'highlight': {
      const code = (inner ?? '').replace(/^\n/, '').replace(/\n$/, '');
      const fence = code.includes('```') ? '~~~~' : '```';
      return `\n${fence}${pos[0] ?? ''}\n${code}\n${fence}\n`;
    }
    case 'figure': {
      const h = figure(
        ctx,
        {
          src: get('src'),
          alt: get('alt'),
          caption: get('caption'),
          title: get('title'),
          link: get('link'),
          cls: get('class'),
          width: get('width'),
          height: get('height'),
        },
        line,
      );
      return h ? block(h) : removed();
    }
    case 'ref':
    case 'relref': {
      const target = get('path', 0);
      if (!target) return removed();
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const url = file ? ctx.resolve('hugo', file) : '';
      if (url === undefined) {
        ctx.notes.push({ kind: 'unresolved', construct: target, line });
        return '#';
      }
      const full = `${url}${anchor ? `#${anchor}` : ''}`;
      return tag.name === 'ref' ? ctx.origin + (ctx.base.replace(/\/$/, '') + full) : full;
    }
    case 'youtube': {
      const h = youtube(get('id', 0), get('title'));
      return h ? block(h) : removed();
    }
    case 'vimeo': {
      const h = vimeo(get('id', 0), get('title'));
      return h ? block(h) : removed();
    }
    case 'gist': {
      const user = pos[0];
      const id = pos[1];
      return user && id ? block(linkBlock(`https://gist.github.com/${user}/${id}`, `Gist ${user}/${id}${pos[2] ? ` (${pos[2]})` : ''}`)) : removed();
    }
    case 'tweet':
    case 'x':
    case 'twitter': {
      const user = get('user') ?? 'x';
      const id = get('id', 0);
      return id ? block(linkBlock(`https://x.com/${user}/status/${id}`, user === 'x' ? 'Post on X' : `Post by @${user} on X`)) : removed();
    }
    case 'instagram': {
      const id = get('id', 0);
      return id ? block(linkBlock(`https://www.instagram.com/p/${id}/`, 'Post on Instagram')) : removed();
    }
    case 'details': {
      const summary = get('summary') ?? 'Details';
      const open = get('open') === 'true' ? ' open' : '';
      return `\n\n<details${open}>\n<summary>${escapeText(summary)}</summary>\n\n${(inner ?? '').trim()}\n\n</details>\n\n`;
    }
    case 'param': {
      const key = get('name', 0);
      const value = key ? (ctx.body.page[key] ?? ctx.site[key]) : undefined;
      return value !== undefined ? escapeText(value) : removed();
    }
    default: {
      // A shortcode of the theme or site whose parameters name an image it has: the old page
      // showed that image, so it stays, as a figure (the one way such shortcodes draw it).
      const src = imageParam(named, pos, ctx);
      if (src !== undefined) {
        const caption = get('caption') ?? (inner?.trim() ? inner.trim() : undefined);
        const h = figure(
          ctx,
          {
            src,
            alt: get('alt'),
            caption,
            title: get('title'),
            link: get('link') ?? get('href'),
            cls: get('class'),
            width: get('width'),
            height: get('height'),
          },
          line,
        );
        if (h) return block(h);
      }
      // The site's or theme's own template, when it only prints its arguments (an embed's iframe).
      const template = ctx.shortcodeTemplates?.[tag.name];
      const evaluated = template !== undefined ? evaluateShortcode(template, { positional: pos, named }, inner, (s) => ctx.inline(s)) : undefined;
      if (evaluated !== undefined) return alone ? asBlock(flatten(evaluated)) : flatten(evaluated).replace(/\n/g, ' ');
      return removed();
    }
  }
}

/** Template output as one raw HTML block: its indentation and blank lines would become code and paragraphs. */
function flatten(htmlText: string): string {
  return htmlText
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}

const IMAGE_FILE = /\.(?:png|jpe?g|gif|webp|avif|svg|bmp|ico|tiff?)(?:[?#].*)?$/i;
const IMAGE_PARAMS = ['src', 'image', 'img', 'file', 'path', 'url', 'source'];

/** The image a shortcode names by a parameter of an image's name (or first positional), if the site has the file. */
function imageParam(named: Record<string, string>, pos: string[], ctx: ForeignContext): string | undefined {
  const candidates = [...IMAGE_PARAMS.map((k) => named[k]), pos[0]];
  for (const c of candidates) {
    if (c && IMAGE_FILE.test(c.trim()) && ctx.exists(c.trim())) return c.trim();
  }
  return undefined;
}
