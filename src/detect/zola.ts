import { basename, dirname, join, relative, sep } from 'node:path';
import { slugify } from '../util/slug.js';
import { walkFiles } from '../util/walk.js';
import { asRecord, asString, firstExisting, isDir, isFile, readAuthor, readDataFile } from './config-file.js';
import type { ForeignFile, ForeignProfile, RouteInput, RouteResult } from '../foreign-types/index.js';
import { frontMatterHasDate, stripDateFromName, taxonomyMap, textOf } from './shared.js';
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { zolaFeeds } from './old-feeds.js';
import { toSitePath } from './url-path.js';

/** Keys Zola and its popular themes (tabi, terminimal, after-dark) give meaning to. */
const ZOLA_KEYS = [
  'weight',
  'template',
  'in_search_index',
  'render',
  'authors',
  'extra',
  'taxonomies',
  'path',
  'aliases',
  'insert_anchor_links',
  'sort_by',
  'paginate_by',
  'transparent',
  'page_template',
];

/** A section's `+++` front matter (TOML), or undefined when it has none or it does not parse. */
function sectionFrontMatter(file: string): Record<string, unknown> | undefined {
  if (!isFile(file)) return undefined;
  const m = /^\uFEFF?\+\+\+\r?\n([\s\S]*?)\r?\n\+\+\+/.exec(readFileSync(file, 'utf8'));
  if (!m) return undefined;
  try {
    return parseToml(m[1]!) as Record<string, unknown>;
  } catch {
    // Zola failed on it too; the config's values stand.
    return undefined;
  }
}

export function detectZola(root: string): ForeignProfile | undefined {
  const name = firstExisting(root, ['zola.toml', 'config.toml']);
  if (!name || !isDir(join(root, 'content'))) return undefined;
  const { data } = readDataFile(join(root, name));
  if (!('base_url' in data)) return undefined;
  const extra = asRecord(data.extra);
  const slugPaths = asRecord(data.slugify)?.paths;
  const slugOn = slugPaths === undefined || slugPaths === 'on';

  // The home section's own front matter (content/_index.md) names the site where the config does not.
  const home = sectionFrontMatter(join(root, 'content', '_index.md'));
  const config: Record<string, unknown> = {};
  const title = asString(data.title) ?? asString(home?.title);
  if (title) config.title = title;
  const baseUrl = asString(data.base_url);
  if (baseUrl && /^https?:\/\//i.test(baseUrl)) config.baseUrl = baseUrl;
  const description = asString(data.description) ?? asString(home?.description);
  if (description) config.description = description;
  const lang = asString(data.default_language);
  if (lang && lang.length >= 2) config.lang = lang;
  // Zola's feeds hold every page unless `feed_limit` says otherwise.
  const feedLimit = Number(data.feed_limit);
  if (Number.isInteger(feedLimit) && feedLimit > 0) config.feedSize = feedLimit;
  const author = readAuthor(extra?.author) ?? readAuthor(data.author);
  if (author) config.author = author;
  const contentRoot = join(root, 'content');
  // Languages of a multilingual site besides the default: `x.fr.md` is the French edition's `x`.
  const editions = new Set(Object.keys(asRecord(data.languages) ?? {}).filter((l) => l !== (lang ?? 'en')));
  const editionOf = (file: string): string | undefined => {
    const l = /\.([\w-]+)\.md$/i.exec(basename(file))?.[1];
    return l && editions.has(l) ? l : undefined;
  };
  const clean = (s: string) => (slugOn ? slugify(s) : s.trim());

  return {
    tool: 'zola',
    name: 'Zola',
    configFile: name,
    config,
    family: 'zola',
    staticDirs: [{ dir: 'static', to: '' }],
    staticFiles: [],
    permalinkLabel: '/:section/:slug/',
    excerptSeparator: undefined,
    taxonomies: taxonomyMap(data.taxonomies),
    ignoredKeys: ZOLA_KEYS,
    dropTags: [],
    splitTermsOnSpaces: false,
    siteVars: { title: title ?? '', base_url: baseUrl ?? '', description: description ?? '' },
    warnings: [],
    feeds: zolaFeeds(data, contentRoot),
    async discover() {
      const files = await walkFiles(contentRoot, { skipDotFiles: true, include: (n) => /\.md$/i.test(n) });
      const out: ForeignFile[] = [];
      const rootPages: ForeignFile[] = [];
      for (const file of files) {
        const contentRel = relative(contentRoot, file).split(sep).join('/');
        // Section files, the translations' too (_index.fr.md): Zola renders them as sections, never as pages.
        if (/^_index(\.[\w-]+)?\.md$/i.test(basename(file))) continue;
        const edition = editionOf(file);
        const entry: ForeignFile = {
          file,
          rel: relative(root, file).split(sep).join('/'),
          contentRel,
          role: contentRel.includes('/') && !/^[^/]+\/index(\.[\w-]+)?\.md$/.test(contentRel) ? 'post' : 'page',
          ...(edition ? { edition } : {}),
        };
        // A section's undated page (an about page kept in a section) was never in its dated list.
        if (entry.role === 'post' && !frontMatterHasDate(file) && !/(^|\/)\d{4}-\d{2}-\d{2}[-_]/.test(contentRel)) entry.role = 'page';
        (entry.role === 'page' ? rootPages : out).push(entry);
      }
      // Pages of the root section are the blog when the home lists them by date: they are posts,
      // as they were in the old site's lists and feeds; an undated about page stays a page.
      const rootIsBlog = home?.sort_by === 'date' || rootPages.filter((p) => frontMatterHasDate(p.file)).length >= 2;
      for (const p of rootPages) out.push(rootIsBlog && frontMatterHasDate(p.file) ? { ...p, role: 'post' } : p);
      return out;
    },
    route(input: RouteInput): RouteResult {
      const { entry, data: fm } = input;
      if (fm.render === false) return { skip: 'render = false' };
      // A translation's URL is its language's prefix and the default page's URL (`fr/blog/x/`).
      const prefix = entry.edition ? `${entry.edition}/` : '';
      const path = textOf(fm.path)?.replace(/^\/+/, '');
      if (path) return { path: toSitePath(`/${path.startsWith(prefix) ? '' : prefix}${path}/`.replace(/\/{2,}/g, '/')) };
      const name = basename(entry.contentRel)
        .replace(/\.md$/i, '')
        .replace(entry.edition ? `.${entry.edition}` : '', '');
      const isBundle = name === 'index';
      const dir = isBundle ? dirname(dirname(entry.contentRel)) : dirname(entry.contentRel);
      const stem = isBundle ? basename(dirname(entry.contentRel)) : name;
      const slug = textOf(fm.slug) ?? stripDateFromName(stem);
      const sections = dir === '.' ? [] : dir.split('/').map(clean);
      return { path: toSitePath(`${prefix}${[...sections, clean(slug)].join('/')}/`) };
    },
  };
}
