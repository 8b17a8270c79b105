import { readdirSync, readFileSync } from 'node:fs';
import type { Warning } from '../errors/index.js';
import { join, relative, sep } from 'node:path';
import { walkFiles } from '../util/walk.js';
import { firstExisting, isDir, isFile, jsString } from './config-file.js';
import { dynamicRoutes, fileId, routeFor } from './js-routes.js';
import type { ForeignFile, ForeignProfile, OldFeed, TermPage } from '../foreign-types/index.js';
import { parseDocument } from 'yaml';
import { slugify } from '../util/slug.js';
import { endpointFeeds } from './old-feeds.js';
import { frontMatterHasDate, textOf } from './shared.js';
import { githubSlug, toSitePath } from './url-path.js';

const CONFIG_NAMES = ['astro.config.mjs', 'astro.config.ts', 'astro.config.js', 'astro.config.mts', 'astro.config.cjs'];
/** Keys Astro's blog template and popular themes (AstroPaper, Fuwari, astro-theme-cactus) give meaning to. */
const ASTRO_KEYS = [
  'author',
  'layout',
  'heroImageAlt',
  'ogImageAlt',
  'coverAlt',
  'readingTime',
  'hideEditPost',
  'timezone',
  'lang',
  'prev',
  'next',
  'sidebar',
  'template',
  'minutesRead',
  'type',
  'authors',
];

interface Collection {
  name: string;
  dir: string;
  /** `generateId` that keeps the file path as it is (no slugging): the id is the path without its extension. */
  rawIds?: boolean;
}

/**
 * True when the config's Markdown read `:::name` containers: remark-directive (or a plugin built on
 * it, like the admonition ones), or a processor's own `directive: true` switch. Without it the
 * colons were text on the old site too.
 */
function readsDirectives(source: string): boolean {
  const code = source.replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1');
  return /remark-?directive|remarkDirective|admonition|\bdirectives?\s*:\s*true/i.test(code);
}

