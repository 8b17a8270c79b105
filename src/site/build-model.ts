import type { SiteConfig } from '../config/index.js';
import { CasebookError, CasebookErrors, type Location } from '../errors/index.js';
import { offsetToLineColumn } from '../util/source-position.js';
import { compareDates } from '../util/dates.js';
import { slugify } from '../util/slug.js';
import { sameStrings } from '../util/same-strings.js';
import { closest } from '../util/suggest.js';
import type { Profile } from '../profile/index.js';
import { kindSpec } from '../content/kinds.js';
import type { Author, CaseStudySection, Edition, Page, Post, Series, SiteModel, Term } from './model.js';

/**
 * One collator for every title comparison: `localeCompare` builds one per call (10k posts, 140k
 * comparisons). Made on first use, not when the module loads: the first collator of a process
 * costs 14-22 ms of ICU start-up, which bin/casebook.js's warm-up thread has done by the time the
 * model is built but not while the bundle is still loading.
 */
let shared: Intl.Collator | undefined;
const collator = { compare: (a: string, b: string): number => (shared ??= new Intl.Collator('en')).compare(a, b) };

/** Newest first; undated posts last; ties by title then file so order never depends on the file system. */
export function compareNewestFirst(a: Post, b: Post): number {
  if (a.date && b.date) {
    if (a.date.epoch !== b.date.epoch) return b.date.epoch - a.date.epoch;
  } else if (a.date) return -1;
  else if (b.date) return 1;
  return collator.compare(a.title, b.title) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
}

function collectTerms(posts: Post[], pick: (p: Post) => string[], prefix: string, assign: (p: Post, t: Term) => void): Term[] {
  const bySlug = new Map<string, Term>();
  // A site has tens of distinct names on thousands of posts: slugify each once.
  const slugs = new Map<string, string>();
  for (const post of posts) {
    for (const name of pick(post)) {
      let slug = slugs.get(name);
      if (slug === undefined) slugs.set(name, (slug = slugify(name) || 'untitled'));
      let term = bySlug.get(slug);
      if (!term) {
        term = { name, slug, path: `${prefix}/${slug}/`, posts: [] };
        bySlug.set(slug, term);
      }
      // Posts arrive one at a time, so a repeat can only be the last one added (two tags with one slug).
      if (term.posts[term.posts.length - 1] !== post) {
        term.posts.push(post);
        assign(post, term);
      }
    }
  }
  return [...bySlug.values()].sort((a, b) => b.posts.length - a.posts.length || collator.compare(a.name, b.name));
}

/** The translated posts by language edition, languages in name order. */
function editionsOf(posts: Post[]): Edition[] {
  const by = new Map<string, Post[]>();
  for (const p of posts) {
    if (!p.edition) continue;
    let list = by.get(p.edition);
    if (!list) by.set(p.edition, (list = []));
    list.push(p);
  }
  return [...by].sort(([a], [b]) => (a < b ? -1 : 1)).map(([lang, list]) => ({ lang, posts: list }));
}

function linkNeighbours(list: Post[]): void {
  for (let i = 0; i < list.length; i++) {
    list[i]!.newer = list[i - 1];
    list[i]!.older = list[i + 1];
  }
}

/** The config file as the loader read it: where an error about a config value points. */
export interface ConfigText {
  file: string;
  source?: string | undefined;
}

/** What a long-lived process keeps between models (the dev server's build cache): the last related-posts assignment. */
export interface ModelMemo {
  related?: RelatedMemo | undefined;
  /** Each post's part of the related memo's key: an unchanged post keeps its object between dev builds. */
  relatedKeys?: WeakMap<Post, string>;
}

/**
 * Turns rendered posts into the site model: pure, no I/O, no module state. Which collection a
 * post belongs to is its kind's declaration (content/kinds.ts): the Writing list, the case
 * studies, or none (a standalone page).
 */
