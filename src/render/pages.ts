import {
  SERIES_PAGE_SIZE,
  seriesBoxParts,
  seriesPageOf,
  type CaseStudySection,
  type Cover,
  type Page,
  type Post,
  type Series,
  type Term,
} from '../site/index.js';
import { kindSpec } from '../content/index.js';
import { personLd } from './cv.js';
import { experienceTimeline, locationText, profileLinks, techStack } from './profile.js';
import { rfc3339 } from '../util/dates.js';
import { html, raw, type SafeHtml } from '../util/html.js';
import { IMAGE_SIZES } from '../markdown/responsive-image.js';
import { jsonForScript } from '../util/escape.js';
import { caseStudySections, caseStudySummary, relativeChange } from './case-study.js';
import type { CardInput } from '../og/card.js';
import { renderComponent, type ComponentProps } from '../theming/index.js';
import { directionOf } from '../i18n/index.js';
import { categoryFilter, descriptionHtml, kindLabel, pagination, postList, postMeta, readingTime, summaryOf, tagList, timeTag } from './components.js';
import { cardPath, withLang, type RenderContext } from './context.js';
import { layout, type LayoutProps } from './layout.js';
import { homeLatest } from './home-latest.js';
import { blogPostingLd, breadcrumbLd } from './structured-data.js';

export interface RenderedPage {
  path: string;
  /** The page, or a feed's bytes (feeds.ts builds them from entries encoded once per build). */
  html: string | Uint8Array;
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
    eyebrow: [kindLabel(ctx, post), post.categoryTerms[0]?.name].filter(Boolean).join(' · ') || undefined,
    meta: [post.date ? ctx.i18n.date(post.date) : undefined, readingTime(ctx, post)].filter(Boolean).join(' · '),
    siteName: ctx.model.config.title,
    highlight: first && change !== undefined ? `${first.metric} ${change > 0 ? '+' : change < 0 ? '−' : '±'}${Math.abs(change)}%` : undefined,
  };
}

function sectionCard(ctx: RenderContext, eyebrow: string, title: string): CardInput {
  return { title, eyebrow, meta: undefined, siteName: ctx.model.config.title, highlight: undefined };
}

// The cards of the other pages, one function each: the page shows its card's title in its head, and
// the build draws the card from the same function (pipeline/page-renderers.ts), page rendered or not.

export function standalonePageCardInput(ctx: RenderContext, page: Post): CardInput {
  return { title: page.title, eyebrow: undefined, meta: undefined, siteName: ctx.model.config.title, highlight: undefined };
}

export function homeCardInput(ctx: RenderContext): CardInput {
  const { config, profile } = ctx.model;
  const basics = profile?.basics;
  return sectionCard(ctx, basics?.name ?? config.title, basics?.label ?? (config.description || config.title));
}

export function caseStudiesCardInput(ctx: RenderContext): CardInput {
  const t = ctx.i18n;
  return sectionCard(ctx, t.t('caseStudies.title'), ctx.model.config.caseStudies.intro ?? t.t('caseStudies.intro'));
}

export function caseStudySectionCardInput(ctx: RenderContext, s: CaseStudySection): CardInput {
  return sectionCard(ctx, ctx.i18n.t('caseStudies.title'), sectionTitleOf(ctx, s));
}

export function listCardInput(ctx: RenderContext, opts: Pick<ListOptions, 'kind' | 'title'>): CardInput {
  return sectionCard(ctx, opts.kind, opts.title);
}

export function seriesCardInput(ctx: RenderContext, series: Series): CardInput {
  const t = ctx.i18n;
  return sectionCard(ctx, `${t.t('series.eyebrow')} · ${t.t('series.parts', { n: series.parts.length })}`, series.name);
}

/** A case-study section's title as its page and card show it ("More case studies" translated). */
function sectionTitleOf(ctx: RenderContext, s: CaseStudySection): string {
  return s.slug === 'more' && s.title === 'More case studies' ? ctx.i18n.t('caseStudies.more') : s.title;
}