export function detectAstro(root: string): ForeignProfile | undefined {
  const name = firstExisting(root, CONFIG_NAMES);
  if (!name) return undefined;
  const source = readFileSync(join(root, name), 'utf8');
  const consts = ['src/consts.ts', 'src/consts.js', 'src/config.ts', 'src/config.js', 'src/site.config.ts', 'src/site.ts']
    .filter((f) => isFile(join(root, f)))
    .map((f) => readFileSync(join(root, f), 'utf8'))
    .join('\n');
  const config: Record<string, unknown> = {};
  const site = jsString(source, ['site']) ?? jsString(consts, ['website', 'SITE_URL', 'url', 'site']);
  const base = jsString(source, ['base']);
  if (site && /^https?:\/\//i.test(site))
    config.baseUrl = site.replace(/\/+$/, '') + '/' + (base ? base.replace(/^\/+|\/+$/g, '') + '/' : '').replace(/^\/$/, '');
  const title = jsString(consts, ['SITE_TITLE', 'title']);
  if (title) config.title = title;
  const description = jsString(consts, ['SITE_DESCRIPTION', 'desc', 'description']);
  if (description) config.description = description;
  const author = jsString(consts, ['SITE_AUTHOR', 'author']);
  if (author) config.author = { name: author };
  const tz = jsString(consts, ['timezone', 'TIMEZONE', 'timeZone']);
  if (tz) config.timezone = tz;
  const lang = jsString(consts, ['lang', 'SITE_LANG']);
  if (lang && lang.length >= 2) config.lang = lang;
  const trailing = jsString(source, ['trailingSlash']);

  const warnings: Warning[] = [];
  const collections = findCollections(root, warnings);
  return {
    tool: 'astro',
    name: 'Astro',
    configFile: name,
    config,
    family: 'mdx',
    staticDirs: [{ dir: 'public', to: '' }],
    staticFiles: [],
    permalinkLabel: '',
    excerptSeparator: undefined,
    taxonomies: {},
    ignoredKeys: ASTRO_KEYS,
    dropTags: [],
    splitTermsOnSpaces: false,
    siteVars: { title: title ?? '' },
    ...(readsDirectives(source) ? { markdownPlugins: ['directives'] } : {}),
    warnings,
    feeds: [...endpointFeeds(root, ['src/pages']), ...collectionFeeds(root, collections)],
    termPages: termPagesOf(collections, warnings),
    async discover() {
      const routes = await dynamicRoutes([join(root, 'src/pages')]);
      const out: ForeignFile[] = [];
      const prefixes: string[] = [];
      for (const c of collections) {
        // A collection of term metadata (tags with a title and an intro) describes the tag pages: no posts of its own.
        if (await isTermMetadata(c)) continue;
        const route = routeFor(routes, [c.name]);
        const prefix = route ? route.prefix : c.name;
        prefixes.push(`/${prefix ? `${prefix}/` : ''}[slug]${trailing === 'never' ? '' : '/'}`);
        const files = await walkFiles(c.dir, { skipDotFiles: true, include: (n) => /\.(md|mdx|markdown)$/i.test(n) });
        for (const file of files) {
          const contentRel = relative(c.dir, file).split(sep).join('/');
          if (contentRel.split('/').some((p) => p.startsWith('_'))) continue;
          out.push({
            file,
            rel: relative(root, file).split(sep).join('/'),
            contentRel: `${prefix}\u0000${contentRel}${c.rawIds ? '\u0000raw' : ''}`,
            role: 'post',
          });
        }
      }
      // Markdown pages routed by their place under src/pages.
      const pagesDir = join(root, 'src/pages');
      for (const file of await walkFiles(pagesDir, { skipDotFiles: true, include: (n) => /\.(md|mdx|markdown)$/i.test(n) })) {
        const contentRel = relative(pagesDir, file).split(sep).join('/');
        if (contentRel.split('/').some((p) => p.startsWith('_'))) continue;
        if (/^index\.(md|mdx|markdown)$/i.test(contentRel)) continue;
        out.push({ file, rel: relative(root, file).split(sep).join('/'), contentRel: `\u0000${contentRel}`, role: contentRel.includes('/') ? 'post' : 'page' });
      }
      this.permalinkLabel = [...new Set(prefixes)].join(', ') || '/[file path]/';
      return out;
    },
    route(input) {
      const [prefix, rel, raw] = input.entry.contentRel.split('\u0000') as [string, string, string | undefined];
      const id = textOf(input.data.slug) ?? fileId(rel, raw ? (s) => s : githubSlug);
      return { path: toSitePath(`/${prefix}/${id}/`.replace(/\/{2,}/g, '/')) };
    },
  };
}

/**
 * Content collections: folders of `src/content/`, plus glob loaders (`glob({ base: './src/data/blog' })`)
 * declared in `src/content.config.*` or `src/content/config.*`.
 */
function findCollections(root: string, warnings: Warning[]): Collection[] {
  const out: Collection[] = [];
  const contentDir = join(root, 'src/content');
  for (const f of [
    'src/content.config.ts',
    'src/content.config.mjs',
    'src/content.config.js',
    'src/content/config.ts',
    'src/content/config.mjs',
    'src/content/config.js',
  ]) {
    if (!isFile(join(root, f))) continue;
    const text = readFileSync(join(root, f), 'utf8');
    const re = /(?:const|let)\s+(\w+)\s*=\s*defineCollection\(\s*\{[\s\S]*?base:\s*["'`]([^"'`]+)["'`]/g;
    for (const m of text.matchAll(re)) {
      const dir = join(root, m[2]!);
      if (!isDir(dir)) continue;
      // The loader's own `generateId`, if any: from this collection's base to the next collection.
      const rest = text.slice(m.index! + m[0].length);
      const own = rest.slice(0, rest.search(/defineCollection\(|$/));
      const generate = /generateId\s*:\s*(?:\(\s*\{\s*entry\s*\}\s*\)|\w+)\s*=>\s*(.+)$/m.exec(own);
      if (/generateId\s*:/.test(own) || /\bslug\s*:\s*(?:\([^)]*\)|\w+)\s*=>/.test(own)) {
        // `entry.replace(/\.mdx?$/, "")` and the like keep the path as written; anything else is code not run here.
        const raw =
          generate &&
          /^entry\.(?:replace\(\s*\/\\\.[\w()|?]+\$\/[gi]*\s*,\s*(["'`])\1\s*\)|split\(\s*(["'`])\.\2\s*\)\[0\])[\s,;})]*$/.test(generate[1]!.trim());
        if (raw) out.push({ name: m[1]!, dir, rawIds: true });
        else {
          out.push({ name: m[1]!, dir });
          warnings.push({
            code: 'CB1522',
            message: `${f} builds the ids of the "${m[1]}" collection with its own code; its posts' URLs may differ from the old site's.`,
            location: { file: join(root, f) },
          });
        }
        continue;
      }
      out.push({ name: m[1]!, dir });
    }
  }
  if (isDir(contentDir)) {
    for (const entry of readdirDirs(contentDir)) {
      if (!out.some((c) => c.dir === join(contentDir, entry))) out.push({ name: entry, dir: join(contentDir, entry) });
    }
  }
  return out;
}

/** Collections the old site used to describe its terms, by name: tags, categories, authors, series. */
const TERM_COLLECTION = /^(?:tags?|categor(?:y|ies)|authors?|series)$/i;

/**
 * The title and description each entry of a tag or category collection gives its term, by the
 * term's slug (the entry's id): the old site's tag pages showed them.
 */
function termPagesOf(collections: Collection[], warnings: Warning[]): { tags: Record<string, TermPage>; categories: Record<string, TermPage> } | undefined {
  const out = { tags: {} as Record<string, TermPage>, categories: {} as Record<string, TermPage> };
  let found = false;
  for (const c of collections) {
    const list = /^tags?$/i.test(c.name) ? out.tags : /^categor(?:y|ies)$/i.test(c.name) ? out.categories : undefined;
    if (!list) continue;
    for (const name of readdirSyncSafe(c.dir)) {
      const m = /^([^_.][^/]*)\.(?:md|mdx|markdown)$/i.exec(name);
      if (!m || !isFile(join(c.dir, name))) continue;
      const text = readFileSync(join(c.dir, name), 'utf8');
      const head = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[^\n]*(?:\n|$)/.exec(text);
      const fm = head?.[1];
      if (!fm) continue;
      let data: unknown;
      try {
        data = parseDocument(fm).toJS();
      } catch {
        // Front matter Astro failed on too: nothing to show.
        continue;
      }
      const rec = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
      if ('date' in rec || 'publishDate' in rec || 'pubDate' in rec) continue;
      const title = typeof rec.title === 'string' ? rec.title : undefined;
      const description = typeof rec.description === 'string' ? rec.description : undefined;
      if (!title && !description) continue;
      list[slugify(m[1]!) || m[1]!] = { title, description };
      found = true;
      // The old theme could render the entry's text on the term's page; Casebook's shows the title and description only.
      const body = text.slice(head[0].length);
      if (body.trim()) {
        warnings.push({
          code: 'CB1528',
          message: `The text of this ${/^tags?$/i.test(c.name) ? 'tag' : 'category'} entry is not shown: its page shows the title and description only.`,
          location: { file: join(c.dir, name), line: text.slice(0, head[0].length + body.search(/\S/)).split('\n').length },
        });
      }
    }
  }
  return found ? out : undefined;
}

/** A term collection (by its name) none of whose entries is dated: metadata for term pages, not writing. */
async function isTermMetadata(c: Collection): Promise<boolean> {
  if (!TERM_COLLECTION.test(c.name)) return false;
  const files = await walkFiles(c.dir, { skipDotFiles: true, include: (n) => /\.(md|mdx|markdown)$/i.test(n) });
  return !files.some((f) => frontMatterHasDate(f));
}

/**
 * Feed endpoints in a folder of src/pages (`src/pages/notes/rss.xml.ts`): kept at their URL with
 * the posts of the collection the endpoint reads (`getCollection("note")`), or the whole site's
 * when it reads none that is known.
 */
function collectionFeeds(root: string, collections: Collection[]): OldFeed[] {
  const out: OldFeed[] = [];
  const pages = join(root, 'src/pages');
  const visit = (dir: string, depth: number) => {
    for (const name of readdirDirs(dir)) {
      const sub = join(dir, name);
      const rel = relative(pages, sub).split(sep).join('/');
      if (/[[\]]/.test(rel)) continue;
      for (const feed of endpointFeeds(root, [relative(root, sub)])) {
        const endpoint = readdirSyncSafe(sub).find((n) => n.startsWith(feed.path) && isFile(join(sub, n)));
        const text = endpoint ? readFileSync(join(sub, endpoint), 'utf8') : '';
        const used = /getCollection\(\s*["'`](\w+)["'`]/.exec(text)?.[1];
        const c = collections.find((x) => x.name === used);
        out.push({
          path: `${rel}/${feed.path}`,
          format: feed.format,
          scope: c ? { kind: 'section', dir: relative(root, c.dir).split(sep).join('/'), home: `${rel}/` } : { kind: 'site' },
        });
      }
      if (depth < 2) visit(sub, depth + 1);
    }
  };
  visit(pages, 1);
  return out;
}

function readdirDirs(dir: string): string[] {
  return readdirSyncSafe(dir).filter((n) => !n.startsWith('.') && !n.startsWith('_') && isDir(join(dir, n)));
}

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
