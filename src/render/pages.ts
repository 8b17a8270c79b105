import type { CaseStudySection, Page, Post, Series, Term } from '../site/index.js';
import { personLd } from './cv.js';
import { experienceTimeline, locationText, profileLinks, techStack } from './profile.js';
import { rfc3339 } from '../util/dates.js';
import { html, raw, type SafeHtml } from '../util/html.js';
import { caseStudySections, caseStudySummary, relativeChange } from './case-study.js';
import type { CardInput } from '../og/card.js';
import { displayDate } from '../util/dates.js';
import { categoryFilter, kindLabel, pagination, postList, postMeta, summaryOf, tagList, timeTag } from './components.js';
import { cardPath, type RenderContext } from './context.js';
import { layout } from './layout.js';
import { blogPostingLd, breadcrumbLd } from './structured-data.js';

export interface RenderedPage {
  path: string;
  html: string;
}

function siteDescription(ctx: RenderContext): string {
  return ctx.model.config.description || ctx.model.config.title;
}

/** The social card of a post: category or kind, date and reading time, and a case study's headline outcome. */
export function postCardInput(ctx: RenderContext, post: Post): CardInput {
  const first = post.caseStudy.outcomes?.[0];
  const change = first ? relativeChange(first) : undefined;
  return {
    title: post.title,
    eyebrow: [kindLabel(post), post.categoryTerms[0]?.name].filter(Boolean).join(' · ') || undefined,
    meta: [post.date ? displayDate(post.date) : undefined, `${post.rendered.readingMinutes} min read`].filter(Boolean).join(' · '),
    siteName: ctx.model.config.title,
    highlight: first && change !== undefined ? `${first.metric} ${change > 0 ? '+' : change < 0 ? '−' : '±'}${Math.abs(change)}%` : undefined,
  };
}

function sectionCard(ctx: RenderContext, eyebrow: string, title: string): CardInput {
  return { title, eyebrow, meta: undefined, siteName: ctx.model.config.title, highlight: undefined };
}

function seriesBox(ctx: RenderContext, post: Post): SafeHtml {
  const info = post.seriesInfo;
  if (!info) return html``;
  return html`<nav class="series-box" aria-labelledby="series-title" data-pagefind-ignore>
<p id="series-title" class="series-label">Part ${info.index} of ${info.total} in <a href="${ctx.u(info.series.path)}">${info.series.name}</a></p>
<ol>${info.series.parts.map((p) => (p === post
    ? html`<li><span aria-current="page">${p.title}</span></li>`
    : html`<li><a href="${ctx.u(p.path)}">${p.title}</a></li>`))}</ol>
</nav>`;
}

/** h3 entries nest under the h2 before them, so the numbering follows the sections. */
function toc(entries: { id: string; text: string; level?: number }[]): SafeHtml {
  if (entries.length < 2) return html``;
  const groups: { entry: (typeof entries)[number]; children: typeof entries }[] = [];
  for (const e of entries) {
    const parent = groups[groups.length - 1];
    if ((e.level ?? 2) > 2 && parent) parent.children.push(e);
    else groups.push({ entry: e, children: [] });
  }
  const link = (e: (typeof entries)[number]) => html`<a href="#${e.id}">${e.text}</a>`;
  return html`<nav class="toc" aria-labelledby="toc-heading" data-pagefind-ignore><h2 id="toc-heading">Contents</h2><ol>${groups.map(
    (g) => html`<li>${link(g.entry)}${g.children.length ? html`<ol>${g.children.map((c) => html`<li>${link(c)}</li>`)}</ol>` : ''}</li>`,
  )}</ol></nav>`;
}

