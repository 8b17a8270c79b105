import { escapeHtml } from '../util/escape.js';
import { normaliseLanguage } from './code-language.js';
import { htmlText } from './html-to-markdown.js';

export interface Attachment {
  url: string;
  alt: string;
  title: string;
  caption: string;
  parent: string;
}

export interface WordPressContentContext {
  postId: string;
  /** Attachments by post id, for [gallery] and featured images. */
  attachments: Map<string, Attachment>;
}

export interface PreparedContent {
  html: string;
  /** Shortcodes that were removed (their inner text kept), by name. */
  removed: string[];
}

/** SyntaxHighlighter Evolved registers one enclosing shortcode per language: [php]…[/php]. */
const BRUSH_SHORTCODES = new Set([
  'as3',
  'actionscript3',
  'bash',
  'shell',
  'cf',
  'coldfusion',
  'clojure',
  'clj',
  'cpp',
  'c',
  'c-sharp',
  'csharp',
  'css',
  'delphi',
  'pas',
  'pascal',
  'diff',
  'patch',
  'erl',
  'erlang',
  'fsharp',
  'go',
  'golang',
  'groovy',
  'haskell',
  'java',
  'javafx',
  'jfx',
  'js',
  'jscript',
  'javascript',
  'latex',
  'tex',
  'matlab',
  'objc',
  'obj-c',
  'perl',
  'pl',
  'php',
  'plain',
  'text',
  'ps',
  'powershell',
  'py',
  'python',
  'r',
  'rails',
  'rb',
  'ror',
  'ruby',
  'scala',
  'sql',
  'swift',
  'vb',
  'vbnet',
  'xml',
  'xhtml',
  'xslt',
  'html',
  'yaml',
  'yml',
  'json',
  'ts',
  'typescript',
  'kotlin',
  'rust',
]);
const CODE_SHORTCODES = new Set(['code', 'sourcecode', 'source', 'sourcecode_lang', 'codesample']);
const EMBED_SHORTCODES = new Set([
  'embed',
  'youtube',
  'vimeo',
  'twitter',
  'tweet',
  'gist',
  'instagram',
  'soundcloud',
  'spotify',
  'slideshare',
  'dailymotion',
  'ted',
  'googlemaps',
  'wpvideo',
  'codepen',
]);

interface Shortcode {
  name: string;
  attrs: Record<string, string>;
  /** Positional attributes, in order (`[youtube https://…]`). */
  positional: string[];
  content: string | undefined;
}

const ATTR_RE =
  /([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)/g;

function decodeAttr(value: string): string {
  return /&/.test(value) ? htmlText(value) : value;
}

/** Attributes as WordPress's shortcode_parse_atts reads them; `[youtube=URL]` counts as positional. */
export function parseShortcodeAttributes(text: string): { attrs: Record<string, string>; positional: string[] } {
  const attrs: Record<string, string> = {};
  const positional: string[] = [];
  let rest = text.replace(/[\u00a0\u200b]/g, ' ').trim();
  if (rest.startsWith('=')) {
    const m = /^=\s*("([^"]*)"|'([^']*)'|(\S+))/.exec(rest)!;
    positional.push(decodeAttr(m[2] ?? m[3] ?? m[4] ?? ''));
    rest = rest.slice(m[0].length);
  }
  for (const m of rest.matchAll(ATTR_RE)) {
    if (m[1]) attrs[m[1].toLowerCase()] = decodeAttr(m[2]!);
    else if (m[3]) attrs[m[3].toLowerCase()] = decodeAttr(m[4]!);
    else if (m[5]) attrs[m[5].toLowerCase()] = decodeAttr(m[6]!);
    else positional.push(decodeAttr(m[7] ?? m[8] ?? m[9] ?? ''));
  }
  return { attrs, positional };
}

/** Protects `<pre>`, `<code>` and `<script>` from shortcode and paragraph processing. */
class Vault {
  private items: string[] = [];
  put(html: string): string {
    this.items.push(html);
    return `\u0000${this.items.length - 1}\u0000`;
  }
  restore(text: string): string {
    // Items can contain other placeholders (a caption around a protected image is not one, but be safe).
    let out = text;
    for (let i = 0; i < 3 && out.includes('\u0000'); i++) out = out.replace(/\u0000(\d+)\u0000/g, (_, n: string) => this.items[Number(n)]!);
    return out;
  }
}

/** Gutenberg stores block settings in comments: a code block's language lives there, not on the <pre>. */
function applyBlockLanguages(html: string): string {
  return html.replace(/<!--\s*wp:([\w/-]+)\s+(\{[^]*?\})\s*-->(\s*)<pre\b/g, (whole, _name: string, json: string, space: string) => {
    let lang: string | undefined;
    try {
      const data = JSON.parse(json) as Record<string, unknown>;
      const v = data.language ?? data.lang ?? data.mode;
      lang = typeof v === 'string' ? normaliseLanguage(v) : undefined;
    } catch {
      return whole;
    }
    return lang ? `${space}<pre data-lang="${escapeHtml(lang)}"` : whole;
  });
}

