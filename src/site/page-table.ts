import { createHash } from 'node:crypto';
import type { CaseStudySection, Cover, Edition, Page, Post, Series, SiteModel, Term } from './model.js';
import { kindSpec } from '../content/kinds.js';
import { paginate, seriesBoxParts, seriesPages } from './build-model.js';
import { cardPath, fileForSitePath } from './generated-paths.js';

/**
 * One output of the site. The table of them is complete before anything renders: collisions
 * and reserved paths are checked on it (page-table-check.ts), the build renders it entry by
 * entry, and a page's cache key is a digest of `shows()`, exactly the data the entry says its
 * page shows, so adding something to what a page shows changes its key with no cache code.
 */
export type PageEntry = EntryBase & EntrySubject;

interface EntryBase {
  /** Site path without the base: `writing/x/`, `feed.xml`, `pagefind/`. */
  urlPath: string;
  /** The file it is written to, relative to the output folder (`writing/x/index.html`). */
  outFile: string;
  /** The files it comes from (content, static), for errors that name every source of a clash. */
  sources: string[];
  /**
   * What the page shows besides what every page shows (header, footer, head): its cache key is a
   * digest of this. Undefined for files that are not rendered (static files, images).
   */
  shows?: () => unknown;
}

export type TermKind = 'category' | 'tag';

type EntrySubject =
  | { kind: 'post'; post: Post; cover: Cover | undefined }
  | { kind: 'page'; post: Post; cover: Cover | undefined }
  | { kind: 'home' }
  | { kind: 'list'; term: Term | undefined; termKind: TermKind | undefined; page: Page<Post>; edition?: Edition }
  | { kind: 'case-studies' }
  | { kind: 'case-study-section'; section: CaseStudySection }
  | { kind: 'cv' }
  | { kind: 'term-index'; terms: 'categories' | 'tags' }
  | { kind: 'series-index' }
  | { kind: 'series'; series: Series; page: Page<Post> }
  | { kind: 'search' }
  | { kind: 'not-found' }
  | { kind: 'feed'; format: 'rss' | 'atom' | 'json'; term: Term | undefined; termKind: TermKind | undefined; old?: OldFeedOutput }
  /** `target`: an http(s) address outside the site, for an old post that was only a redirect there. */
  | { kind: 'redirect'; post: Post; alias: string; target?: string }
  /**
   * The list page of a section of the old site (another tool's) whose posts Casebook lists at
   * `target` (`writing/` or `case-studies/`): a redirect page, so the old list URL is not a 404.
   */
  | { kind: 'moved-list'; target: 'writing/' | 'case-studies/' }
  | { kind: 'static'; from: string }
  | { kind: 'image'; from: string }
  /** A page's generated social card (`og.png` beside it): `page` is the entry whose card it is. */
  | { kind: 'card'; page: PageEntry }
  /** A file Casebook makes on its own: stylesheet, scripts, fonts, favicon, sitemap, robots.txt, resume.json, _redirects, the search index. */
  | { kind: 'generated'; what: string };

export type EntryKind = PageEntry['kind'];

/** Entries that are HTML pages a reader visits (the sitemap lists them, but not search/). */
export const PAGE_KINDS: ReadonlySet<EntryKind> = new Set([
  'post',
  'page',
  'home',
  'list',
  'case-studies',
  'case-study-section',
  'cv',
  'term-index',
  'series-index',
  'series',
  'search',
]);

export interface TableInput {
  model: SiteModel;
  covers: Map<Post, Cover>;
  /** Where an alias points (`aliasPath`), undefined when it leaves the site. */
  aliasPath: (alias: string) => string | undefined;
  /** Old posts that were only a redirect to another site: a redirect at their URL, no page. */
  externalRedirects?: readonly { post: Post; target: string }[];
  /** The stylesheet KaTeX needs, when some body has math: pages with math show its path. */
  mathStylesheet: string | undefined;
  search: boolean;
  /** Generated files known before rendering (stylesheet, scripts, fonts, favicon…), by path. */
  generated: { path: string; what: string }[];
  staticFiles: { from: string; to: string }[];
  images: { from: string; to: string }[];
  /** The site has a profile (a CV page) and publishes its resume.json. */
  resume: boolean;
  /** Social cards on: pages without a cover of their own get an `og.png` beside them (a card entry each). */
  cards: boolean;
  /** Feeds of a site made with another tool; one at feed.xml, atom.xml or feed.json takes the place of Casebook's. */
  oldFeeds?: OldFeedOutput[];
  /** A site made with another tool: the old list page of each section its posts sit in redirects to Casebook's list (movedLists). */
  oldLists?: boolean;
}