export function renderPost(ctx: RenderContext, post: Post, cover: { url: string; width?: number; height?: number } | undefined): RenderedPage {
  const sections = post.kind === 'article' ? { html: html``, toc: [] } : caseStudySections(post);
  const tocEntries = post.toc ? [...post.rendered.toc, ...sections.toc] : [];
  const neighbours = post.older || post.newer
    ? html`<nav class="neighbours" aria-label="More ${post.kind === 'article' ? 'writing' : 'case studies'}">
${post.newer ? html`<a class="newer" rel="next" href="${ctx.u(post.newer.path)}"><span class="dir">Newer</span> ${post.newer.title}</a>` : ''}
${post.older ? html`<a class="older" rel="prev" href="${ctx.u(post.older.path)}"><span class="dir">Older</span> ${post.older.title}</a>` : ''}
</nav>`
    : '';
  const updated = post.updated && (!post.date || post.updated.epoch > post.date.epoch)
    ? html`<p class="updated" data-pagefind-ignore>Updated ${timeTag(post, 'updated')}</p>`
    : '';
  const related = post.related.length
    ? html`<section class="related" aria-labelledby="related-title" data-pagefind-ignore><h2 id="related-title">Related</h2>${postList(ctx, post.related, 3)}</section>`
    : '';
  const body = html`<article class="post${post.kind === 'article' ? '' : ` case-study kind-${post.kind}`}" data-pagefind-body>
<header class="post-header">
<h1>${post.title}</h1>
${postMeta(ctx, post)}
${updated}
${post.description ? html`<p class="lede">${post.description}</p>` : ''}
</header>
${cover ? html`<img class="cover" src="${cover.url}" alt="${post.imageAlt ?? ''}"${cover.width ? raw(` width="${cover.width}" height="${cover.height}"`) : ''} decoding="async">` : ''}
${seriesBox(ctx, post)}
${post.kind === 'article' ? '' : caseStudySummary(post)}
${toc(tocEntries)}
<div class="prose">
${raw(post.rendered.html)}
</div>
${sections.html}
<footer class="post-footer" data-pagefind-ignore${ctx.analytics ? raw(' data-read-end') : ''}>
${tagList(ctx, post.tagTerms)}
${related}
${neighbours}
</footer>
</article>`;
  const head = html`${post.date ? html`<meta property="article:published_time" content="${rfc3339(post.date)}">\n` : ''}${
    post.updated ? html`<meta property="article:modified_time" content="${rfc3339(post.updated)}">\n` : ''
  }${post.tagTerms.map((t) => html`<meta property="article:tag" content="${t.name}">\n`)}`;
  return {
    path: post.path,
    html: layout(ctx, {
      path: post.path,
      title: post.title,
      description: summaryOf(post) || siteDescription(ctx),
      body,
      ogType: 'article',
      image: cover ? (cover.url.startsWith('http') ? cover.url : ctx.model.origin + cover.url) : undefined,
      card: postCardInput(ctx, post),
      canonical: ctx.link(post.canonical),
      lang: post.lang,
      head,
      jsonLd: [
        blogPostingLd(ctx, post, cover?.url ?? (ctx.cards ? ctx.abs(cardPath(post.path)) : undefined)),
        breadcrumbLd(ctx, [
          [post.kind === 'article' ? 'Writing' : 'Case studies', post.kind === 'article' ? 'writing/' : 'case-studies/'],
          [post.title, post.path],
        ]),
      ],
    }),
  };
}