function codeBlock(code: string, lang: string | undefined): string {
  // The editor stored code either raw or entity-escaped; decode once, then escape exactly once.
  const decoded = code
    .replace(/^\r?\n/, '')
    .replace(/\n$/, '')
    .replace(
      /&(lt|gt|amp|quot|#0?39|#8217|#8216|#8220|#8221|nbsp);/g,
      (m, e: string) =>
        ({
          lt: '<',
          gt: '>',
          amp: '&',
          quot: '"',
          '#039': "'",
          '#39': "'",
          '#8217': '\u2019',
          '#8216': '\u2018',
          '#8220': '\u201c',
          '#8221': '\u201d',
          nbsp: ' ',
        })[e] ?? m,
    );
  return `<pre><code${lang ? ` class="language-${escapeHtml(lang)}"` : ''}>${escapeHtml(decoded)}</code></pre>`;
}

const NAME = '[a-zA-Z][\\w-]*';

/**
 * Finds shortcodes in `text` and replaces each with what `render` returns (undefined leaves it
 * as written). Enclosing forms (`[x]…[/x]`) are matched to their closing tag; `[[x]]` is the
 * WordPress escape for a literal `[x]`.
 */
function replaceShortcodes(text: string, render: (sc: Shortcode) => string | undefined, unescapeLiterals = true): string {
  const open = new RegExp(`\\[(\\[?)(${NAME})(?![\\w-])((?:[^\\]/]|/(?!\\]))*)(/?)\\](\\]?)`, 'g');
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = open.exec(text))) {
    const [whole, escOpen, name, attrText, selfClose, escClose] = m as unknown as [string, string, string, string, string, string];
    const start = m.index;
    if (escOpen && escClose) {
      // Unescaped by the last pass only, so an earlier pass never sees the literal as a shortcode.
      if (unescapeLiterals) {
        out += text.slice(last, start) + whole.slice(1, -1);
        last = start + whole.length;
      }
      continue;
    }
    let end = start + whole.length;
    let content: string | undefined;
    if (!selfClose) {
      const closeTag = `[/${name}]`;
      const close = text.indexOf(closeTag, end);
      // An opening tag of the same name before the closing one means this one is self-closing.
      const nextOpen = text.slice(end, close < 0 ? undefined : close).search(new RegExp(`\\[${name}(?![\\w-])`));
      if (close >= 0 && nextOpen < 0) {
        content = text.slice(end, close);
        end = close + closeTag.length;
      }
    }
    const { attrs, positional } = parseShortcodeAttributes(attrText);
    const replacement = render({ name: name.toLowerCase(), attrs, positional, content });
    if (replacement === undefined) continue;
    out += text.slice(last, start) + replacement;
    last = end;
    open.lastIndex = end;
  }
  return out + text.slice(last);
}

function link(url: string): string {
  return `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
}

function firstUrl(sc: Shortcode): string | undefined {
  const candidates = [sc.attrs.url, sc.attrs.src, sc.attrs.id, sc.attrs.href, ...sc.positional, sc.content?.trim()];
  for (const c of candidates) {
    if (c && /^https?:\/\/\S+$/.test(c.trim())) return c.trim();
  }
  return undefined;
}

/** Where an embed shortcode without a full URL points (`[youtube id]`, `[gist id="…"]`). */
function embedUrl(sc: Shortcode): string | undefined {
  const url = firstUrl(sc);
  if (url) return url;
  const id = sc.attrs.id ?? sc.positional[0] ?? sc.content?.trim();
  if (!id || !/^[\w./-]+$/.test(id)) return undefined;
  switch (sc.name) {
    case 'youtube':
      return `https://www.youtube.com/watch?v=${id}`;
    case 'vimeo':
      return `https://vimeo.com/${id}`;
    case 'gist':
      return `https://gist.github.com/${id}`;
    case 'tweet':
    case 'twitter':
      return /^\d+$/.test(id) ? `https://twitter.com/i/status/${id}` : undefined;
    default:
      return undefined;
  }
}

const LEADING_IMAGE = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)/i;

