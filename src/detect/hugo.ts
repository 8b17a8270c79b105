import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import type { Warning } from '../errors/index.js';
import { walkFiles } from '../util/walk.js';
import { asRecord, asString, firstExisting, getCI, isDir, readAuthor, readDataFile } from './config-file.js';
import { readShortcodeTemplates } from './hugo-shortcodes.js';
import type { ForeignFile, ForeignProfile, RouteInput, RouteResult } from '../foreign-types/index.js';
import { hugoFeeds } from './old-feeds.js';
import { stripDateFromName, taxonomyMap, textOf } from './shared.js';
import { dateParts, datePlaceholders, expandPlaceholders, hugoUrlize, toSitePath } from './url-path.js';

const CONFIG_NAMES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json'];
const OLD_CONFIG_NAMES = ['config.toml', 'config.yaml', 'config.yml', 'config.json'];
const SPLIT_DIRS = ['config/_default'];

/** Keys Hugo and its popular themes (PaperMod, Ananke, Stack, Congo) give meaning to. */
const HUGO_KEYS = [
  'math',
  'katex',
  'mathjax',
  'author',
  'authors',
  'weight',
  'type',
  'layout',
  'menu',
  'menus',
  'keywords',
  'expiryDate',
  'publishDate',
  'headless',
  'build',
  '_build',
  'linkTitle',
  'markup',
  'outputs',
  'resources',
  'sitemap',
  'translationKey',
  'isCJKLanguage',
  'showToc',
  'TocOpen',
  'hidemeta',
  'comments',
  'disableShare',
  'hideSummary',
  'searchHidden',
  'ShowReadingTime',
  'ShowBreadCrumbs',
  'ShowPostNavLinks',
  'ShowWordCount',
  'ShowRssButtonInSectionTermList',
  'UseHugoToc',
  'disableHLJS',
  'math',
  'katex',
  'mathjax',
  'mermaid',
  'editPost',
  'images',
  'audio',
  'videos',
  'featured_image',
  'featuredImage',
  'thumbnail',
  'share',
  'readingTime',
  'toc',
  'cascade',
  'license',
  'hidden',
  'nomenu',
  'notoc',
  'disqus_identifier',
  'disqus_title',
  'disqus_url',
  'showDate',
  'showAuthor',
];

