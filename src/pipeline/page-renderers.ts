import { withLang, type RenderContext } from '../render/context.js';
import {
  caseStudiesCardInput,
  caseStudySectionCardInput,
  homeCardInput,
  listCardInput,
  postCardInput,
  seriesCardInput,
  standalonePageCardInput,
  renderCaseStudyIndex,
  renderCaseStudySection,
  renderHome,
  renderListPage,
  renderNotFound,
  renderPost,
  renderSearch,
  renderSeries,
  renderSeriesIndex,
  renderStandalonePage,
  renderTermIndex,
  type ListOptions,
  type RenderedPage,
} from '../render/pages.js';
import { cvCardInput, renderCv } from '../render/cv.js';
import type { CardInput } from '../og/card-input.js';
import { atomFeed, extraFeed, jsonFeed, rssFeed, type FeedScope } from '../emit/feeds.js';
import { PAGE_KINDS, type Edition, type PageEntry, type Term, type TermKind } from '../site/index.js';

/** The entries a renderer turns into a page or feed; the rest are files (static, images, generated) or redirects, written apart. */
export type RenderedEntry = Exclude<PageEntry, { kind: 'redirect' | 'moved-list' | 'static' | 'image' | 'generated' | 'card' }>;

/** Every page a reader visits, plus the not-found page and the feeds. */
const RENDERED: ReadonlySet<PageEntry['kind']> = new Set([...PAGE_KINDS, 'not-found', 'feed']);

export function isRendered(e: PageEntry): e is RenderedEntry {
  return RENDERED.has(e.kind);
}

/** Renders one entry of the page table: the renderer is chosen by the entry's kind. */
export function renderEntry(ctx: RenderContext, e: RenderedEntry, searchScript: string | undefined): RenderedPage {
  const t = ctx.i18n;
  switch (e.kind) {
    case 'post':
      return renderPost(ctx, e.post, e.cover);
    case 'page':
      return renderStandalonePage(ctx, e.post, e.cover);
    case 'home':
      return renderHome(ctx);
    case 'list':
      return renderListPage(ctx, e.edition ? editionOptions(ctx, e.edition) : listOptions(ctx, e.term, e.termKind), e.page);
    case 'case-studies':
      return renderCaseStudyIndex(ctx);
    case 'case-study-section':
      return renderCaseStudySection(ctx, e.section);
    case 'cv':
      return renderCv(ctx, ctx.model.profile!);
    case 'term-index':
      return e.terms === 'categories'
        ? renderTermIndex(ctx, t.t('categories.title'), 'categories/', ctx.model.categories)
        : renderTermIndex(ctx, t.t('tags.title'), 'tags/', ctx.model.tags, '#');
    case 'series-index':
      return renderSeriesIndex(ctx);
    case 'series':
      return renderSeries(ctx, e.series, e.page);
    case 'search':
      return renderSearch(ctx, searchScript!);
    case 'not-found':
      return renderNotFound(ctx);
    case 'feed':
      return { path: e.urlPath, html: renderFeed(ctx, e) };
  }
}

/**
 * What the social card of `page` shows, from the same functions its page's head takes the card's
 * title from; the page table decides which pages have one (site/page-table.ts).
 */
export function cardInput(ctx: RenderContext, page: PageEntry): CardInput {
  switch (page.kind) {
    // A post's card speaks its language, as its page does.
    case 'post':
      return postCardInput(withLang(ctx, page.post.lang), page.post);
    case 'page':
      return standalonePageCardInput(withLang(ctx, page.post.lang), page.post);
    case 'home':
      return homeCardInput(ctx);
    case 'list':
      return listCardInput(ctx, listOptions(ctx, page.term, page.termKind));
    case 'series':
      return seriesCardInput(ctx, page.series);
    case 'case-studies':
      return caseStudiesCardInput(ctx);
    case 'case-study-section':
      return caseStudySectionCardInput(ctx, page.section);
    case 'cv':
      return cvCardInput(ctx, ctx.model.profile!);
    default:
      throw new Error(`A ${page.kind} entry has no social card`);
  }
}

function renderFeed(ctx: RenderContext, e: Extract<PageEntry, { kind: 'feed' }>): string | Uint8Array {
  if (e.old) {
    const { path, format, posts, title, description, home, lang } = e.old;
    return extraFeed(ctx, {
      path,
      format,
      scope: { posts, title, description, home, rss: path, atom: path, json: path, ...(lang ? { lang } : {}) },
    });
  }
  const scope = e.term && e.termKind ? termFeedScope(ctx, e.term, e.termKind) : undefined;
  if (e.format === 'json') return jsonFeed(ctx);
  return e.format === 'rss' ? rssFeed(ctx, scope) : atomFeed(ctx, scope);
}

function termFeedScope(ctx: RenderContext, term: Term, kind: TermKind): FeedScope {
  const { config } = ctx.model;
  const title = `${config.title}: ${term.name}`;
  return {
    posts: term.posts,
    title,
    description: ctx.i18n.t(`${kind}.feedDescription`, { name: term.name, site: config.title }),
    home: term.path,
    rss: `${term.path}feed.xml`,
    atom: `${term.path}atom.xml`,
  };
}

/** The list of a language edition's translations, at `<lang>/`, titled in that language's own name for itself. */
function editionOptions(ctx: RenderContext, edition: Edition): ListOptions {
  const writingTitle = ctx.model.config.writing.title ?? ctx.i18n.t('writing.title');
  let name = edition.lang;
  try {
    name = new Intl.DisplayNames([edition.lang], { type: 'language' }).of(edition.lang) ?? edition.lang;
  } catch {
    // A code Intl does not know is shown as written.
  }
  const first = `${edition.lang}/`;
  return {
    title: `${writingTitle} (${name})`,
    kind: writingTitle,
    posts: edition.posts,
    firstPath: first,
    empty: ctx.i18n.t('writing.empty'),
    crumbs: [[writingTitle, 'writing/']],
  };
}

/**
 * The Writing list, or a category's or tag's list, as the list renderer takes it. Each of its
 * pages is a page-table entry of its own: paginating the whole list again for every page cost a
 * 10,000-post site 360 MB of garbage and its 1,024 MiB memory budget.
 */
function listOptions(ctx: RenderContext, term: Term | undefined, kind: TermKind | undefined): ListOptions {
  const t = ctx.i18n;
  const { model } = ctx;
  if (!term || !kind) {
    const writingTitle = model.config.writing.title ?? t.t('writing.title');
    return {
      title: writingTitle,
      kind: writingTitle,
      posts: model.articles,
      firstPath: 'writing/',
      ...(model.config.writing.intro ? { intro: model.config.writing.intro } : {}),
      filter: { current: undefined, allPath: 'writing/' },
      empty: t.t('writing.empty'),
      crumbs: [[writingTitle, 'writing/']],
    };
  }
  const index = kind === 'category' ? 'categories' : 'tags';
  const feeds = { title: `${model.config.title}: ${term.name}`, rss: `${term.path}feed.xml`, atom: `${term.path}atom.xml`, kind };
  return {
    title: kind === 'tag' ? t.t('tag.title', { name: term.title ?? term.name }) : (term.title ?? term.name),
    ...(term.description ? { intro: term.description } : {}),
    kind: t.t(`${kind}.eyebrow`),
    feeds,
    posts: term.posts,
    firstPath: term.path,
    ...(kind === 'category' ? { filter: { current: term, allPath: 'writing/' } } : {}),
    empty: t.t(`${kind}.empty`),
    crumbs: [
      [t.t(`${index}.title`), `${index}/`],
      [term.name, term.path],
    ],
  };
}
