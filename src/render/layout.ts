import { jsonForScript } from '../util/escape.js';
import { html, raw, type SafeHtml } from '../util/html.js';
import { cardPath, type RenderContext } from './context.js';
import { CARD_HEIGHT, CARD_WIDTH, type CardInput } from '../og/card.js';

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
  /** What a generated social card for this page shows; used when the page has no `image`. */
  card?: CardInput;
  /** Feeds of this page (a category or tag), linked as alternates. */
  feeds?: { title: string; rss: string; atom: string };
  /** Module scripts for this page only (the search page). */
  scripts?: string[];
}

function navigation(ctx: RenderContext, path: string): SafeHtml {
  const items = ctx.model.nav
    .map((item) => ({ ...item, href: ctx.link(item.url) }))
    .filter((item): item is typeof item & { href: string } => item.href !== undefined);
  const here = ctx.u(path);
  return html`<nav class="site-nav" aria-label="Main"><ul role="list">${items.map((item) => {
    const current = item.href === here ? 'page' : item.href !== ctx.u('') && here.startsWith(item.href) ? 'true' : undefined;
    return html`<li><a href="${item.href}"${current ? html` aria-current="${current}"` : ''}>${item.label}</a></li>`;
  })}</ul></nav>`;
}

/**
 * A colour-scheme switch with no JavaScript: the checkbox flips the palette through CSS :has().
 * Its label names the scheme it switches to, chosen by the same media query as the palette.
 */
const themeSwitch = raw(`<label class="theme-switch"><input type="checkbox" id="theme-flip" role="switch"><span class="when-light">Dark theme</span><span class="when-dark">Light theme</span></label>`);

/** A plain GET form: it reaches /search/?q=… without JavaScript on this page. */
function siteSearch(ctx: RenderContext): SafeHtml {
  return html`<form class="site-search" role="search" action="${ctx.u('search/')}" method="get"><label class="visually-hidden" for="site-search-q">Search</label><input id="site-search-q" type="search" name="q" placeholder="Search" autocomplete="off"><button type="submit" class="reveal-on-focus">Search</button></form>`;
}

function footer(ctx: RenderContext): SafeHtml {
  const { config } = ctx.model;
  const social = config.social
    .map((s) => ({ ...s, href: ctx.link(s.url) }))
    .filter((s): s is typeof s & { href: string } => s.href !== undefined);
  return html`<footer class="site-footer"><div class="wrap">
${social.length ? html`<ul class="social" role="list">${social.map((s) => html`<li><a href="${s.href}" rel="me">${s.label}</a></li>`)}</ul>` : ''}
<p class="feeds">Follow by <a href="${ctx.u('feed.xml')}">RSS</a>, <a href="${ctx.u('atom.xml')}">Atom</a> or <a href="${ctx.u('feed.json')}">JSON Feed</a>.</p>
<p class="colophon">${config.footer ?? `© ${ctx.model.author?.name ?? config.title}`}. Built with Casebook.</p>
</div></footer>`;
}

export function layout(ctx: RenderContext, props: LayoutProps): string {
  const { config } = ctx.model;
  const fullTitle = props.title ? `${props.title} · ${config.title}` : config.title;
  const canonical = props.canonical ?? ctx.abs(props.path);
  let image = props.image;
  let imageAlt: string | undefined;
  let imageSize: [number, number] | undefined;
  if (!image && props.card && ctx.cards) {
    ctx.cards.set(props.path, props.card);
    image = ctx.abs(cardPath(props.path));
    imageAlt = props.card.title;
    imageSize = [CARD_WIDTH, CARD_HEIGHT];
  }
  const doc = html`<!doctype html>
<html lang="${props.lang ?? config.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${props.description}">
<link rel="canonical" href="${canonical}">
${props.noindex ? raw('<meta name="robots" content="noindex">\n') : ''}<meta name="color-scheme" content="light dark">
<meta name="generator" content="Casebook">
<link rel="stylesheet" href="${ctx.u(ctx.stylesheet)}">
<link rel="icon" href="${ctx.u(ctx.favicon)}" type="image/svg+xml">
${ctx.analytics ? html`<script defer src="${ctx.u(ctx.analytics.script)}" data-endpoint="${ctx.analytics.eventUrl}" data-site="${ctx.analytics.site}"></script>
` : ''}<link rel="alternate" type="application/rss+xml" title="${config.title} (RSS)" href="${ctx.abs('feed.xml')}">
<link rel="alternate" type="application/atom+xml" title="${config.title} (Atom)" href="${ctx.abs('atom.xml')}">
<link rel="alternate" type="application/feed+json" title="${config.title} (JSON Feed)" href="${ctx.abs('feed.json')}">
${props.feeds ? html`<link rel="alternate" type="application/rss+xml" title="${props.feeds.title} (RSS)" href="${ctx.abs(props.feeds.rss)}">
<link rel="alternate" type="application/atom+xml" title="${props.feeds.title} (Atom)" href="${ctx.abs(props.feeds.atom)}">
` : ''}
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
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><div class="wrap header-inner">
<a class="site-title" href="${ctx.u('')}"${props.path === '' ? html` aria-current="page"` : ''}>${config.title}</a>
${navigation(ctx, props.path)}
${ctx.searchScript && props.path !== 'search/' ? siteSearch(ctx) : ''}
${themeSwitch}
</div></header>
<main id="main" class="wrap" tabindex="-1">
${props.body}
</main>
${footer(ctx)}
${(props.scripts ?? []).map((src) => html`<script type="module" src="${ctx.u(src)}"></script>\n`)}</body>
</html>
`;
  return doc.value;
}