export function detectHugo(root: string): ForeignProfile | undefined {
  let name = firstExisting(root, CONFIG_NAMES);
  if (!name) {
    const old = firstExisting(root, OLD_CONFIG_NAMES);
    // config.toml is also Zola's; Zola's has base_url, Hugo's baseURL (any case) and no base_url.
    if (old && isDir(join(root, 'content'))) {
      const { data } = readDataFile(join(root, old));
      if (!('base_url' in data)) name = old;
    }
  }
  if (!name) {
    for (const d of SPLIT_DIRS) {
      const n =
        firstExisting(join(root, d), [...CONFIG_NAMES, ...OLD_CONFIG_NAMES]) ?? (isDir(join(root, 'content')) ? configDirFiles(join(root, d))[0] : undefined);
      if (n) {
        name = `${d}/${n}`;
        break;
      }
    }
  }
  if (!name) return undefined;
  const data = readHugoConfig(root, name.startsWith('config/') ? undefined : name);
  const warnings: Warning[] = [];
  const params = asRecord(getCI(data, 'params'));
  const contentDir = asString(getCI(data, 'contentDir')) ?? 'content';
  const staticDirs = [getCI(data, 'staticDir')].flat().filter((x): x is string => typeof x === 'string');
  const lower = getCI(data, 'disablePathToLower') !== true;
  const ugly = getCI(data, 'uglyURLs') === true;
  const permalinks = readPermalinks(asRecord(getCI(data, 'permalinks')));
  // `[frontmatter] date = [":filename", …]`: the date and slug come from 2024-03-01-name files.
  const fmConfig = asRecord(getCI(data, 'frontmatter'));
  const filenameDates = [getCI(fmConfig, 'date')].flat().includes(':filename');
  // `[indexes]` is what Hugo called `[taxonomies]` before 0.11; old sites still have it.
  const taxonomyConfig = asRecord(getCI(data, 'taxonomies')) ?? asRecord(getCI(data, 'indexes'));
  const taxonomies = taxonomyMap(taxonomyConfig ?? { tag: 'tags', category: 'categories' });

  const config: Record<string, unknown> = {};
  // A multilingual site names itself per language: `[languages.en] title = …` (config/_default/languages.en.toml).
  const defaultLang = asRecord(getCI(asRecord(getCI(data, 'languages')), asString(getCI(data, 'defaultContentLanguage')) ?? 'en'));
  const title = asString(getCI(data, 'title')) ?? asString(getCI(defaultLang, 'title'));
  if (title) config.title = title;
  const baseUrl = asString(getCI(data, 'baseURL'));
  if (baseUrl && /^https?:\/\//i.test(baseUrl)) config.baseUrl = baseUrl;
  const description = asString(getCI(params, 'description')) ?? asString(getCI(data, 'description'));
  if (description) config.description = description;
  const lang = asString(getCI(data, 'languageCode')) ?? asString(getCI(data, 'defaultContentLanguage'));
  if (lang && lang.length >= 2) config.lang = lang;
  const tz = asString(getCI(data, 'timeZone'));
  if (tz) config.timezone = tz;
  const author = readAuthor(getCI(params, 'author')) ?? readAuthor(getCI(data, 'author'));
  if (author) config.author = author;
  // `[services.rss] limit` (Hugo ≥ 0.98) or the older `rssLimit`; -1 or 0 means every post.
  const rssLimit = Number(getCI(asRecord(getCI(asRecord(getCI(data, 'services')), 'rss')), 'limit') ?? getCI(data, 'rssLimit'));
  if (Number.isInteger(rssLimit) && rssLimit > 0) config.feedSize = rssLimit;

  const contentRoot = join(root, contentDir);
  // Goldmark prints `$x$` as written unless the passthrough extension or the theme's math switch is on.
  const passthrough = asRecord(getCI(asRecord(getCI(asRecord(getCI(asRecord(getCI(data, 'markup')), 'goldmark')), 'extensions')), 'passthrough'));
  const math = getCI(passthrough, 'enable') === true || ['math', 'katex', 'mathjax'].some((k) => getCI(params, k) === true);
  const profile: ForeignProfile = {
    tool: 'hugo',
    name: 'Hugo',
    configFile: name,
    config,
    family: 'hugo',
    staticDirs: (staticDirs.length ? staticDirs : ['static']).map((dir) => ({ dir, to: '' })),
    staticFiles: [],
    permalinkLabel: Object.keys(permalinks).length
      ? Object.entries(permalinks)
          .map(([s, p]) => `${s} ${p}`)
          .join(', ')
      : ugly
        ? '/:sections/:filename.html'
        : '/:sections/:filename/',
    excerptSeparator: undefined,
    taxonomies,
    ignoredKeys: HUGO_KEYS,
    dropTags: [],
    math,
    splitTermsOnSpaces: false,
    // `{{< param "x" >}}` falls back to the site's [params].
    siteVars: {
      ...Object.fromEntries(
        Object.entries(params ?? {})
          .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
          .map(([k, v]) => [k, String(v)]),
      ),
      title: title ?? '',
      baseURL: baseUrl ?? '',
    },
    shortcodeTemplates: readShortcodeTemplates(root, getCI(data, 'theme')),
    warnings,
    feeds: hugoFeeds(data, root, contentDir, { tags: 'tags', categories: 'categories', ...taxonomyPlurals(taxonomyConfig) }),
    async discover() {
      const files = await walkFiles(contentRoot, { skipDotFiles: true, include: (n) => /\.(md|markdown|html?|org|adoc|asciidoc|rst|pdc|pandoc)$/i.test(n) });
      const out: ForeignFile[] = [];
      for (const file of files) {
        const contentRel = relative(contentRoot, file).split(sep).join('/');
        const stem = basename(file, extname(file));
        // _index.md is a section's list page (or the home page): Casebook generates its own lists.
        if (stem === '_index') continue;
        if (contentRel === `index${extname(file)}`) continue;
        const rel = relative(root, file).split(sep).join('/');
        out.push({ file, rel, contentRel, role: contentRel.includes('/') ? 'post' : 'page' });
      }
      return out;
    },
    route(input) {
      return hugoRoute(input, { permalinks, lower, ugly, filenameDates });
    },
  };
  return profile;
}

const DATA_FILE = /\.(toml|ya?ml|json)$/i;

function configDirFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => DATA_FILE.test(n))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Hugo's whole config: `config/_default/` (each file merged under the key its name gives:
 * params.toml → [params], menus.en.toml → [menus]; hugo.toml and config.toml at the top), then
 * `config/production/` (the environment `hugo` builds), then the root file, which wins.
 */
