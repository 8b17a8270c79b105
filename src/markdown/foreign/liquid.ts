import { asBlock, escapeText, linkBlock, parseArgs, youtube, type ForeignContext } from './context.js';
import { lineAt } from './code-regions.js';

const TOKEN = /\{%-?\s*(\w+)([\s\S]*?)-?%\}|\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
/** Tags that print nothing and whose loss changes nothing on the page. */
const SILENT = new Set(['assign', 'set', 'increment', 'decrement', 'cycle', 'layout', 'extends', 'do', 'liquid', 'echo_off', 'seo', 'feed_meta']);
const SILENT_BLOCKS = new Set(['capture', 'comment']);

interface Tok {
  start: number;
  end: number;
  /** Tag name for `{% %}`, undefined for `{{ }}`. */
  tag: string | undefined;
  body: string;
}

/**
 * Liquid (Jekyll, Eleventy) and Nunjucks (Eleventy), run over the whole body before Markdown as
 * both tools do (so `{% raw %}` is how authors kept code literal). Rendered: raw, highlight,
 * post_url, link, gist, youtube, Eleventy's image shortcode, `{{ site.* }}`, `{{ page.* }}` and
 * the url filters; comments and assignments vanish; everything else is removed, noted once per construct.
 */
export function liquidTemplates(text: string, ctx: ForeignContext): string {
  const page = ctx.body.page;
  if (page.render_with_liquid === 'false' || (page.templateEngineOverride && !/liquid|njk/.test(page.templateEngineOverride))) return text;
  const kept: string[] = [];
  const keep = (s: string) => {
    kept.push(s);
    return `\uE002${kept.length - 1}\uE003`;
  };
  text = text.replace(/\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}/g, (_, inner: string) => keep(inner)).replace(/\{#[\s\S]*?#\}/g, '');
  const toks: Tok[] = [];
  for (const m of text.matchAll(TOKEN)) toks.push({ start: m.index, end: m.index + m[0].length, tag: m[1]?.toLowerCase(), body: (m[1] ? m[2] : m[3])!.trim() });

  let out = '';
  let pos = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.start < pos) continue;
    out += text.slice(pos, t.start);
    pos = t.end;
    const line = ctx.bodyLine + lineAt(text, t.start) - 1;
    const note = (construct: string) => ctx.notes.push({ kind: 'removed', construct, line });
    if (t.tag === undefined) {
      const v = output(t.body, ctx);
      if (v === undefined) note(`{{ ${t.body.split('|')[0]!.trim()} }}`);
      out += v ?? '';
      continue;
    }
    const name = t.tag;
    const endIdx = name.startsWith('end') ? -1 : findEnd(toks, i, name);
    const inner = endIdx >= 0 ? text.slice(t.end, toks[endIdx]!.start) : undefined;
    const after = endIdx >= 0 ? toks[endIdx]!.end : t.end;
    const alone = isAlone(text, t.start, after);
    const args = parseArgs(t.body);
    switch (name) {
      case 'highlight': {
        const code = (inner ?? '').replace(/^\n/, '').replace(/\n$/, '');
        const fence = code.includes('```') ? '~~~~' : '```';
        out += `\n${fence}${args.positional[0] ?? ''}\n${code}\n${fence}\n`;
        break;
      }
      case 'post_url':
      case 'link': {
        const target = args.positional[0] ?? '';
        const url = ctx.resolve(name === 'link' ? 'link' : 'post_url', target);
        if (url === undefined) ctx.notes.push({ kind: 'unresolved', construct: `{% ${name} ${target} %}`, line });
        out += url ?? '#';
        break;
      }
      case 'gist': {
        const id = args.positional[0];
        out += id ? asBlock(linkBlock(`https://gist.github.com/${id}`, `Gist ${id}`)) : (note('{% gist %}'), '');
        break;
      }
      case 'youtube': {
        const h = youtube(args.positional[0] ?? args.named.id);
        out += h ? (alone ? asBlock(h) : h) : (note('{% youtube %}'), '');
        break;
      }
      case 'image': {
        // eleventy-img's shortcode: {% image "src", "alt" %}.
        const [src, alt] = args.positional;
        out += src ? `![${(alt ?? '').replace(/[[\]]/g, '')}](${src.includes(' ') ? `<${src}>` : src})` : (note('{% image %}'), '');
        break;
      }
      case 'if':
      case 'unless': {
        // Only the first branch is kept: the condition cannot be evaluated without the old site's data.
        note(`{% ${name} %}`);
        if (inner !== undefined) out += liquidTemplates(inner.split(/\{%-?\s*(?:elsif|else|elif)\b[\s\S]*?-?%\}/)[0]!, ctx);
        break;
      }
      case 'include': {
        const done = ctx.include?.(t.body);
        if (done && 'html' in done) {
          out += includeOutput(done.html, alone);
          break;
        }
        note(`{% include ${args.positional[0] ?? ''} %}${done ? ` (${done.error})` : ''}`);
        break;
      }
      default:
        if (SILENT.has(name) || SILENT_BLOCKS.has(name)) break;
        if (name === 'include' || name === 'include_relative' || name === 'render') note(`{% ${name} ${args.positional[0] ?? ''} %}`.replace('  ', ' '));
        else note(`{% ${name} %}`);
        // A block tag of a plugin (a callout, a note) keeps what it wrapped; loops and cases do not.
        if (inner !== undefined && !['for', 'case', 'tablerow', 'paginate'].includes(name)) out += liquidTemplates(inner, ctx);
    }
    pos = after;
    if (endIdx >= 0) i = endIdx;
  }
  out += text.slice(pos);
  // Placeholders of an enclosing call are left for it to restore.
  return out.replace(/\uE002(\d+)\uE003/g, (whole, n: string) => kept[Number(n)] ?? whole);
}

