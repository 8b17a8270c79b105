import { basename } from 'node:path';
import { CasebookError, CasebookErrors, type Location, type Warning } from '../errors/index.js';
import { generatedClash, RESERVED_PATHS } from './generated-paths.js';
import type { Post } from './model.js';
import { kindSpec } from '../content/kinds.js';
import { IMAGE_PATH } from '../markdown/images.js';
import type { PageEntry, PageTable } from './page-table.js';
import { sameStrings } from '../util/same-strings.js';

/**
 * Generated pages an author's own page may take: Casebook's page is then skipped, with a warning
 * (an imported blog keeps its own /tags/ or /404.html). The lists (writing/, case-studies/) and
 * search/ stay Casebook's: their pagination and the header search box depend on them.
 */
const YIELDING: ReadonlySet<PageEntry['kind']> = new Set(['cv', 'term-index', 'series-index', 'not-found']);

/** How a table is checked: leniently (another tool's site), where warnings go, and how to tell one file under two names. */
export type TableCheckOptions = { lenient: boolean; warnings: Warning[]; sameFile?: ((a: string, b: string) => boolean) | undefined };

/** How clashes are settled; `reported`: the sets of files whose clash was reported already. */
type CheckOptions = { lenient: boolean; warnings: Warning[]; reported: Set<string>; sameFile?: ((a: string, b: string) => boolean) | undefined };

/** Static files that replace the generated one of the same name (the documented way to customise them). */
const REPLACEABLE = new Set(['robots.txt', 'favicon.svg']);

/**
 * Checks the whole table before anything renders: every clash is an error naming every source
 * involved, except where an author's own file wins over a page Casebook can do without. Returns
 * the entries to build (without the generated pages that gave way); throws CasebookErrors.
 */
export function checkPageTable(table: PageTable, options: TableCheckOptions): PageEntry[] {
  const opts: CheckOptions = { ...options, reported: new Set() };
  const errors: CasebookError[] = [];
  for (const { post, alias } of table.outside) {
    errors.push(new CasebookError('CB1323', `The alias "${alias}" of ${post.rel} points outside the site.`, at(post, 'aliases')));
  }
  const dropped = new Set<PageEntry>();
  for (const e of table.entries) {
    const problem = ownPathProblem(e, opts.lenient);
    if (problem instanceof CasebookError) errors.push(problem);
    else if (problem) {
      opts.warnings.push(problem);
      dropped.add(e);
    }
  }
  errors.push(...insideGeneratedFolders(table.entries));
  for (const e of redundantAliases(table.entries)) {
    opts.warnings.push({
      code: 'CB1604',
      message: `The alias "${e.alias}" of ${e.post.rel} is the post's own URL or another of its aliases, letter case aside; no redirect is written for it.`,
      location: at(e.post, 'aliases'),
    });
    dropped.add(e);
  }
  // Pages first: a card goes with its page, so one whose page gave way (an author's own /cv/) is
  // not there to clash; then the cards against everything that is left.
  const cards = (e: PageEntry) => e.kind === 'card';
  settleClashes(
    table.entries.filter((e) => !cards(e) && !dropped.has(e)),
    () => true,
    opts,
    errors,
    dropped,
  );
  for (const e of table.entries) if (e.kind === 'card' && dropped.has(e.page)) dropped.add(e);
  settleClashes(
    table.entries.filter((e) => !dropped.has(e)),
    // Cards alone on one file belong to pages that clash, which the first pass reported.
    (group) => group.some(cards) && !group.every(cards),
    opts,
    errors,
    dropped,
  );
  const kept = table.entries.filter((e) => !dropped.has(e));
  foldersInTheWay(kept, opts, errors, dropped);
  if (errors.length) throw new CasebookErrors(errors);
  return kept.filter((e) => !dropped.has(e));
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Everything of a table that checkPageTable reads when the table is clean, five strings an entry:
 * two tables with the same fields, the first of which checked clean (nothing dropped, no
 * warning), check clean alike. Undefined for a table with aliases out of the site (errors).
 */
function tableFields(table: PageTable): string[] | undefined {
  if (table.outside.length) return undefined;
  const fields: string[] = [];
  for (const e of table.entries) {
    fields.push(e.kind, e.urlPath, e.outFile, 'post' in e ? e.post.file : 'from' in e ? e.from : '', e.kind === 'redirect' ? e.alias : '');
  }
  return fields;
}

/** The fields of the last table that checked clean, and whether the check was lenient. */
export interface PageTableMemo {
  clean?: { lenient: boolean; fields: string[] } | undefined;
}

/**
 * checkPageTable, skipped when the last table that checked clean had the same fields as this
 * one: the dev server keeps it, so an edit that moves no file (most edits) skips the check, 50 ms
 * of a 10,000-post rebuild. Comparing the fields costs a few.
 */
export function checkPageTableOnce(table: PageTable, options: TableCheckOptions, memo: PageTableMemo): PageEntry[] {
  const fields = tableFields(table);
  const last = memo.clean;
  if (fields && last?.lenient === options.lenient && sameStrings(fields, last.fields)) return table.entries;
  memo.clean = undefined;
  const warned = options.warnings.length;
  const kept = checkPageTable(table, options);
  if (fields && kept.length === table.entries.length && options.warnings.length === warned) memo.clean = { lenient: options.lenient, fields };
  return kept;
}

/**
 * A name as a host that ignores case and Unicode normalisation compares it: composed (macOS
 * stores `café` either way and finds both), lower case, and letters with one upper case folded
 * to its lower case (final sigma, the Greek symbol variants, long s, the micro sign, dotless i).
 */
export function foldedName(name: string): string {
  // ASCII names (almost all) need nothing more: they are their own normal form.
  if (!NON_ASCII.test(name)) return name.toLowerCase();
  const lower = name.normalize('NFC').toLowerCase();
  let out = '';
  for (const c of lower) {
    // Through upper case, one letter at a time: ς, ϐ and ſ become σ, β and s, but ß stays ß
    // (its upper case is two letters, SS, and no host takes ß.pdf for ss.pdf).
    const upper = c.toUpperCase();
    out += [...upper].length === 1 ? upper.toLowerCase() : c;
  }
  return out;
}

/** Groups the entries by output file (letter case aside) and settles each group of several that `which` picks. */
function settleClashes(
  entries: PageEntry[],
  which: (group: PageEntry[]) => boolean,
  opts: CheckOptions,
  errors: CasebookError[],
  dropped: Set<PageEntry>,
): void {
  // A file almost always has one entry: it is kept as itself, and an array is made only for a second.
  const groups = new Map<string, PageEntry | PageEntry[]>();
  for (const e of entries) {
    const key = foldedName(e.outFile);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, e);
    else if (Array.isArray(group)) group.push(e);
    else groups.set(key, [group, e]);
  }
  for (const group of groups.values()) {
    if (!Array.isArray(group) || !which(group)) continue;
    for (const e of settle(group, opts, errors)) dropped.add(e);
  }
}

