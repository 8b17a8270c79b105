import { jsonForScript } from '../util/escape.js';
import { html, raw, type SafeHtml } from '../util/html.js';
import { cardPath, type RenderContext } from './context.js';
import { CARD_HEIGHT, CARD_WIDTH, type CardInput } from '../og/card-input.js';
import { renderComponent, type ComponentProps, type NavItemView } from '../theming/index.js';
import { THEME_SCRIPT } from './theme-script.js';

export interface LayoutProps {
  /** Site-relative path of the page (`writing/x/`). */
  path: string;
  /** Page title without the site name; undefined on the home page. */
  title: string | undefined;
  description: string;
  body: SafeHtml;
  ogType?: 'website' | 'article';
  image?: string | undefined;
  canonical?: string | undefined;
  jsonLd?: object[];
  noindex?: boolean;
  lang?: string | undefined;
  /** Extra <head> tags (article times, prev/next). */
  head?: SafeHtml;
  /** Class on <body>, for page-specific styles such as the CV's print layout. */
  bodyClass?: string;
  /** The text alternative of `image` (a post's `imageAlt`), and its size when known. */
  imageAlt?: string | undefined;
  imageSize?: [number, number] | undefined;
  /** What a generated social card for this page shows; used when the page has no `image`. */
  card?: CardInput;
  /** Feeds of this page (a category or tag), linked as alternates. */
  feeds?: { title: string; rss: string; atom: string };
  /** The page shows typeset math: it links the post stylesheet with KaTeX's rules added (no other page loads them). */
  math?: boolean;
  /** The page has code blocks and the site asked for Copy buttons: the page loads their script. */
  copyCode?: boolean;
  /** A post or page: it links the stylesheet with the rules of prose, code and case studies. */
  post?: boolean;
  /** Module scripts for this page only (the search page). */
  scripts?: string[];
}

function navItems(ctx: RenderContext, path: string): NavItemView[] {
  const here = ctx.u(path);
  return ctx.model.nav
    .map((item) => ({ label: item.label, url: ctx.link(item.url) }))
    .filter((item): item is { label: string; url: string } => item.url !== undefined)
    .map((item) => ({
      ...item,
      current: item.url === here ? ('page' as const) : item.url !== ctx.u('') && here.startsWith(item.url) ? ('true' as const) : undefined,
    }));
}

const ICONS = {
  system:
    '<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8 1.8a6.2 6.2 0 0 1 0 12.4z" fill="currentColor"/></svg>',
  light:
    '<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="3.2" fill="currentColor"/><path d="M8 .5v2.3M8 13.2v2.3M.5 8h2.3M13.2 8h2.3M2.7 2.7l1.6 1.6M11.7 11.7l1.6 1.6M2.7 13.3l1.6-1.6M11.7 4.3l1.6-1.6" stroke="currentColor" stroke-width="1.5"/></svg>',
  dark: '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M13.6 10.4A6.2 6.2 0 0 1 5.6 2.4a6.2 6.2 0 1 0 8 8z" fill="currentColor"/></svg>',
  menu: '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M1.5 3.5h13M1.5 8h13M1.5 12.5h13" stroke="currentColor" stroke-width="1.6"/></svg>',
} as const;

/**
 * Light, dark or the system's scheme: three radios that switch the palette through CSS :has(), so
 * they work with JavaScript off; THEME_SCRIPT remembers the choice across pages when it can.
 */
function themeSwitch(ctx: RenderContext): SafeHtml {
  const t = ctx.chrome;
  const choice = (value: 'system' | 'light' | 'dark', label: string) =>
    html`<input type="radio" name="theme" id="theme-${value}" value="${value}"${value === 'system' ? html` checked` : ''}><label for="theme-${value}" title="${label}">${raw(ICONS[value])}<span class="visually-hidden">${label}</span></label>`;
  return html`<fieldset class="theme-switch"><legend class="visually-hidden">${t.t('layout.colorScheme')}</legend>${choice('system', t.t('layout.themeSystem'))}${choice('light', t.t('layout.themeLight'))}${choice('dark', t.t('layout.themeDark'))}</fieldset>`;
}

/** A plain GET form: it reaches /search/?q=… without JavaScript on this page. */
function siteSearch(ctx: RenderContext): SafeHtml {
  const label = ctx.chrome.t('layout.search');
  return html`<form class="site-search" role="search" action="${ctx.u('search/')}" method="get"><label class="visually-hidden" for="site-search-q">${label}</label><input id="site-search-q" type="search" name="q" placeholder="${label}" autocomplete="off"><button type="submit" class="reveal-on-focus">${label}</button></form>`;
}

/**
 * One row at every width. From 768 px the first links show in the row and the rest in a "More"
 * menu (how many fit is decided by CSS breakpoints, so the HTML is the same everywhere); below
 * that, one "Menu" button opens every link. Both menus are <details>: they open by keyboard and
 * announce their state without JavaScript. Only one of the two lists is displayed at a width, so
 * assistive technology meets one navigation landmark.
 */
