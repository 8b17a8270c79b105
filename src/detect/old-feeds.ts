import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { asRecord, asString, getCI, isDir, isFile } from './config-file.js';
import type { OldFeed, OldFeedFormat } from '../foreign-types/index.js';
import { toSitePath } from './url-path.js';

/**
 * The feeds each old tool published, by its defaults and its config, so subscribers keep their
 * URL and their format (issue 17, class 6). Each is data; the feed writer renders them.
 */

/** A feed's format from its file name: `atom.xml` → Atom, `feed.json` → JSON Feed, else RSS. */
export function formatFromName(path: string): OldFeedFormat {
  const name = path.toLowerCase();
  if (/\.json$/.test(name)) return 'json';
  return /atom/.test(name) ? 'atom' : 'rss';
}

/** A feed's format from its template text: `<feed` is Atom, `<rss` RSS, `jsonfeed` JSON Feed. */
export function formatFromTemplate(text: string): OldFeedFormat | undefined {
  if (/jsonfeed\.org/i.test(text)) return 'json';
  if (/<feed\b/.test(text)) return 'atom';
  if (/<rss\b|<rdf:RDF\b/.test(text)) return 'rss';
  return undefined;
}

function head(file: string, bytes = 8192): string {
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      return buf.subarray(0, readSync(fd, buf, 0, bytes, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

/** `permalink: /feed.xml` in a template's YAML front matter. */
function permalinkOf(text: string): string | undefined {
  const fm = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
  const v = fm && /^permalink\s*:\s*["']?([^"'\n#]+?)["']?\s*$/m.exec(fm)?.[1];
  return v && !/[{}]/.test(v) ? v.trim() : undefined;
}

/** A feed's site path: `/feed/` is served from `feed/index.xml` (or `.json`). */
function feedPath(url: string, format: OldFeedFormat): string {
  const p = toSitePath(url);
  return p === '' || p.endsWith('/') ? `${p}index.${format === 'json' ? 'json' : 'xml'}` : p;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/**
 * Hugo: RSS at `index.xml` for the home page (every regular page), each section and each
 * taxonomy term, unless `disableKinds` or `[outputs]` leave RSS out.
 */
export function hugoFeeds(
  data: Record<string, unknown>,
  root: string,
  contentDir: string,
  plurals: Record<string, 'tags' | 'categories' | 'series'>,
): OldFeed[] {
  const disabled = [getCI(data, 'disableKinds')]
    .flat()
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.toLowerCase());
  if (disabled.includes('rss')) return [];
  const outputs = asRecord(getCI(data, 'outputs'));
  const has = (kind: string) => {
    const list = getCI(outputs, kind);
    return !Array.isArray(list) || list.some((x) => typeof x === 'string' && x.toLowerCase() === 'rss');
  };
  // `[outputFormats.RSS] baseName = "feed"` renames every RSS file (feed.xml, posts/feed.xml).
  const file = `${asString(getCI(asRecord(getCI(asRecord(getCI(data, 'outputFormats')), 'RSS')), 'baseName')) ?? 'index'}.xml`;
  const out: OldFeed[] = [];
  if (has('home') && !disabled.includes('home')) out.push({ path: file, format: 'rss', scope: { kind: 'site' } });
  if (has('section') && !disabled.includes('section')) {
    for (const name of listDir(join(root, contentDir))) {
      if (name.startsWith('.') || !isDir(join(root, contentDir, name))) continue;
      out.push({
        path: `${name.toLowerCase()}/${file}`,
        format: 'rss',
        scope: { kind: 'section', dir: `${contentDir}/${name}`.replace(/^\.?\/+/, ''), home: `${name.toLowerCase()}/` },
      });
    }
  }
  if ((has('term') || has('taxonomy')) && !disabled.includes('term')) {
    for (const [plural, list] of Object.entries(plurals)) {
      if (list === 'tags' || list === 'categories') out.push({ path: `${plural.toLowerCase()}/:slug/${file}`, format: 'rss', scope: { kind: 'terms', list } });
    }
  }
  return out;
}

/**
 * Zola: `generate_feeds`/`generate_feed` writes `feed_filenames` (default `atom.xml`) for the whole
 * site; taxonomies with `feed = true` and sections whose `_index.md` sets `generate_feeds` get theirs.
 */
export function zolaFeeds(data: Record<string, unknown>, contentRoot: string): OldFeed[] {
  const names = [data.feed_filenames ?? data.feed_filename ?? 'atom.xml'].flat().filter((x): x is string => typeof x === 'string');
  const out: OldFeed[] = [];
  if (data.generate_feeds === true || data.generate_feed === true) {
    for (const n of names) out.push({ path: n, format: formatFromName(n), scope: { kind: 'site' } });
  }
  if (Array.isArray(data.taxonomies)) {
    for (const t of data.taxonomies) {
      const tax = asRecord(t);
      const name = asString(tax?.name);
      if (!name || (tax?.feed !== true && tax?.generate_feed !== true && tax?.generate_feeds !== true)) continue;
      const list = /^tags?$/i.test(name) ? 'tags' : /^categor(y|ies)$/i.test(name) ? 'categories' : undefined;
      if (list) for (const n of names) out.push({ path: `${name}/:slug/${n}`, format: formatFromName(n), scope: { kind: 'terms', list } });
    }
  }
  // Each language edition with feeds on has its own, under its prefix (`fr/atom.xml`).
  for (const [lang, value] of Object.entries(asRecord(data.languages) ?? {})) {
    const edition = asRecord(value);
    if (lang === data.default_language || (edition?.generate_feeds !== true && edition?.generate_feed !== true)) continue;
    const own = [edition.feed_filenames ?? edition.feed_filename ?? names].flat().filter((x): x is string => typeof x === 'string');
    const scope = { kind: 'edition' as const, lang, title: asString(edition.title), description: asString(edition.description) };
    for (const n of own) out.push({ path: `${lang}/${n}`, format: formatFromName(n), scope });
  }
  for (const name of listDir(contentRoot)) {
    const index = join(contentRoot, name, '_index.md');
    if (!isFile(index)) continue;
    if (/^(generate_feeds?)\s*=\s*true/m.test(head(index, 4096).split(/\n\+\+\+/)[0] ?? '')) {
      const dir = relative(join(contentRoot, '..'), join(contentRoot, name)).split(sep).join('/');
      for (const n of names) out.push({ path: `${name}/${n}`, format: formatFromName(n), scope: { kind: 'section', dir, home: `${name}/` } });
    }
  }
  return out;
}

/**
 * Jekyll: jekyll-feed's Atom feed (`feed.path`, default `/feed.xml`), and the site's own feed
 * templates (a root `feed.xml`, `atom.xml`, `rss.xml`, `feed/index.xml` with front matter).
 */
export function jekyllFeeds(root: string, data: Record<string, unknown>): OldFeed[] {
  const out: OldFeed[] = [];
  const plugins = [data.plugins, data.gems].flat().filter((x): x is string => typeof x === 'string');
  const gemfile = isFile(join(root, 'Gemfile')) ? readFileSync(join(root, 'Gemfile'), 'utf8') : '';
  if (plugins.includes('jekyll-feed') || /^\s*gem\s+["']jekyll-feed["']/m.test(gemfile)) {
    const path = asString(asRecord(data.feed)?.path) ?? 'feed.xml';
    out.push({ path: feedPath(path, 'atom'), format: 'atom', scope: { kind: 'site' } });
  }
  const candidates = [...listDir(root).map((n) => n), ...listDir(join(root, 'feed')).map((n) => `feed/${n}`)];
  for (const rel of candidates) {
    if (!/\.(xml|json|atom|rss)$/i.test(rel) || !isFile(join(root, rel))) continue;
    const text = head(join(root, rel));
    if (!/^\uFEFF?---\r?\n/.test(text)) continue;
    const format = formatFromTemplate(text);
    if (!format) continue;
    out.push({ path: feedPath(permalinkOf(text) ?? rel, format), format, scope: { kind: 'site' } });
  }
  return out;
}

/**
 * Eleventy: feed templates in the input folder (`feed.njk`, `feed.xml.njk`, `feed.11ty.js`…)
 * at their `permalink`, and eleventy-plugin-rss's virtual feed (`outputPath`, `type`).
 */
export function eleventyFeeds(inputAbs: string, configSource: string): OldFeed[] {
  const out: OldFeed[] = [];
  const plugin = /feedPlugin\s*,\s*\{([\s\S]*?)\n\s*\}\s*\)/.exec(configSource)?.[1];
  if (plugin) {
    const type = /type\s*:\s*["'`](atom|rss|json)["'`]/.exec(plugin)?.[1] as OldFeedFormat | undefined;
    const path = /outputPath\s*:\s*["'`]([^"'`]+)["'`]/.exec(plugin)?.[1] ?? '/feed.xml';
    const format = type ?? formatFromName(path);
    out.push({ path: feedPath(path, format), format, scope: { kind: 'site' } });
  }
  const dirs = [inputAbs, join(inputAbs, 'feed'), join(inputAbs, 'feeds')];
  for (const dir of dirs) {
    for (const name of listDir(dir)) {
      if (!/^(feed|rss|atom|index)[^/]*\.(njk|liquid|xml|json|11ty\.js|11ty\.cjs|ejs|hbs)$/i.test(name) || /^index\.(njk|liquid)$/i.test(name)) continue;
      const file = join(dir, name);
      if (!isFile(file)) continue;
      const text = head(file);
      const format = formatFromTemplate(text);
      // YAML front matter, or `---json` front matter and 11ty.js data (`"permalink": "feed.xml"`).
      const permalink = permalinkOf(text) ?? /permalink["']?\s*:\s*["'`]([^"'`{}]+)["'`]/.exec(text)?.[1];
      if (!format || !permalink) continue;
      out.push({ path: feedPath(permalink, format), format, scope: { kind: 'site' } });
    }
  }
  return out;
}

/**
 * Astro and Next.js: feed endpoints routed by file name (`src/pages/rss.xml.js`,
 * `app/feed.xml/route.ts`, `pages/atom.xml.tsx`).
 */
export function endpointFeeds(root: string, dirs: string[]): OldFeed[] {
  const out: OldFeed[] = [];
  for (const d of dirs) {
    const dir = join(root, d);
    for (const name of listDir(dir)) {
      const route = /^((?:rss|feed|atom|index)[\w-]*\.(?:xml|json))(?:\.(?:[cm]?[jt]sx?))?$/i.exec(name)?.[1];
      const isRouteDir = route && isDir(join(dir, name)) && listDir(join(dir, name)).some((n) => /^route\.[cm]?[jt]sx?$/.test(n));
      const isEndpoint = route && route !== name && isFile(join(dir, name));
      if (!route || (!isRouteDir && !isEndpoint) || (/^index\.xml$/i.test(route) && !isEndpoint)) continue;
      out.push({ path: route, format: formatFromName(route), scope: { kind: 'site' } });
    }
  }
  return out;
}

/** Helper for the profiles: the same path once, the first declaration winning. */
export function uniqueFeeds(feeds: OldFeed[]): OldFeed[] {
  const seen = new Set<string>();
  return feeds.filter((f) => !seen.has(f.path) && !!seen.add(f.path));
}