export function renderHome(ctx: RenderContext): RenderedPage {
  const { model } = ctx;
  const { config, profile } = model;
  const featured = model.featured.slice(0, 3);
  const featuredStudies = profile ? model.caseStudies.filter((p) => p.featured).slice(0, 3) : [];
  const latest = model.articles.filter((p) => !featured.includes(p) || profile).slice(0, 6);
  const studies = model.caseStudies.filter((p) => !featured.includes(p)).slice(0, 3);
  const basics = profile?.basics;
  const hero = basics
    ? html`<section class="hero" aria-labelledby="hero-title">
<h1 id="hero-title">${basics.name}</h1>
${basics.label ? html`<p class="headline">${basics.label}</p>` : ''}
${locationText(basics) ? html`<p class="meta">${locationText(basics)}</p>` : ''}
${basics.summary ? html`<p class="lede">${basics.summary}</p>` : ''}
${profileLinks(ctx, basics)}
</section>`
    : html`<section class="hero" aria-labelledby="hero-title">
<h1 id="hero-title">${model.author?.name ?? config.title}</h1>
${config.description ? html`<p class="lede">${config.description}</p>` : ''}
</section>`;
  const section = (id: string, title: string, content: SafeHtml | string, more?: SafeHtml) =>
    html`<section class="home-section" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${content}${more ?? ''}</section>`;
  const body = profile
    ? html`${hero}
${featuredStudies.length ? section('featured-title', 'Featured case studies', postList(ctx, featuredStudies, 3)) : ''}
${section('latest-title', 'Latest writing', postList(ctx, latest, 3, 'No posts yet. Add Markdown files under content/writing/.'),
    model.articles.length > latest.length ? html`<p class="more"><a href="${ctx.u('writing/')}">All writing</a></p>` : undefined)}
${profile.skills?.length ? section('stack-title', 'What I work with', techStack(ctx, profile)) : ''}
${profile.work?.length ? section('experience-title', 'Experience', experienceTimeline(ctx, profile), html`<p class="more"><a href="${ctx.u('cv/')}">Full CV</a></p>`) : ''}`
    : html`${hero}
${featured.length ? section('featured-title', 'Featured', postList(ctx, featured, 3)) : ''}
${section('latest-title', 'Latest writing', postList(ctx, latest.filter((p) => !featured.includes(p)), 3, 'No posts yet. Add Markdown files under content/writing/.'),
    model.articles.length > latest.length ? html`<p class="more"><a href="${ctx.u('writing/')}">All writing</a></p>` : undefined)}
${studies.length ? section('cases-title', 'Case studies', postList(ctx, studies, 3), html`<p class="more"><a href="${ctx.u('case-studies/')}">All case studies</a></p>`) : ''}`;
  const author = model.author;
  const person = profile
    ? [personLd(ctx, profile)]
    : author
      ? [{ '@context': 'https://schema.org', '@type': 'Person', name: author.name, url: ctx.abs(''), ...(author.url ? { sameAs: [author.url] } : {}) }]
      : [];
  return {
    path: '',
    html: layout(ctx, {
      path: '',
      title: undefined,
      description: basics?.label ? `${basics.name}: ${basics.label}` : siteDescription(ctx),
      body,
      card: sectionCard(ctx, basics?.name ?? config.title, basics?.label ?? (config.description || config.title)),
      jsonLd: [{ '@context': 'https://schema.org', '@type': 'WebSite', name: config.title, url: ctx.abs('') }, ...person],
    }),
  };
}

/** Section links on the case-studies index: plain links, so filtering needs no JavaScript. */
function sectionFilter(ctx: RenderContext, current: CaseStudySection | undefined): SafeHtml {
  const sections = ctx.model.caseStudySections;
  const item = (label: string, path: string, count: number | undefined, active: boolean) =>
    html`<li><a href="${ctx.u(path)}"${active ? html` aria-current="page"` : ''}>${label}${count !== undefined ? html` <span class="count">${count}</span>` : ''}</a></li>`;
  return html`<nav class="filters" aria-label="Filter case studies"><ul role="list">
${item('All', 'case-studies/', undefined, !current)}
${sections.map((s) => item(s.title, s.path, s.posts.length, current === s))}
</ul></nav>`;
}

const EMPTY_SECTION = 'No case studies in this category yet.';

/** /case-studies/ grouped into the configured sections, and one filtered page per section. */
export function renderCaseStudies(ctx: RenderContext): RenderedPage[] {
  const { model } = ctx;
  const intro = model.config.caseStudies.intro ?? 'Systems I built or fixed: the problem, the decisions, the trade-offs and what changed.';
  const sections = model.caseStudySections;
  const index = html`<header class="page-header"><h1>Case studies</h1><p class="lede">${intro}</p></header>
${sectionFilter(ctx, undefined)}
${model.caseStudies.length
    ? sections.filter((s) => s.posts.length).map((s) => html`<section class="cs-group" aria-labelledby="${`group-${s.slug}`}">
<h2 id="${`group-${s.slug}`}"><a href="${ctx.u(s.path)}">${s.title}</a></h2>${s.description ? html`<p class="meta">${s.description}</p>` : ''}
${postList(ctx, s.posts, 3)}
</section>`)
    : html`<p class="empty">No case studies published yet.</p>`}`;
  const pages: RenderedPage[] = [{
    path: 'case-studies/',
    html: layout(ctx, { path: 'case-studies/', title: 'Case studies', description: intro, body: index, card: sectionCard(ctx, 'Case studies', intro), jsonLd: [breadcrumbLd(ctx, [['Case studies', 'case-studies/']])] }),
  }];
  for (const s of sections) {
    const body = html`<header class="page-header"><p class="eyebrow">Case studies</p><h1>${s.title}</h1>${s.description ? html`<p class="lede">${s.description}</p>` : ''}</header>
${sectionFilter(ctx, s)}
${postList(ctx, s.posts, 2, EMPTY_SECTION)}`;
    pages.push({
      path: s.path,
      html: layout(ctx, {
        path: s.path,
        title: `${s.title} · Case studies`,
        description: s.description ?? `${s.title}: ${s.posts.length} case stud${s.posts.length === 1 ? 'y' : 'ies'} on ${model.config.title}.`,
        body,
        card: sectionCard(ctx, 'Case studies', s.title),
        jsonLd: [breadcrumbLd(ctx, [['Case studies', 'case-studies/'], [s.title, s.path]])],
      }),
    });
  }
  return pages;
}