function defaultHeader(ctx: RenderContext, p: ComponentProps['header']): SafeHtml {
  const t = ctx.chrome;
  const label = t.t('layout.mainNav');
  const item = (i: NavItemView) => html`<li><a href="${i.url}"${i.current ? html` aria-current="${i.current}"` : ''}>${i.label}</a></li>`;
  const links = p.nav.map(item);
  // A class per count lets the stylesheet hide "More" once every link fits in the row.
  const more = p.nav.length > 2 ? html`<li class="nav-more"><details><summary>${t.t('layout.more')}</summary><ul role="list">${links}</ul></details></li>` : '';
  const searchLink = ctx.searchScript ? html`<li><a href="${ctx.u('search/')}">${t.t('layout.search')}</a></li>` : '';
  return html`<header class="site-header"><div class="wrap header-inner">
<a class="site-title" href="${p.homeUrl}"${p.isHome ? html` aria-current="page"` : ''}>${p.logo ? html`<img class="site-logo" src="${p.logo}" alt="" height="32">` : ''}<span>${p.siteTitle}</span></a>
<nav class="site-nav nav-count-${String(Math.min(p.nav.length, 7))}" aria-label="${label}"><ul class="nav-row" role="list">${links}${more}</ul></nav>
${p.search}
${p.themeSwitch}
<details class="nav-menu"><summary>${raw(ICONS.menu)}<span>${t.t('layout.menu')}</span></summary><nav class="nav-panel" aria-label="${t.t('layout.menu')}"><ul role="list">${links}${searchLink}</ul></nav></details>
</div></header>`;
}

/**
 * Casebook's own header and footer, made once per build (and its site language): the footer is
 * the same on every page, the header differs only on the home page, the search page (no search
 * form) and by which navigation link is current, a handful of shapes. A site's component is
 * asked on every page.
 */
const chromes = new WeakMap<RenderContext['model'], { chrome: RenderContext['chrome']; headers: Map<string, SafeHtml>; footer?: SafeHtml }>();

function madeChrome(ctx: RenderContext): { headers: Map<string, SafeHtml>; footer?: SafeHtml } {
  let kept = chromes.get(ctx.model);
  if (kept?.chrome !== ctx.chrome) chromes.set(ctx.model, (kept = { chrome: ctx.chrome, headers: new Map() }));
  return kept;
}

function header(ctx: RenderContext, path: string): SafeHtml {
  const nav = navItems(ctx, path);
  if (ctx.components.header) return headerNow(ctx, path, nav);
  const { headers } = madeChrome(ctx);
  const shape = `${path === '' ? 'h' : ''}${path === 'search/' ? 's' : ''}|${nav.map((i) => i.current ?? '').join(',')}`;
  let made = headers.get(shape);
  if (!made) headers.set(shape, (made = headerNow(ctx, path, nav)));
  return made;
}

function headerNow(ctx: RenderContext, path: string, nav: NavItemView[]): SafeHtml {
  const props: ComponentProps['header'] = {
    siteTitle: ctx.model.config.title,
    homeUrl: ctx.u(''),
    isHome: path === '',
    logo: ctx.logo ? ctx.link(ctx.logo) : undefined,
    nav,
    search: ctx.searchScript && path !== 'search/' ? siteSearch(ctx) : html``,
    themeSwitch: themeSwitch(ctx),
  };
  return renderComponent({ components: ctx.components, i18n: ctx.chrome }, 'header', props, (p) => defaultHeader(ctx, p));
}

function defaultFooter(ctx: RenderContext, p: ComponentProps['footer']): SafeHtml {
  const t = ctx.chrome;
  return html`<footer class="site-footer"><div class="wrap">
${p.social.length ? html`<ul class="social" role="list">${p.social.map((s) => html`<li><a href="${s.url}" rel="me">${s.label}</a></li>`)}</ul>` : ''}
<p class="feeds">${t.h('layout.followBy', {
    rss: html`<a href="${p.feeds.rss}">RSS</a>`,
    atom: html`<a href="${p.feeds.atom}">Atom</a>`,
    json: html`<a href="${p.feeds.json}">JSON Feed</a>`,
  })}</p>
<p class="colophon">${p.text}. ${t.t('layout.builtWith')}</p>
</div></footer>`;
}

function footer(ctx: RenderContext): SafeHtml {
  if (ctx.components.footer) return footerNow(ctx);
  const kept = madeChrome(ctx);
  return (kept.footer ??= footerNow(ctx));
}

function footerNow(ctx: RenderContext): SafeHtml {
  const { config } = ctx.model;
  const props: ComponentProps['footer'] = {
    siteTitle: config.title,
    author: ctx.model.author ? { name: ctx.model.author.name, url: ctx.model.author.url } : undefined,
    social: config.social.map((s) => ({ label: s.label, url: ctx.link(s.url) })).filter((s): s is { label: string; url: string } => s.url !== undefined),
    feeds: { rss: ctx.u('feed.xml'), atom: ctx.u('atom.xml'), json: ctx.u('feed.json') },
    text: config.footer ?? `© ${ctx.model.author?.name ?? config.title}`,
  };
  return renderComponent({ components: ctx.components, i18n: ctx.chrome }, 'footer', props, (p) => defaultFooter(ctx, p));
}

