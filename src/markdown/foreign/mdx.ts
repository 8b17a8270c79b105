import { asBlock, escapeAttr, figure, linkBlock, youtube, type ForeignContext } from './context.js';
import { lineAt, mapProse } from './code-regions.js';

const ATTR = /([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{((?:[^{}]|\{[^{}]*\})*)\}))?/g;
const OPEN = /<([A-Z][\w.]*)((?:\s+[\w:-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\}))?)*)\s*(\/?)>/g;
const CLOSE = /<\/([A-Z][\w.]*)\s*>/g;

/**
 * MDX (Astro, Next.js) outside code: `import`/`export` statements are dropped; JSX comments
 * vanish; components Casebook knows (Image, Picture, YouTube, Tweet, Code, a Video of a file
 * beside the post) render; every other
 * component renders as its children (a self-closing one as nothing), noted once per name;
 * `{frontmatter.x}` prints the value and other expressions are removed.
 */
export function mdxSyntax(text: string, ctx: ForeignContext): string {
  // Statements are blanked line for line, so lines of the stripped text are the file's.
  const stripped = stripModuleLines(text);
  return mapProse(stripped, (prose, start) => {
    const line = (offset: number) => ctx.bodyLine + lineAt(stripped, start + offset) - 1;
    return markdownInElements(
      prose
        .replace(/\{\s*\/\*[\s\S]*?\*\/\s*\}/g, '')
        .replace(OPEN, (whole, name: string, attrText: string, self: string, offset: number) => {
          const attrs = readAttrs(attrText);
          const known = knownComponent(name, attrs, ctx, line(offset));
          if (known !== undefined) return known;
          ctx.notes.push({ kind: 'removed', construct: `<${name}>`, line: line(offset) });
          // The tag alone on its line leaves a blank line, so the children read as Markdown blocks.
          return self ? '' : whole.includes('\n') ? '\n' : '';
        })
        .replace(CLOSE, (_, name: string) => (name === 'Link' ? '</a>' : ''))
        // JSX names two HTML attributes differently; React wrote them as HTML.
        .replace(
          /(<[a-z][\w-]*\s[^<>]*?)\b(className|htmlFor)=(?=["'])/g,
          (_m, before: string, name: string) => `${before}${name === 'className' ? 'class' : 'for'}=`,
        )
        .replace(HTML_WITH_JSX, (_whole, name: string, attrText: string, self: string, offset: number) =>
          htmlAttributes(name, attrText, self, (construct) => ctx.notes.push({ kind: 'removed', construct, line: line(offset) })),
        )
        .split(/(\$\$[\s\S]*?\$\$|\$[^$\n]+\$)/)
        // Odd parts are math, whose braces are TeX, not expressions.
        .map((part, k) => (k % 2 ? part : expressions(part, ctx, line)))
        .join(''),
    );
  });
}

/** An HTML element's opening tag alone on its line (not self-closing, not a void element). */
const OPEN_LINE = /^[ \t]*<([a-z][\w-]*)(?:\s[^<>]*)?>[ \t]*$/;
const CLOSE_LINE = /^[ \t]*<\/([a-z][\w-]*)\s*>[ \t]*$/;
const VOID = /^(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/;

/**
 * The children of an HTML element whose tags stand on lines of their own, as MDX reads them: as
 * Markdown (`![Maple](/maple.jpg)` indented inside `<div className="cell">` is an image). As
 * CommonMark reads the same lines they are one block of raw HTML up to the next blank line, and
 * the image or link was printed as its source. Each such tag becomes a block of its own (after
 * an empty comment, which makes it an HTML block that ends on its line and may interrupt a
 * paragraph; the comment goes with the raw-HTML policy), and the lines between lose the
 * indentation they share, which MDX does not read as code. No line is added or removed, so
 * every line keeps its number.
 */
function markdownInElements(prose: string): string {
  const lines = prose.split('\n');
  const owner = new Array<number>(lines.length).fill(-1);
  const closed = new Set<number>();
  const closing = new Set<number>();
  const open: { name: string; at: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const o = OPEN_LINE.exec(lines[i]!);
    if (o && !VOID.test(o[1]!)) {
      owner[i] = open.at(-1)?.at ?? -1;
      open.push({ name: o[1]!, at: i });
      continue;
    }
    const c = CLOSE_LINE.exec(lines[i]!);
    if (c && open.at(-1)?.name === c[1]) {
      closed.add(open.pop()!.at);
      closing.add(i);
      owner[i] = open.at(-1)?.at ?? -1;
      continue;
    }
    owner[i] = open.at(-1)?.at ?? -1;
  }
  if (!closed.size) return prose;
  // The indentation the lines directly inside each element share.
  const indent = new Map<number, number>();
  for (let i = 0; i < lines.length; i++) {
    const at = owner[i]!;
    if (at < 0 || !closed.has(at) || !lines[i]!.trim()) continue;
    const n = /^[ \t]*/.exec(lines[i]!)![0].length;
    indent.set(at, Math.min(indent.get(at) ?? n, n));
  }
  return lines
    .map((l, i) => {
      if (closed.has(i)) return `<!---->${l.trim()}`;
      if (closing.has(i)) return `<!---->${l.trim()}`;
      const at = owner[i]!;
      return at >= 0 && closed.has(at) ? l.slice(indent.get(at) ?? 0) : l;
    })
    .join('\n');
}

/** An HTML element written with JSX attributes (`<span style={{wordBreak: 'keep-all'}}>`). */
const HTML_WITH_JSX =
  /<([a-z][\w-]*)((?:\s+[\w:-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\}))?)*?\s+[\w:-]+\s*=\s*\{(?:[^{}]|\{[^{}]*\})*\}(?:\s+[\w:-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\}))?)*)\s*(\/?)>/g;