function defaultSeriesBox(ctx: RenderContext, p: ComponentProps['series-box']): SafeHtml {
  const cut = p.parts.length < p.total;
  const items: SafeHtml[] = [];
  const gaps = new Map(p.gaps.map((g) => [g.after, g]));
  let previous = 0;
  for (const part of p.parts) {
    // Parts left out between two listed ones: one item saying how many, linking to where they are listed.
    const gap = gaps.get(previous);
    if (gap) items.push(html`<li class="series-gap"><a href="${gap.url}">${ctx.i18n.t('series.moreParts', { n: gap.count })}</a></li>`);
    previous = part.number;
    // Numbers are explicit once parts are left out, so part 57 is numbered 57.
    const value = cut ? html` value="${part.number}"` : '';
    items.push(
      part.current ? html`<li${value}><span aria-current="page">${part.title}</span></li>` : html`<li${value}><a href="${part.url}">${part.title}</a></li>`,
    );
  }
  return html`<nav class="series-box" aria-labelledby="series-title" data-pagefind-ignore>
<p id="series-title" class="series-label">${ctx.i18n.h('post.seriesPart', { index: p.index, total: p.total, series: html`<a href="${p.series.url}">${p.series.name}</a>` })}</p>
<ol>${items}</ol>${
    cut
      ? html`
<p class="series-all"><a href="${p.series.url}">${ctx.i18n.t('series.allParts', { n: p.total })}</a></p>`
      : ''
  }
</nav>`;
}

function seriesBox(ctx: RenderContext, post: Post): SafeHtml {
  const info = post.seriesInfo;
  if (!info) return html``;
  const { series } = info;
  const props: ComponentProps['series-box'] = {
    series: { name: series.name, url: ctx.u(series.path) },
    index: info.index,
    total: info.total,
    parts: [],
    gaps: [],
  };
  let previous = 0;
  for (const n of seriesBoxParts(info.index, info.total)) {
    if (n > previous + 1) props.gaps.push({ after: previous, count: n - previous - 1, url: ctx.u(seriesPageOf(series, previous + 1)) });
    const p = series.parts[n - 1]!;
    props.parts.push({ title: p.title, url: ctx.u(p.path), current: p === post, number: n });
    previous = n;
  }
  return renderComponent({ components: ctx.components, i18n: ctx.i18n }, 'series-box', props, (p) => defaultSeriesBox(ctx, p));
}

/** h3 entries nest under the h2 before them, so the numbering follows the sections. */
function toc(ctx: RenderContext, entries: { id: string; text: string; level?: number }[]): SafeHtml {
  if (entries.length < 2) return html``;
  const groups: { entry: (typeof entries)[number]; children: typeof entries }[] = [];
  for (const e of entries) {
    const parent = groups[groups.length - 1];
    if ((e.level ?? 2) > 2 && parent) parent.children.push(e);
    else groups.push({ entry: e, children: [] });
  }
  const link = (e: (typeof entries)[number]) => html`<a href="#${e.id}">${e.text}</a>`;
  // The inner <div> is what sticks beside a long post on wide screens.
  return html`<nav class="toc" aria-labelledby="toc-heading" data-pagefind-ignore><div><h2 id="toc-heading">${ctx.i18n.t('post.contents')}</h2><ol>${groups.map(
    (g) => html`<li>${link(g.entry)}${g.children.length ? html`<ol>${g.children.map((c) => html`<li>${link(c)}</li>`)}</ol>` : ''}</li>`,
  )}</ol></div></nav>`;
}

/** The cover as link previews see it (Open Graph): its absolute URL, its alt text, and its size when known. */
function coverPreview(ctx: RenderContext, cover: Cover | undefined, post: Post): Pick<LayoutProps, 'image' | 'imageAlt' | 'imageSize'> {
  if (!cover) return {};
  return {
    image: cover.url.startsWith('http') ? cover.url : ctx.model.origin + cover.url,
    imageAlt: post.imageAlt,
    imageSize: cover.width && cover.height ? [cover.width, cover.height] : undefined,
  };
}

/** The cover sits above the body: the page's first image, fetched at once. */
function coverImage(cover: Cover | undefined, post: Post): SafeHtml {
  if (!cover) return html``;
  const v = cover.variants;
  if (v) {
    return html`<picture>${v.sources.map((s) => html`<source type="${s.type}" srcset="${s.srcset}" sizes="${IMAGE_SIZES}">`)}<img class="cover" src="${v.src}" srcset="${v.fallbackSrcset}" sizes="${IMAGE_SIZES}" alt="${post.imageAlt ?? ''}" width="${String(v.width)}" height="${String(v.height)}" fetchpriority="high" decoding="async"></picture>`;
  }
  return html`<img class="cover" src="${cover.url}" alt="${post.imageAlt ?? ''}"${cover.width ? raw(` width="${cover.width}" height="${cover.height}"`) : ''} fetchpriority="high" decoding="async">`;
}

