import type { Page, Post, Term } from '../site/index.js';
import { kindSpec } from '../content/index.js';
import type { MessageKey } from '../i18n/messages.js';
import { plainDate, rfc3339 } from '../util/dates.js';
import { configuredMeta, monthText } from './list-shapes.js';
import { html, raw, type SafeHtml } from '../util/html.js';
import { inlineMarkdown } from '../markdown/inline-markdown.js';
import { renderComponent, type ComponentProps, type PostView } from '../theming/index.js';
import type { RenderContext } from './context.js';
import { changeLabel, withUnit } from './case-study.js';

export function kindLabel(ctx: RenderContext, post: Pick<Post, 'kind'>): string | undefined {
  const label = kindSpec(post.kind).label;
  return label ? ctx.i18n.t(label as MessageKey) : undefined;
}

export function timeTag(ctx: RenderContext, post: Post, which: 'date' | 'updated' = 'date'): SafeHtml {
  const d = post[which];
  return d ? html`<time datetime="${rfc3339(d)}">${ctx.i18n.date(d)}</time>` : html``;
}

export function readingTime(ctx: RenderContext, post: Post): string {
  return ctx.i18n.t('post.readingTime', { n: post.rendered.readingMinutes });
}

export function summaryOf(post: Post): string {
  return post.description ?? post.rendered.summary;
}

/** The description as the old site showed it: inline Markdown rendered (escaped), else the text. */
export function descriptionHtml(post: Post): SafeHtml | string {
  return post.descriptionMarkdown ? raw(inlineMarkdown(post.descriptionMarkdown)) : (post.description ?? '');
}

/** Views by language: a post shows on up to a dozen pages (lists, tags, related), built once each. */
const views = new WeakMap<RenderContext['i18n'], WeakMap<Post, PostView>>();

/** The public view of a post that components (and site overrides) receive; treat it as read-only. */
export function postView(ctx: RenderContext, post: Post): PostView {
  let byPost = views.get(ctx.i18n);
  if (!byPost) views.set(ctx.i18n, (byPost = new WeakMap()));
  let view = byPost.get(post);
  if (!view) byPost.set(post, (view = makePostView(ctx, post)));
  return view;
}

function makePostView(ctx: RenderContext, post: Post): PostView {
  const cat = post.categoryTerms[0];
  const info = post.seriesInfo;
  return {
    title: post.title,
    url: ctx.u(post.path),
    kind: post.kind,
    kindLabel: kindLabel(ctx, post),
    status: post.status,
    statusLabel: post.status === 'published' ? undefined : ctx.i18n.t(post.status === 'draft' ? 'status.draft' : 'status.scheduled'),
    date: post.date ? dateView(ctx, post.date) : undefined,
    updated: post.updated ? { iso: rfc3339(post.updated), text: ctx.i18n.date(post.updated) } : undefined,
    description: post.description,
    summary: summaryOf(post),
    ...(post.descriptionMarkdown ? { summaryHtml: raw(inlineMarkdown(post.descriptionMarkdown)) } : {}),
    readingMinutes: post.rendered.readingMinutes,
    readingTime: readingTime(ctx, post),
    category: cat ? { name: cat.name, url: ctx.u(cat.path) } : undefined,
    tags: post.tagTerms.map((t) => ({ name: t.name, url: ctx.u(t.path) })),
    series: info ? { name: info.series.name, url: ctx.u(info.series.path), part: info.index, total: info.total } : undefined,
    featured: post.featured,
    lang: post.lang,
    image: post.image,
    headline: headline(ctx, post),
  };
}

/** A case study's first outcome as the card shows it: "340 ms → 95 ms", "−72%". */
function headline(ctx: RenderContext, post: Post): PostView['headline'] {
  const o = post.caseStudy.outcomes?.[0];
  if (!o) return undefined;
  const t = ctx.i18n;
  const change = changeLabel(t, o);
  return {
    metric: o.metric,
    values: `${withUnit(t, o.before, o.unit)} ${t.dir === 'rtl' ? '←' : '→'} ${withUnit(t, o.after, o.unit)}`,
    change: change.text,
    verdict: change.verdict,
  };
}

