import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import type { Warning } from '../errors/index.js';
import { SiteBounds } from '../util/site-bounds.js';
import { walkFiles } from '../util/walk.js';
import { asRecord, asString, firstExisting, isDir, isFile, readAuthor, readDataFile } from './config-file.js';
import type { ForeignFile, ForeignProfile, RouteInput, RouteResult } from '../foreign-types/index.js';
import { frontMatterHasDate, stripDateFromName, textOf } from './shared.js';
import { jekyllFeeds } from './old-feeds.js';
import { jekyllMath } from './jekyll-math.js';
import { dateParts, datePlaceholders, expandPlaceholders, jekyllDefault, jekyllPretty, toSitePath } from './url-path.js';

const CONFIG_NAMES = ['_config.yml', '_config.yaml', '_config.toml'];

/** Jekyll's built-in permalink styles. */
export const JEKYLL_STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/** Never copied: Jekyll's own exclusions plus the files a Ruby/Node project carries. */
const ALWAYS_EXCLUDED = [
  'Gemfile',
  'Gemfile.lock',
  'gemfiles',
  'node_modules',
  'vendor',
  'package.json',
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'README.md',
  'README',
  'LICENSE',
  'LICENSE.md',
  'LICENSE.txt',
  'CHANGELOG.md',
  'Rakefile',
  'netlify.toml',
];

/** Keys Jekyll and its popular themes (minima, minimal-mistakes, chirpy, al-folio) give meaning to. */
const JEKYLL_KEYS = [
  'layout',
  'author',
  'authors',
  'comments',
  'share',
  'related',
  'header',
  'sidebar',
  'toc_label',
  'toc_icon',
  'toc_sticky',
  'classes',
  'author_profile',
  'read_time',
  'show_date',
  'mathjax',
  'math',
  'mermaid',
  'pin',
  'render_with_liquid',
  'last_modified_at',
  'sitemap',
  'permalink',
  'redirect_to',
  'hidden',
  'feature_image',
  'feature-img',
  'thumbnail',
  'comments_id',
  'disqus',
  'lang',
  'nav_order',
  'parent',
  'modified',
  'og_image',
  'seo',
  'twitter',
  'giscus_comments',
  'related_posts',
  'featured',
  'type',
  'excerpt_separator',
  'subtitle',
  'published',
];

function hasFrontMatter(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(5);
    const n = readSync(fd, buf, 0, 5, 0);
    return /^(\uFEFF)?---\r?\n?/.test(buf.subarray(0, n).toString('utf8'));
  } finally {
    closeSync(fd);
  }
}