/**
 * Aliases that lead to the post itself: its own path, or a path another of its aliases already
 * has, compared without case (Zola sites list both spellings of an old URL). They would only
 * collide with their own post, so they are left out with a warning rather than failing the build.
 */
function redundantAliases(entries: readonly PageEntry[]): (PageEntry & { kind: 'redirect' })[] {
  const redirects = entries.filter((e): e is PageEntry & { kind: 'redirect' } => e.kind === 'redirect');
  if (!redirects.length) return [];
  // Only posts with aliases get a set: not 10,000 sets per dev rebuild for a site with a few.
  const aliased = new Set(redirects.map((e) => e.post));
  const taken = new Map<Post, Set<string>>();
  for (const e of entries) if ((e.kind === 'post' || e.kind === 'page') && aliased.has(e.post)) taken.set(e.post, new Set([e.outFile.toLowerCase()]));
  const out: (PageEntry & { kind: 'redirect' })[] = [];
  for (const e of redirects) {
    const own = taken.get(e.post) ?? new Set<string>();
    taken.set(e.post, own);
    const file = e.outFile.toLowerCase();
    if (own.has(file)) out.push(e);
    else own.add(file);
  }
  return out;
}

/**
 * Files of the site (static files, images) inside a folder the build fills whole (the search
 * index, `pagefind/`): the index's files are named only when Pagefind writes them, so a clash
 * would surface as a failed or silently overwritten write. Case-insensitive, as hosts may be.
 */
function insideGeneratedFolders(entries: PageEntry[]): CasebookError[] {
  const folders = entries.filter((e) => e.kind === 'generated' && e.outFile.endsWith('/'));
  const out: CasebookError[] = [];
  for (const e of entries) {
    if (e.kind !== 'static' && e.kind !== 'image') continue;
    const file = e.outFile.toLowerCase();
    const folder = folders.find((f) => file.startsWith(f.outFile.toLowerCase()));
    if (folder?.kind !== 'generated') continue;
    out.push(
      new CasebookError(
        'CB1606',
        `${e.from} would be published at /${e.outFile}, inside /${folder.outFile}: the build writes that folder whole (the ${folder.what}).`,
        { file: e.from },
      ),
    );
  }
  return out;
}

