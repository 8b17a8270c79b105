import { asBlock, escapeAttr, figure, linkBlock, parseArgs, vimeo, youtube, type ForeignContext } from './context.js';
import { lineAt, mapProse } from './code-regions.js';

/**
 * Zola's shortcodes and internal links (`@/blog/post.md#anchor`), outside code as Zola does:
 * calls (`{{ youtube(id="x") }}`, `{% note() %}body{% end %}`, arguments over several lines and
 * with `)` inside their strings), the tag form some themes use (`{{<img src="a.png" />}}`,
 * `{% <katex> %}body{% </katex> %}`), `{% raw %}…{% endraw %}` (its content printed as written)
 * and the escape that prints a call as written (a comment just inside the braces). Built-ins are rendered (youtube, vimeo, gist, streamable), a
 * theme's shortcode that names an image or a video of the post draws it, a body shortcode keeps
 * its body; the rest is removed and noted.
 */
export function zolaSyntax(text: string, ctx: ForeignContext): string {
  const raw: string[] = [];
  // Raw blocks are set aside first: nothing in them is a shortcode. The stand-in keeps the
  // block's line breaks, so the lines noted for what comes after stay right.
  const guarded = text.replace(/\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}/g, (whole, inner: string, offset: number) => {
    if (insideCode(text, offset)) return whole;
    raw.push(inner);
    return `\uE000${raw.length - 1}\uE001${'\n'.repeat(inner.split('\n').length - 1)}`;
  });
  const body = guarded.replace(
    /\{%\s*(?:([\w-]+)\(([^)]*)\)|<([\w-]+)((?:[^>"'{]|"[^"]*"|'[^']*'|\{[^}]*\})*)>)\s*%\}([\s\S]*?)\{%\s*(?:end|<\/\3>)\s*%\}/g,
    (whole, name: string | undefined, _args: string, tagName: string | undefined, _attrs: string, inner: string, offset: number) => {
      // Body shortcodes are found over the whole text; one that starts inside code is left alone.
      if (insideCode(guarded, offset)) return whole;
      const shown = name ? `{% ${name}() %}` : `{% <${tagName}> %}`;
      ctx.notes.push({ kind: 'removed', construct: shown, line: ctx.bodyLine + lineAt(guarded, offset) - 1 });
      return inner;
    },
  );
  // Calls are found over the whole text (a caption may hold a code span); one inside code is left alone.
  const called = inlineCalls(body, (call, offset, whole) => (insideCode(body, offset) ? whole : inline(call, ctx, ctx.bodyLine + lineAt(body, offset) - 1)));
  const out = mapProse(called, (prose, start) =>
    prose
      .replace(/\{\{\/\*\s*([\s\S]*?)\s*\*\/\}\}/g, '{{ $1 }}')
      .replace(/\{%\/\*\s*([\s\S]*?)\s*\*\/%\}/g, '{% $1 %}')
      .replace(/@\/([^\s)#"'<>\]]+?\.md)(#[^\s)"'<>\]]*)?/g, (_, path: string, anchor: string | undefined, offset: number) => {
        const url = ctx.resolve('zola', path);
        if (url === undefined) {
          ctx.notes.push({ kind: 'unresolved', construct: `@/${path}`, line: ctx.bodyLine + lineAt(called, start + offset) - 1 });
          return '#';
        }
        return `${url}${anchor ?? ''}`;
      }),
  );
  return raw.length
    ? out.replace(/\uE000(\d+)\uE001(\n*)/g, (_, i: string, breaks: string) => raw[Number(i)]! + breaks.slice(raw[Number(i)]!.split('\n').length - 1))
    : out;
}

/** One inline shortcode: its name, named string arguments, and list arguments (`sources={["a.mp4"]}`). */
interface Call {
  name: string;
  named: Record<string, string>;
  lists: Record<string, string[]>;
}

/**
 * Replaces each `{{ name(args) }}` and `{{<name attrs />}}` in a run of prose. Arguments are
 * scanned rather than matched, so a string holding `)` or `}}` (a caption with a Markdown link)
 * and a call spread over several lines are read whole.
 */
function inlineCalls(prose: string, render: (call: Call, offset: number, whole: string) => string): string {
  let out = '';
  let i = 0;
  const head = /\{\{\s*(?:([\w-]+)\s*\(|<\s*([\w-]+)\b)/g;
  for (let m = head.exec(prose); m; m = head.exec(prose)) {
    const close = m[1] ? ')' : '/>';
    const end = scanTo(prose, head.lastIndex, close);
    const tail = end < 0 ? null : /^\s*\}\}/.exec(prose.slice(end + close.length));
    if (!tail) continue;
    const args = prose.slice(head.lastIndex, end);
    const call: Call = m[1] ? { name: m[1], named: parseArgs(args).named, lists: {} } : { name: m[2]!, ...tagAttributes(args) };
    out += prose.slice(i, m.index) + render(call, m.index, prose.slice(m.index, end + close.length + tail[0].length));
    i = end + close.length + tail[0].length;
    head.lastIndex = i;
  }
  return i === 0 ? prose : out + prose.slice(i);
}

/** Index of `close` at the top level from `from` (outside strings and braces), or -1. */
function scanTo(text: string, from: number, close: string): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const j = text.indexOf(c, i + 1);
      if (j < 0) return -1;
      i = j;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (depth <= 0 && text.startsWith(close, i)) return i;
  }
  return -1;
}

/** `src="a.png" page={page} sources={["a.mp4", "b.webm"]}`: strings, and lists of strings. */
function tagAttributes(text: string): { named: Record<string, string>; lists: Record<string, string[]> } {
  const named: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (const m of text.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\})/g)) {
    if (m[4] === undefined) named[m[1]!] = m[2] ?? m[3] ?? '';
    else if (/^\s*\[/.test(m[4])) lists[m[1]!] = [...m[4].matchAll(/"([^"]*)"|'([^']*)'/g)].map((s) => s[1] ?? s[2] ?? '');
    else if (/^\s*(?:"[^"]*"|'[^']*'|true|false|-?\d+(?:\.\d+)?)\s*$/.test(m[4])) named[m[1]!] = m[4].trim().replace(/^["']|["']$/g, '');
  }
  return { named, lists };
}

