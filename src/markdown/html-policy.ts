import { sanitizeHtml, type SanitizeHtml } from '../util/sanitize-html.js';
import type { ErrorCode, Warning } from '../errors/index.js';

/**
 * The one policy for HTML written by authors (raw HTML in Markdown, `.html` posts of other tools'
 * sites, imported posts): an allow-list applied by sanitize-html, so nothing in a post runs in the
 * site's origin. Everything the policy takes out is returned as a removal, for a warning.
 *
 * Kept: text and structure (headings, lists, tables, figures, details, kbd, sup, abbr, ruby…),
 * images and pictures, <video>/<audio> with the browser's controls, inline SVG drawings,
 * presentational style properties, and iframes from the embed providers below (sandboxed,
 * lazy, with a title). Removed: scripts, event handlers, URLs other than http(s)/mailto/tel
 * (images may also use data:image rasters), srcdoc, object/embed, base, meta, link, style
 * elements, forms and their controls, MathML, and iframes of any other site (a link instead).
 */

export interface HtmlRemoval {
  code: ErrorCode;
  message: string;
  /** What to look for in the source to find the line: a tag opening (`<script`) or an attribute name. */
  needle: string;
}

export interface SanitizedHtml {
  html: string;
  removals: HtmlRemoval[];
}

interface Provider {
  name: string;
  hosts: string[];
  path: RegExp;
  /** The same player on a more private host (YouTube without tracking cookies). */
  host?: string;
}