/** The instant for machines, and the plain calendar date in the site's zone for people and components. */
function dateView(ctx: RenderContext, d: NonNullable<Post['date']>): NonNullable<PostView['date']> {
  const plain = plainDate(d, ctx.model.config.timezone);
  return { iso: rfc3339(d), text: ctx.i18n.date(d), plain, month: monthText(ctx.i18n.lang, plain) };
}

function scope(ctx: RenderContext) {
  return { components: ctx.components, i18n: ctx.i18n };
}

function defaultPostMeta(post: PostView, linkCategory: boolean): SafeHtml {
  const parts: SafeHtml[] = [];
  if (post.statusLabel) parts.push(html`<span class="status status-${post.status}">${post.statusLabel}</span>`);
  if (post.kindLabel) parts.push(html`<span class="kind">${post.kindLabel}</span>`);
  const cat = post.category;
  if (cat) parts.push(linkCategory ? html`<a href="${cat.url}">${cat.name}</a>` : html`<span>${cat.name}</span>`);
  if (post.date) parts.push(html`<time datetime="${post.date.iso}">${post.date.text}</time>`);
  parts.push(html`<span>${post.readingTime}</span>`);
  return html`<p class="meta" data-pagefind-ignore>${parts.map((p, i) => (i ? html`<span class="sep" aria-hidden="true"> · </span>${p}` : p))}</p>`;
}

/** "Engineering · March 1, 2024 · 6 min read" */
export function postMeta(ctx: RenderContext, post: Post, linkCategory = true): SafeHtml {
  return renderComponent(scope(ctx), 'post-meta', { post: postView(ctx, post) }, (p) => defaultPostMeta(p.post, linkCategory));
}

function defaultPostCard(ctx: RenderContext, post: Post, p: ComponentProps['post-card']): SafeHtml {
  const title = html`<a href="${p.post.url}">${p.post.title}</a>`;
  // dir="auto": a title or summary in another script than the site (English posts on an Arabic
  // site, or the reverse) takes its own direction instead of scrambling its punctuation.
  if (p.compact) {
    return html`<article class="card card-compact">
${p.headingLevel === 2 ? html`<h2 class="card-title" dir="auto">${title}</h2>` : html`<h3 class="card-title" dir="auto">${title}</h3>`}
${postMeta(ctx, post, false)}
</article>`;
  }
  const h = p.post.headline;
  const cover = ctx.covers?.get(post);
  // Tags as text: a card already links its title, and a list of cards stays light.
  const tags = p.post.tags.slice(0, 4);
  return html`<article class="card${cover ? ' has-thumb' : ''}">
${p.headingLevel === 2 ? html`<h2 class="card-title" dir="auto">${title}</h2>` : html`<h3 class="card-title" dir="auto">${title}</h3>`}
${cardMeta(ctx, post)}
${ctx.model.config.lists.style === 'compact' ? '' : html`<p class="card-summary" dir="auto">${p.post.summaryHtml ?? p.post.summary}</p>`}
${h ? html`<p class="card-metric"><span class="metric-name">${h.metric}</span> <span class="metric-values">${h.values}</span> <span class="metric-change${h.verdict === 'worse' ? ' metric-worse' : ''}"><bdi>${h.change}</bdi></span></p>` : ''}
${tags.length ? html`<ul class="card-tags" role="list" aria-label="${ctx.i18n.t('tags.title')}">${tags.map((t) => html`<li>#${t.name}</li>`)}</ul>` : ''}
${cover ? html`<img class="card-thumb" src="${cover.variants?.src ?? cover.url}" alt="" loading="lazy" decoding="async"${cover.variants ? raw(` width="${cover.variants.width}" height="${cover.variants.height}"`) : cover.width ? raw(` width="${cover.width}" height="${cover.height}"`) : ''}>` : ''}
</article>`;
}

/** A card's meta line: the fields `lists.meta` names, else the post's usual meta. */
function cardMeta(ctx: RenderContext, post: Post): SafeHtml {
  const fields = ctx.model.config.lists.meta;
  if (!fields) return postMeta(ctx, post, false);
  return renderComponent(scope(ctx), 'post-meta', { post: postView(ctx, post) }, (p) => configuredMeta(p.post, fields));
}