const ICON_TYPES: Record<string, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  webp: 'image/webp',
  gif: 'image/gif',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

/** One stylesheet per page, so nothing but it blocks the first render. */
function pageStylesheet(ctx: RenderContext, props: LayoutProps): string {
  if (props.math && ctx.mathStylesheet) return ctx.mathStylesheet;
  return props.post && ctx.postStylesheet ? ctx.postStylesheet : ctx.stylesheet;
}

function iconType(file: string): SafeHtml {
  const type = ICON_TYPES[file.split('.').pop()?.toLowerCase() ?? ''];
  return type ? html` type="${type}"` : html``;
}

export function layout(ctx: RenderContext, props: LayoutProps): string {
  const { config } = ctx.model;
  const fullTitle = props.title ? `${props.title} · ${config.title}` : config.title;
  const canonical = props.canonical ?? ctx.abs(props.path);
  let image = props.image;
  let imageAlt = image ? props.imageAlt : undefined;
  let imageSize = image ? props.imageSize : undefined;
  if (!image && props.card && ctx.cards?.has(props.path)) {
    image = ctx.abs(cardPath(props.path));
    imageAlt = props.card.title;
    imageSize = [CARD_WIDTH, CARD_HEIGHT];
  }
  const doc = html`<!doctype html>
<html lang="${config.lang}" dir="${ctx.chrome.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${props.description}">
<link rel="canonical" href="${canonical}">
${props.noindex ? raw('<meta name="robots" content="noindex">\n') : ''}<meta name="color-scheme" content="light dark">
<meta name="generator" content="Casebook">
<script>${raw(THEME_SCRIPT)}</script>
${ctx.bodyFont ? html`<link rel="preload" href="${ctx.u(ctx.bodyFont)}" as="font" type="font/woff2" crossorigin>\n` : ''}<link rel="stylesheet" href="${ctx.u(pageStylesheet(ctx, props))}">
<link rel="icon" href="${ctx.u(ctx.favicon)}"${iconType(ctx.favicon)}>
${
  ctx.analytics
    ? html`<script defer src="${ctx.u(ctx.analytics.script)}" data-endpoint="${ctx.analytics.eventUrl}" data-site="${ctx.analytics.site}"></script>
`
    : ''
}<link rel="alternate" type="application/rss+xml" title="${config.title} (RSS)" href="${ctx.abs('feed.xml')}">
<link rel="alternate" type="application/atom+xml" title="${config.title} (Atom)" href="${ctx.abs('atom.xml')}">
<link rel="alternate" type="application/feed+json" title="${config.title} (JSON Feed)" href="${ctx.abs('feed.json')}">
${
  props.feeds
    ? html`<link rel="alternate" type="application/rss+xml" title="${props.feeds.title} (RSS)" href="${ctx.abs(props.feeds.rss)}">
<link rel="alternate" type="application/atom+xml" title="${props.feeds.title} (Atom)" href="${ctx.abs(props.feeds.atom)}">
`
    : ''
}
<meta property="og:site_name" content="${config.title}">
<meta property="og:title" content="${props.title ?? config.title}">
<meta property="og:description" content="${props.description}">
<meta property="og:type" content="${props.ogType ?? 'website'}">
<meta property="og:url" content="${canonical}">
<meta property="og:locale" content="${(props.lang ?? config.lang).replace('-', '_')}">
${image ? html`<meta property="og:image" content="${image}">\n` : ''}${imageSize ? html`<meta property="og:image:width" content="${imageSize[0]}">\n<meta property="og:image:height" content="${imageSize[1]}">\n` : ''}${imageAlt ? html`<meta property="og:image:alt" content="${imageAlt}">\n` : ''}<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${props.title ?? config.title}">
<meta name="twitter:description" content="${props.description}">
${props.head ?? ''}${(props.jsonLd ?? []).map((o) => raw(`<script type="application/ld+json">${jsonForScript(o)}</script>\n`))}</head>
<body${props.bodyClass ? html` class="${props.bodyClass}"` : ''}>
<a class="skip-link" href="#main">${ctx.chrome.t('layout.skipToContent')}</a>
${header(ctx, props.path)}
<main id="main" class="wrap" tabindex="-1">
${props.body}
</main>
${footer(ctx)}
${(props.scripts ?? []).map((src) => html`<script type="module" src="${ctx.u(src)}"></script>\n`)}${
  props.copyCode && ctx.copyScript
    ? html`<script type="module" src="${ctx.u(ctx.copyScript)}" data-copy-label="${ctx.chrome.t('code.copy')}" data-copied-label="${ctx.chrome.t('code.copied')}"></script>\n`
    : ''
}</body>
</html>
`;
  return doc.value;
}