export interface ListOptions {
  title: string;
  /** Card eyebrow: "Writing", "Category", "Tag". */
  kind: string;
  feeds?: { title: string; rss: string; atom: string };
  intro?: SafeHtml | string;
  posts: Post[];
  firstPath: string;
  pages: Page<Post>[];
  filter?: { current: Term | undefined; allPath: string };
  empty: string;
  crumbs: [string, string][];
}

/** One page per pagination step of a post list (writing, a category, a tag). */
export function renderList(ctx: RenderContext, opts: ListOptions): RenderedPage[] {
  return opts.pages.map((page) => renderListPage(ctx, opts, page));
}

export function renderListPage(ctx: RenderContext, opts: ListOptions, page: Page<Post>): RenderedPage {
  {
    const title = page.number > 1 ? `${opts.title} (page ${page.number})` : opts.title;
    const feedLinks = opts.feeds ? html`<p class="meta">Follow this ${opts.kind.toLowerCase()} by <a href="${ctx.u(opts.feeds.rss)}">RSS</a> or <a href="${ctx.u(opts.feeds.atom)}">Atom</a>.</p>` : '';
    const body = html`<header class="page-header"><h1>${title}</h1>${opts.intro ? html`<p class="lede">${opts.intro}</p>` : ''}${feedLinks}</header>
${opts.filter ? categoryFilter(ctx, opts.filter.current, opts.filter.allPath) : ''}
${postList(ctx, page.items, 2, opts.empty)}
${pagination(ctx, page)}`;
    const head = html`${page.number > 1 ? html`<link rel="prev" href="${ctx.abs(page.pathOf(page.number - 1))}">\n` : ''}${
      page.number < page.total ? html`<link rel="next" href="${ctx.abs(page.pathOf(page.number + 1))}">\n` : ''
    }`;
    return {
      path: page.path,
      html: layout(ctx, {
        path: page.path,
        title,
        description: typeof opts.intro === 'string' && opts.intro ? opts.intro : `${opts.title}: ${opts.posts.length} post${opts.posts.length === 1 ? '' : 's'} on ${ctx.model.config.title}.`,
        body,
        head,
        ...(page.number === 1 ? { card: sectionCard(ctx, opts.kind, opts.title) } : ctx.cards ? { image: ctx.abs(cardPath(opts.firstPath)) } : {}),
        ...(opts.feeds ? { feeds: opts.feeds } : {}),
        jsonLd: [breadcrumbLd(ctx, opts.crumbs)],
      }),
    };
  }
}

export function renderTermIndex(ctx: RenderContext, title: string, path: string, terms: Term[], prefix = ''): RenderedPage {
  const body = html`<header class="page-header"><h1>${title}</h1></header>
${terms.length
    ? html`<ul class="term-cloud" role="list">${terms.map((t) => html`<li><a href="${ctx.u(t.path)}">${prefix}${t.name} <span class="count">${t.posts.length}</span></a></li>`)}</ul>`
    : html`<p class="empty">Nothing here yet.</p>`}`;
  return { path, html: layout(ctx, { path, title, description: `${title} on ${ctx.model.config.title}.`, body, jsonLd: [breadcrumbLd(ctx, [[title, path]])] }) };
}