/** `lang` and `dir` on a post written in another language than the site. */
function articleLang(site: RenderContext, post: Post): SafeHtml {
  if (!post.lang || post.lang === site.model.config.lang) return html``;
  return html` lang="${post.lang}" dir="${directionOf(post.lang)}"`;
}

export function renderPost(site: RenderContext, post: Post, cover: Cover | undefined): RenderedPage {
  // The post's own strings (meta, series, related) follow its language; the chrome stays the site's.
  const ctx = withLang(site, post.lang);
  const t = ctx.i18n;
  // The kind's declaration (content/kinds.ts) picks the layout and the collection the page belongs to.
  const spec = kindSpec(post.kind);
  const plain = spec.layout !== 'case-study';
  const writing = spec.list === 'writing';
  const sections = plain ? { html: html``, top: html``, toc: [], topToc: [] } : caseStudySections(ctx, post);
  const tocEntries = post.toc ? [...sections.topToc, ...post.rendered.toc, ...sections.toc] : [];
  const neighbours =
    post.older || post.newer
      ? html`<nav class="neighbours" aria-label="${t.t(writing ? 'post.moreWriting' : 'post.moreCaseStudies')}">
${post.newer ? html`<a class="newer" rel="next" href="${ctx.u(post.newer.path)}"><span class="dir">${t.t('post.newer')}</span> ${post.newer.title}</a>` : ''}
${post.older ? html`<a class="older" rel="prev" href="${ctx.u(post.older.path)}"><span class="dir">${t.t('post.older')}</span> ${post.older.title}</a>` : ''}
</nav>`
      : '';
  const updated =
    post.updated && (!post.date || post.updated.epoch > post.date.epoch)
      ? html`<p class="updated" data-pagefind-ignore>${t.h('post.updated', { date: timeTag(ctx, post, 'updated') })}</p>`
      : '';
  const related = post.related.length
    ? html`<section class="related" aria-labelledby="related-title" data-pagefind-ignore><h2 id="related-title">${t.t('post.related')}</h2>${postList(ctx, post.related, 3, undefined, true)}</section>`
    : '';
  const body = html`<article class="post${plain ? '' : ` case-study kind-${post.kind}`}"${articleLang(site, post)} data-pagefind-body>
<header class="post-header">
<h1>${post.title}</h1>
${postMeta(ctx, post)}
${updated}
${post.description ? html`<p class="lede">${descriptionHtml(post)}</p>` : ''}
</header>
${coverImage(cover, post)}
${seriesBox(ctx, post)}
${plain ? '' : caseStudySummary(ctx, post)}
${sections.top}
<div class="post-body">
${toc(ctx, tocEntries)}
<div class="prose">
${raw(post.rendered.html)}
</div>
${sections.html}
</div>
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
    html: layout(site, {
      path: post.path,
      title: post.title,
      description: summaryOf(post) || siteDescription(ctx),
      body,
      ogType: 'article',
      ...coverPreview(ctx, cover, post),
      card: postCardInput(ctx, post),
      canonical: ctx.link(post.canonical),
      lang: post.lang,
      head,
      math: post.rendered.math === true,
      copyCode: post.rendered.html.includes('<pre class="code'),
      post: true,
      jsonLd: [
        blogPostingLd(ctx, post, cover?.url ?? (ctx.cards?.has(post.path) ? ctx.abs(cardPath(post.path)) : undefined)),
        breadcrumbLd(site, [
          [writing ? (site.model.config.writing.title ?? site.i18n.t('nav.writing')) : site.i18n.t('nav.caseStudies'), writing ? 'writing/' : 'case-studies/'],
          [post.title, post.path],
        ]),
      ],
    }),
  };
}

/** A standalone page (About, Uses, Now): the site chrome and the body, no dates, lists or feeds. */
export function renderStandalonePage(site: RenderContext, page: Post, cover: Cover | undefined): RenderedPage {
  const ctx = withLang(site, page.lang);
  const body = html`<article class="post standalone"${articleLang(site, page)} data-pagefind-body>
<header class="post-header">
<h1>${page.title}</h1>
${page.updated ? html`<p class="updated" data-pagefind-ignore>${ctx.i18n.h('post.updated', { date: timeTag(ctx, page, 'updated') })}</p>` : ''}
${page.description ? html`<p class="lede">${descriptionHtml(page)}</p>` : ''}
</header>
${coverImage(cover, page)}
<div class="post-body">
${page.toc ? toc(ctx, page.rendered.toc) : ''}
<div class="prose">
${raw(page.rendered.html)}
</div>
</div>
</article>`;
  return {
    path: page.path,
    html: layout(site, {
      path: page.path,
      title: page.title,
      description: summaryOf(page) || siteDescription(ctx),
      body,
      ...coverPreview(ctx, cover, page),
      card: standalonePageCardInput(ctx, page),
      canonical: ctx.link(page.canonical),
      lang: page.lang,
      math: page.rendered.math === true,
      copyCode: page.rendered.html.includes('<pre class="code'),
      post: true,
      jsonLd: [breadcrumbLd(site, [[page.title, page.path]])],
    }),
  };
}

export function renderHome(ctx: RenderContext): RenderedPage {
  const { model } = ctx;
  const { config, profile } = model;
  const featured = model.featured.slice(0, 3);
  const featuredStudies = profile ? model.caseStudies.filter((p) => p.featured).slice(0, 3) : [];
  const latest = model.articles.filter((p) => !featured.includes(p) || profile).slice(0, config.home.latestCount);
  const studies = model.caseStudies.filter((p) => !featured.includes(p)).slice(0, 3);
  const basics = profile?.basics;
  const t = ctx.i18n;
  const heroProps: ComponentProps['home-hero'] = basics
    ? {
        name: basics.name,
        headline: config.home.headline ?? basics.label,
        location: locationText(basics),
        summary: config.home.bio ?? basics.summary,
        links: profileLinks(ctx, basics),
      }
    : {
        name: model.author?.name ?? config.title,
        headline: config.home.headline,
        location: undefined,
        summary: config.home.bio ?? (config.description || undefined),
        links: html``,
      };
  const hero = renderComponent(
    { components: ctx.components, i18n: t },
    'home-hero',
    heroProps,
    (p) => html`<section class="hero" aria-labelledby="hero-title">
<h1 id="hero-title" dir="auto">${p.name}</h1>
${p.headline ? html`<p class="headline" dir="auto">${p.headline}</p>` : ''}
${p.location ? html`<p class="meta" dir="auto">${p.location}</p>` : ''}
${p.summary ? html`<p class="lede" dir="auto">${p.summary}</p>` : ''}
${p.links}
</section>`,
  );
  const section = (id: string, title: string, content: SafeHtml | string, more?: SafeHtml) =>
    html`<section class="home-section" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${content}${more ?? ''}</section>`;
  const body = profile
    ? html`${hero}
${featuredStudies.length ? section('featured-title', t.t('home.featuredCaseStudies'), postList(ctx, featuredStudies, 3)) : ''}
${homeLatest(ctx, latest, model.articles.length > latest.length ? html`<p class="more"><a href="${ctx.u('writing/')}">${t.t('home.allWriting')}</a></p>` : undefined)}
${profile.skills?.length ? section('stack-title', t.t('home.stack'), techStack(ctx, profile)) : ''}
${profile.work?.length ? section('experience-title', t.t('home.experience'), experienceTimeline(ctx, profile), html`<p class="more"><a href="${ctx.u('cv/')}">${t.t('home.fullCv')}</a></p>`) : ''}`
    : html`${hero}
${featured.length ? section('featured-title', t.t('home.featured'), postList(ctx, featured, 3)) : ''}
${homeLatest(
  ctx,
  latest.filter((p) => !featured.includes(p)),
  model.articles.length > latest.length ? html`<p class="more"><a href="${ctx.u('writing/')}">${t.t('home.allWriting')}</a></p>` : undefined,
)}
${studies.length ? section('cases-title', t.t('home.caseStudies'), postList(ctx, studies, 3), html`<p class="more"><a href="${ctx.u('case-studies/')}">${t.t('home.allCaseStudies')}</a></p>`) : ''}`;
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
      card: homeCardInput(ctx),
      jsonLd: [{ '@context': 'https://schema.org', '@type': 'WebSite', name: config.title, url: ctx.abs('') }, ...person],
    }),
  };
}

/** Section links on the case-studies index: plain links, so filtering needs no JavaScript. */
function sectionFilter(ctx: RenderContext, current: CaseStudySection | undefined): SafeHtml {
  const sections = ctx.model.caseStudySections;
  const item = (label: string, path: string, count: number | undefined, active: boolean) =>
    html`<li><a href="${ctx.u(path)}"${active ? html` aria-current="page"` : ''}>${label}${count !== undefined ? html` <span class="count">${count}</span>` : ''}</a></li>`;
  return html`<nav class="filters" aria-label="${ctx.i18n.t('caseStudies.filter')}"><ul role="list">
${item(ctx.i18n.t('list.all'), 'case-studies/', undefined, !current)}
${sections.map((s) => item(s.title, s.path, s.posts.length, current === s))}
</ul></nav>`;
}

/** /case-studies/ grouped into the configured sections, and one filtered page per section. */
export function renderCaseStudies(ctx: RenderContext): RenderedPage[] {
  return [renderCaseStudyIndex(ctx), ...ctx.model.caseStudySections.map((s) => renderCaseStudySection(ctx, s))];
}

/** /case-studies/: the case studies grouped into the configured sections. */
export function renderCaseStudyIndex(ctx: RenderContext): RenderedPage {
  const { model } = ctx;
  const t = ctx.i18n;
  const intro = model.config.caseStudies.intro ?? t.t('caseStudies.intro');
  const sections = model.caseStudySections;
  const title = t.t('caseStudies.title');
  const index = html`<header class="page-header"><h1>${title}</h1><p class="lede">${intro}</p></header>
${sectionFilter(ctx, undefined)}
${
  model.caseStudies.length
    ? sections
        .filter((s) => s.posts.length)
        .map(
          (s) => html`<section class="cs-group" aria-labelledby="${`group-${s.slug}`}">
<h2 id="${`group-${s.slug}`}"><a href="${ctx.u(s.path)}">${s.title}</a></h2>${s.description ? html`<p class="meta">${s.description}</p>` : ''}
${postList(ctx, s.posts, 3)}
</section>`,
        )
    : html`<p class="empty">${t.t('caseStudies.empty')}</p>`
}`;
  return {
    path: 'case-studies/',
    html: layout(ctx, {
      path: 'case-studies/',
      title,
      description: intro,
      body: index,
      card: caseStudiesCardInput(ctx),
      jsonLd: [breadcrumbLd(ctx, [[title, 'case-studies/']])],
    }),
  };
}

/** One section's own filtered page of case studies. */
export function renderCaseStudySection(ctx: RenderContext, s: CaseStudySection): RenderedPage {
  const { model } = ctx;
  const t = ctx.i18n;
  const title = t.t('caseStudies.title');
  const sectionTitle = sectionTitleOf(ctx, s);
  const body = html`<header class="page-header"><p class="eyebrow">${title}</p><h1>${sectionTitle}</h1>${s.description ? html`<p class="lede">${s.description}</p>` : ''}</header>
${sectionFilter(ctx, s)}
${postList(ctx, s.posts, 2, t.t('caseStudies.emptySection'))}`;
  return {
    path: s.path,
    html: layout(ctx, {
      path: s.path,
      title: t.t('caseStudies.sectionTitle', { section: sectionTitle }),
      description: s.description ?? t.t('caseStudies.sectionDescription', { section: sectionTitle, n: s.posts.length, site: model.config.title }),
      body,
      card: caseStudySectionCardInput(ctx, s),
      jsonLd: [
        breadcrumbLd(ctx, [
          [title, 'case-studies/'],
          [sectionTitle, s.path],
        ]),
      ],
    }),
  };
}

export interface ListOptions {
  title: string;
  /** Card eyebrow: "Writing", "Category", "Tag". */
  kind: string;
  feeds?: { title: string; rss: string; atom: string; kind: 'category' | 'tag' };
  intro?: SafeHtml | string;
  posts: Post[];
  firstPath: string;
  filter?: { current: Term | undefined; allPath: string };
  empty: string;
  crumbs: [string, string][];
}

export function renderListPage(ctx: RenderContext, opts: ListOptions, page: Page<Post>): RenderedPage {
  {
    const t = ctx.i18n;
    const title = page.number > 1 ? t.t('list.titleWithPage', { title: opts.title, n: page.number }) : opts.title;
    const feedLinks = opts.feeds
      ? html`<p class="meta">${t.h(opts.feeds.kind === 'tag' ? 'list.followTag' : 'list.followCategory', {
          rss: html`<a href="${ctx.u(opts.feeds.rss)}">RSS</a>`,
          atom: html`<a href="${ctx.u(opts.feeds.atom)}">Atom</a>`,
        })}</p>`
      : '';
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
        description:
          typeof opts.intro === 'string' && opts.intro
            ? opts.intro
            : t.t('list.postCount', { title: opts.title, n: opts.posts.length, site: ctx.model.config.title }),
        body,
        head,
        ...(page.number === 1 ? { card: listCardInput(ctx, opts) } : ctx.cards?.has(opts.firstPath) ? { image: ctx.abs(cardPath(opts.firstPath)) } : {}),
        ...(opts.feeds ? { feeds: opts.feeds } : {}),
        jsonLd: [breadcrumbLd(ctx, opts.crumbs)],
      }),
    };
  }
}

export function renderTermIndex(ctx: RenderContext, title: string, path: string, terms: Term[], prefix = ''): RenderedPage {
  const body = html`<header class="page-header"><h1>${title}</h1></header>
${
  terms.length
    ? html`<ul class="term-cloud" role="list">${terms.map((t) => html`<li><a href="${ctx.u(t.path)}">${prefix}${t.name} <span class="count">${ctx.i18n.number(t.posts.length)}</span></a></li>`)}</ul>`
    : html`<p class="empty">${ctx.i18n.t('list.empty')}</p>`
}`;
  return {
    path,
    html: layout(ctx, {
      path,
      title,
      description: ctx.i18n.t('terms.description', { title, site: ctx.model.config.title }),
      body,
      jsonLd: [breadcrumbLd(ctx, [[title, path]])],
    }),
  };
}

export function renderSeriesIndex(ctx: RenderContext): RenderedPage {
  const path = 'series/';
  const all = ctx.model.series;
  const t = ctx.i18n;
  const body = html`<header class="page-header"><h1>${t.t('series.title')}</h1></header>
${
  all.length
    ? html`<ul class="post-list" role="list">${all.map((s) => html`<li><article class="card"><h2 class="card-title"><a href="${ctx.u(s.path)}">${s.name}</a></h2><p class="meta">${t.t('series.parts', { n: s.parts.length })}</p></article></li>`)}</ul>`
    : html`<p class="empty">${t.t('series.empty')}</p>`
}`;
  return { path, html: layout(ctx, { path, title: t.t('series.title'), description: t.t('series.description', { site: ctx.model.config.title }), body }) };
}

/** One page of a series' page (see seriesPages): its parts in order, numbered across pages. */
export function renderSeries(ctx: RenderContext, series: Series, page: Page<Post>): RenderedPage {
  const t = ctx.i18n;
  const first = (page.number - 1) * SERIES_PAGE_SIZE + 1;
  const title = page.number > 1 ? t.t('list.titleWithPage', { title: series.name, n: page.number }) : series.name;
  const body = html`<header class="page-header"><p class="eyebrow">${t.t('series.eyebrow')}</p><h1>${title}</h1><p class="lede">${t.t('series.lede', { n: series.parts.length })}</p></header>
<ol class="series-parts"${first > 1 ? html` start="${first}"` : ''}>${page.items.map((p, i) => html`<li><article class="card"><h2 class="card-title"><a href="${ctx.u(p.path)}"><span class="part">${t.t('series.part', { n: first + i })}</span> ${p.title}</a></h2>${postMeta(ctx, p, false)}<p class="card-summary">${summaryOf(p)}</p></article></li>`)}</ol>
${pagination(ctx, page)}`;
  const head = html`${page.number > 1 ? html`<link rel="prev" href="${ctx.abs(page.pathOf(page.number - 1))}">\n` : ''}${
    page.number < page.total ? html`<link rel="next" href="${ctx.abs(page.pathOf(page.number + 1))}">\n` : ''
  }`;
  return {
    path: page.path,
    html: layout(ctx, {
      path: page.path,
      title,
      description: t.t('series.pageDescription', { series: series.name, n: series.parts.length, site: ctx.model.config.title }),
      body,
      head,
      ...(page.number === 1 ? { card: seriesCardInput(ctx, series) } : ctx.cards?.has(series.path) ? { image: ctx.abs(cardPath(series.path)) } : {}),
      jsonLd: [
        breadcrumbLd(ctx, [
          [t.t('series.title'), 'series/'],
          [series.name, series.path],
        ]),
      ],
    }),
  };
}

export function renderNotFound(ctx: RenderContext): RenderedPage {
  const t = ctx.i18n;
  const body = html`<header class="page-header"><h1>${t.t('notFound.title')}</h1><p class="lede">${t.t('notFound.lede')}</p></header>
<ul class="not-found-links"><li><a href="${ctx.u('')}">${t.t('nav.home')}</a></li><li><a href="${ctx.u('writing/')}">${t.t('home.allWriting')}</a></li>${ctx.model.caseStudies.length ? html`<li><a href="${ctx.u('case-studies/')}">${t.t('home.caseStudies')}</a></li>` : ''}</ul>
${ctx.model.listed.length ? html`<h2>${t.t('notFound.recent')}</h2>${postList(ctx, ctx.model.listed.slice(0, 3), 3)}` : ''}`;
  return { path: '404.html', html: layout(ctx, { path: '404.html', title: t.t('notFound.title'), description: t.t('notFound.title'), body, noindex: true }) };
}

/**
 * The page left at an old URL (`aliases`): a meta refresh for browsers, canonical for search engines.
 * `external`: an http(s) address the old post itself redirected to (a redirect stub), checked by the caller.
 * The refresh and the link go to the site's own page by its path: wherever the output is served
 * (`casebook preview`, a deploy preview, a second domain), the reader stays there; the canonical
 * link names the page at the site's address.
 */
export function renderRedirect(ctx: RenderContext, from: string, to: Pick<Post, 'path' | 'title'>, external?: string): RenderedPage {
  const target = external ?? ctx.abs(to.path);
  const go = external ?? ctx.u(to.path);
  return {
    path: from,
    html: html`<!doctype html>
<html lang="${ctx.model.config.lang}" dir="${ctx.chrome.dir}">
<head>
<meta charset="utf-8">
<title>${to.title}</title>
<meta name="description" content="${ctx.i18n.t('redirect.movedTo', { link: target })}">
<link rel="canonical" href="${target}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${go}">
</head>
<body>
<p>${ctx.i18n.h('redirect.movedTo', { link: html`<a href="${go}">${to.title}</a>` })}</p>
</body>
</html>
`.value,
  };
}

/** /search/: the only page with a script, which loads the Pagefind index on demand. */
export function renderSearch(ctx: RenderContext, script: string): RenderedPage {
  const t = ctx.i18n;
  // The script's messages travel with the page: its language, and plural forms it picks itself.
  const strings = jsonForScript({
    lang: t.lang,
    noResults: t.message('search.noResults'),
    results: t.message('search.results'),
    resultsFirst: t.message('search.resultsFirst'),
  });
  const body = html`<header class="page-header"><h1>${t.t('search.title')}</h1></header>
<div class="search" data-search data-base="${ctx.u('')}" data-strings="${strings}">
<form role="search" action="${ctx.u('search/')}" method="get">
<label for="search-q">${t.t('search.label')}</label>
<div class="search-row"><input id="search-q" type="search" name="q" autocomplete="off" spellcheck="false"><button type="submit">${t.t('search.button')}</button></div>
<p class="meta">${t.h('search.shortcut', { key: html`<kbd>/</kbd>` })}</p>
</form>
<p role="status" aria-live="polite" class="search-status"></p>
<ul class="post-list search-results" role="list"></ul>
<noscript><p class="empty">${t.h('search.noscript', { writing: html`<a href="${ctx.u('writing/')}">${t.t('nav.writing')}</a>`, tags: html`<a href="${ctx.u('tags/')}">${t.t('tags.title')}</a>` })}</p></noscript>
</div>`;
  return {
    path: 'search/',
    html: layout(ctx, {
      path: 'search/',
      title: t.t('search.title'),
      description: t.t('search.description', { site: ctx.model.config.title }),
      body,
      scripts: [script],
    }),
  };
}