/** CSS properties React writes without a unit. */
const UNITLESS = new Set(['opacity', 'zIndex', 'fontWeight', 'lineHeight', 'flex', 'flexGrow', 'flexShrink', 'order', 'zoom']);

/**
 * The HTML React rendered for an element with JSX attributes: literal values (`{"x"}`, `{42}`,
 * a style object of literals) become ordinary attributes, `className` is `class`; attributes
 * whose value is code (event handlers, variables) cannot be rendered and are removed, noted.
 */
function htmlAttributes(name: string, attrText: string, self: string, removed: (construct: string) => void): string {
  const attrs: string[] = [];
  for (const m of attrText.matchAll(ATTR)) {
    const key = m[1] === 'className' ? 'class' : m[1] === 'htmlFor' ? 'for' : m[1]!;
    if (m[4] === undefined) {
      attrs.push(m[2] !== undefined || m[3] !== undefined ? `${key}="${escapeAttr(m[2] ?? m[3]!)}"` : key);
      continue;
    }
    const value = key === 'style' ? styleObject(m[4]) : stringExpr(m[4]);
    if (value === undefined) removed(`${m[1]}={…}`);
    else attrs.push(`${key}="${escapeAttr(value)}"`);
  }
  return `<${name}${attrs.map((a) => ` ${a}`).join('')}${self ? ' /' : ''}>`;
}