export function buildModel(config: SiteConfig, all: Post[], profile?: Profile, configText?: ConfigText, memo?: ModelMemo): SiteModel {
  const url = new URL(config.baseUrl);
  const pages = all.filter((p) => kindSpec(p.kind).list === undefined).sort((a, b) => collator.compare(a.title, b.title));
  const every = all.filter((p) => kindSpec(p.kind).list !== undefined).sort(compareNewestFirst);
  // Translations of a multilingual site have their pages but live in their own edition's list.
  const sorted = every.filter((p) => !p.edition);
  const articles = sorted.filter((p) => kindSpec(p.kind).list === 'writing');
  const caseStudies = sorted.filter((p) => kindSpec(p.kind).list === 'case-studies');
  linkNeighbours(articles);
  linkNeighbours(caseStudies);
  const editions = editionsOf(every);
  for (const e of editions) linkNeighbours(e.posts);

  const categories = collectTerms(
    sorted,
    (p) => p.categories,
    'categories',
    (p, t) => p.categoryTerms.push(t),
  );
  const tags = collectTerms(
    sorted,
    (p) => p.tags,
    'tags',
    (p, t) => p.tagTerms.push(t),
  );

  const errors: CasebookError[] = [];
  const seriesBySlug = new Map<string, Series>();
  for (const post of [...sorted].reverse()) {
    if (!post.series) continue;
    const slug = slugify(post.series.name) || 'series';
    let s = seriesBySlug.get(slug);
    if (!s) {
      s = { name: post.series.name, slug, path: `series/${slug}/`, parts: [] };
      seriesBySlug.set(slug, s);
    }
    s.parts.push(post);
  }
  const series = [...seriesBySlug.values()];
  for (const s of series) {
    // Explicit part numbers win; parts without one follow in date order after the numbered ones.
    s.parts.sort((a, b) => (a.series!.part ?? Infinity) - (b.series!.part ?? Infinity) || compareDates(a.date, b.date));
    const seen = new Map<number, Post>();
    for (const p of s.parts) {
      const n = p.series!.part;
      if (n === undefined) continue;
      const other = seen.get(n);
      if (other) {
        const line = p.keyLine('seriesPart');
        errors.push(
          new CasebookError('CB1022', `${other.rel} and ${p.rel} are both part ${n} of "${s.name}".`, {
            file: p.file,
            ...(line ? { line, column: 1 } : {}),
            source: p.source,
          }),
        );
      }
      seen.set(n, p);
    }
    s.parts.forEach((p, i) => (p.seriesInfo = { series: s, index: i + 1, total: s.parts.length }));
  }
  if (errors.length) throw new CasebookErrors(errors);
  series.sort((a, b) => collator.compare(a.name, b.name));

  const basics = profile?.basics;
  const author: Author | undefined = config.author ?? (basics ? { name: basics.name, email: basics.email, url: basics.url } : undefined);
  const nav = config.nav
    ? resolveNav(config.nav, pages, configText)
    : [
        { label: config.writing.title ?? 'Writing', url: '/writing/' },
        // A blog of articles only (most imported and foreign sites) has no case studies to point at.
        ...(caseStudies.length ? [{ label: 'Case studies', url: '/case-studies/' }] : []),
        ...(profile ? [{ label: 'CV', url: '/cv/' }] : []),
      ];
  assignRelated(sorted, memo);
  // The newest edit (the first of equals, as a stable sort would give): one pass, not a sort.
  let newestEdit: Post | undefined;
  for (const p of sorted) if (!newestEdit || compareDates(p.updated ?? p.date, newestEdit.updated ?? newestEdit.date) > 0) newestEdit = p;
  return {
    config,
    base: url.pathname.endsWith('/') ? url.pathname : url.pathname + '/',
    origin: url.origin,
    posts: every,
    listed: sorted,
    editions,
    pages,
    articles,
    caseStudies,
    featured: sorted.filter((p) => p.featured),
    categories,
    tags,
    series,
    updated: newestEdit,
    caseStudySections: groupCaseStudies(config, caseStudies),
    profile,
    author,
    nav,
  };
}

/** `{ page: about }` in the nav becomes a link to that page, titled by it unless a label is given. */
function resolveNav(items: NonNullable<SiteConfig['nav']>, pages: Post[], configText: ConfigText | undefined): { label: string; url: string }[] {
  return items.map((item) => {
    if ('url' in item) return item;
    const page = pages.find((p) => p.slug.toLowerCase() === item.page.toLowerCase());
    if (!page) {
      const near = closest(
        item.page,
        pages.map((p) => p.slug),
      );
      throw new CasebookError(
        'CB2008',
        `The navigation names the page "${item.page}", but no standalone page has that slug.${near ? ` Did you mean "${near}"?` : ''}`,
        configText ? locateIn(configText, item.page) : undefined,
        pages.length ? `Standalone pages: ${pages.map((p) => p.slug).join(', ')}.` : 'Add content/pages/' + item.page + '.md, or give a post `kind: page`.',
      );
    }
    return { label: item.label ?? page.title, url: '/' + page.path };
  });
}

/** Where `needle` first appears in the config text the loader read, for the code frame of an error about it. */
function locateIn({ file, source }: ConfigText, needle: string): Location {
  const at = source === undefined ? -1 : source.indexOf(needle);
  return at < 0 ? { file } : { file, ...offsetToLineColumn(source!, at), source: source! };
}