/** A post, page or alias on a path that is Casebook's whatever else the site has (a feed, a card, assets/). */
function ownPathProblem(e: PageEntry, lenient: boolean): CasebookError | Warning | undefined {
  if (e.kind === 'redirect') {
    if (e.urlPath === '') return new CasebookError('CB1023', `The alias "${e.alias}" of ${e.post.rel} collides with the home page.`, at(e.post, 'aliases'));
    const clash = generatedClash(e.urlPath);
    return clash === undefined ? undefined : aliasOnGenerated(e, clash, lenient);
  }
  if (e.kind !== 'post' && e.kind !== 'page') return undefined;
  const path = e.urlPath.toLowerCase();
  // 404.html is a page the author may take (checked with the other yielding pages).
  const clash = path === '404.html' ? undefined : generatedClash(path);
  if (clash !== undefined)
    return new CasebookError('CB1321', `${e.post.rel} would be published at /${e.urlPath}, but Casebook writes /${clash} there.`, at(e.post, 'slug'));
  if (e.kind === 'page' && RESERVED_PATHS.includes(path) && !['cv/', 'categories/', 'tags/', 'series/'].includes(path)) {
    return new CasebookError('CB1024', `The page ${e.post.rel} would take /${e.urlPath}, which Casebook generates itself.`, at(e.post, 'slug'));
  }
  return undefined;
}

function aliasOnGenerated(e: PageEntry & { kind: 'redirect' }, generated: string, lenient: boolean): CasebookError | Warning {
  const line = e.post.keyLine('aliases');
  // A site made with another tool keeps building: its old redirect is dropped, as its URL was.
  if (lenient && e.post.foreignBody) {
    return {
      code: 'CB1324',
      message: `No redirect from /${e.urlPath} to "${e.post.title}": Casebook writes /${generated} there.`,
      location: { file: e.post.file, ...(line ? { line, column: 1 } : {}) },
    };
  }
  return new CasebookError(
    'CB1322',
    `The alias "${e.alias}" of ${e.post.rel} would be written at /${e.outFile}, but Casebook writes /${generated} there.`,
    at(e.post, 'aliases'),
  );
}

/** Several entries want one file: who gives way, or the error naming all of them. Returns the entries dropped. */
function settle(group: PageEntry[], opts: CheckOptions, errors: CasebookError[]): PageEntry[] {
  const dropped: PageEntry[] = [];
  const authored = group.filter((e) => e.kind === 'post' || e.kind === 'page' || e.kind === 'static');
  // The old tool copied this index.html as it is, so it was the site's home (often a redirect to a new address): it keeps /.
  const ownHome = opts.lenient ? group.find((e) => e.kind === 'static') : undefined;
  for (const e of group) {
    if (e.kind === 'home' && ownHome) {
      opts.warnings.push({
        code: 'CB1525',
        message: `${ownHome.outFile}, which the old tool copied as it is, keeps /; Casebook's home is not built (the posts are listed at /writing/).`,
        location: { file: ownHome.sources[0]! },
      });
      dropped.push(e);
    } else if (e.kind === 'generated' && REPLACEABLE.has(e.outFile) && authored.some((a) => a.kind === 'static')) dropped.push(e);
    else if (YIELDING.has(e.kind) && authored.length) {
      const owner = authored[0]!;
      const code = owner.kind === 'static' && e.kind === 'not-found' ? 'CB1603' : 'CB1602';
      opts.warnings.push({
        code,
        message: `${describe(owner)} keeps /${e.urlPath}; Casebook's own ${e.kind === 'not-found' ? 'not-found page' : `/${e.urlPath} page`} is not built.`,
        location: { file: owner.sources[0]! },
      });
      dropped.push(e);
    }
  }
  // The author's own og.png (a static file, or an image beside the post) is the author's: the
  // generated card gives way to it, as an author's page does to nothing of Casebook's.
  const card = group.find((e) => e.kind === 'card');
  const own = group.find((e) => e.kind === 'static' || e.kind === 'image');
  if (card && own && !dropped.includes(card)) {
    opts.warnings.push({
      code: 'CB1605',
      message: `${own.kind === 'static' ? `static/${own.outFile}` : 'The image beside the post'} keeps /${own.outFile}; ${describe(card)} is not drawn, and the page names no social image.`,
      location: { file: own.sources[0]! },
    });
    dropped.push(card);
  }
  const rest = group.filter((e) => !dropped.includes(e));
  if (rest.length < 2) return dropped;
  const images = rest.filter((e): e is PageEntry & { kind: 'image' } => e.kind === 'image');
  if (images.length) {
    dropped.push(...fileClash(rest, images, opts, errors));
    if (rest.length - images.length < 2) return dropped;
  }
  const left = rest.filter((e) => e.kind !== 'image');
  const error = clashError(left, opts, dropped);
  if (error) errors.push(error);
  return dropped;
}