/** A feed the old site (another tool's) published, kept at its URL in its format with the posts it carried. */
export interface OldFeedOutput {
  path: string;
  format: 'rss' | 'atom' | 'json';
  posts: Post[];
  title: string;
  description: string;
  /** Site path of the page the feed belongs to ('' for the home page). */
  home: string;
  /** Its language when it is not the site's (a multilingual site's other edition). */
  lang?: string | undefined;
}

export interface PageTable {
  entries: PageEntry[];
  /** Aliases that leave the site, for the check to report. */
  outside: { post: Post; alias: string }[];
}

/** Lists every output of the site. Pure: reads the model, writes nothing. */
export function planPages(input: TableInput): PageTable {
  const { model } = input;
  const keys = new PostKeys(input.covers);
  const entries: PageEntry[] = [];
  const page = (urlPath: string, subject: EntrySubject, shows: () => unknown, sources: string[] = []) =>
    entries.push({ urlPath, outFile: fileForSitePath(urlPath), sources, shows, ...subject } as PageEntry);
  const card = keys.card;
  const dep = keys.dep;
  const neighbour = (p: Post | undefined) => (p ? [p.path, p.title] : null);
  const math = (p: Post) => (p.rendered.math ? (input.mathStylesheet ?? null) : null);

  for (const post of model.posts) {
    const cover = input.covers.get(post);
    const info = post.seriesInfo;
    page(
      post.path,
      { kind: 'post', post, cover },
      () => [
        dep(post),
        math(post),
        cover,
        neighbour(post.older),
        neighbour(post.newer),
        post.related.map(card),
        // The parts its series box lists, not the whole series: a 4,000-part series' key was 4,000 parts long on every part.
        info
          ? [
              info.index,
              info.total,
              info.series.name,
              seriesBoxParts(info.index, info.total).map((n) => [info.series.parts[n - 1]!.path, info.series.parts[n - 1]!.title]),
            ]
          : null,
      ],
      [post.file],
    );
  }
  for (const post of model.pages) {
    const cover = input.covers.get(post);
    page(post.path, { kind: 'page', post, cover }, () => [dep(post), math(post), cover], [post.file]);
  }
  // The home page's latest list (home.latestCount long) and, with its category filter on, each category's latest posts.
  const latest = Math.max(12, model.config.home.latestCount ?? 0);
  const homeFilter = () => (model.config.home.categoryFilter === false ? null : model.categories.map((c) => [c.name, c.posts.slice(0, latest).map(card)]));
  page('', { kind: 'home' }, () => [
    model.featured.map(card),
    model.articles.slice(0, latest).map(card),
    model.caseStudies.slice(0, 6).map(card),
    model.articles.length,
    homeFilter(),
  ]);
  const size = model.config.paginate;
  const categoryFilter = model.categories.map((c) => [c.name, c.path, c.posts.length, c.posts.some((p) => kindSpec(p.kind).list === 'writing')]);
  const list = (term: Term | undefined, termKind: TermKind | undefined, posts: Post[], firstPath: string, filter: unknown) => {
    for (const p of paginate(posts, size, firstPath)) {
      page(p.path, { kind: 'list', term, termKind, page: p }, () => [
        term?.name,
        term?.title,
        term?.description,
        p.items.map(card),
        p.number,
        p.total,
        filter,
        posts.length,
      ]);
    }
  };
  list(undefined, undefined, model.articles, 'writing/', categoryFilter);
  // Each language edition of a multilingual site lists its translations where its home was (`es/`).
  for (const edition of model.editions) {
    for (const p of paginate(edition.posts, size, `${edition.lang}/`)) {
      page(p.path, { kind: 'list', term: undefined, termKind: undefined, page: p, edition }, () => [edition.lang, p.items.map(card), p.number, p.total]);
    }
  }
  if (model.caseStudies.length) {
    const sections = () => model.caseStudySections.map((s) => [s.title, s.path, s.posts.length]);
    page('case-studies/', { kind: 'case-studies' }, () => [model.caseStudySections.map((s) => [s.title, s.path, s.posts.map(card)])]);
    for (const section of model.caseStudySections) {
      page(section.path, { kind: 'case-study-section', section }, () => [sections(), section.description, section.posts.map(card)]);
    }
  }
  if (model.profile) page('cv/', { kind: 'cv' }, () => [model.tags.map((t) => t.slug)]);
  for (const [terms, termKind] of [
    [model.categories, 'category'],
    [model.tags, 'tag'],
  ] as const) {
    for (const term of terms) list(term, termKind, term.posts, term.path, termKind === 'category' ? categoryFilter : null);
  }
  const termState = (terms: Term[]) => terms.map((t) => [t.name, t.path, t.posts.length]);
  page('categories/', { kind: 'term-index', terms: 'categories' }, () => termState(model.categories));
  page('tags/', { kind: 'term-index', terms: 'tags' }, () => termState(model.tags));
  page('series/', { kind: 'series-index' }, () => model.series.map((s) => [s.name, s.path, s.parts.length]));
  for (const s of model.series) {
    for (const p of seriesPages(s)) page(p.path, { kind: 'series', series: s, page: p }, () => [s.name, s.parts.length, p.items.map(card), p.number, p.total]);
  }
  if (input.search) page('search/', { kind: 'search' }, () => []);
  page('404.html', { kind: 'not-found' }, () => [model.listed.slice(0, 3).map(card)]);
  // A feed changes only when one of its posts does.
  const feed = (path: string, format: 'rss' | 'atom' | 'json', posts: Post[], term?: Term, termKind?: TermKind) =>
    page(path, { kind: 'feed', format, term, termKind }, () => [
      posts
        .filter((p) => p.date)
        .slice(0, feedLimit(model.config))
        .map(dep),
    ]);
  const oldFeeds = input.oldFeeds ?? [];
  const oldAt = new Set(oldFeeds.map((f) => f.path));
  if (!oldAt.has('feed.xml')) feed('feed.xml', 'rss', model.listed);
  if (!oldAt.has('atom.xml')) feed('atom.xml', 'atom', model.listed);
  if (!oldAt.has('feed.json')) feed('feed.json', 'json', model.listed);
  for (const [terms, termKind] of [
    [model.categories, 'category'],
    [model.tags, 'tag'],
  ] as const) {
    for (const term of terms) {
      feed(`${term.path}feed.xml`, 'rss', term.posts, term, termKind);
      feed(`${term.path}atom.xml`, 'atom', term.posts, term, termKind);
    }
  }
  // An old feed never displaces a page or one of Casebook's own files: a path already planned is left to it.
  const planned = new Set(entries.map((e) => e.outFile));
  for (const f of oldFeeds) {
    const outFile = fileForSitePath(f.path);
    if (planned.has(outFile)) continue;
    planned.add(outFile);
    page(f.path, { kind: 'feed', format: f.format, term: undefined, termKind: undefined, old: f }, () => [
      f.title,
      f.description,
      f.home,
      f.posts
        .filter((p) => p.date)
        .slice(0, feedLimit(model.config))
        .map(dep),
    ]);
  }
  if (input.cards) entries.push(...cardEntries(entries, keys));
  const file = (urlPath: string, subject: EntrySubject, sources: string[] = []) =>
    entries.push({ urlPath, outFile: urlPath, sources, ...subject } as PageEntry);
  for (const g of input.generated) file(g.path, { kind: 'generated', what: g.what });
  file('sitemap.xml', { kind: 'generated', what: 'the sitemap' });
  file('robots.txt', { kind: 'generated', what: 'robots.txt' });
  if (input.resume) file('resume.json', { kind: 'generated', what: 'resume.json' });
  const outside: PageTable['outside'] = [];
  let redirects = 0;
  for (const post of [...model.posts, ...model.pages]) {
    for (const alias of post.aliases) {
      const path = input.aliasPath(alias);
      if (path === undefined) {
        outside.push({ post, alias });
        continue;
      }
      redirects++;
      entries.push({
        urlPath: path,
        outFile: fileForSitePath(path),
        sources: [post.file],
        kind: 'redirect',
        post,
        alias,
        shows: () => [post.path, post.title],
      });
    }
  }
  for (const { post, target } of input.externalRedirects ?? []) {
    redirects++;
    entries.push({
      urlPath: post.path,
      outFile: fileForSitePath(post.path),
      sources: [post.file],
      kind: 'redirect',
      post,
      alias: post.path,
      target,
      shows: () => [target, post.title],
    });
  }
  for (const a of input.images) file(a.to, { kind: 'image', from: a.from }, [a.from]);
  for (const f of input.staticFiles) file(f.to, { kind: 'static', from: f.from }, [f.from]);
  if (input.oldLists) {
    const moved = movedLists(model.posts, entries, input.generated);
    redirects += moved.length;
    entries.push(...moved);
  }
  if (redirects) file('_redirects', { kind: 'generated', what: 'the redirects file' });
  return { entries, outside };
}