/** `{wordBreak: 'keep-all', width: 200}` → `word-break:keep-all;width:200px`; undefined when a value is code. */
function styleObject(expr: string): string | undefined {
  const m = /^\s*\{([\s\S]*)\}\s*$/.exec(expr);
  if (!m) return undefined;
  const out: string[] = [];
  for (const part of m[1]!.split(',')) {
    if (!part.trim()) continue;
    const kv = /^\s*["']?([A-Za-z-]+)["']?\s*:\s*(?:"([^"]*)"|'([^']*)'|(-?\d+(?:\.\d+)?))\s*$/.exec(part);
    if (!kv) return undefined;
    const prop = kv[1]!;
    const value = kv[4] !== undefined ? (UNITLESS.has(prop) || kv[4] === '0' ? kv[4] : `${kv[4]}px`) : (kv[2] ?? kv[3]!);
    out.push(`${prop.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${value}`);
  }
  return out.join(';');
}

function expressions(part: string, ctx: ForeignContext, line: (offset: number) => number): string {
  return part
    .replace(/(?<![\\$])\{\s*(frontmatter|props\.frontmatter|meta)\.(\w+)\s*\}/g, (_, _o: string, key: string, offset: number) => {
      const v = ctx.body.page[key];
      if (v === undefined) ctx.notes.push({ kind: 'removed', construct: `{${_o}.${key}}`, line: line(offset) });
      return v ?? '';
    })
    .replace(/(?<![\\$\w])\{\s*([A-Za-z_$][\w$]*(?:\.[\w$]+)*(?:\([^(){}]*\))?)\s*\}(?!\})/g, (whole, expr: string, offset: number) => {
      // Math ($\frac{a}{b}$) and attribute lists are not expressions.
      if (/^[a-z]$/.test(expr)) return whole;
      ctx.notes.push({ kind: 'removed', construct: `{${expr.replace(/\(.*$/, '()')}}`, line: line(offset) });
      return '';
    });
}

/** Drops top-level `import`/`export` statements, including ones that span lines. */
function stripModuleLines(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && /^(import|export)\s/.test(line)) {
      let depth = 0;
      let j = i;
      for (; j < lines.length; j++) {
        for (const c of lines[j]!) {
          if (c === '{' || c === '(' || c === '[') depth++;
          else if (c === '}' || c === ')' || c === ']') depth--;
        }
        const l = lines[j]!.trim();
        if (
          depth <= 0 &&
          (l.endsWith(';') ||
            /from\s+["'][^"']+["'];?$/.test(l) ||
            /^import\s+["'][^"']+["'];?$/.test(l) ||
            lines[j + 1]?.trim() === '' ||
            j + 1 >= lines.length)
        )
          break;
      }
      // Keep the line count, so later line numbers still point into the file.
      for (let k = i; k <= j && k < lines.length; k++) out.push('');
      i = j;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

function readAttrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTR)) {
    const raw = m[2] ?? m[3] ?? (m[4] !== undefined ? stringExpr(m[4]) : 'true');
    if (raw !== undefined) out[m[1]!] = raw;
  }
  return out;
}

/** `{"text"}` and `{'text'}` and `{42}` are values; other expressions cannot be evaluated here. */
function stringExpr(expr: string): string | undefined {
  const m = /^\s*(?:"([^"]*)"|'([^']*)'|`([^`$]*)`|(\d+))\s*$/.exec(expr);
  return m ? (m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
}

function knownComponent(name: string, a: Record<string, string>, ctx: ForeignContext, line: number): string | undefined {
  switch (name) {
    case 'Image':
    case 'Picture':
    case 'Img': {
      const h = figure(ctx, { src: a.src, alt: a.alt, width: a.width, height: a.height, caption: a.caption }, line);
      return h ? asBlock(h.replace(/^<figure>(.*)<\/figure>$/, a.caption ? '<figure>$1</figure>' : '$1')) : undefined;
    }
    case 'YouTube':
    case 'Youtube':
    case 'LiteYouTube': {
      const h = youtube(a.id ?? a.videoid ?? a.url, a.title);
      return h ? asBlock(h) : undefined;
    }
    case 'Tweet':
      return a.id ? asBlock(linkBlock(/^\d+$/.test(a.id) ? `https://x.com/i/status/${a.id}` : a.id, 'Post on X')) : undefined;
    case 'Code': {
      if (a.code === undefined) return undefined;
      const fence = a.code.includes('```') ? '~~~~' : '```';
      return `\n${fence}${a.lang ?? ''}\n${a.code}\n${fence}\n`;
    }
    case 'Video':
      return localVideo(a, ctx);
    case 'Link':
      return a.href ? `<a href="${escapeAttr(a.href)}">` : undefined;
    default:
      return undefined;
  }
}

/** A local address: not `https:`/`data:`/`//host`; remote or scripted sources are not a file of the site. */
const LOCAL = (src: string) => !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src);

/**
 * `<Video src="./clip.mp4" poster="./clip.jpg" />` of a file the post has: the browser's own player.
 * The relative addresses stay as written here; the bundle pass copies both files beside the page
 * the way images are (never from outside the site) and rewrites them. Any other Video (remote,
 * missing, props the component gave a meaning to) is unknown: removed and counted.
 */
function localVideo(a: Record<string, string>, ctx: ForeignContext): string | undefined {
  if (!a.src || !LOCAL(a.src) || !ctx.exists(a.src)) return undefined;
  const poster = a.poster && LOCAL(a.poster) && ctx.exists(a.poster) ? ` poster="${escapeAttr(a.poster)}"` : '';
  const flags = ['muted', 'loop', 'playsInline'].filter((f) => a[f] === 'true').map((f) => ` ${f.toLowerCase()}`);
  return asBlock(`<video controls preload="metadata" src="${escapeAttr(a.src)}"${poster}${flags.join('')}></video>`);
}