/**
 * Files of the site (images and linked files beside posts, static files) on one output file:
 * the images that give way. A post's image on a page's own path is left to the page (as before
 * the table); one file of the site named twice (two posts' `../shared/a.png`, a static file a
 * post points at, a link to the same file, all under one name) is one file. Two different files on one name
 * (`Photo.png` and `photo.png`, which a host that ignores case serves as one, or `photo.png` and
 * `photo.jpg`, whose resized copies share names) are a clash, CB1600 (CB1607 on other tools'
 * sites, the first published): one would be published and the other lost in silence. So is an
 * image whose name differs from a page's only in case. A clash is reported once, not once more
 * for each resized copy.
 */
function fileClash(rest: PageEntry[], images: (PageEntry & { kind: 'image' })[], opts: CheckOptions, errors: CasebookError[]): PageEntry[] {
  const statics = rest.filter((e): e is PageEntry & { kind: 'static' } => e.kind === 'static');
  const page = rest.find((e) => e.kind !== 'image' && e.kind !== 'static');
  const file = statics[0] ?? images[0]!;
  const keeper: PageEntry = page ?? file;
  // One file under two names that differ in case is still two URLs, one of them a 404 on most hosts.
  const same = (e: PageEntry & { kind: 'image' }) =>
    e.outFile === keeper.outFile && (page !== undefined || e.from === file.from || !!opts.sameFile?.(e.from, file.from));
  // One entry per source: a source's resized copies clash together.
  const others = [...new Map(images.filter((e) => e !== keeper && !same(e)).map((e) => [e.from, e])).values()];
  const reported = [keeper.sources[0] ?? keeper.outFile, ...others.map((e) => e.from)].join('\0');
  if (others.length && !opts.reported.has(reported)) {
    opts.reported.add(reported);
    const clash = [keeper, ...others];
    const cased = clash.some((e) => e.outFile !== keeper.outFile);
    const unicode = clash.some((e) => e.outFile.toLowerCase() !== keeper.outFile.toLowerCase());
    const resized = clash.every((e) => e.kind === 'image' && basename(e.outFile) !== basename(e.from));
    const message =
      `/${keeper.outFile} is wanted by ${clash.length} different files${cased ? ` whose names differ only in letter case${unicode ? ' or Unicode form' : ''}` : ''}: ${clash.map(describe).join('; ')}.` +
      (resized ? ' It is a resized copy: copies are named after the image without its extension.' : '');
    const location = { file: others[0]!.from };
    if (opts.lenient)
      opts.warnings.push({
        code: 'CB1607',
        message: `${message} ${capitalised(describe(keeper))} is published; a reference to the other finds it only on a host that ignores letter case.`,
        location,
      });
    else errors.push(new CasebookError('CB1600', message, location));
  }
  return images.filter((e) => e !== keeper);
}