/**
 * A section name that can stand in a URL and in a `_redirects` line as it is: letters, digits,
 * `-._~` and spaces (written %20). Anything else (a tab or line break from a category, `%`, `<`)
 * could change what a host reads from the line; such a section keeps its 404.
 */
const PLAIN_SECTION = /^[\p{L}\p{N}._~ -]+\/$/u;

/**
 * Where the old site listed a section's posts (`/post/` for posts at `/post/<slug>/`, Hugo's
 * section pages, also for posts its permalinks put elsewhere, Zola's section pages, an Astro or
 * Eleventy `blog/` index), Casebook lists them at `/writing/`
 * (or `/case-studies/`): each URL that holds at least two posts' pages and nothing of its own
 * becomes a redirect there. Only URLs no entry and no generated folder takes, so this never
 * displaces anything; a section the old site did not list gets a redirect where it had a 404.
 */
function movedLists(posts: readonly Post[], entries: readonly PageEntry[], generated: readonly { path: string }[]): PageEntry[] {
  const bySection = new Map<string, Post[]>();
  const add = (section: string, post: Post) => {
    const list = bySection.get(section);
    if (!list) bySection.set(section, [post]);
    else if (list.at(-1) !== post) list.push(post);
  };
  for (const post of posts) {
    const slash = post.path.indexOf('/');
    if (slash > 0 && slash < post.path.length - 1) add(post.path.slice(0, slash + 1), post);
    // Hugo lists a content folder's posts at /<folder>/ (in lower case) whatever its permalinks
    // give the posts themselves (`/:year/:month/:slug/`), and its section feed links there.
    const rel = post.foreignBody?.family === 'hugo' ? post.foreignBody.contentRel : undefined;
    const folder = rel?.includes('/') ? rel.slice(0, rel.indexOf('/')) : undefined;
    if (folder) add(`${folder.toLowerCase()}/`, post);
  }
  // Compared without letter case: on a case-insensitive disk (or host) /Posts/ and /posts/ are one.
  const taken = new Set(entries.flatMap((e) => [e.urlPath.toLowerCase(), e.outFile.toLowerCase()]));
  const generatedDirs = generated.map((g) => g.path.toLowerCase()).filter((p) => p.endsWith('/'));
  const out: PageEntry[] = [];
  for (const [section, inSection] of bySection) {
    const lower = section.toLowerCase();
    if (inSection.length < 2 || !PLAIN_SECTION.test(section) || taken.has(lower) || taken.has(fileForSitePath(section).toLowerCase())) continue;
    if (generatedDirs.some((g) => lower.startsWith(g) || g.startsWith(lower))) continue;
    const studies = inSection.filter((p) => kindSpec(p.kind).list === 'case-studies').length;
    const target = studies > inSection.length / 2 ? 'case-studies/' : 'writing/';
    out.push({
      urlPath: section,
      outFile: fileForSitePath(section),
      sources: inSection.slice(0, 3).map((p) => p.file),
      kind: 'moved-list',
      target,
      shows: () => [target],
    });
  }
  return out;
}