/** Players and documents whose iframe embeds are kept. Anything else becomes a link. */
export const EMBED_PROVIDERS: readonly Provider[] = [
  {
    name: 'YouTube',
    hosts: ['www.youtube.com', 'youtube.com', 'm.youtube.com', 'www.youtube-nocookie.com', 'youtube-nocookie.com'],
    path: /^\/embed\//,
    host: 'www.youtube-nocookie.com',
  },
  { name: 'Vimeo', hosts: ['player.vimeo.com'], path: /^\/video\/\d+/ },
  { name: 'CodePen', hosts: ['codepen.io'], path: /^\/[^/]+\/embed\// },
  { name: 'CodeSandbox', hosts: ['codesandbox.io'], path: /^\/embed\// },
  { name: 'SoundCloud', hosts: ['w.soundcloud.com'], path: /^\/player\/?$/ },
  { name: 'Spotify', hosts: ['open.spotify.com'], path: /^\/embed\// },
  { name: 'Loom', hosts: ['www.loom.com', 'loom.com'], path: /^\/embed\// },
  { name: 'Google Maps', hosts: ['www.google.com', 'maps.google.com'], path: /^\/maps\/embed/ },
  { name: 'Google Slides', hosts: ['docs.google.com'], path: /^\/presentation\/d\/[^/]+\/(?:embed|pub)/ },
  { name: 'Speaker Deck', hosts: ['speakerdeck.com'], path: /^\/player\// },
];

/**
 * Cross-origin players need scripts and their own origin to play; the sandbox still keeps them
 * from navigating the page, opening forms or downloading, and they never share the site's origin.
 */
export const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation';
const EMBED_ALLOW = new Set(['accelerometer', 'autoplay', 'clipboard-write', 'encrypted-media', 'fullscreen', 'gyroscope', 'picture-in-picture', 'web-share']);

/** Widget scripts whose markup stays readable without them (a tweet is a blockquote). */
const WIDGET_SCRIPT_HOSTS: Record<string, string> = {
  'platform.twitter.com': 'X (Twitter)',
  'platform.x.com': 'X (Twitter)',
  'www.instagram.com': 'Instagram',
  'www.tiktok.com': 'TikTok',
  'embed.redditmedia.com': 'Reddit',
  'connect.facebook.net': 'Facebook',
  'www.threads.net': 'Threads',
  'bsky.app': 'Bluesky',
  'embed.bsky.app': 'Bluesky',
  'assets.codepen.io': 'CodePen',
  'static.codepen.io': 'CodePen',
  'speakerdeck.com': 'Speaker Deck',
  'w.soundcloud.com': 'SoundCloud',
};

const SVG_TAGS = [
  'svg',
  'g',
  'path',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'rect',
  'text',
  'tspan',
  'title',
  'desc',
  'defs',
  'lineargradient',
  'radialgradient',
  'stop',
  'symbol',
  'clippath',
  'mask',
  'marker',
];
const SVG_ATTRIBUTES = [
  'viewbox',
  'xmlns',
  'version',
  'width',
  'height',
  'fill',
  'fill-rule',
  'fill-opacity',
  'clip-rule',
  'clip-path',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'd',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'dx',
  'dy',
  'points',
  'transform',
  'focusable',
  'preserveaspectratio',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientunits',
  'gradienttransform',
  'markerwidth',
  'markerheight',
  'refx',
  'refy',
  'orient',
  'mask',
];

const SVG_CASED: Record<string, string> = {
  viewbox: 'viewBox',
  preserveaspectratio: 'preserveAspectRatio',
  gradientunits: 'gradientUnits',
  gradienttransform: 'gradientTransform',
  markerwidth: 'markerWidth',
  markerheight: 'markerHeight',
  refx: 'refX',
  refy: 'refY',
};

const ALLOWED_TAGS = [
  'a',
  'abbr',
  'address',
  'article',
  'aside',
  'b',
  'bdi',
  'bdo',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'col',
  'colgroup',
  'data',
  'dd',
  'del',
  'details',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'picture',
  'pre',
  'q',
  'rp',
  'rt',
  'ruby',
  's',
  'samp',
  'section',
  'small',
  'span',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'u',
  'ul',
  'var',
  'wbr',
  'video',
  'audio',
  'source',
  'track',
  'iframe',
  'input',
  'label',
  'meter',
  'progress',
  'center',
  'big',
  'tt',
  'strike',
  'nav',
  'main',
  'map',
  'area',
  ...SVG_TAGS,
];
const ALLOWED = new Set(ALLOWED_TAGS);

/** Elements whose removal matters to security (as opposed to unknown or obsolete markup unwrapped). */
const ACTIVE_TAGS = new Set([
  'object',
  'embed',
  'applet',
  'param',
  'base',
  'meta',
  'link',
  'style',
  'form',
  'input',
  'button',
  'select',
  'option',
  'optgroup',
  'textarea',
  'datalist',
  'output',
  'fieldset',
  'frame',
  'frameset',
  'noframes',
  'noscript',
  'noembed',
  'template',
  'math',
  'foreignobject',
  'use',
  'animate',
  'animatemotion',
  'animatetransform',
  'set',
  'handler',
  'listener',
  'portal',
  'fencedframe',
  'xml',
  'import',
  'dialog',
  'slot',
  'image',
  'feimage',
  'xmp',
  'plaintext',
  'listing',
  'html',
  'head',
  'body',
  'title',
  'svg:script',
]);

/** Elements dropped with everything inside them (their content is code, not text). */
const DROPPED_WITH_CONTENT = [
  'script',
  'style',
  'textarea',
  'option',
  'noscript',
  'noembed',
  'noframes',
  'template',
  'title',
  'xmp',
  'plaintext',
  'iframe',
  'object',
  'applet',
  'select',
];

const VOID = new Set([
  'meta',
  'link',
  'base',
  'input',
  'param',
  'embed',
  'source',
  'track',
  'area',
  'col',
  'img',
  'br',
  'hr',
  'wbr',
  'frame',
  'keygen',
  'image',
]);

const GLOBAL_ATTRIBUTES = ['id', 'class', 'title', 'lang', 'dir', 'hidden', 'translate', 'role', 'tabindex', 'style', 'aria-*', 'data-*'];
const MEDIA_SIZE = ['width', 'height'];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': GLOBAL_ATTRIBUTES,
  a: ['href', 'target', 'rel', 'hreflang', 'type', 'referrerpolicy'],
  img: ['src', 'srcset', 'sizes', 'alt', 'loading', 'decoding', 'fetchpriority', 'usemap', 'align', 'border', ...MEDIA_SIZE],
  source: ['src', 'srcset', 'sizes', 'type', 'media', ...MEDIA_SIZE],
  track: ['src', 'kind', 'srclang', 'label', 'default'],
  video: ['src', 'poster', 'controls', 'loop', 'muted', 'playsinline', 'preload', 'autoplay', 'crossorigin', ...MEDIA_SIZE],
  audio: ['src', 'controls', 'loop', 'muted', 'preload', 'autoplay', 'crossorigin'],
  iframe: ['src', 'title', 'allow', 'allowfullscreen', 'loading', 'referrerpolicy', 'sandbox', 'frameborder', 'scrolling', ...MEDIA_SIZE],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  time: ['datetime'],
  data: ['value'],
  details: ['open', 'name'],
  ol: ['start', 'reversed', 'type'],
  ul: ['type'],
  li: ['value'],
  td: ['colspan', 'rowspan', 'headers', 'align', 'valign', 'width'],
  th: ['colspan', 'rowspan', 'headers', 'scope', 'abbr', 'align', 'valign', 'width'],
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  table: ['summary', 'width', 'border', 'cellpadding', 'cellspacing', 'align'],
  tr: ['align', 'valign'],
  p: ['align'],
  div: ['align'],
  h1: ['align'],
  h2: ['align'],
  h3: ['align'],
  h4: ['align'],
  h5: ['align'],
  h6: ['align'],
  input: ['type', 'checked', 'disabled'],
  label: ['for'],
  meter: ['value', 'min', 'max', 'low', 'high', 'optimum'],
  progress: ['value', 'max'],
  map: ['name'],
  area: ['href', 'alt', 'shape', 'coords', 'target', 'rel'],
  bdo: ['dir'],
  ...Object.fromEntries(SVG_TAGS.map((t) => [t, [...SVG_ATTRIBUTES, ...Object.values(SVG_CASED)]])),
};

/**
 * Editor leftovers removed without a warning: they never show, and reporting them would bury the
 * warnings that matter (Medium puts a `name` on every paragraph). `name` goes because on images,
 * forms and embeds it overwrites the page's script globals (DOM clobbering).
 */
const QUIET_ATTRIBUTES = new Set(['name', 'spellcheck', 'contenteditable', 'draggable', 'autocapitalize', 'autocorrect']);

const URL_ATTRIBUTES = [
  'href',
  'src',
  'cite',
  'poster',
  'action',
  'formaction',
  'background',
  'xlink:href',
  'longdesc',
  'data',
  'codebase',
  'lowsrc',
  'dynsrc',
  'manifest',
  'ping',
  'itemtype',
];
const SCHEMES = ['http', 'https', 'mailto', 'tel'];

/** Style properties that change how content looks, not where it sits on the page (no overlays) or what it loads (no url()). */
const STYLE_PROPERTIES = [
  'color',
  'background-color',
  'text-align',
  'text-decoration',
  'text-transform',
  'text-indent',
  'font-weight',
  'font-style',
  'font-size',
  'font-family',
  'font-variant',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'vertical-align',
  'white-space',
  'width',
  'max-width',
  'min-width',
  'height',
  'max-height',
  'min-height',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-style',
  'border-width',
  'border-radius',
  'border-collapse',
  'border-spacing',
  'display',
  'float',
  'clear',
  'list-style-type',
  'aspect-ratio',
  'object-fit',
  'gap',
  'justify-content',
  'align-items',
  'flex',
  'flex-direction',
  'flex-wrap',
  'grid-template-columns',
  'overflow-x',
  'overflow-wrap',
  'word-break',
  'hyphens',
  'text-wrap',
  'caption-side',
  'table-layout',
  'font-variant-numeric',
  'tab-size',
];
const STYLE_ALLOWED = new Set(STYLE_PROPERTIES);
/** No url() (a request, or a script in old engines), no expression(), no escapes that could spell either. */
const SAFE_STYLE_VALUE = /^(?![\s\S]*(?:url\s*\(|expression|javascript|vbscript|image-set|@import|\\|\/\*))[^<>{};]*$/i;

const RASTER_DATA_URL = /^data:image\/(?:png|jpe?g|gif|webp|avif);base64,[a-z0-9+/=\s]*$/i;

interface Run {
  removals: HtmlRemoval[];
  seen: Seen[];
  /** Kept iframes' attributes → the attributes the author wrote. */
  frames: Map<Record<string, string>, Record<string, string>>;
  /** Attributes of allowed elements the policy drops anyway (a text input, an iframe with no address). */
  dropped: WeakSet<Record<string, string>>;
}

interface Seen {
  tag: string;
  original: Record<string, string>;
  attribs: Record<string, string>;
}

/** sanitize-html 2.17 options the bundled types do not list yet. */
type Options = SanitizeHtml.IOptions & { allowedEmptyAttributes?: string[] };

/** sanitize-html's options with a transform that records, per run, what it replaced. */
function options(run: Run): Options {
  const note = (code: ErrorCode, message: string, needle: string) => run.removals.push({ code, message, needle });
  const keep = (tag: string, original: Record<string, string>, attribs: Record<string, string>) => {
    run.seen.push({ tag, original, attribs });
    return { tagName: tag, attribs };
  };
  // exclusiveFilter takes these out with their content. (Renaming them to a disallowed tag would
  // do it too, but sanitize-html then gives that name to the next closing tag at the same depth.)
  const drop = (tagName: string, attribs: Record<string, string>) => {
    run.dropped.add(attribs);
    return { tagName, attribs };
  };
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: SCHEMES,
    allowedSchemesByTag: { img: [...SCHEMES, 'data'], source: [...SCHEMES, 'data'] },
    allowedSchemesAppliedToAttributes: URL_ATTRIBUTES,
    allowProtocolRelative: true,
    allowedStyles: { '*': Object.fromEntries(STYLE_PROPERTIES.map((p) => [p, [SAFE_STYLE_VALUE]])) },
    allowIframeRelativeUrls: false,
    allowedIframeHostnames: EMBED_PROVIDERS.flatMap((p) => p.hosts),
    allowedEmptyAttributes: ['alt'],
    selfClosing: ['img', 'br', 'hr', 'wbr', 'source', 'track', 'input', 'col', 'area'],
    nonTextTags: DROPPED_WITH_CONTENT,
    exclusiveFilter: (frame) => run.dropped.has(frame.attribs),
    disallowedTagsMode: 'discard',
    // `<iframe … />`, `<a name="x" />`: closed where the slash says, as XHTML, JSX and kramdown
    // authors mean it. HTML ignores the slash, which would pull the rest of the post inside the
    // element (invisible in an iframe, removed with an unsafe one).
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
    // Per-tag transforms run first (only they can set an element's text); '*' then sees every element under its final name.
    transformTags: {
      script: (_tag, attribs) => script(attribs, note),
      iframe: (_tag, attribs) => {
        const embed = iframe(attribs, note);
        if (!embed) return drop('iframe', attribs);
        if (embed.tagName === 'iframe') run.frames.set(embed.attribs, attribs);
        return embed;
      },
      '*': (tagName, attribs) => {
        const tag = tagName.toLowerCase();
        if (tag === 'script' || run.dropped.has(attribs)) return { tagName: tag, attribs };
        if (!ALLOWED.has(tag)) {
          if (ACTIVE_TAGS.has(tag))
            note('CB1304', `<${tag}> removed${DROPPED_WITH_CONTENT.includes(tag) ? ' with its content' : VOID.has(tag) ? '' : ', its text kept'}.`, `<${tag}`);
          else note('CB1306', `<${tag}> is not in the allowed markup; its text is kept.`, `<${tag}`);
          // Not allowed, so sanitize-html leaves it out (with its content for DROPPED_WITH_CONTENT).
          return { tagName: tag, attribs };
        }
        // Most elements have no attributes: nothing to compare afterwards.
        if (tag !== 'input' && !hasAny(attribs)) return { tagName: tag, attribs };
        if (tag === 'input' && (attribs.type ?? '').toLowerCase() !== 'checkbox') {
          note('CB1304', `<input${attribs.type ? ` type="${attribs.type}"` : ''}> removed: forms are not part of a post.`, '<input');
          return drop('input', attribs);
        }
        // A kept player is compared with what the author wrote, so a dropped onload or srcdoc is reported.
        const written = run.frames.get(attribs) ?? attribs;
        // The parser lowercases attribute names; SVG's camel-cased ones are written as SVG spells them.
        const svg = SVG_TAGS.includes(tag);
        const original = svg ? svgCased(written) : { ...written };
        const out = svg ? svgCased(attribs) : { ...attribs };
        if ((tag === 'img' || tag === 'source') && /^\s*data:/i.test(out.src ?? '') && !RASTER_DATA_URL.test(out.src!.trim())) {
          // Only raster images may be inlined: a data: SVG or HTML document is a script carrier.
          delete out.src;
        }
        if (out.srcset && /data:/i.test(out.srcset)) delete out.srcset;
        if (out.style !== undefined) {
          const { kept, dropped } = filterStyle(out.style);
          for (const d of dropped) note('CB1307', `The style property "${d}" on <${tag}> removed.`, d);
          if (kept) out.style = kept;
          else delete out.style;
          original.style = out.style ?? '';
        }
        if (tag === 'a' && (out.target ?? '').toLowerCase() === '_blank') out.rel = addRel(out.rel, 'noopener');
        if (tag === 'input') out.disabled = '';
        return keep(tag, original, out);
      },
    },
  };
}

function script(attribs: Record<string, string>, note: (code: ErrorCode, message: string, needle: string) => void): SanitizeHtml.Tag {
  const url = httpUrl(attribs.src);
  const gist = url && url.hostname === 'gist.github.com' ? /^\/([^/]+)\/([0-9a-f]+)\.js$/i.exec(url.pathname) : null;
  if (gist) {
    const file = url!.searchParams.get('file');
    const href = `https://gist.github.com/${gist[1]}/${gist[2]}${file ? `#file-${file.replace(/[^A-Za-z0-9_-]/g, '-')}` : ''}`;
    note('CB1305', `The Gist script embed became a link to the Gist (${href}).`, '<script');
    return { tagName: 'a', attribs: { href, class: 'embed-link' }, text: file ? `${file} on GitHub Gist` : `Gist by ${gist[1]} on GitHub` };
  }
  const widget = url ? WIDGET_SCRIPT_HOSTS[url.hostname] : undefined;
  if (widget) note('CB1305', `The ${widget} widget script removed; the embed shows as the quote or link written around it.`, '<script');
  else note('CB1300', attribs.src ? `<script src="${attribs.src}"> removed.` : 'An inline <script> removed.', '<script');
  return { tagName: 'script', attribs: {} };
}

/** A kept, sandboxed player for a known provider; a link for any other web address; nothing for the rest. */
function iframe(attribs: Record<string, string>, note: (code: ErrorCode, message: string, needle: string) => void): SanitizeHtml.Tag | undefined {
  const url = httpUrl(attribs.src);
  const provider = url && EMBED_PROVIDERS.find((p) => p.hosts.includes(url.hostname) && p.path.test(url.pathname));
  if (!url || !provider) {
    if (url) {
      note('CB1303', `The iframe of ${url.hostname} became a link: only the players listed in docs/security.md are embedded.`, '<iframe');
      return { tagName: 'a', attribs: { href: url.href, class: 'embed-link' }, text: attribs.title?.trim() || url.href };
    }
    note(
      'CB1303',
      attribs.srcdoc !== undefined
        ? 'An iframe with inline content (srcdoc) removed.'
        : `An iframe without a web address${attribs.src ? ` (${attribs.src})` : ''} removed.`,
      '<iframe',
    );
    return undefined;
  }
  url.protocol = 'https:';
  if (provider.host) url.hostname = provider.host;
  const out: Record<string, string> = { ...attribs, src: url.href };
  delete out.srcdoc;
  const allow = (attribs.allow ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => EMBED_ALLOW.has(s.split(/\s/)[0]!.toLowerCase()));
  if (allow.length) out.allow = allow.join('; ');
  else delete out.allow;
  out.title = attribs.title?.trim() || `${provider.name} embed`;
  out.loading = 'lazy';
  out.referrerpolicy = 'strict-origin-when-cross-origin';
  out.sandbox = EMBED_SANDBOX;
  return { tagName: 'iframe', attribs: out };
}

function httpUrl(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim().replace(/^\/\//, 'https://'));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The attributes in their order, SVG's camel-cased names restored. */
function svgCased(attribs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(attribs).map(([name, value]) => [SVG_CASED[name] ?? name, value]));
}

function hasAny(attribs: Record<string, string>): boolean {
  for (const _ in attribs) return true;
  return false;
}

function addRel(rel: string | undefined, token: string): string {
  const tokens = (rel ?? '').split(/\s+/).filter(Boolean);
  return tokens.includes(token) ? tokens.join(' ') : [...tokens, token].join(' ');
}

/** The declarations of a style attribute the policy keeps, and the names of those it drops. */
function filterStyle(style: string): { kept: string; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const decl of style.split(';')) {
    if (!decl.trim()) continue;
    const colon = decl.indexOf(':');
    const name = (colon > 0 ? decl.slice(0, colon) : decl).trim().toLowerCase();
    const value = colon > 0 ? decl.slice(colon + 1).trim() : '';
    if (colon > 0 && STYLE_ALLOWED.has(name) && SAFE_STYLE_VALUE.test(value)) kept.push(`${name}:${value}`);
    else dropped.push(name || decl.trim());
  }
  return { kept: kept.join(';'), dropped };
}

/** Removals of attributes, found by comparing what an element had with what sanitize-html left it. */
function attributeRemovals(seen: Seen[]): HtmlRemoval[] {
  const out: HtmlRemoval[] = [];
  for (const { tag, original, attribs } of seen) {
    for (const [name, value] of Object.entries(original)) {
      if (name in attribs || name === 'style' || QUIET_ATTRIBUTES.has(name)) continue;
      if (/^on/i.test(name)) out.push({ code: 'CB1301', message: `The event handler ${name} on <${tag}> removed.`, needle: name });
      else if (name === 'srcdoc') out.push({ code: 'CB1303', message: `The srcdoc of <${tag}> removed.`, needle: name });
      else if ((URL_ATTRIBUTES.includes(name) || name === 'srcset') && (unsafeScheme(value) || allowedFor(tag, name))) {
        if (value.trim())
          out.push({
            code: 'CB1302',
            message: `The ${name} of <${tag}> removed: "${short(value)}" is not an http(s), mailto or tel address${tag === 'img' || tag === 'source' ? ' (inline images must be data:image PNG, JPEG, GIF, WebP or AVIF)' : ''}.`,
            needle: name,
          });
      } else if (value.trim() || !allowedFor(tag, name)) {
        out.push({ code: 'CB1307', message: `The attribute ${name} on <${tag}> removed.`, needle: name });
      }
    }
  }
  return out;
}

function allowedFor(tag: string, name: string): boolean {
  return Boolean(ALLOWED_ATTRIBUTES[tag]?.includes(name) || GLOBAL_ATTRIBUTES.includes(name));
}

/** A scheme other than the allowed ones, read as browsers do: control characters and whitespace inside it do not count. */
function unsafeScheme(value: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\u0000-\u0020\u007f]/g, ''))?.[1]?.toLowerCase();
  return scheme !== undefined && !SCHEMES.includes(scheme);
}

function short(value: string): string {
  const v = value.replace(/\s+/g, ' ').trim();
  return v.length > 60 ? v.slice(0, 57) + '…' : v;
}

/** Applies the policy to a fragment of HTML. Comments go too, except the `<!--more-->` excerpt marker. */
export function sanitizeContentHtml(html: string): SanitizedHtml {
  const removals: HtmlRemoval[] = [];
  // The excerpt marker in any spelling the old platforms used (`<!-- more -->`, `<!--more Read on-->`).
  const parts = html.split(/<!--\s*more\b[\s\S]*?-->/i);
  const out = parts.map((part) => {
    const run: Run = { removals: [], seen: [], frames: new Map(), dropped: new WeakSet() };
    // sanitize-html closes void elements XML-style (` />`); HTML, and html-validate's void-style rule, omit the slash.
    // Attribute values and text have `>` escaped, so ` />` only ever ends a tag.
    const clean = sanitizeHtml(part, options(run)).replace(/ \/>/g, '>');
    removals.push(...run.removals, ...attributeRemovals(run.seen));
    return clean;
  });
  return { html: out.join('<!--more-->'), removals };
}

export interface LocatedRemoval {
  code: ErrorCode;
  message: string;
  line?: number;
}

/**
 * Lines of removals in the source they came from, by searching for each one's tag or attribute
 * after the previous find of the same text (removals come in document order). A removal whose
 * text is not in the source (written by a shortcode, say) gets no line.
 */
export function locateRemovals(removals: HtmlRemoval[], source: string, firstLine = 1): LocatedRemoval[] {
  const lower = source.toLowerCase();
  const cursor = new Map<string, number>();
  return removals.map(({ code, message, needle }) => {
    const n = needle.toLowerCase();
    let at = lower.indexOf(n, cursor.get(n) ?? 0);
    if (at < 0) at = lower.indexOf(n);
    if (at < 0) return { code, message };
    cursor.set(n, at + n.length);
    let line = firstLine;
    for (let i = lower.indexOf('\n'); i >= 0 && i < at; i = lower.indexOf('\n', i + 1)) line++;
    return { code, message, line };
  });
}

/** One warning per distinct removal in a file, at its first line, with how often it happened. */
export function removalWarnings(removals: readonly LocatedRemoval[], file: string): Warning[] {
  const byMessage = new Map<string, { removal: LocatedRemoval; count: number }>();
  for (const r of removals) {
    const key = `${r.code}\0${r.message}`;
    const seen = byMessage.get(key);
    if (seen) seen.count++;
    else byMessage.set(key, { removal: r, count: 1 });
  }
  return [...byMessage.values()].map(({ removal, count }) => ({
    code: removal.code,
    message: count > 1 ? `${removal.message} (${count} times)` : removal.message,
    location: { file, ...(removal.line ? { line: removal.line } : {}) },
  }));
}