export function renderSeriesIndex(ctx: RenderContext): RenderedPage {
  const path = 'series/';
  const all = ctx.model.series;
  const body = html`<header class="page-header"><h1>Series</h1></header>
${all.length
    ? html`<ul class="post-list" role="list">${all.map((s) => html`<li><article class="card"><h2 class="card-title"><a href="${ctx.u(s.path)}">${s.name}</a></h2><p class="meta">${s.parts.length} parts</p></article></li>`)}</ul>`
    : html`<p class="empty">No series yet.</p>`}`;
  return { path, html: layout(ctx, { path, title: 'Series', description: `Multi-part series on ${ctx.model.config.title}.`, body }) };
}

export function renderSeries(ctx: RenderContext, series: Series): RenderedPage {
  const body = html`<header class="page-header"><p class="eyebrow">Series</p><h1>${series.name}</h1><p class="lede">${series.parts.length} parts, best read in order.</p></header>
<ol class="series-parts">${series.parts.map((p, i) => html`<li><article class="card"><h2 class="card-title"><a href="${ctx.u(p.path)}"><span class="part">Part ${i + 1}:</span> ${p.title}</a></h2>${postMeta(ctx, p, false)}<p class="card-summary">${summaryOf(p)}</p></article></li>`)}</ol>`;
  return {
    path: series.path,
    html: layout(ctx, {
      path: series.path,
      title: series.name,
      description: `${series.name}: a ${series.parts.length}-part series on ${ctx.model.config.title}.`,
      body,
      card: sectionCard(ctx, `Series · ${series.parts.length} parts`, series.name),
      jsonLd: [breadcrumbLd(ctx, [['Series', 'series/'], [series.name, series.path]])],
    }),
  };
}

export function renderNotFound(ctx: RenderContext): RenderedPage {
  const body = html`<header class="page-header"><h1>Page not found</h1><p class="lede">There is nothing at this address. It may have moved, or the link may have a typo.</p></header>
<ul class="not-found-links"><li><a href="${ctx.u('')}">Home</a></li><li><a href="${ctx.u('writing/')}">All writing</a></li><li><a href="${ctx.u('case-studies/')}">Case studies</a></li></ul>
${ctx.model.posts.length ? html`<h2>Recent posts</h2>${postList(ctx, ctx.model.posts.slice(0, 3), 3)}` : ''}`;
  return { path: '404.html', html: layout(ctx, { path: '404.html', title: 'Page not found', description: 'Page not found.', body, noindex: true }) };
}

/** The page left at an old URL (`aliases`): a meta refresh for browsers, canonical for search engines. */
export function renderRedirect(ctx: RenderContext, from: string, to: Post): RenderedPage {
  const target = ctx.abs(to.path);
  return {
    path: from,
    html: html`<!doctype html>
<html lang="${ctx.model.config.lang}">
<head>
<meta charset="utf-8">
<title>${to.title}</title>
<meta name="description" content="${`This page has moved to ${target}.`}">
<link rel="canonical" href="${target}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${target}">
</head>
<body>
<p>This page has moved to <a href="${target}">${to.title}</a>.</p>
</body>
</html>
`.value,
  };
}

/** /search/: the only page with a script, which loads the Pagefind index on demand. */
export function renderSearch(ctx: RenderContext, script: string): RenderedPage {
  const body = html`<header class="page-header"><h1>Search</h1></header>
<div class="search" data-search data-base="${ctx.u('')}">
<form role="search" action="${ctx.u('search/')}" method="get">
<label for="search-q">Search all posts and case studies</label>
<div class="search-row"><input id="search-q" type="search" name="q" autocomplete="off" spellcheck="false"><button type="submit">Search</button></div>
<p class="meta">Press <kbd>/</kbd> to jump here from anywhere on this page.</p>
</form>
<p role="status" aria-live="polite" class="search-status"></p>
<ul class="post-list search-results" role="list"></ul>
<noscript><p class="empty">Search runs in your browser and needs JavaScript. Every post is also listed under <a href="${ctx.u('writing/')}">Writing</a> and <a href="${ctx.u('tags/')}">Tags</a>.</p></noscript>
</div>`;
  return {
    path: 'search/',
    html: layout(ctx, { path: 'search/', title: 'Search', description: `Search ${ctx.model.config.title}.`, body, scripts: [script], noindex: true }),
  };
}