/**
 * The social cards: one beside each page that shows a card rather than a cover (posts and
 * standalone pages without one, the home page, the first page of each list and series, the case
 * studies and their sections, the CV). What a card shows is its own key, as a page's is.
 */
function cardEntries(pages: readonly PageEntry[], keys: PostKeys): PageEntry[] {
  const out: PageEntry[] = [];
  for (const page of pages) {
    const shows = cardShows(page, keys);
    if (!shows) continue;
    const urlPath = cardPath(page.urlPath);
    out.push({ urlPath, outFile: urlPath, sources: page.sources, kind: 'card', page, shows });
  }
  return out;
}

/** What the card of `page` shows besides the site's title and language, or undefined when the page has no card. */
function cardShows(page: PageEntry, keys: PostKeys): (() => unknown) | undefined {
  switch (page.kind) {
    case 'post':
    case 'page':
      return page.cover ? undefined : () => [page.kind, keys.card(page.post)];
    case 'list':
      return page.page.number === 1 ? () => ['list', page.termKind ?? null, page.term?.name ?? null] : undefined;
    case 'series':
      return page.page.number === 1 ? () => ['series', page.series.name, page.series.parts.length] : undefined;
    case 'case-study-section':
      return () => ['section', page.section.slug, page.section.title];
    case 'home':
    case 'case-studies':
    case 'cv':
      return () => [page.kind];
    default:
      return undefined;
  }
}