export function readHugoConfig(root: string, rootFile: string | undefined): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  for (const env of ['config/_default', 'config/production']) {
    const dir = join(root, env);
    for (const n of configDirFiles(dir)) {
      const { data } = readDataFile(join(dir, n));
      const [key, lang] = n.replace(DATA_FILE, '').split('.') as [string, string | undefined];
      const placed = /^(hugo|config)$/i.test(key) ? data : /^languages$/i.test(key) && lang ? { languages: { [lang]: data } } : { [key]: data };
      merged = deepMerge(merged, placed);
    }
  }
  return rootFile ? deepMerge(merged, readDataFile(join(root, rootFile)).data) : merged;
}

/** `b` over `a`, tables merged key by key (keys compared without case, as Hugo does). */
function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = Object.keys(out).find((x) => x.toLowerCase() === k.toLowerCase());
    const prev = existing === undefined ? undefined : out[existing];
    if (existing !== undefined) delete out[existing];
    out[k] = asRecord(prev) && asRecord(v) ? deepMerge(asRecord(prev)!, asRecord(v)!) : v;
  }
  return out;
}

/** `[taxonomies] topic = "topics"` → topics feeds Casebook's tags, by the same rule as taxonomyMap; unset means Hugo's tags and categories. */
function taxonomyPlurals(map: Record<string, unknown> | undefined): Record<string, 'tags' | 'categories'> {
  if (!map) return {};
  const out: Record<string, 'tags' | 'categories'> = {};
  for (const [plural, list] of Object.entries(taxonomyMap(map))) if (list !== 'series') out[plural] = list;
  for (const v of Object.values(map)) if (v === 'tags' || v === 'categories') out[v] = v;
  return out;
}

/** `[permalinks] posts = "…"` and Hugo 0.120's `[permalinks.page] posts = "…"`. */
function readPermalinks(map: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!map) return out;
  const page = asRecord(getCI(map, 'page'));
  for (const [k, v] of Object.entries(page ?? map)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function hugoRoute(input: RouteInput, opts: { permalinks: Record<string, string>; lower: boolean; ugly: boolean; filenameDates: boolean }): RouteResult {
  const { entry, data } = input;
  const build = asRecord(data._build) ?? asRecord(data.build);
  if (data.headless === true || build?.render === 'never' || build?.render === false) return { skip: 'headless or build.render: never' };
  const url = textOf(data.url);
  if (url) return { path: toSitePath(url) };
  const isBundle = /^index\.[^/]+$/.test(basename(entry.contentRel));
  const dirOf = isBundle ? dirname(dirname(entry.contentRel)) : dirname(entry.contentRel);
  const sections = dirOf === '.' ? [] : dirOf.split('/');
  const written = isBundle ? basename(dirname(entry.contentRel)) : basename(entry.contentRel, extname(entry.contentRel));
  const filename = opts.filenameDates ? stripDateFromName(written) : written;
  const slugFm = textOf(data.slug);
  const section = sections[0] ?? '';
  const pattern = section ? opts.permalinks[section] : undefined;
  const clean = (s: string) => hugoUrlize(s, opts.lower);
  let path: string;
  if (pattern) {
    const values: Record<string, string | undefined> = {
      // An undated page has Go's zero time in Hugo: its URL really was /0001/01/….
      ...datePlaceholders(input.date ? dateParts(input.date as never) : { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, epoch: -62135596800000 }),
      section,
      sections: sections.join('/'),
      title: clean(input.title),
      slug: clean(slugFm ?? input.title),
      filename: clean(filename),
      slugorfilename: clean(slugFm ?? filename),
      contentbasename: clean(filename),
    };
    path = expandPlaceholders(pattern, values);
    if (opts.lower) path = path.toLowerCase();
  } else {
    path = [...sections.map(clean), clean(slugFm ?? filename)].filter(Boolean).join('/') + '/';
    if (opts.ugly && !isBundle) path = path.replace(/\/$/, '.html');
  }
  return { path: toSitePath(path) };
}