function renderCaption(sc: Shortcode): string {
  const content = sc.content ?? '';
  const image = LEADING_IMAGE.exec(content);
  const media = image ? image[1]! : '';
  const caption = sc.attrs.caption ?? (image ? content.slice(image[0].length) : content).trim();
  if (!media) return content;
  return `<figure>${media}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

function renderGallery(sc: Shortcode, ctx: WordPressContentContext): string {
  const ids = (sc.attrs.ids ?? sc.attrs.include ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const list = ids.length
    ? ids.map((id) => ctx.attachments.get(id)).filter((a): a is Attachment => !!a)
    : [...ctx.attachments.values()].filter((a) => a.parent === ctx.postId);
  if (!list.length) return '';
  return list
    .map((a) => {
      const img = `<img src="${escapeHtml(a.url)}" alt="${escapeHtml(a.alt || a.title)}">`;
      return a.caption ? `<figure>${img}<figcaption>${escapeHtml(a.caption)}</figcaption></figure>` : `<p>${img}</p>`;
    })
    .join('\n');
}

function renderMedia(sc: Shortcode): string {
  const tag = sc.name === 'audio' ? 'audio' : 'video';
  const src = sc.attrs.src ?? sc.attrs.mp4 ?? sc.attrs.webm ?? sc.attrs.ogv ?? sc.attrs.mp3 ?? sc.attrs.ogg ?? sc.attrs.m4a ?? sc.attrs.wav ?? firstUrl(sc);
  if (!src) return '';
  const poster = sc.attrs.poster ? ` poster="${escapeHtml(sc.attrs.poster)}"` : '';
  return `<p><${tag} controls preload="none" src="${escapeHtml(src)}"${poster}><a href="${escapeHtml(src)}">${escapeHtml(src)}</a></${tag}></p>`;
}

const BLOCK_TAGS =
  'table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|object|script';
const BLOCK_START = new RegExp(`^(?:<\\/?(?:${BLOCK_TAGS})[\\s/>]|\\u0000)`, 'i');

/**
 * WordPress's classic editor stores paragraphs as blank lines and line breaks as newlines, and
 * adds the markup when it displays a post (wpautop). The same is done here, so paragraphs stay
 * paragraphs after conversion. Posts written in the block editor already have their markup.
 */
export function autop(html: string): string {
  const spaced = html
    .replace(/\r\n?/g, '\n')
    .replace(new RegExp(`(<(?:${BLOCK_TAGS})[\\s/>])`, 'gi'), '\n\n$1')
    .replace(new RegExp(`(</(?:${BLOCK_TAGS})>)`, 'gi'), '$1\n\n');
  return spaced
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK_START.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n');
}

/**
 * Turns a post's stored content into plain HTML: Gutenberg code-block languages are moved onto
 * the <pre>, code shortcodes become code blocks, [caption] a figure, [gallery] the images,
 * embeds links, media shortcodes <video>/<audio>; other shortcodes are unwrapped (their text
 * kept) and reported; classic-editor content gets its paragraphs.
 */
export function prepareWordPressContent(raw: string, ctx: WordPressContentContext): PreparedContent {
  const removed: string[] = [];
  const vault = new Vault();
  const blocks = raw.includes('<!-- wp:');
  let html = applyBlockLanguages(raw.replace(/\r\n?/g, '\n'));
  html = html.replace(/<!--nextpage-->/g, '');

  // Code shortcodes first: their content is code, not markup or shortcodes.
  html = replaceShortcodes(
    html,
    (sc) => {
      if (sc.content === undefined) return undefined;
      if (CODE_SHORTCODES.has(sc.name)) {
        return `\n\n${vault.put(codeBlock(sc.content, normaliseLanguage(sc.attrs.lang ?? sc.attrs.language ?? sc.positional[0])))}\n\n`;
      }
      if (BRUSH_SHORTCODES.has(sc.name)) return `\n\n${vault.put(codeBlock(sc.content, normaliseLanguage(sc.name)))}\n\n`;
      return undefined;
    },
    false,
  );
  // Block-level vault items stand on their own, so paragraph detection never wraps them.
  html = html.replace(/<(pre|script|style)\b[^>]*>[^]*?<\/\1>/gi, (m) => `\n\n${vault.put(m)}\n\n`);
  html = html.replace(/<code\b[^>]*>[^]*?<\/code>/gi, (m) => vault.put(m));

  const render = (sc: Shortcode): string | undefined => {
    switch (sc.name) {
      case 'caption':
      case 'wp_caption':
        return renderCaption(sc);
      case 'gallery':
        return renderGallery(sc, ctx);
      case 'video':
      case 'audio':
        return renderMedia(sc);
      default:
        break;
    }
    if (EMBED_SHORTCODES.has(sc.name)) {
      const url = embedUrl(sc);
      if (url) return link(url);
    }
    // Unknown names: only treat them as shortcodes when they look like one (attributes, a
    // closing tag, or `/]`), so prose such as "array[index]" is left alone.
    const looksLikeShortcode = sc.content !== undefined || Object.keys(sc.attrs).length > 0 || EMBED_SHORTCODES.has(sc.name);
    if (!looksLikeShortcode) return undefined;
    if (!removed.includes(sc.name)) removed.push(sc.name);
    // Page builders nest their layout shortcodes; what is inside is processed like the rest.
    return sc.content === undefined ? '' : replaceShortcodes(sc.content, render);
  };
  html = replaceShortcodes(html, render);
  // Self-closing unknown shortcodes written `[name /]`.
  html = html.replace(new RegExp(`\\[(${NAME})\\s*/\\]`, 'g'), (_m, name: string) => {
    if (!removed.includes(name.toLowerCase())) removed.push(name.toLowerCase());
    return '';
  });

  if (!blocks) html = autop(html);
  return { html: vault.restore(html), removed };
}