/**
 * An include's HTML as Markdown sees it: Jekyll inserted it before kramdown ran, but its
 * indentation and blank lines would turn into code blocks and paragraphs here, so block HTML
 * is kept as one raw block.
 */
function includeOutput(html: string, alone: boolean): string {
  const trimmed = html.trim();
  if (!trimmed.startsWith('<')) return alone ? `${trimmed}\n` : trimmed;
  const flat = trimmed
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
  return alone ? asBlock(flat) : flat.replace(/\n/g, ' ');
}

function findEnd(toks: Tok[], from: number, name: string): number {
  let depth = 0;
  for (let j = from + 1; j < toks.length; j++) {
    const t = toks[j]!;
    if (t.tag === name) depth++;
    else if (t.tag === `end${name}`) {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

function isAlone(text: string, start: number, end: number): boolean {
  const before = text.lastIndexOf('\n', start - 1);
  const after = text.indexOf('\n', end);
  return text.slice(before + 1, start).trim() === '' && text.slice(end, after < 0 ? text.length : after).trim() === '';
}

/** `{{ site.url }}`, `{{ page.title }}`, `{{ "/x.png" | relative_url }}`: the value, or undefined when it cannot be known. */
function output(expr: string, ctx: ForeignContext): string | undefined {
  const [head, ...filters] = splitFilters(expr);
  let value = lookup(head!.trim(), ctx);
  if (value === undefined) return undefined;
  for (const f of filters) {
    const [fname, ...rest] = f.split(':');
    const arg = rest.join(':').trim();
    switch (fname!.trim()) {
      case 'relative_url':
      case 'url':
        value = value.startsWith('/') || !/^[a-z]+:/i.test(value) ? ctx.base.replace(/\/$/, '') + '/' + value.replace(/^\/+/, '') : value;
        break;
      case 'absolute_url':
        value = /^[a-z]+:/i.test(value) ? value : ctx.origin + ctx.base.replace(/\/$/, '') + '/' + value.replace(/^\/+/, '');
        break;
      case 'prepend':
        value = (lookup(arg, ctx) ?? '') + value;
        break;
      case 'append':
        value = value + (lookup(arg, ctx) ?? '');
        break;
      case 'escape':
      case 'xml_escape':
      case 'escape_once':
        value = escapeText(value);
        break;
      case 'upcase':
        value = value.toUpperCase();
        break;
      case 'downcase':
        value = value.toLowerCase();
        break;
      case 'strip':
        value = value.trim();
        break;
      default:
        // A filter Casebook does not know: the value as it is is closer than nothing.
        break;
    }
  }
  return value;
}

function splitFilters(expr: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quote = '';
  for (const c of expr) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '|') {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

function lookup(head: string, ctx: ForeignContext): string | undefined {
  const lit = /^["'](.*)["']$/.exec(head);
  if (lit) return lit[1];
  if (head === 'site.url') return ctx.site.url || ctx.origin;
  if (head === 'site.baseurl' || head === 'site.base_url') return ctx.base.replace(/\/$/, '');
  const m = /^(site|page|metadata|post)\.([\w.-]+)$/.exec(head);
  if (m) return m[1] === 'page' || m[1] === 'post' ? ctx.body.page[m[2]!] : ctx.site[m[2]!];
  // Eleventy gives templates the front matter at top level, nested tables included (`book.title`).
  if (/^[\w-]+(?:\.[\w-]+)*$/.test(head) && head !== 'content') return ctx.body.page[head];
  return undefined;
}
