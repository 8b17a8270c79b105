import { statSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import type { ForeignFile, ForeignProfile } from '../foreign-types/index.js';
import { CasebookError, type Warning } from '../errors/index.js';
import type { SiteDate } from '../util/dates.js';
import { slugify, stripDatePrefix } from '../util/slug.js';
import { closest } from '../util/suggest.js';
import { findKeyLine } from '../util/source-position.js';
import { FIELD_ALIASES } from './aliases.js';
import type { ContentFile } from './discover.js';
import { splitFrontMatter, type SplitSource } from './front-matter.js';
import { dateFromPath, parseLenientDate } from './lenient-dates.js';
import { FRONT_MATTER_KEYS, frontMatterSchema } from './schema.js';
import { isKind } from './kinds.js';
import type { SourcePost } from './post.js';
import { caseStudyFields, postLang, dedupe, sourceDigest, titleFromHeading, withoutRepeatedTitle } from './post-fields.js';

export interface ForeignReadOptions {
  timezone: string;
  profile: ForeignProfile;
  /** Last commit date of a file, for dates the old tool ignored; undefined outside git. */
  gitDate: (file: string) => string | undefined;
}

/**
 * More names other tools and themes use, read only on their sites. Each maps to a Casebook field;
 * the strict aliases (aliases.ts) come first when a post has several.
 */
const LENIENT_ALIASES: Record<string, string> = {
  teaser: 'description',
  spoiler: 'description',
  abstract: 'description',
  lead: 'description',
  desc: 'description',
  publishDate: 'date',
  publish_date: 'date',
  publishedAt: 'date',
  published_at: 'date',
  pub_date: 'date',
  created: 'date',
  createdAt: 'date',
  created_at: 'date',
  datePublished: 'date',
  updated_at: 'updated',
  updatedAt: 'updated',
  last_modified_at: 'updated',
  lastModified: 'updated',
  modified: 'updated',
  dateModified: 'updated',
  last_updated: 'updated',
  lastUpdated: 'updated',
  coverImage: 'image',
  cover_image: 'image',
  featured_image: 'image',
  featuredImage: 'image',
  og_image: 'image',
  thumbnail: 'image',
  banner: 'image',
  header_image: 'image',
  feature_image: 'image',
  redirect_from: 'aliases',
  alias: 'aliases',
  tag: 'tags',
  keywords: 'tags',
  topics: 'tags',
  canonicalLink: 'canonical',
  canonical_link: 'canonical',
};
/** Lower-priority names that mean a neighbouring field; no warning when both are present (Hugo has date and publishDate). */
const QUIET_SECOND = new Set(['publishDate', 'modified', 'keywords', 'thumbnail', 'topics', 'og_image', 'featured_image', 'coverImage']);
/** Keys that shape the URL or the excerpt: read by the router and the Markdown phase, not by the schema. */
const ROUTING_KEYS = [
  'url',
  'permalink',
  'path',
  'excerpt_separator',
  'params',
  'extra',
  'taxonomies',
  'date_format',
  'render',
  'build',
  '_build',
  'headless',
  'layout',
];

const canonicalOf = (key: string): string => FIELD_ALIASES[key] ?? LENIENT_ALIASES[key] ?? key;
const KNOWN = new Set([...FRONT_MATTER_KEYS, ...Object.keys(FIELD_ALIASES), ...Object.keys(LENIENT_ALIASES), 'published', ...ROUTING_KEYS]);

/**
 * Front matter with each key in the spelling Casebook knows (`Title` → `title`, `PublishDate` →
 * `publishDate`), `params` too, as Hugo lowercases keys before reading them. A key spelled exactly
 * wins over another spelling of it; `spelled` keeps the written name, for line numbers.
 */
function caseFolded(data: Record<string, unknown>, profile: ForeignProfile, spelled: Record<string, string>): Record<string, unknown> {
  const names = new Map<string, string>();
  for (const k of [...KNOWN, ...profile.ignoredKeys, ...Object.keys(profile.taxonomies)]) names.set(k.toLowerCase(), k);
  const fold = (table: Record<string, unknown>, track: boolean) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(table)) {
      const name = names.get(k.toLowerCase()) ?? k.toLowerCase();
      if (name in out && k !== name) continue;
      out[name] = v;
      if (track && k !== name) spelled[name] = k;
    }
    return out;
  };
  const out = fold(data, true);
  const params = out.params;
  if (params && typeof params === 'object' && !Array.isArray(params) && !(params instanceof Date)) out.params = fold(params as Record<string, unknown>, false);
  return out;
}

