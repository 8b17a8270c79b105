import type { ForeignBody } from '../../foreign-types/index.js';

export type RefKind = 'hugo' | 'post_url' | 'link' | 'zola';

/** Something the old tool's template syntax did that Casebook could not: reported once per construct per build. */
export interface ForeignNote {
  kind: 'removed' | 'unresolved' | 'missing-image';
  /** What was removed (`{% include %}`, `<Callout>`), or the reference that named no post. */
  construct: string;
  /** Line in the file. */
  line: number;
}

export interface ForeignContext {
  body: ForeignBody;
  /** `{{ site.x }}` values read from the old config. */
  site: Record<string, string>;
  /** Scheme and host, no trailing slash. */
  origin: string;
  /** Base path of the site (`/` or `/blog/`). */
  base: string;
  /** A post named by file (ref, post_url, link, @/) → its site-root path (`/2019/05/x/`, no base), if it exists. */
  resolve: (kind: RefKind, target: string) => string | undefined;
  /**
   * Resolves a relative or root-path image source the way a Markdown image with that address is
   * (copied beside the page, or one of the static files); a missing one is noted at `line` (the
   * body's first line when not given). Undefined when it cannot be shown.
   */
  image: (src: string, line?: number) => { url: string; width?: number; height?: number } | undefined;
  /** True when `src` (relative to the post, or root-relative) names a file the build can publish: beside the post or among the static files. */
  exists: (src: string) => boolean;
  /**
   * Renders `{% include <tagBody> %}` with the site's includes (Jekyll): its output, an error
   * when the engine could not render it, or undefined when the site has no such include.
   */
  include?: (tagBody: string) => { html: string } | { error: string } | undefined;
  /** Hugo shortcode templates of the site and theme, by name. */
  shortcodeTemplates?: Record<string, string>;
  /** kramdown `parse_block_html`: Markdown is read inside every block HTML element. */
  parseBlockHtml?: boolean;
  /** The page's path on the site (`/2020/post/`): Zola themes find a shortcode's file under it among the static files. */
  pagePath?: string;
  /** Renders inline Markdown (figure captions). */
  inline: (markdown: string) => string;
  notes: ForeignNote[];
  /** Line of the body's first line in the file. */
  bodyLine: number;
}

/** Hugo `{{< x a="1" b >}}`, Liquid `{% x a "b" c=1 %}`, Zola `x(a="1", b=2)`: positional and named arguments. */
export function parseArgs(text: string): { positional: string[]; named: Record<string, string> } {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  const re = /(?:([\w-]+)\s*[=:]\s*)?("((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|`([^`]*)`|\[[^\]]*\]|[^\s,)]+)/g;
  for (const m of text.matchAll(re)) {
    const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[4] !== undefined ? m[4].replace(/\\(.)/g, '$1') : (m[5] ?? m[2]!);
    if (m[1]) named[m[1]] = value;
    else positional.push(value);
  }
  return { positional, named };
}

export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Embeds the tools ship (YouTube, Vimeo) as privacy-friendly iframes; others as plain links. */
export function youtube(id: string | undefined, title = 'YouTube video'): string | undefined {
  if (!id) return undefined;
  const clean = /(?:v=|youtu\.be\/|embed\/)([\w-]{6,})/.exec(id)?.[1] ?? id;
  if (!/^[\w-]{6,}$/.test(clean)) return undefined;
  return `<div class="embed embed-video"><iframe src="https://www.youtube-nocookie.com/embed/${clean}" title="${escapeAttr(title)}" loading="lazy" allow="accelerometer; clipboard-write; encrypted-media; gyroscope; picture-in-picture" allowfullscreen></iframe></div>`;
}

export function vimeo(id: string | undefined, title = 'Vimeo video'): string | undefined {
  if (!id || !/^\d+$/.test(id)) return undefined;
  return `<div class="embed embed-video"><iframe src="https://player.vimeo.com/video/${id}?dnt=1" title="${escapeAttr(title)}" loading="lazy" allow="fullscreen; picture-in-picture" allowfullscreen></iframe></div>`;
}

export function linkBlock(url: string, text: string): string {
  return `<p><a href="${escapeAttr(url)}">${escapeText(text)}</a></p>`;
}

/** A figure as HTML: the image resolved like a Markdown image, the caption rendered as inline Markdown. */
export function figure(
  ctx: ForeignContext,
  a: {
    src?: string | undefined;
    alt?: string | undefined;
    caption?: string | undefined;
    title?: string | undefined;
    link?: string | undefined;
    cls?: string | undefined;
    width?: string | undefined;
    height?: string | undefined;
  },
  /** Line of the file that names the image: where a missing one is reported. */
  line?: number,
): string | undefined {
  if (!a.src) return undefined;
  const found = /^[a-z][a-z0-9+.-]*:/i.test(a.src) || a.src.startsWith('//') ? { url: a.src } : ctx.image(a.src, line);
  if (!found) return undefined;
  const w =
    'width' in found && found.width
      ? ` width="${found.width}" height="${found.height}"`
      : a.width
        ? ` width="${escapeAttr(a.width)}"${a.height ? ` height="${escapeAttr(a.height)}"` : ''}`
        : '';
  let img = `<img src="${escapeAttr(found.url)}" alt="${escapeAttr(a.alt ?? a.caption?.replace(/<[^>]+>|[*_`]/g, '') ?? '')}"${w} loading="lazy" decoding="async">`;
  if (a.link)
    img = `<a href="${escapeAttr(a.link.startsWith('/') && !a.link.startsWith('//') && ctx.base !== '/' && !a.link.startsWith(ctx.base) ? ctx.base + a.link.slice(1) : a.link)}">${img}</a>`;
  const caption =
    a.title || a.caption
      ? `<figcaption>${a.title ? `<strong>${escapeText(a.title)}</strong>${a.caption ? ' ' : ''}` : ''}${a.caption ? ctx.inline(a.caption) : ''}</figcaption>`
      : '';
  return `<figure${a.cls ? ` class="${escapeAttr(a.cls)}"` : ''}>${img}${caption}</figure>`;
}

/** A block of raw HTML that CommonMark keeps whole: blank lines around it. */
export function asBlock(htmlText: string): string {
  return `\n\n${htmlText}\n\n`;
}
