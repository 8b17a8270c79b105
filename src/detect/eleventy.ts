import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, normalize, relative, sep } from 'node:path';
import { slugify } from '../util/slug.js';
import { walkFiles } from '../util/walk.js';
import { asRecord, asString, firstExisting, isFile, jsString, readAuthor, readDataFile, stripJsComments } from './config-file.js';
import type { ForeignFile, ForeignProfile, RouteInput, RouteResult } from '../foreign-types/index.js';
import { stripDateFromName, textOf } from './shared.js';
import { eleventyFeeds } from './old-feeds.js';
import { toSitePath } from './url-path.js';
import { readJsDataObject } from '../content/js-front-matter.js';

const CONFIG_NAMES = ['eleventy.config.js', 'eleventy.config.mjs', 'eleventy.config.cjs', 'eleventy.config.ts', '.eleventy.js', '.eleventy.cjs'];
/** Keys Eleventy and eleventy-base-blog give meaning to. */
const ELEVENTY_KEYS = [
  'layout',
  'permalink',
  'eleventyExcludeFromCollections',
  'eleventyNavigation',
  'eleventyComputed',
  'pagination',
  'templateEngineOverride',
  'eleventyImport',
  'dynamicPermalink',
  'author',
  'renderData',
];

export function detectEleventy(root: string): ForeignProfile | undefined {
  const name = firstExisting(root, CONFIG_NAMES);
  if (!name) return undefined;
  const source = stripJsComments(readFileSync(join(root, name), 'utf8'));
  const input = normalizeDir(jsString(source, ['input']) ?? '.');
  const includes = normalizeDir(jsString(source, ['includes']) ?? '_includes');
  const dataDir = normalizeDir(jsString(source, ['data']) ?? '_data');
  const output = normalizeDir(jsString(source, ['output']) ?? '_site');
  const pathPrefix = jsString(source, ['pathPrefix']);
  const inputAbs = join(root, input);

  // Site data: eleventy-base-blog's _data/metadata.js, or any global data file whose name says it
  // describes the site (site.json, siteinfo.yml, config.js…); the better-known names are read first.
  const data: Record<string, unknown> = {};
  for (const file of siteDataFiles([join(inputAbs, dataDir), join(root, '_data')])) {
    const text = readFileSync(file, 'utf8');
    if (/\.(json|ya?ml)$/i.test(file)) {
      let parsed: Record<string, unknown> | undefined;
      try {
        parsed = asRecord(/\.json$/i.test(file) ? JSON.parse(text) : readDataFile(file).data);
      } catch {
        // A broken data file broke the old build too; the config stays as it is.
      }
      for (const [k, v] of Object.entries(parsed ?? {})) if (data[k] === undefined) data[k] = v;
    } else {
      for (const k of ['title', 'url', 'description', 'language', 'lang']) {
        const v = jsString(text, [k]);
        if (v !== undefined && data[k] === undefined) data[k] = v;
      }
      const authorName = /author\s*:\s*\{[\s\S]*?name\s*:\s*["'`]([^"'`]+)/.exec(text)?.[1];
      if (authorName && data.author === undefined) data.author = { name: authorName };
    }
  }
  const config: Record<string, unknown> = {};
  const title = asString(data.title);
  if (title) config.title = title;
  const url = asString(data.url);
  if (url && /^https?:\/\//i.test(url))
    config.baseUrl = url.replace(/\/+$/, '') + '/' + (pathPrefix ? pathPrefix.replace(/^\/+|\/+$/g, '') + '/' : '').replace(/^\/$/, '');
  const description = asString(data.description);
  if (description) config.description = description;
  const lang = asString(data.language) ?? asString(data.lang);
  if (lang && lang.length >= 2) config.lang = lang;
  const author = readAuthor(data.author);
  if (author) config.author = author;

  const ignore = readIgnore(root);
  const skipDir = (abs: string) => {
    const rel = relative(inputAbs, abs).split(sep).join('/');
    return (
      rel === includes ||
      rel === dataDir ||
      relative(root, abs).split(sep).join('/') === output ||
      basename(abs) === '_site' ||
      ignore.some((i) => rel === i || relative(root, abs) === i)
    );
  };

  return {
    tool: 'eleventy',
    name: 'Eleventy',
    configFile: name,
    config,
    family: 'liquid',
    staticDirs: [],
    staticFiles: passthroughCopies(root, source, input),
    permalinkLabel: '/:inputPath/ (permalink front matter)',
    excerptSeparator: undefined,
    taxonomies: {},
    ignoredKeys: ELEVENTY_KEYS,
    dropTags: ['all', 'posts', 'post', 'nav', 'pages', 'page', 'blog'],
    splitTermsOnSpaces: false,
    siteVars: Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
    markdownPlugins: markdownItPlugins(source),
    warnings: [],
    datesUndatedPosts: true,
    feeds: eleventyFeeds(inputAbs, source),
    async discover() {
      const files = await walkFiles(inputAbs, { skipDotFiles: true, skipDir, include: (n) => /\.(md|markdown)$/i.test(n) });
      const out: ForeignFile[] = [];
      for (const file of files) {
        const contentRel = relative(inputAbs, file).split(sep).join('/');
        const rel = relative(root, file).split(sep).join('/');
        if (/^(readme|license|changelog)\.md$/i.test(contentRel) || ignore.includes(rel) || ignore.includes(contentRel)) continue;
        if (contentRel === 'index.md') continue;
        const defaults = directoryData(inputAbs, contentRel);
        out.push({ file, rel, contentRel, role: contentRel.includes('/') ? 'post' : 'page', ...(defaults ? { defaults } : {}) });
      }
      return out;
    },
    route(input) {
      return eleventyRoute(input);
    },
  };
}

/** The markdown-it plugins the config requires or imports (`markdown-it-sup` → `sup`). */
function markdownItPlugins(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/(?:require\(\s*|from\s+|import\(\s*)["'`](?:@[\w-]+\/)?markdown-it-([\w-]+)["'`]/g)) names.add(m[1]!.toLowerCase());
  return [...names].sort();
}

const SITE_DATA = /^(metadata|site|siteinfo|site[-_]?data|site[-_]?config|config|meta|settings|globals?)\.(json|ya?ml|c?js|mjs)$/i;
const SITE_DATA_ORDER = ['metadata', 'site'];

/** Global data files that describe the site, better-known names first, each folder once. */
function siteDataFiles(dirs: string[]): string[] {
  const out: string[] = [];
  for (const dir of [...new Set(dirs)]) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => SITE_DATA.test(n));
    } catch {
      continue;
    }
    const rank = (n: string) => {
      const i = SITE_DATA_ORDER.indexOf(n.split('.')[0]!.toLowerCase());
      return i < 0 ? SITE_DATA_ORDER.length : i;
    };
    names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
    for (const n of names) if (isFile(join(dir, n))) out.push(join(dir, n));
  }
  return out;
}

function normalizeDir(d: string): string {
  const n = normalize(d)
    .split(sep)
    .join('/')
    .replace(/^\.\/?/, '')
    .replace(/\/+$/, '');
  return n === '.' ? '' : n;
}

function readIgnore(root: string): string[] {
  const file = join(root, '.eleventyignore');
  if (!isFile(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().replace(/^\.\//, '').replace(/\/+$/, ''))
    .filter((l) => l && !l.startsWith('#'));
}

/**
 * Eleventy's directory data: `notes/notes.json`, `notes/notes.11tydata.json` and
 * `notes/notes.11tydata.js` (its exported object literal, read for its literal values, never run)
 * apply to every file in the folder and below, the input folder's own (`src/src.11tydata.js`)
 * included. Deeper folders win, and `tags` add up as in Eleventy's data cascade; the file's own
 * front matter wins over all of it (read-foreign.ts).
 */
function directoryData(inputAbs: string, contentRel: string): Record<string, unknown> | undefined {
  const parts = contentRel.split('/').slice(0, -1);
  let merged: Record<string, unknown> | undefined;
  const add = (v: Record<string, unknown>) => {
    const tags = [...termList(merged?.tags), ...termList(v.tags)];
    merged = { ...(merged ?? {}), ...v, ...(tags.length ? { tags: [...new Set(tags)] } : {}) };
  };
  for (let i = 0; i <= parts.length; i++) {
    const dir = join(inputAbs, ...parts.slice(0, i));
    const leaf = i === 0 ? basename(inputAbs) : parts[i - 1]!;
    for (const f of [`${leaf}.json`, `${leaf}.11tydata.json`]) {
      if (!isFile(join(dir, f))) continue;
      try {
        const v = asRecord(JSON.parse(readFileSync(join(dir, f), 'utf8')));
        if (v) add(v);
      } catch {
        // An unreadable data file: Eleventy failed on it too; nothing to take from it.
      }
    }
    for (const f of [`${leaf}.11tydata.js`, `${leaf}.11tydata.cjs`, `${leaf}.11tydata.mjs`]) {
      if (!isFile(join(dir, f))) continue;
      const read = readJsDataObject(readFileSync(join(dir, f), 'utf8'));
      if (read) add(read.data);
    }
  }
  return merged;
}

function termList(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');
}

/** `addPassthroughCopy("img")`, `addPassthroughCopy({ "./public/": "/" })`, and simple globs. */
function passthroughCopies(root: string, source: string, input: string): { from: string; to: string }[] {
  const pairs: [string, string][] = [];
  for (const m of source.matchAll(/addPassthroughCopy\(\s*(["'`])([^"'`]+)\1/g)) {
    const from = m[2]!.replace(/^\.\//, '');
    const to = input && from.startsWith(`${input}/`) ? from.slice(input.length + 1) : from;
    pairs.push([from, to]);
  }
  for (const m of source.matchAll(/addPassthroughCopy\(\s*\{([^}]*)\}/g)) {
    for (const p of m[1]!.matchAll(/(["'`])([^"'`]+)\1\s*:\s*(["'`])([^"'`]+)\3/g)) pairs.push([p[2]!.replace(/^\.\//, ''), p[4]!.replace(/^\.?\/+/, '')]);
  }
  const out: { from: string; to: string }[] = [];
  for (const [from, to] of pairs) {
    if (from.includes('*')) {
      out.push({ from: `glob:${from}`, to });
      continue;
    }
    out.push({ from: join(root, from), to: to.replace(/\/+$/, '') });
  }
  return out;
}

/**
 * Eleventy's URL: `permalink` front matter (a Liquid/Nunjucks template in its own right, evaluated
 * here for the variables blogs use), else the input-relative path as a folder.
 */
export function eleventyRoute(input: RouteInput): RouteResult {
  const { entry, data } = input;
  const permalink = data.permalink ?? entry.defaults?.permalink;
  if (permalink === false || permalink === 'false') return { skip: 'permalink: false' };
  const stemPath = entry.contentRel.slice(0, entry.contentRel.length - extname(entry.contentRel).length);
  const fileSlug = stripDateFromName(basename(stemPath) === 'index' ? basename(dirname(stemPath)) : basename(stemPath));
  const text = textOf(permalink);
  if (text) {
    const d = input.date;
    const vars: Record<string, string> = {
      'page.fileSlug': fileSlug,
      'page.filePathStem': `/${stemPath}`,
      title: input.title,
      'page.url': '',
      'page.date.getFullYear()': d ? String(d.year) : '',
    };
    const evaluated = text
      .replace(/\{\{-?\s*([^}]+?)\s*-?\}\}/g, (_, expr: string) => {
        const [head, ...filters] = expr.split('|').map((s) => s.trim());
        let v = vars[head!] ?? /^["'](.*)["']$/.exec(head!)?.[1] ?? textOf(data[head!]) ?? '';
        for (const f of filters) {
          if (/^(slugify|slug)\b/.test(f)) v = slugify(v);
          else if (/^date\b/.test(f) && d) v = eleventyDate(f, d);
        }
        return v;
      })
      .replace(/\{%[\s\S]*?%\}/g, '');
    return { path: toSitePath(evaluated) };
  }
  const dir = dirname(stemPath);
  const leaf = basename(stemPath);
  const path = leaf === 'index' || leaf === basename(dir) ? `${dir}/` : `${stemPath}/`;
  return { path: toSitePath(path === './' ? '' : path) };
}

function eleventyDate(filter: string, d: { year: number; month: number; day: number }): string {
  const fmt = /["']([^"']+)["']/.exec(filter)?.[1] ?? '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return fmt
    .replace(/%Y|yyyy/g, String(d.year))
    .replace(/%m|MM/g, pad(d.month))
    .replace(/%d|dd/g, pad(d.day));
}