function insideCode(text: string, offset: number): boolean {
  let inside = false;
  mapProse(text, (prose, start) => {
    if (offset >= start && offset < start + prose.length) inside = true;
    return prose;
  });
  return !inside;
}

const IMAGE_FILE = /\.(?:png|jpe?g|gif|webp|avif|svg|bmp)(?:[?#].*)?$/i;
const VIDEO_FILE = /\.(?:mp4|webm|ogv|mov|m4v)(?:[?#].*)?$/i;
const AUDIO_FILE = /\.(?:mp3|ogg|oga|wav|m4a|flac|opus)(?:[?#].*)?$/i;
const SOURCE_PARAMS = ['src', 'image', 'img', 'file', 'path', 'source', 'url'];

function inline(call: Call, ctx: ForeignContext, line: number): string {
  const { name, named } = call;
  const h = builtIn(name, named) ?? media(call, ctx, line);
  if (h) return asBlock(h);
  ctx.notes.push({ kind: 'removed', construct: `{{ ${name}() }}`, line });
  return '';
}

function builtIn(name: string, named: Record<string, string>): string | undefined {
  if (name === 'youtube') return youtube(named.id);
  if (name === 'vimeo') return vimeo(named.id);
  if (name === 'gist' && named.url) return linkBlock(named.url, `Gist ${named.url.replace(/^https?:\/\/gist\.github\.com\//, '')}`);
  if (name === 'streamable' && named.id) return linkBlock(`https://streamable.com/${named.id}`, 'Video on Streamable');
  return undefined;
}

/**
 * A theme's shortcode whose arguments name an image, a video or a sound the post has (or an
 * embed's address): the old page showed it, so it stays, drawn the plain way. The files are
 * published beside the page like the bundle's other files.
 */
function media(call: Call, ctx: ForeignContext, line: number): string | undefined {
  const { named, lists } = call;
  const candidates = [...SOURCE_PARAMS.map((k) => named[k]), ...Object.values(lists).flat()].filter((c): c is string => !!c?.trim()).map((c) => c.trim());
  const embed = candidates.map((c) => youtube(/youtu\.?be/.test(c) ? c : undefined) ?? vimeo(/vimeo\.com\/(?:video\/)?(\d+)/.exec(c)?.[1])).find(Boolean);
  if (embed) return embed;
  const present = candidates.map((c) => located(c, ctx)).filter((c): c is string => c !== undefined);
  const caption = [named.caption, named.credits].filter((s) => s?.trim()).join(' ');
  const videos = present.filter((c) => VIDEO_FILE.test(c));
  const sounds = present.filter((c) => AUDIO_FILE.test(c));
  const image = present.find((c) => IMAGE_FILE.test(c));
  const captionHtml = caption ? `<figcaption>${ctx.inline(caption)}</figcaption>` : '';
  if (videos.length && (call.name !== 'image' || !image)) {
    // A "gif" made of video files plays like one: muted, looping, without controls.
    const gif = call.name === 'gif';
    const attrs = gif ? ' autoplay loop muted playsinline' : ' controls preload="metadata"';
    return `<figure><video${attrs}>${videos.map((v) => `<source src="${escapeAttr(v)}">`).join('')}</video>${captionHtml}</figure>`;
  }
  if (sounds.length && !image)
    return `<figure><audio controls preload="metadata">${sounds.map((s) => `<source src="${escapeAttr(s)}">`).join('')}</audio>${captionHtml}</figure>`;
  if (!image) return undefined;
  return figure(
    ctx,
    {
      src: image,
      alt: named.alt,
      caption: caption || undefined,
      link: named.link ?? named.href,
      cls: named.class,
      width: named.w ?? named.width,
      height: named.h ?? named.height,
    },
    line,
  );
}

/**
 * Where a shortcode's file is: beside the post, among the static files, or (the way Zola themes
 * look it up, `page.path ~ src`) under the page's own path among the static files.
 */
function located(src: string, ctx: ForeignContext): string | undefined {
  if (/^https?:\/\//.test(src) || ctx.exists(src)) return src;
  if (/^[a-z][a-z0-9+.-]*:|^\/|^\.\./i.test(src) || !ctx.pagePath) return undefined;
  const under = `${ctx.pagePath.replace(/[^/]*$/, '')}${src.replace(/^\.\//, '')}`;
  return ctx.exists(under) ? under : undefined;
}