function clashError(left: PageEntry[], opts: CheckOptions, dropped: PageEntry[]): CasebookError | undefined {
  const path = left[0]!.urlPath;
  const posts = left.filter((e): e is PageEntry & { post: Post } => e.kind === 'post' || e.kind === 'page');
  const section = posts.find((e) => isSectionIndex(e.post));
  if (left.length === 2 && section && posts.length === 2) {
    const other = posts.find((e) => e !== section)!;
    return new CasebookError('CB1601', `/${path} is both the post ${other.post.rel} and the section index ${section.post.rel}.`, at(other.post, 'slug'));
  }
  if (left.length === 2 && posts.length === 2) {
    const [a, b] = [posts[0]!.post, posts[1]!.post];
    // Point at the file whose explicit `slug` caused the clash, if one of them has it.
    const blamed = !b.keyLine('slug') && a.keyLine('slug') ? a : b;
    return new CasebookError('CB1020', `/${path} is produced by both ${a.rel} and ${b.rel}.`, at(blamed, 'slug'));
  }
  const redirect = left.find((e): e is PageEntry & { kind: 'redirect' } => e.kind === 'redirect');
  if (left.length === 2 && redirect) {
    const other = left.find((e) => e !== redirect)!;
    if (other.kind === 'generated' || other.kind === 'feed' || other.kind === 'static') {
      const problem = aliasOnGenerated(redirect, other.outFile, opts.lenient);
      if (problem instanceof CasebookError) return problem;
      opts.warnings.push(problem);
      dropped.push(redirect);
      return undefined;
    }
    const what = other.kind === 'redirect' ? `the alias of ${other.post.rel}` : `the page /${path}`;
    return new CasebookError('CB1023', `The alias "${redirect.alias}" of ${redirect.post.rel} collides with ${what}.`, at(redirect.post, 'aliases'));
  }
  const statics = left.filter((e) => e.kind === 'static');
  const card = left.find((e) => e.kind === 'card');
  if (left.length === 2 && statics.length === 1 && card) {
    return new CasebookError('CB4002', `static/${statics[0]!.outFile} would overwrite ${describe(card)}, written at /${card.outFile}.`, {
      file: statics[0]!.sources[0]!,
    });
  }
  if (left.length === 2 && statics.length === 1) {
    return new CasebookError('CB4002', `static/${statics[0]!.outFile} would overwrite the generated /${statics[0]!.outFile}.`, {
      file: statics[0]!.sources[0]!,
    });
  }
  const first = posts[0]?.post;
  return new CasebookError(
    'CB1600',
    `/${path} is wanted by ${left.length} sources: ${left.map(describe).join('; ')}.`,
    first ? at(first, 'slug') : { file: left[0]!.sources[0] ?? path },
  );
}

/** A file where another entry needs a folder (`static/feed.xml/x` beside /feed.xml), or an alias inside a generated file's name. */
function foldersInTheWay(entries: PageEntry[], opts: CheckOptions, errors: CasebookError[], dropped: Set<PageEntry>): void {
  const files = new Map<string, PageEntry>();
  for (const e of entries) if (e.kind !== 'generated' || !e.outFile.endsWith('/')) files.set(e.outFile, e);
  for (const e of entries) {
    for (let at = e.outFile.indexOf('/'); at > 0; at = e.outFile.indexOf('/', at + 1)) {
      const other = files.get(e.outFile.slice(0, at));
      if (!other) continue;
      const mover = e.kind === 'static' || e.kind === 'redirect' ? e : other;
      if (mover.kind === 'redirect') {
        const problem = aliasOnGenerated(mover, other.outFile, opts.lenient);
        if (problem instanceof CasebookError) errors.push(problem);
        else {
          opts.warnings.push(problem);
          dropped.add(mover);
        }
      } else if (mover.kind === 'static') {
        const generated = mover === e ? other.outFile : `${other.outFile}/`;
        errors.push(
          new CasebookError('CB4002', `static/${mover.outFile} and the generated /${generated} need the same name, one as a file and one as a folder.`, {
            file: mover.sources[0]!,
          }),
        );
      } else {
        errors.push(
          new CasebookError('CB1600', `/${other.outFile} is a file of ${describe(other)}, but ${describe(e)} needs it as a folder.`, {
            file: e.sources[0] ?? other.sources[0] ?? e.outFile,
          }),
        );
      }
      break;
    }
  }
}

/** `index.md` of a folder that lists others (Hugo's and Zola's `_index.md`, a Jekyll folder's archive page). */
function isSectionIndex(post: Post): boolean {
  return /(^|\/)_index\.[^/]+$/.test(post.rel) || (kindSpec(post.kind).list === undefined && !post.bundle && /\/index\.[^/]+$/.test(post.rel));
}

function describe(e: PageEntry): string {
  switch (e.kind) {
    case 'post':
      return `the post ${e.post.rel}`;
    case 'page':
      return `the page ${e.post.rel}`;
    case 'redirect':
      return `the alias "${e.alias}" of ${e.post.rel}`;
    case 'static':
      return `the static file ${e.sources[0]}`;
    case 'image':
      // Linked files (a PDF, a dataset) beside a post travel as images do.
      return `the ${IMAGE_PATH.test(e.from) ? 'image' : 'file'} ${e.sources[0]}`;
    case 'generated':
      return `Casebook's ${e.what}`;
    case 'card':
      return `the social card of ${e.page.kind === 'post' || e.page.kind === 'page' ? describe(e.page) : `/${e.page.urlPath}`}`;
    default:
      return `Casebook's ${e.kind} page /${e.urlPath}`;
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function at(post: Post, key: string): Location {
  const line = post.keyLine(key);
  return { file: post.file, ...(line ? { line, column: 1 } : {}), source: post.source };
}