/**
 * A featured case study is listed in the first featured section and also in its own section: the
 * first section whose categories it has, or "More case studies", so a section never loses (or
 * calls itself empty over) a study because it was featured. Others go to the first section they fit.
 */
export function groupCaseStudies(config: SiteConfig, caseStudies: Post[]): CaseStudySection[] {
  const taken = new Set<string>();
  // Section pages need distinct URLs even when two titles slugify alike ("More" and "more!").
  const uniqueSlug = (title: string) => {
    const base = slugify(title) || 'section';
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return slug;
  };
  const sections: CaseStudySection[] = config.caseStudies.sections.map((s) => {
    const slug = uniqueSlug(s.title);
    return { title: s.title, slug, path: `case-studies/sections/${slug}/`, description: s.description, posts: [] };
  });
  const rest: Post[] = [];
  for (const post of caseStudies) {
    const cats = post.categories.map((c) => c.toLowerCase());
    const spotlight = post.featured ? config.caseStudies.sections.findIndex((s) => s.featured) : -1;
    if (spotlight >= 0) sections[spotlight]!.posts.push(post);
    const index = config.caseStudies.sections.findIndex((s, i) => i !== spotlight && s.categories.some((c) => cats.includes(c.toLowerCase())));
    if (index >= 0) sections[index]!.posts.push(post);
    else rest.push(post);
  }
  if (rest.length) {
    const slug = uniqueSlug('more');
    sections.push({ title: 'More case studies', slug, path: `case-studies/sections/${slug}/`, description: undefined, posts: rest });
  }
  return sections;
}

export function paginate<T>(items: T[], size: number, firstPath: string): Page<T>[] {
  const total = Math.max(1, Math.ceil(items.length / size));
  const pathOf = (n: number) => (n === 1 ? firstPath : `${firstPath}page/${n}/`);
  return Array.from({ length: total }, (_, i) => ({
    items: items.slice(i * size, (i + 1) * size),
    number: i + 1,
    total,
    path: pathOf(i + 1),
    pathOf,
  }));
}

/**
 * Parts listed per page of a series page: a series of 4,000 parts is 40 pages, not one page of
 * several megabytes.
 */
export const SERIES_PAGE_SIZE = 100;

/** The pages of a series' page, `series/<s>/`, `series/<s>/page/2/`, …, in part order. */
export function seriesPages(series: Series): Page<Post>[] {
  return paginate(series.parts, SERIES_PAGE_SIZE, series.path);
}

/** The series page that lists part `index` (1-based). */
export function seriesPageOf(series: Series, index: number): string {
  const n = Math.ceil(index / SERIES_PAGE_SIZE);
  return n <= 1 ? series.path : `${series.path}page/${n}/`;
}

/** A series with at most this many parts is listed whole in each part's box. */
export const SERIES_BOX_ALL = 12;
/** Parts shown on each side of the current one when the box is cut short. */
const SERIES_BOX_AROUND = 3;

/**
 * The part numbers (1-based, ascending) a part's series box lists: all of a short series; of a
 * longer one the first, the last and the three on each side of the current part, so a box holds
 * at most nine parts however long the series (a box listing all 4,000 parts of a series on each
 * of them made 800 MB of HTML). The rest are on the series page.
 */
export function seriesBoxParts(index: number, total: number): number[] {
  if (total <= SERIES_BOX_ALL) return Array.from({ length: total }, (_, i) => i + 1);
  const shown = new Set([1, total]);
  for (let n = Math.max(1, index - SERIES_BOX_AROUND); n <= Math.min(total, index + SERIES_BOX_AROUND); n++) shown.add(n);
  return [...shown].sort((a, b) => a - b);
}

export const RELATED_COUNT = 3;
const WEIGHT = { series: 4, tag: 2, category: 1 };

/**
 * "Related" for every post: other posts scored by a shared series (4), each shared tag (2) and a
 * shared category (1); ties go to the newer post, then the path, so the order never varies.
 * Posts that share nothing are filled in from the newest of the same collection, so every post
 * has its list. Candidates come from an inverted index of series and tags, not from comparing
 * every pair; the (large) category lists are walked only when tags and series found fewer than
 * three. The result depends only on each post's path, date, kind, series, tags and categories,
 * so a dev rebuild after an edit that changed none of them reuses the previous assignment.
 */
