import type { Page, Post, Term } from '../site/index.js';
import { displayDate, rfc3339 } from '../util/dates.js';
import { html, type SafeHtml } from '../util/html.js';
import type { RenderContext } from './context.js';

const KIND_LABEL: Record<string, string> = {
  'case-study': 'Case study',
  retrospective: 'Retrospective',
  postmortem: 'Postmortem',
};

export function kindLabel(post: Post): string | undefined {
  return KIND_LABEL[post.kind];
}

export function timeTag(post: Post, which: 'date' | 'updated' = 'date'): SafeHtml {
  const d = post[which];
  return d ? html`<time datetime="${rfc3339(d)}">${displayDate(d)}</time>` : html``;
}

/** "Engineering · March 1, 2024 · 6 min read" */
export function postMeta(ctx: RenderContext, post: Post, linkCategory = true): SafeHtml {
  const parts: SafeHtml[] = [];
  if (post.status !== 'published') parts.push(html`<span class="status status-${post.status}">${post.status === 'draft' ? 'Draft' : 'Scheduled'}</span>`);
  const kind = kindLabel(post);
  if (kind) parts.push(html`<span class="kind">${kind}</span>`);
  const cat = post.categoryTerms[0];
  if (cat) parts.push(linkCategory ? html`<a href="${ctx.u(cat.path)}">${cat.name}</a>` : html`<span>${cat.name}</span>`);
  if (post.date) parts.push(timeTag(post));
  parts.push(html`<span>${post.rendered.readingMinutes} min read</span>`);
  return html`<p class="meta" data-pagefind-ignore>${parts.map((p, i) => (i ? html`<span class="sep" aria-hidden="true"> · </span>${p}` : p))}</p>`;
}

export function summaryOf(post: Post): string {
  return post.description ?? post.rendered.summary;
}

export function postCard(ctx: RenderContext, post: Post, headingLevel: 2 | 3 = 2): SafeHtml {
  const title = html`<a href="${ctx.u(post.path)}">${post.title}</a>`;
  return html`<article class="card">
${headingLevel === 2 ? html`<h2 class="card-title">${title}</h2>` : html`<h3 class="card-title">${title}</h3>`}
${postMeta(ctx, post, false)}
<p class="card-summary">${summaryOf(post)}</p>
</article>`;
}

export function postList(ctx: RenderContext, posts: Post[], headingLevel: 2 | 3 = 2, empty = 'Nothing here yet.'): SafeHtml {
  if (!posts.length) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="post-list" role="list">${posts.map((p) => html`<li>${postCard(ctx, p, headingLevel)}</li>`)}</ul>`;
}

export function pagination(ctx: RenderContext, page: Page<unknown>): SafeHtml {
  if (page.total < 2) return html``;
  const newer = page.number > 1 ? html`<a rel="prev" href="${ctx.u(page.pathOf(page.number - 1))}">← Newer</a>` : html`<span></span>`;
  const older = page.number < page.total ? html`<a rel="next" href="${ctx.u(page.pathOf(page.number + 1))}">Older →</a>` : html`<span></span>`;
  return html`<nav class="pagination" aria-label="Pagination">${newer}<span class="page-count">Page ${page.number} of ${page.total}</span>${older}</nav>`;
}

/** Category filter as plain links: works without JavaScript and every filtered view has a URL. */
export function categoryFilter(ctx: RenderContext, current: Term | undefined, allPath: string): SafeHtml {
  // Only categories that hold writing: case-study sections have their own filter.
  const cats = ctx.model.categories.filter((c) => c.posts.some((p) => p.kind === 'article'));
  if (!cats.length) return html``;
  const item = (label: string, path: string, count: number | undefined, active: boolean) =>
    html`<li><a href="${ctx.u(path)}"${active ? html` aria-current="page"` : ''}>${label}${count !== undefined ? html` <span class="count">${count}</span>` : ''}</a></li>`;
  return html`<nav class="filters" aria-label="Filter by category"><ul role="list">
${item('All', allPath, undefined, !current)}
${cats.map((c) => item(c.name, c.path, c.posts.length, current === c))}
</ul></nav>`;
}

export function tagList(ctx: RenderContext, terms: Term[]): SafeHtml {
  if (!terms.length) return html``;
  return html`<ul class="tags" role="list">${terms.map((t) => html`<li><a href="${ctx.u(t.path)}">#${t.name}</a></li>`)}</ul>`;
}