/**
 * A post of a site made with another tool, read the way that tool read it: whatever it accepted
 * (a field Casebook does not know, a value of another type, a malformed date, a duplicated key,
 * broken front matter) becomes a warning with file and line and a fallback, never a failed build.
 */
export function parseForeignSource(entry: ContentFile & { foreign: ForeignFile }, source: string, opts: ForeignReadOptions, warnings: Warning[]): SourcePost {
  const { file } = entry;
  const f = entry.foreign;
  const { profile } = opts;
  const split = lenientSplit(source, file, warnings);
  const keyLine = (key: string) => findKeyLine(split.raw, spelled[key] ?? key, split.rawLine)?.line;
  const where = (key: string) => {
    const line = keyLine(key);
    return { file, ...(line ? { line } : {}) };
  };

  // Hugo reads front matter keys whatever their case (`Title:`, `Tags:`): so does Casebook on its sites.
  const spelled: Record<string, string> = {};
  const fromFile = profile.family === 'hugo' ? caseFolded(split.data, profile, spelled) : split.data;
  // Defaults from outside the file (Jekyll `defaults`, Eleventy directory data) sit under it.
  const written: Record<string, unknown> = { ...(f.defaults ?? {}), ...fromFile };
  for (const [k, v] of Object.entries(written)) if (v === null || v === undefined || v === '') delete written[k];
  // Hugo `params`, Zola `[extra]` and `[taxonomies]`: nested tables whose known keys act as top-level ones.
  for (const table of ['params', 'extra', 'taxonomies']) {
    const inner = written[table];
    if (!inner || typeof inner !== 'object' || Array.isArray(inner) || inner instanceof Date) continue;
    for (const [k, v] of Object.entries(inner as Record<string, unknown>)) {
      if (v === null || v === undefined) continue;
      if (written[k] === undefined && (KNOWN.has(k) || profile.taxonomies[k])) written[k] = v;
    }
  }
  for (const [name, target] of Object.entries(profile.taxonomies)) {
    if (written[name] === undefined) continue;
    written[target] = [...asList(written[target]), ...asList(written[name])];
    delete written[name];
  }

  const data: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  // Canonical names first, so `date` beats `publishDate` whatever their order in the file.
  const keys = Object.keys(written).sort((a, b) => rank(a) - rank(b));
  for (const key of keys) {
    let value = written[key];
    if (ROUTING_KEYS.includes(key)) continue;
    if (!KNOWN.has(key)) {
      if (profile.ignoredKeys.includes(key) || profile.mathKeys?.includes(key)) continue;
      const near = closest(key, [...FRONT_MATTER_KEYS, ...Object.keys(FIELD_ALIASES)]);
      warnings.push({
        code: 'CB1200',
        message: `"${key}" is not a field Casebook reads; ignored.${near ? ` Did you mean "${near}"?` : ''}`,
        location: where(key),
      });
      continue;
    }
    let canonical = canonicalOf(key);
    if (key === 'published') {
      if (typeof value === 'boolean' || value === 'true' || value === 'false') {
        canonical = 'draft';
        value = !(value === true || value === 'true');
      } else canonical = 'date';
    }
    if (canonical in data) {
      if (!QUIET_SECOND.has(key) && JSON.stringify(data[canonical]) !== JSON.stringify(value)) {
        warnings.push({
          code: 'CB1207',
          message: `"${key}" and "${origin[canonical]}" both set ${canonical}; "${origin[canonical]}" is used.`,
          location: where(key),
        });
      }
      continue;
    }
    data[canonical] = value;
    origin[canonical] = key;
  }
  coerce(data, profile, origin, where, warnings);

  // Whatever the schema still rejects is left out, field by field, each with its line.
  let parsed = frontMatterSchema.safeParse(data);
  for (let guard = 0; !parsed.success && guard < 40; guard++) {
    const issue = parsed.error.issues[0]!;
    const top = String(issue.path[0] ?? '');
    if (!(top in data)) break;
    const key = origin[top] ?? top;
    warnings.push({ code: 'CB1201', message: `\`${key}\` is ignored: ${describeIssue(issue.message, data[top])}.`, location: where(key) });
    delete data[top];
    parsed = frontMatterSchema.safeParse(data);
  }
  if (!parsed.success) throw new CasebookError('CB1011', parsed.error.issues[0]!.message, { file });
  const fm = parsed.data;

  // A translation's name carries its language (`x.fr.md`, `index.fr.md`): the post's own name is without it.
  const own = basename(file, extname(file));
  const name = f.edition && own.endsWith(`.${f.edition}`) ? own.slice(0, -f.edition.length - 1) : own;
  const isIndex = /^(index|_index)$/i.test(name);
  const stem = isIndex ? basename(dirname(file)) : name;
  const fromName = stripDatePrefix(stem.replace(/^(\d{4}-\d{2}-\d{2})_/, '$1-'));
  const pathDate = dateFromPath(textOf(written.permalink) ?? textOf(written.url) ?? textOf(written.path));

  const readDate = (key: 'date' | 'updated'): SiteDate | undefined => {
    const value = fm[key];
    if (value === undefined || value === null || value === '') return undefined;
    // `date: Created` and the like name the file's dates, read below.
    if (key === 'date' && profile.datesUndatedPosts && FILE_DATE_WORDS.test(String(value))) return undefined;
    const r = parseLenientDate(value, opts.timezone);
    if (r.ok) return r.date;
    const name = origin[key] ?? key;
    if (key === 'updated') {
      warnings.push({ code: 'CB1202', message: `\`${name}\`: ${r.reason}; the post is shown without an update date.`, location: where(name) });
      return undefined;
    }
    // The old tool ignored this date: the file name, then the last commit, then nothing.
    const git = fromName.date || pathDate ? undefined : opts.gitDate(file);
    const fallback = fromName.date ?? pathDate ?? git;
    const used = fallback ? parseLenientDate(fallback, opts.timezone) : undefined;
    const how = !fallback
      ? 'the post has no date'
      : fromName.date
        ? `using ${fromName.date} from the file name`
        : pathDate
          ? `using ${pathDate} from its URL`
          : `using ${fallback} from the last git commit`;
    warnings.push({ code: 'CB1202', message: `\`${name}\`: ${r.reason}; ${how}.`, location: where(name) });
    return used?.ok ? used.date : undefined;
  };
  let date = readDate('date');
  if (!date && fm.date === undefined) {
    const fallback = fromName.date ?? pathDate;
    const r = fallback ? parseLenientDate(fallback, opts.timezone) : undefined;
    if (r?.ok) date = r.date;
  }
  // Only a post in one of the old site's collections (it has tags) was dated and listed by the old tool.
  const collected = asList(written.tags).length > 0;
  if (!date && profile.datesUndatedPosts && collected && f.role === 'post' && (fm.date === undefined || FILE_DATE_WORDS.test(String(fm.date)))) {
    const guessed = fileDate(file, String(fm.date ?? 'Created'), opts.gitDate);
    const r = parseLenientDate(guessed.value, opts.timezone);
    if (r.ok) {
      date = r.date;
      warnings.push({
        code: 'CB1526',
        message: `${entry.rel} has no date; using ${guessed.value.slice(0, 10)} from ${guessed.from}, as ${profile.name} dated it.`,
        location: { file },
      });
    }
  }
  const updated = readDate('updated');

  let body = split.body;
  let title = fm.title;
  if (!title) {
    const heading = titleFromHeading(body);
    if (heading) {
      ({ title, body } = heading);
    } else {
      title =
        fromName.name
          .replace(/[-_]+/g, ' ')
          .trim()
          .replace(/^\p{Ll}/u, (c) => c.toUpperCase()) || 'Untitled';
      warnings.push({ code: 'CB1101', message: `No title; using "${title}" from the file name.`, location: { file } });
    }
  } else {
    // The page shows the title above the body; a body that starts with it would show it twice.
    body = withoutRepeatedTitle(body, title) ?? body;
  }

  const slug = slugify(fm.slug ?? '') || slugify(fromName.name) || slugify(title) || 'post';
  const dropTags = new Set(profile.dropTags);
  const categories = dedupe([...(f.categories ?? []), ...fm.categories]);
  const tags = dedupe(fm.tags).filter((t) => !dropTags.has(t.toLowerCase()));

  const routed = profile.route({ entry: f, data: written, title, slug, date, categories });
  if (!date && f.role === 'post' && fm.kind !== 'page' && !f.draft && !fm.draft && 'path' in routed) {
    warnings.push({ code: 'CB1203', message: `"${title}" has no date; it is listed after every dated post.`, location: { file } });
  }
  const caseStudy = caseStudyFields(fm);
  const ext = extname(file).toLowerCase();
  const pageVars: Record<string, string> = {};
  // Nested tables too, by dotted name (`book.title`): Eleventy bodies print them at top level.
  const addVars = (data: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(data)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') pageVars[prefix + k] = String(v);
      else if (v instanceof Date) pageVars[prefix + k] = v.toISOString();
      else if (v && typeof v === 'object' && !Array.isArray(v) && depth < 3) addVars(v as Record<string, unknown>, `${prefix}${k}.`, depth + 1);
    }
  };
  addVars(written, '', 0);
  pageVars.title = title;
  const separator = textOf(written.excerpt_separator) ?? profile.excerptSeparator;
  // Themes load KaTeX or MathJax on a post that asks for it even when the site does not.
  const asked = ['math', 'katex', 'mathjax', ...(profile.mathKeys ?? [])].some((k) => written[k] === true || written[k] === 'true');
  const math = asked || profile.math === true ? true : profile.math === false ? false : undefined;

  return {
    file,
    within: entry.within,
    rel: entry.rel,
    source,
    // The same text renders otherwise when math is off or the page loaded MathJax: a cached rendering is not reused.
    digest: sourceDigest(math === undefined ? entry.rel : `${entry.rel}\0${math ? 'page-math' : 'no-math'}`, source),
    keyLine,
    // Standalone pages of the old site (about, uses) are Casebook pages: outside feeds and lists.
    kind: fm.kind ?? (f.role === 'page' ? 'page' : 'article'),
    title,
    slug,
    date,
    updated,
    ...descriptionFields(fm.description),
    tags,
    categories,
    series: fm.series ? { name: fm.series, part: fm.seriesPart } : undefined,
    draft: fm.draft || f.draft === true,
    featured: fm.featured,
    aliases: fm.aliases,
    image: fm.image,
    imageAlt: fm.imageAlt,
    canonical: fm.canonical,
    toc: fm.toc,
    lang: postLang(fm.lang, file, () => keyLine('lang'), warnings) ?? f.edition,
    ...(f.edition ? { edition: f.edition } : {}),
    caseStudy,
    body,
    bodyLine: split.bodyLine,
    bundle: isIndex,
    ...('path' in routed ? { outputPath: routed.path } : { excluded: routed.skip }),
    foreignBody: {
      family: profile.family,
      format: f.format ?? (ext === '.html' || ext === '.htm' ? 'html' : ext === '.mdx' ? 'mdx' : 'markdown'),
      excerptSeparator: separator && separator !== '<!--more-->' ? separator : undefined,
      contentRel: f.contentRel.replace(/^[^\u0000]*\u0000/, ''),
      page: pageVars,
      ...(math === undefined ? {} : { math }),
      ...(profile.tool === 'jekyll' ? { kramdown: true } : {}),
    },
  };
}