/** How many posts each feed carries (`feedSize`); a feed's key covers that many of the newest dated posts. */
export function feedLimit(config: { feedSize: number | 'all' }): number {
  return config.feedSize === 'all' ? Number.POSITIVE_INFINITY : config.feedSize;
}

/**
 * A post as other pages show it, digested once per post per table: `dep` is the whole post (its
 * page, its feed entry), `card` the post as a list shows it (everything but the body), so an edit
 * below the summary re-renders the post and its feeds, not every list.
 */
class PostKeys {
  /** Covers show on cards as thumbnails, so a card's key holds its cover's URL. */
  constructor(private readonly covers?: Map<Post, Cover>) {}
  private deps = new Map<Post, string>();
  private cards = new Map<Post, string>();
  private kinds = new Map<string, string>();

  /** A kind's declaration is part of what its posts show (layout, card label, schema type). */
  private kind(name: string): string {
    let d = this.kinds.get(name);
    // What `casebook new` starts for a kind shows on no page.
    if (d === undefined) this.kinds.set(name, (d = digestOf({ ...kindSpec(name), scaffold: undefined })));
    return d;
  }

  dep = (p: Post): string => {
    let d = this.deps.get(p);
    if (d === undefined) {
      d = `${p.digest}|${p.rendered.digest}|${p.path}|${p.status}|${this.kind(p.kind)}|${p.categoryTerms.map((t) => t.name).join(',')}|${p.tagTerms.map((t) => t.name).join(',')}`;
      this.deps.set(p, d);
    }
    return d;
  };

  card = (p: Post): string => {
    let d = this.cards.get(p);
    if (d === undefined) {
      const info = p.seriesInfo;
      // Hashed: list keys hold ten of these, and short keys keep a 10,000-post rebuild's garbage down.
      d = digestOf([
        p.path,
        p.title,
        this.kind(p.kind),
        p.status,
        p.date?.epoch,
        p.updated?.epoch,
        p.description,
        p.rendered.summary,
        p.rendered.readingMinutes,
        p.categoryTerms.map((t) => t.name),
        p.tagTerms.map((t) => t.name),
        info ? [info.series.name, info.index, info.total] : null,
        p.featured,
        p.lang,
        p.image,
        p.caseStudy.outcomes?.[0] ?? null,
        this.covers?.get(p)?.url ?? null,
      ]);
      this.cards.set(p, d);
    }
    return d;
  };
}

function digestOf(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}