export function assignRelated(posts: Post[], memo?: ModelMemo): void {
  // Own order, independent of titles: newest first, then by path.
  const order = [...posts].sort((a, b) => (b.date?.epoch ?? -Infinity) - (a.date?.epoch ?? -Infinity) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  // Each post's part of the memo key is kept with the post: in dev an unchanged post keeps its
  // object, so a rebuild compares 10,000 strings instead of serialising every post again. A
  // build without a memo (the CLI) makes no key.
  const memoKey = memo ? order.map((p) => relatedKey(p, memo.relatedKeys)) : [];
  const last = memo?.related;
  if (last && sameStrings(memoKey, last.key)) {
    const { related } = last;
    order.forEach((p, i) => (p.related = related[i]!.map((j) => order[j]!)));
    return;
  }
  const keysOf = order.map((p) => ({
    strong: [
      ...(p.series ? [[`s:${p.series.name.toLowerCase()}`, WEIGHT.series] as const] : []),
      ...p.tags.map((t) => [`t:${slugify(t)}`, WEIGHT.tag] as const),
    ],
    categories: p.categories.map((c) => `c:${slugify(c)}`),
  }));

  // Integer ids and one reusable score array: no per-candidate allocation. A lower id wins a tie.
  // Index loops, not for-of and callbacks: a scan of a 1,000-post site visits 260,000
  // candidates, and iterators and closures made 30 MB of garbage.
  const strongIndex = new Map<string, number[]>();
  const categoryIndex = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, k: string, i: number) => {
    const list = index.get(k);
    if (list) list.push(i);
    else index.set(k, [i]);
  };
  keysOf.forEach((keys, i) => {
    for (const [k] of keys.strong) add(strongIndex, k, i);
    for (const k of keys.categories) add(categoryIndex, k, i);
  });
  const score = new Int32Array(order.length);
  const outranks = (j: number, t: number) => score[j]! > score[t]! || (score[j] === score[t] && j < t);
  const touched: number[] = [];
  const top: number[] = [];
  for (let i = 0; i < order.length; i++) {
    const post = order[i]!;
    const own = keysOf[i]!;
    for (const [k, w] of own.strong) {
      const ids = strongIndex.get(k)!;
      for (let n = 0; n < ids.length; n++) {
        const j = ids[n]!;
        if (j === i) continue;
        if (score[j] === 0) touched.push(j);
        score[j] = score[j]! + w;
      }
    }
    // Candidates found by series or tags get their shared categories counted directly.
    for (let n = 0; n < touched.length; n++) {
      const j = touched[n]!;
      const theirs = keysOf[j]!.categories;
      for (let c = 0; c < theirs.length; c++) if (own.categories.includes(theirs[c]!)) score[j] = score[j]! + WEIGHT.category;
    }
    if (touched.length < RELATED_COUNT) {
      for (const c of own.categories) {
        const ids = categoryIndex.get(c)!;
        for (let n = 0; n < ids.length; n++) {
          const j = ids[n]!;
          if (j === i || score[j] !== 0) continue;
          touched.push(j);
          score[j] = WEIGHT.category;
        }
      }
    }
    top.length = 0;
    for (let n = 0; n < touched.length; n++) {
      const j = touched[n]!;
      let at = 0;
      while (at < top.length && !outranks(j, top[at]!)) at++;
      if (at < RELATED_COUNT) {
        top.splice(at, 0, j);
        if (top.length > RELATED_COUNT) top.pop();
      }
    }
    for (let n = 0; n < touched.length; n++) score[touched[n]!] = 0;
    touched.length = 0;
    const related = top.map((j) => order[j]!);
    for (let n = 0; n < order.length && related.length < RELATED_COUNT; n++) {
      const p = order[n]!;
      if (p !== post && p.kind === post.kind && !related.includes(p)) related.push(p);
    }
    post.related = related;
  }
  const index = new Map(order.map((p, i) => [p, i]));
  if (memo) memo.related = { key: memoKey, related: order.map((p) => p.related.map((r) => index.get(r)!)) };
}

/** What a post's related list and its place in others' depends on (path, date, kind, series, tags, categories). */
function relatedKey(p: Post, relatedKeys: WeakMap<Post, string> | undefined): string {
  let key = relatedKeys?.get(p);
  if (key === undefined) {
    key = JSON.stringify([p.rel, p.date?.epoch, p.kind, p.series?.name.toLowerCase(), p.tags.map((t) => slugify(t)), p.categories.map((c) => slugify(c))]);
    relatedKeys?.set(p, key);
  }
  return key;
}

/** A previous assignment, for dev rebuilds; keyed by everything the scores depend on. */
export interface RelatedMemo {
  key: string[];
  related: number[][];
}