/** Eleventy's date keywords: the file's dates rather than a date written down. */
const FILE_DATE_WORDS = /^(created|last modified|git created|git last modified)$/i;

/**
 * The date the old tool gave a post without one, as near as a checkout allows: the last git
 * commit (a fresh checkout resets creation times), else the file's creation or change time.
 */
function fileDate(file: string, word: string, gitDate: (file: string) => string | undefined): { value: string; from: string } {
  const git = gitDate(file);
  if (git) return { value: git, from: 'its last git commit' };
  const stat = statSync(file);
  const modified = /modified/i.test(word) || stat.birthtimeMs === 0;
  return { value: (modified ? stat.mtime : stat.birthtime).toISOString(), from: modified ? "the file's change time" : "the file's creation time" };
}

/**
 * The old tools rendered `description`/`summary`/`subtitle` as inline Markdown in their lists:
 * one that uses Markdown keeps it as written for the cards and page header, and its plain text
 * for meta descriptions and feeds (never `[x](y)`).
 */
function descriptionFields(written: string | undefined): { description: string | undefined; descriptionMarkdown?: string } {
  const text = written?.trim();
  if (!text) return { description: undefined };
  if (!INLINE_MARKDOWN.test(text)) return { description: text };
  return { description: markdownToPlain(text), descriptionMarkdown: text };
}

