import { kindSpec } from '../content/index.js';
import type { Post, Term } from '../site/index.js';
import { html, type SafeHtml } from '../util/html.js';
import { slugify } from '../util/slug.js';
import { postList } from './components.js';
import type { RenderContext } from './context.js';

interface FilterCategory {
  name: string;
  slug: string;
  posts: Post[];
}

/**
 * The categories the home page filter offers: every category that holds writing (`true`), or the
 * configured names in their order, matched without case; a name no post uses yet has no posts.
 */
export function homeFilterCategories(ctx: RenderContext): FilterCategory[] {
  const setting = ctx.model.config.home.categoryFilter;
  if (setting === false) return [];
  const count = ctx.model.config.home.latestCount;
  const articlesOf = (t: Term) => t.posts.filter((p) => kindSpec(p.kind).list === 'writing').slice(0, count);
  if (setting === true) {
    return ctx.model.categories
      .filter((c) => c.posts.some((p) => kindSpec(p.kind).list === 'writing'))
      .map((c) => ({ name: c.name, slug: c.slug, posts: articlesOf(c) }));
  }
  return setting.map((name) => {
    const term = ctx.model.categories.find((c) => c.slug === slugify(name));
    return { name: term?.name ?? name, slug: term?.slug ?? slugify(name), posts: term ? articlesOf(term) : [] };
  });
}

/**
 * The home page's latest posts, under `home.latestTitle`, with an optional category filter.
 * The filter is links to in-page panels shown with CSS :target, so it works the same with
 * JavaScript off, filters without loading a page, and every filtered view has a URL (#in-<slug>).
 */
export function homeLatest(ctx: RenderContext, latest: Post[], more: SafeHtml | undefined): SafeHtml {
  const t = ctx.i18n;
  const title = ctx.model.config.home.latestTitle ?? t.t('home.latestWriting');
  const categories = homeFilterCategories(ctx);
  const all = postList(ctx, latest, 3, t.t('home.noPosts'));
  if (!categories.length) {
    return html`<section class="home-section" aria-labelledby="latest-title"><h2 id="latest-title">${title}</h2>${all}${more ?? ''}</section>`;
  }
  const link = (label: string, href: string, count: number | undefined) =>
    html`<li><a href="${href}">${label}${count !== undefined ? html` <span class="count">${t.number(count)}</span>` : ''}</a></li>`;
  return html`<section class="home-section home-latest" id="latest" aria-labelledby="latest-title"><h2 id="latest-title">${title}</h2>
<nav class="filters home-filter" aria-label="${t.t('list.filterByCategory')}"><ul role="list">
${link(t.t('list.all'), '#latest', undefined)}
${categories.map((c) => link(c.name, `#in-${c.slug}`, c.posts.length))}
</ul></nav>
<div class="filter-all">${all}${more ?? ''}</div>
${categories.map(
  (c) => html`<section class="filter-panel" id="${`in-${c.slug}`}" aria-label="${c.name}" tabindex="-1">
<p class="filter-showing"><strong>${c.name}</strong> <span class="sep" aria-hidden="true">·</span> <a href="#latest">${t.t('list.all')}</a></p>
${postList(ctx, c.posts, 3, t.t('home.noPostsInCategory'))}
</section>`,
)}
</section>`;
}