/**
 * Cards by language and post, one per heading level and compactness. A post's card shows on its
 * list page, its tags' and category's pages, and under other posts as related (some seven times
 * each on a 1,000-post site), the same every time: made once. Casebook's own card only: a site's
 * component may not give the same HTML twice. Posts are new objects each build, so no card
 * outlives the build (and its covers, settings and components) that made it.
 */
const cards = new WeakMap<RenderContext['i18n'], WeakMap<Post, SafeHtml[]>>();

export function postCard(ctx: RenderContext, post: Post, headingLevel: 2 | 3 = 2, compact = false): SafeHtml {
  const own = !ctx.components['post-card'] && !ctx.components['post-meta'];
  let made: SafeHtml[] | undefined;
  const variant = (headingLevel === 2 ? 0 : 2) + (compact ? 1 : 0);
  if (own) {
    let byPost = cards.get(ctx.i18n);
    if (!byPost) cards.set(ctx.i18n, (byPost = new WeakMap()));
    made = byPost.get(post);
    if (!made) byPost.set(post, (made = []));
    const card = made[variant];
    if (card) return card;
  }
  const props: ComponentProps['post-card'] = compact ? { post: postView(ctx, post), headingLevel, compact } : { post: postView(ctx, post), headingLevel };
  const card = renderComponent(scope(ctx), 'post-card', props, (p) => defaultPostCard(ctx, post, p));
  if (made) made[variant] = card;
  return card;
}

export function postList(ctx: RenderContext, posts: Post[], headingLevel: 2 | 3 = 2, empty = ctx.i18n.t('list.empty'), compact = false): SafeHtml {
  if (!posts.length) return html`<p class="empty">${empty}</p>`;
  const style = ctx.model.config.lists.style;
  return html`<ul class="post-list${style === 'cards' ? '' : ` list-${style}`}${compact ? ' compact' : ''}" role="list">${posts.map((p) => html`<li>${postCard(ctx, p, headingLevel, compact)}</li>`)}</ul>`;
}

export function pagination(ctx: RenderContext, page: Page<unknown>): SafeHtml {
  if (page.total < 2) return html``;
  const t = ctx.i18n;
  const newer = page.number > 1 ? html`<a rel="prev" href="${ctx.u(page.pathOf(page.number - 1))}">${t.t('list.newerPage')}</a>` : html`<span></span>`;
  const older = page.number < page.total ? html`<a rel="next" href="${ctx.u(page.pathOf(page.number + 1))}">${t.t('list.olderPage')}</a>` : html`<span></span>`;
  return html`<nav class="pagination" aria-label="${t.t('list.pagination')}">${newer}<span class="page-count">${t.t('list.pageOf', { n: page.number, total: page.total })}</span>${older}</nav>`;
}

/** Category filter as plain links: works without JavaScript and every filtered view has a URL. */
export function categoryFilter(ctx: RenderContext, current: Term | undefined, allPath: string): SafeHtml {
  // Only categories that hold writing: case-study sections have their own filter.
  const cats = ctx.model.categories.filter((c) => c.posts.some((p) => kindSpec(p.kind).list === 'writing'));
  if (!cats.length) return html``;
  const item = (label: string, path: string, count: number | undefined, active: boolean) =>
    html`<li><a href="${ctx.u(path)}"${active ? html` aria-current="page"` : ''}>${label}${count !== undefined ? html` <span class="count">${ctx.i18n.number(count)}</span>` : ''}</a></li>`;
  return html`<nav class="filters" aria-label="${ctx.i18n.t('list.filterByCategory')}"><ul role="list">
${item(ctx.i18n.t('list.all'), allPath, undefined, !current)}
${cats.map((c) => item(c.name, c.path, c.posts.length, current === c))}
</ul></nav>`;
}

export function tagList(ctx: RenderContext, terms: Term[]): SafeHtml {
  if (!terms.length) return html``;
  return html`<ul class="tags" role="list">${terms.map((t) => html`<li><a href="${ctx.u(t.path)}">#${t.name}</a></li>`)}</ul>`;
}