const INLINE_MARKDOWN = /\[[^\]]{1,300}\]\([^)\s]{1,2000}(?:\s+"[^"]{0,300}")?\)|(?:^|[\s(])(\*\*|__|\*|_|`)(?=\S)[^\n]{0,300}?\S\1(?=$|[\s.,;:!?)])/;

// Link text, addresses and emphasis are looked for within a few hundred characters of their
// opening mark: an unbounded scan made a long description full of lone `*` or `[` cost seconds
// per post (quadratic), for no real Markdown.
function markdownToPlain(text: string): string {
  return text
    .replace(/!\[([^\]]{0,300})\]\([^)]{0,2000}\)/g, '$1')
    .replace(/\[([^\]]{1,300})\]\([^)]{0,2000}\)/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.{1,300}?)\1/g, '$2')
    .replace(/(^|[\s(])([*_])(?=\S)(.{1,300}?)\2(?=$|[\s.,;:!?)])/g, '$1$3')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\([\\`*_[\]()#+.!-])/g, '$1');
}

function rank(key: string): number {
  if (FRONT_MATTER_KEYS.includes(key)) return 0;
  if (key in FIELD_ALIASES || key === 'published') return 1;
  return QUIET_SECOND.has(key) ? 3 : 2;
}

/**
 * Front matter that breaks the strict reader is read the way the old tools did: tab indentation
 * expanded, and front matter that still does not parse dropped with a warning at its line.
 */
function lenientSplit(source: string, file: string, warnings: Warning[]): SplitSource {
  try {
    return splitFrontMatter(source, file, warnings);
  } catch (e) {
    if (!(e instanceof CasebookError) || !['CB1001', 'CB1002', 'CB1003', 'CB1004', 'CB1005'].includes(e.code)) throw e;
    const lines = source.split('\n');
    if (e.code === 'CB1001') {
      const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
      const detabbed = lines.map((l, i) => (i > 0 && i < end ? l.replace(/^\t+/, (t) => '  '.repeat(t.length)) : l)).join('\n');
      if (detabbed !== source) {
        try {
          return splitFrontMatter(detabbed, file, warnings);
        } catch {
          // Still broken: fall through to reading the file without front matter.
        }
      }
    }
    warnings.push({
      code: 'CB1204',
      message: `${e.message} (${e.title.toLowerCase()})`,
      location: { file, ...(e.location?.line ? { line: e.location.line } : {}) },
    });
    if (e.code === 'CB1004') return { format: 'none', data: {}, raw: '', rawLine: 1, body: source, bodyLine: 1 };
    const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.|\+\+\+)\s*$/.test(l));
    return { format: 'none', data: {}, raw: '', rawLine: 1, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
  }
}

/** Values written the old tools' way, turned into what the schema expects before it sees them. */
function coerce(
  data: Record<string, unknown>,
  profile: ForeignProfile,
  origin: Record<string, string>,
  where: (key: string) => { file: string; line?: number },
  warnings: Warning[],
): void {
  for (const key of ['draft', 'featured', 'toc']) {
    const v = data[key];
    if (typeof v === 'string' && /^(true|false|yes|no)$/i.test(v.trim())) data[key] = /^(true|yes)$/i.test(v.trim());
  }
  // `image: { src, alt }`, `cover: { image, alt }` (PaperMod), `heroImage: { url }`.
  const image = data.image;
  if (image && typeof image === 'object' && !Array.isArray(image)) {
    const m = image as Record<string, unknown>;
    const src = textOf(m.src) ?? textOf(m.image) ?? textOf(m.url) ?? textOf(m.path) ?? textOf(m.filename);
    const alt = textOf(m.alt) ?? textOf(m.caption);
    if (src) data.image = src;
    else delete data.image;
    if (alt && data.imageAlt === undefined) data.imageAlt = alt;
  }
  if (Array.isArray(data.image)) data.image = textOf(data.image[0]);
  // Hugo's series is a taxonomy: a list, of which a post is normally in one.
  if (Array.isArray(data.series)) {
    if (data.series.length > 1)
      warnings.push({
        code: 'CB1201',
        message: `\`${origin.series ?? 'series'}\` names ${data.series.length} series; the post is part of the first.`,
        location: where(origin.series ?? 'series'),
      });
    data.series = textOf(data.series[0]);
    if (data.series === undefined) delete data.series;
  }
  for (const key of ['tags', 'categories', 'aliases']) {
    const v = data[key];
    // Jekyll splits `categories: a b` on spaces; `category: Distributed Systems` is one category.
    if (typeof v === 'string' && profile.splitTermsOnSpaces && key !== 'aliases' && origin[key] !== 'category') data[key] = v.split(/\s+/).filter(Boolean);
    else if (Array.isArray(v))
      data[key] = v
        .flat()
        .filter((x) => x !== null && x !== undefined && x !== '')
        .map((x) => (typeof x === 'object' ? (textOf((x as Record<string, unknown>).name) ?? JSON.stringify(x)) : String(x)));
  }
  if (typeof data.kind === 'string' && !isKind(data.kind)) {
    warnings.push({
      code: 'CB1201',
      message: `\`kind: ${data.kind}\` is not a Casebook post kind; the post is an article.`,
      location: where(origin.kind ?? 'kind'),
    });
    delete data.kind;
  }
  if (typeof data.slug === 'string' && !/^[\p{L}\p{N}_.~-]+$/u.test(data.slug.trim())) data.slug = slugify(data.slug);
  if (data.description !== undefined && typeof data.description === 'object' && data.description !== null && !Array.isArray(data.description)) {
    // A map (`description: { en: …, de: … }`): its first text value.
    const first = Object.values(data.description as Record<string, unknown>).find((x) => typeof x === 'string');
    if (first) data.description = first;
  }
}

function describeIssue(message: string, value: unknown): string {
  const shown = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a map' : JSON.stringify(value);
  return `${message.replace(/^Invalid input: /, '').replace(/\.$/, '')}, got ${shown}`;
}

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}