/** With `loose`, a `_posts/` folder alone is enough (checked after every other tool, since Next.js starters have one too). */
export function detectJekyll(root: string, loose = false): ForeignProfile | undefined {
  const name = firstExisting(root, CONFIG_NAMES);
  if (!name && !(loose && isDir(join(root, '_posts')))) return undefined;
  const data = name ? readDataFile(join(root, name)).data : {};
  const warnings: Warning[] = [];
  const style = asString(data.permalink) ?? 'date';
  const sitePermalink = JEKYLL_STYLES[style] ?? style;
  const prettyPages = style === 'pretty' || sitePermalink.endsWith('/');
  const timezone = asString(data.timezone);
  const excluded = new Set([
    ...ALWAYS_EXCLUDED,
    ...[data.exclude]
      .flat()
      .filter((x): x is string => typeof x === 'string')
      .map((x) => x.replace(/\/+$/, '')),
  ]);
  const included = new Set([data.include].flat().filter((x): x is string => typeof x === 'string'));
  const collectionsDir = asString(data.collections_dir) ?? '';
  const defaults = readDefaults(data.defaults);
  const includes = includesFolder(root, asString(data.includes_dir));

  const config: Record<string, unknown> = {};
  const title = asString(data.title) ?? asString(data.name);
  if (title) config.title = title;
  // jekyll-feed's `feed: { posts_limit: N }`.
  const postsLimit = Number(asRecord(data.feed)?.posts_limit);
  if (Number.isInteger(postsLimit) && postsLimit > 0) config.feedSize = postsLimit;
  const baseurl = asString(data.baseurl) ?? '';
  const basePath = baseurl.replace(/^\/+|\/+$/g, '');
  const written = asString(data.url);
  // GitHub Pages serves a site without `url` at its CNAME, else at owner.github.io; without
  // either, the base path still has to hold, or every image under it breaks.
  const guessed = written ? undefined : pagesAddress(root);
  const url = written ?? guessed?.url ?? (basePath ? 'http://localhost:4321' : undefined);
  if (url && /^https?:\/\//i.test(url)) config.baseUrl = url.replace(/\/+$/, '') + '/' + basePath + (basePath ? '/' : '');
  if (!written && basePath && config.baseUrl) {
    warnings.push({
      code: 'CB1521',
      message: `${name ?? '_config.yml'} sets baseurl "${baseurl}" but no url; the site's address is taken to be ${config.baseUrl}${guessed ? ` (from ${guessed.from})` : ''}.`,
      location: { file: join(root, name ?? '_config.yml') },
    });
  }
  const description = asString(data.description);
  if (description) config.description = description;
  if (timezone) config.timezone = timezone;
  const lang = asString(data.lang) ?? asString(data.locale);
  if (lang && lang.length >= 2) config.lang = lang.replace('_', '-');
  const author = readAuthor(data.author);
  if (author) config.author = author;
  const siteVars: Record<string, string> = {};
  flattenVars(data, '', siteVars);
  siteVars.url = (written ?? guessed?.url)?.replace(/\/+$/, '') ?? '';
  siteVars.baseurl = baseurl.replace(/\/+$/, '');

  const excludeGlobs = [...excluded].filter((x) => /[*?[{]/.test(x)).map(fnmatch);
  const isExcluded = (rel: string) => {
    const parts = rel.split('/');
    if (parts.some((_, i) => included.has(parts.slice(0, i + 1).join('/')))) return false;
    return parts.some((_, i) => {
      const prefix = parts.slice(0, i + 1).join('/');
      return excluded.has(prefix) || excludeGlobs.some((re) => re.test(prefix));
    });
  };
  const skipDir = (abs: string) => {
    const rel = relative(root, abs).split(sep).join('/');
    const leaf = basename(abs);
    if (leaf === '_site' || leaf === '.jekyll-cache' || leaf === '.sass-cache') return true;
    return isExcluded(rel);
  };

  return {
    tool: 'jekyll',
    name: 'Jekyll',
    configFile: name ?? '_posts/',
    config,
    family: 'liquid',
    staticDirs: [],
    staticFiles: [],
    permalinkLabel: sitePermalink,
    excerptSeparator: asString(data.excerpt_separator),
    taxonomies: {},
    ignoredKeys: JEKYLL_KEYS,
    dropTags: [],
    splitTermsOnSpaces: true,
    siteVars,
    ...(asRecord(data.kramdown)?.parse_block_html === true ? { parseBlockHtml: true } : {}),
    ...includes,
    ...jekyllMath(root, data, includes.includesDir),
    warnings,
    excludes: isExcluded,
    feeds: jekyllFeeds(root, data),
    async discover() {
      const files = await walkFiles(root, { skipDotFiles: true, skipDir });
      const out: ForeignFile[] = [];
      const pages: ForeignFile[] = [];
      const folderIndexes: ForeignFile[] = [];
      for (const file of files) {
        const rel = relative(root, file).split(sep).join('/');
        const parts = rel.split('/');
        const ext = extname(file).toLowerCase();
        const leaf = parts[parts.length - 1]!;
        // Jekyll's entry filter: `_`, `.` and `#` names and `~` backups are never read; config `exclude` wins over every folder.
        if (/^[_.#]/.test(leaf) || leaf.endsWith('~') || isExcluded(rel)) continue;
        const postsAt = parts.indexOf('_posts');
        const draftsAt = parts.indexOf('_drafts');
        if (postsAt >= 0 || draftsAt >= 0) {
          if (!['.md', '.markdown', '.html', '.htm'].includes(ext)) continue;
          // A post is read only when its name starts with its date; Jekyll passes over the others without a word.
          if (postsAt >= 0 && !/^\d{2,4}-\d{1,2}-\d{1,2}-/.test(leaf)) {
            warnings.push({
              code: 'CB1520',
              message: `${rel} is not published: Jekyll reads a _posts file only when its name starts with a date (YYYY-MM-DD-title${ext}).`,
              location: { file },
            });
            continue;
          }
          const at = postsAt >= 0 ? postsAt : draftsAt;
          const before = parts.slice(0, at).filter((p, i) => !(i === 0 && collectionsDir && p === collectionsDir));
          out.push({
            file,
            rel,
            contentRel: rel,
            role: 'post',
            draft: postsAt < 0,
            categories: before,
            defaults: defaultsFor(defaults, rel, 'posts'),
          });
          continue;
        }
        if (parts.some((p) => p.startsWith('_'))) continue;
        if (['.html', '.htm'].includes(ext)) {
          // An HTML file with front matter is a page Jekyll rendered through Liquid, not a static file.
          if (!hasFrontMatter(file)) continue;
          const replaced = listTemplate(file, rel);
          if (replaced) warnings.push({ code: 'CB1524', message: replaced, location: { file } });
          else pages.push({ file, rel, contentRel: rel, role: 'page', defaults: defaultsFor(defaults, rel, 'pages') });
          continue;
        }
        if (!['.md', '.markdown'].includes(ext)) continue;
        const stem = basename(file, extname(file));
        if (/^(404|readme|license|changelog)$/i.test(stem) || (stem.toLowerCase() === 'index' && parts.length === 1)) continue;
        // Jekyll renders a page only when it has front matter; other Markdown files are copied as they are.
        if (!hasFrontMatter(file)) continue;
        const entry: ForeignFile = { file, rel, contentRel: rel, role: 'page', defaults: defaultsFor(defaults, rel, 'pages') };
        (stem.toLowerCase() === 'index' ? folderIndexes : pages).push(entry);
      }
      // No posts at all: a folder of dated pages is where the author kept the articles, and its
      // index.md is the archive the author wrote for them (issue 17, class 2).
      const articleFolders = out.some((f) => !f.draft) ? new Set<string>() : folderOfDatedPages(pages);
      for (const page of pages) {
        if (articleFolders.has(dirname(page.rel))) out.push({ ...page, role: 'post', pageUrl: true });
        else out.push(page);
      }
      for (const index of folderIndexes) if (articleFolders.has(dirname(index.rel))) out.push(index);
      return out;
    },
    route(input) {
      return jekyllRoute(input, { sitePermalink, prettyPages, timezone });
    },
  };
}

/** Where GitHub Pages serves the site: its CNAME file, else the owner's github.io of the `origin` remote. */
function pagesAddress(root: string): { url: string; from: string } | undefined {
  const cname = isFile(join(root, 'CNAME')) ? readFileSync(join(root, 'CNAME'), 'utf8').split('\n')[0]!.trim() : '';
  if (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(cname)) return { url: `https://${cname.toLowerCase()}`, from: 'CNAME' };
  const git = isFile(join(root, '.git', 'config')) ? readFileSync(join(root, '.git', 'config'), 'utf8') : '';
  const owner = /\[remote "origin"\][^[]*?url\s*=\s*\S*github\.com[:/]([A-Za-z0-9-]+)\//.exec(git)?.[1];
  return owner ? { url: `https://${owner.toLowerCase()}.github.io`, from: 'the git remote' } : undefined;
}

/**
 * The message for an HTML page whose job was to list the posts (the root index.html, a paginator,
 * a loop over site.posts, site.tags or site.categories): Casebook's generated lists replace it.
 * Undefined for a page with content of its own.
 */
function listTemplate(file: string, rel: string): string | undefined {
  if (/^index\.html?$/i.test(rel)) return `${rel} is the old site's home template; Casebook's generated home takes its place.`;
  const loop = /\{%-?\s*for\s+\w+\s+in\s+(paginator\.posts|site\.posts|site\.tags|site\.categories)\b/.exec(readFileSync(file, 'utf8'));
  if (!loop) return undefined;
  const list = loop[1] === 'site.tags' ? '/tags/ takes' : loop[1] === 'site.categories' ? '/categories/ takes' : 'home and /writing/ take';
  return `${rel} lists the posts (a loop over ${loop[1]}); Casebook's generated ${list} its place.`;
}

/** Folders (not the root) where at least two pages carry a date: a blog kept as pages. */
function folderOfDatedPages(pages: ForeignFile[]): Set<string> {
  const dated = new Map<string, number>();
  for (const p of pages) {
    const dir = dirname(p.rel);
    if (dir !== '.' && frontMatterHasDate(p.file)) dated.set(dir, (dated.get(dir) ?? 0) + 1);
  }
  return new Set([...dated].filter(([, n]) => n >= 2).map(([dir]) => dir));
}

/** Jekyll's `exclude` globs (File.fnmatch): `*` within a name, `**` across folders, `?` one character. */
function fnmatch(glob: string): RegExp {
  const re = glob
    .replace(/[.+^$()|\\]/g, '\\$&')
    .replace(/\*\*\/?/g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\u0000/g, '.*');
  return new RegExp(`^${re}$`);
}

/** Static files of a Jekyll site: everything it would copy as it is (no front matter, not `_`-prefixed, not excluded). */
export async function jekyllStatic(root: string, profile: ForeignProfile, skip: (abs: string) => boolean): Promise<{ from: string; to: string }[]> {
  const out: { from: string; to: string }[] = [];
  const files = await walkFiles(root, {
    skipDotFiles: true,
    skipDir: (abs) => skip(abs) || basename(abs).startsWith('_') || ['_site', 'node_modules', 'vendor'].includes(basename(abs)),
  });
  for (const file of files) {
    const rel = relative(root, file).split(sep).join('/');
    if (rel.split('/').some((p) => p.startsWith('_'))) continue;
    if (profile.excludes?.(rel) || ALWAYS_EXCLUDED.includes(rel) || /\.(md|markdown|gemspec)$/i.test(rel) || rel === profile.configFile) continue;
    if (/\.(html?|xml|scss|sass|css|js|json|txt)$/i.test(rel) && hasFrontMatter(file)) continue;
    out.push({ from: file, to: rel });
  }
  return out;
}

interface JekyllDefault {
  path: string;
  type: string | undefined;
  values: Record<string, unknown>;
}

function readDefaults(v: unknown): JekyllDefault[] {
  if (!Array.isArray(v)) return [];
  const out: JekyllDefault[] = [];
  for (const d of v) {
    const scope = asRecord(asRecord(d)?.scope) ?? {};
    const values = asRecord(asRecord(d)?.values);
    if (!values) continue;
    out.push({ path: (asString(scope.path) ?? '').replace(/^\/+|\/+$/g, ''), type: asString(scope.type), values });
  }
  return out;
}

/** Front matter defaults whose scope covers the file; later, more specific ones win, as in Jekyll. */
function defaultsFor(list: JekyllDefault[], rel: string, type: string): Record<string, unknown> | undefined {
  let merged: Record<string, unknown> | undefined;
  const matching = list.filter((d) => (!d.type || d.type === type) && (d.path === '' || rel === d.path || rel.startsWith(`${d.path}/`)));
  matching.sort((a, b) => a.path.length - b.path.length || (a.type ? 1 : 0) - (b.type ? 1 : 0));
  for (const d of matching) merged = { ...(merged ?? {}), ...d.values };
  return merged;
}

export function jekyllRoute(input: RouteInput, opts: { sitePermalink: string; prettyPages: boolean; timezone: string | undefined }): RouteResult {
  const { entry, data } = input;
  const own = textOf(data.permalink) ?? textOf(entry.defaults?.permalink);
  if (entry.role === 'page' || entry.pageUrl) {
    if (own) return { path: toSitePath(own, '.html') };
    const dir = dirname(entry.rel);
    const stem = basename(entry.rel, extname(entry.rel));
    return { path: toSitePath(`${dir === '.' ? '' : dir}/${stem}${opts.prettyPages ? '/' : '.html'}`, '.html') };
  }
  const template = own ? (JEKYLL_STYLES[own] ?? own) : opts.sitePermalink;
  const fileSlug = stripDateFromName(basename(entry.rel, extname(entry.rel)));
  const slugFm = textOf(data.slug);
  const cats = [...new Set(input.categories.map((c) => c.toLowerCase()))];
  const values: Record<string, string | undefined> = {
    ...datePlaceholders(input.date ? dateParts(input.date as never, opts.timezone) : undefined),
    categories: cats.join('/'),
    title: jekyllPretty(slugFm ?? fileSlug),
    slug: jekyllDefault(slugFm ?? fileSlug),
    name: jekyllDefault(fileSlug),
    path: entry.rel.replace(/\.[^.]+$/, ''),
    collection: 'posts',
    output_ext: '.html',
  };
  const path = expandPlaceholders(template, values).replace(/\/{2,}/g, '/');
  return { path: toSitePath(path, '.html') };
}

/** `author: { name: Ada }` → `author.name` = Ada, for `{{ site.author.name }}`. */
function flattenVars(data: Record<string, unknown>, prefix: string, out: Record<string, string>, depth = 0): void {
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string' || typeof v === 'number') out[prefix + k] = String(v);
    else if (depth < 3 && asRecord(v)) flattenVars(asRecord(v)!, `${prefix}${k}.`, out, depth + 1);
  }
}

/**
 * The folder `{% include %}` reads, when it is inside the site: an `includes_dir` that climbs out
 * (`../..`) or an `_includes` that is a symbolic link elsewhere would publish files of the machine,
 * so the site then has no includes and each one is named as lost.
 */
function includesFolder(root: string, configured: string | undefined): { includesDir?: string } {
  const dir = join(root, configured ?? '_includes');
  if (!isDir(dir)) return {};
  const place = new SiteBounds(root).place(dir);
  return place.kind === 'inside' ? { includesDir: dir } : {};
}
