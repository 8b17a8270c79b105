import { homedir } from 'node:os';
import { constants, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { CONFIG_NAMES } from '../config/index.js';
import { loadSiteConfig } from '../detect/index.js';
import { parsePostSource } from '../content/index.js';
import { CasebookError, type Warning } from '../errors/index.js';
import { isValidTimeZone } from '../util/dates.js';
import { readDevto } from './devto.js';
import { readExistingSite } from './existing-site.js';
import { writeFrontMatter, type FrontMatterFields } from './front-matter-writer.js';
import { readGhost } from './ghost.js';
import MarkdownIt from 'markdown-it';
import { removalWarnings, sanitizeContentHtml, type HtmlRemoval } from '../markdown/html-policy.js';
import { createConverter } from './html-to-markdown.js';
import { MEDIA, planMediaCopies } from './media.js';
import { readMedium } from './medium.js';
import { planItems, siteBase, type PlannedItem } from './plan.js';
import type { ImportSource, ImportSourceName } from './types.js';
import { readWordPress } from './wordpress.js';

export interface ImportOptions {
  source: ImportSourceName;
  /** The export file (a folder for Medium). */
  input: string;
  /** The site folder to write into: new or existing. */
  out: string;
  /** Replace files that already exist instead of failing. */
  force?: boolean;
  /** baseUrl for a new config, when the export does not say (or says the wrong thing). */
  baseUrl?: string;
  /** The old install's uploads folder (WordPress wp-content/uploads, Ghost content): files the posts use are copied into static/. */
  media?: string;
}

export interface ImportSummary {
  site: string;
  platform: ImportSourceName;
  posts: number;
  drafts: number;
  pages: number;
  /** Paths below the site folder, in the order written. */
  written: string[];
  replaced: number;
  /** Uploaded files copied from --media into static/. */
  mediaCopied: number;
  aliases: number;
  skipped: Record<string, number>;
  /** The config file written, when the site had none. */
  config: string | undefined;
  warnings: Warning[];
  notes: string[];
  ms: number;
  /** Milliseconds per step: reading the export, planning names and URLs, converting and checking, writing. */
  timings: { read: number; plan: number; convert: number; write: number };
}

function readSource(opts: ImportOptions): ImportSource {
  const input = resolve(opts.input);
  if (!existsSync(input)) {
    throw new CasebookError('CB3100', `${input} does not exist.`, { file: input });
  }
  const isDir = statSync(input).isDirectory();
  if (opts.source === 'medium') {
    if (!isDir) throw new CasebookError('CB3105', `${input} is a file; pass the unzipped export folder.`, { file: input });
    return readMedium(input);
  }
  if (isDir) throw new CasebookError('CB3100', `${input} is a folder; pass the exported file.`, { file: input });
  let text: string;
  try {
    text = readFileSync(input, 'utf8')
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n');
  } catch (e) {
    throw new CasebookError('CB3100', `${input} cannot be read: ${(e as Error).message}.`, { file: input });
  }
  if (opts.source === 'wordpress') return readWordPress(text, input);
  if (opts.source === 'ghost') return readGhost(text, input);
  return readDevto(text, input);
}

/** Key under which a URL of the old site is looked up: host, decoded path without trailing slash, and WordPress's ?p= ids. */
function urlKey(url: string, oldBase: URL): string | undefined {
  let u: URL;
  try {
    u = new URL(url, oldBase);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(u.protocol)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    path = u.pathname;
  }
  const id = /[?&]((?:p|page_id)=\d+)/.exec(u.search)?.[1];
  return `${u.host.toLowerCase()}${path.replace(/\/+$/, '').toLowerCase()}${id ? `?${id}` : ''}`;
}

function frontMatterFor(p: PlannedItem, image: string | undefined): FrontMatterFields {
  const { item } = p;
  return [
    ['title', item.title],
    ['description', item.description?.replace(/\s+/g, ' ').trim()],
    ['date', item.date],
    ['updated', item.updated],
    ['draft', item.draft ? true : undefined],
    ['kind', p.kind === 'article' ? undefined : p.kind],
    ['tags', item.tags],
    ['categories', item.categories],
    ['series', item.series],
    ['image', image],
    ['imageAlt', image ? item.imageAlt : undefined],
    ['aliases', p.aliases],
  ];
}

/** The baseUrl an existing site's config sets, if it sets one and loads. */
async function configuredBaseUrl(site: string): Promise<string | undefined> {
  try {
    const loaded = await loadSiteConfig(site);
    return loaded.baseUrlSet ? loaded.config.baseUrl : undefined;
  } catch {
    return undefined;
  }
}

/** Pages are linked from nothing but the navigation; a new config lists the published ones after Writing. */
const NAV_PAGES = 6;

function configText(platform: string, input: string, source: ImportSource, title: string, baseUrl: string | undefined, pages: string[]): string {
  const lines = [`# Written by \`casebook import ${platform}\` from ${basename(input)}. docs/guide.md lists every key.`, `title: ${stringify(title).trim()}`];
  if (source.site.description) lines.push(`description: ${stringify(source.site.description).trim()}`);
  if (baseUrl) lines.push(`baseUrl: ${stringify(baseUrl).trim()}`);
  else lines.push('# The address the site will be served from; builds warn until it is set.', '# baseUrl: https://example.com/');
  if (source.site.lang) lines.push(`lang: ${stringify(source.site.lang).trim()}`);
  if (source.site.timezone && isValidTimeZone(source.site.timezone)) lines.push(`timezone: ${stringify(source.site.timezone).trim()}`);
  if (source.site.author) lines.push('author:', `  name: ${stringify(source.site.author).trim()}`);
  if (pages.length) {
    lines.push('nav:', '  - { label: Writing, url: /writing/ }', ...pages.slice(0, NAV_PAGES).map((slug) => `  - { page: ${stringify(slug).trim()} }`));
    if (pages.length > NAV_PAGES) lines.push(`  # and ${pages.length - NAV_PAGES} more pages: ${pages.slice(NAV_PAGES).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * `casebook import`: reads an export, converts every post and page to a Markdown file with
 * Casebook front matter under `<site>/content/`, and writes a config when the site has none.
 * Everything is converted and checked before the first file is written, and no existing file is
 * replaced without `force`.
 */
export async function importSite(opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const site = resolve(opts.out);
  if (existsSync(site) && !statSync(site).isDirectory()) {
    throw new CasebookError('CB3109', `${site} is a file.`, { file: site });
  }
  // A site is written there (casebook.config.yaml, content/): never into the file system's root,
  // the home folder, or another site's content/ or static/ folder.
  if (site === resolve('/') || site === homedir() || /[\\/](content|static)([\\/]|$)/.test(site)) {
    throw new CasebookError(
      'CB3109',
      `${site} ${site === resolve('/') ? 'is the root of the file system' : site === homedir() ? 'is your home folder' : 'is inside a content/ or static/ folder'}; import into a site folder of its own.`,
      { file: site },
    );
  }
  const source = readSource(opts);
  const timings: ImportSummary['timings'] = { read: performance.now() - started, plan: 0, convert: 0, write: 0 };
  let mark = performance.now();
  if (!source.items.length) {
    const skipped = Object.entries(source.skipped)
      .map(([k, n]) => `${k} (${n})`)
      .join(', ');
    throw new CasebookError('CB3108', `${resolve(opts.input)} has no posts or pages${skipped ? ` (only ${skipped})` : ''}.`, { file: resolve(opts.input) });
  }
  const existing = await readExistingSite(site);
  const { planned, warnings: planWarnings } = planItems(source, existing);

  const realOldBase = siteBase(source.site.baseUrl);
  const oldBase = realOldBase ?? new URL('http://old.invalid/');
  const hasConfig = CONFIG_NAMES.some((n) => existsSync(join(site, n)));
  const newBase = siteBase(opts.baseUrl ?? (hasConfig ? await configuredBaseUrl(site) : undefined) ?? source.site.baseUrl);
  // The new site takes over the old one's address: its own absolute URLs become site paths, so
  // they keep working once the old server is gone (and files under them can be copied to static/).
  const takeOver = !!realOldBase && !!newBase && realOldBase.host.toLowerCase() === newBase.host.toLowerCase();
  const oldBasePath = oldBase.pathname.replace(/\/?$/, '/');
  const newPathOf = new Map<string, string>();
  for (const p of planned) {
    for (const url of [...p.item.oldUrls, ...p.item.linkUrls]) {
      const key = urlKey(url, oldBase);
      if (key && !newPathOf.has(key)) newPathOf.set(key, `/${p.path}`);
    }
  }
  const referenced = new Set<string>();
  let stillOnOldHost = 0;
  // Raw HTML (players, embeds) gets no base path from the Markdown renderer: it is written with it.
  const newBasePath = (newBase?.pathname ?? '/').replace(/\/?$/, '/');
  const rewriteUrl = (url: string, kind: 'link' | 'image' | 'embed'): string => {
    if (url.startsWith('#')) return url;
    const withBase = (p: string) => (kind === 'embed' ? newBasePath + p.slice(1) : p);
    if (kind !== 'image') {
      const key = urlKey(url, oldBase);
      const target = key ? newPathOf.get(key) : undefined;
      if (target) {
        const hash = url.indexOf('#');
        return withBase(hash >= 0 ? target + url.slice(hash) : target);
      }
    }
    // A path on the site, without any base path: the renderer adds the new site's base to Markdown links.
    let path: string | undefined;
    if (url.startsWith('/') && !url.startsWith('//')) {
      path = oldBasePath !== '/' && url.startsWith(oldBasePath) ? `/${url.slice(oldBasePath.length)}` : url;
    } else if (realOldBase && /^(https?:)?\/\//i.test(url)) {
      let u: URL | undefined;
      try {
        u = new URL(url, realOldBase);
      } catch {
        u = undefined;
      }
      if (u && u.host.toLowerCase() === realOldBase.host.toLowerCase()) {
        if (!takeOver) stillOnOldHost++;
        else if (u.pathname.startsWith(oldBasePath)) path = `/${u.pathname.slice(oldBasePath.length)}${u.search}${u.hash}`;
      }
    }
    if (path === undefined) return url;
    referenced.add(path);
    return withBase(path);
  };
  const converter = createConverter({ rewriteUrl, ...(source.prepareHtml ? { prepare: source.prepareHtml } : {}) });
  timings.plan = performance.now() - mark;
  mark = performance.now();

  const contentDir = join(site, 'content');
  const outputs: { file: string; text: string }[] = [];
  const checkWarnings: Warning[] = [];
  const policyWarnings: Warning[] = [];
  const report = (p: PlannedItem, removals: HtmlRemoval[], kept: boolean) => {
    for (const w of removalWarnings(removals, p.item.origin.file)) {
      const where = kept ? ' (kept in the Markdown file; builds leave it out)' : '';
      policyWarnings.push({ code: w.code, message: `"${p.item.title}"${where}: ${w.message}`, location: p.item.origin });
    }
  };
  let preview: InstanceType<typeof MarkdownIt> | undefined;
  for (const p of planned) {
    if ('markdown' in p.item.body && /<[a-zA-Z!/]/.test(p.item.body.markdown)) {
      // Markdown bodies are kept as the author wrote them; the build applies the HTML policy to
      // them as to every post, and the import says now what it will leave out.
      preview ??= new MarkdownIt({ html: true });
      const { removals } = sanitizeContentHtml(preview.render(p.item.body.markdown));
      if (removals.length) report(p, removals, true);
    }
    const body =
      'html' in p.item.body
        ? converter.convert(p.item.body.html, (removals) => report(p, removals, false))
        : // Markdown bodies (dev.to, Ghost Markdown cards): only link destinations are rewritten.
          p.item.body.markdown
            .replace(/(!?)\]\((<?)([^)\s>]+)(>?)/g, (m, bang: string, open: string, url: string, close: string) => {
              const to = rewriteUrl(url, bang ? 'image' : 'link');
              return to === url ? m : `${bang}](${open}${to}${close}`;
            })
            .trim() + '\n';
    const image = p.item.image ? rewriteUrl(p.item.image, 'image') : undefined;
    const text = `${writeFrontMatter(frontMatterFor(p, image))}\n${body}`;
    const file = join(contentDir, p.rel);
    // The file must read back as Casebook reads it; a failure here is a bug in the importer, caught before anything is written.
    parsePostSource({ file, rel: p.rel }, text, { timezone: 'UTC' }, checkWarnings);
    outputs.push({ file, text });
  }

  timings.convert = performance.now() - mark;
  mark = performance.now();
  const media = MEDIA[source.platform];
  const { copies, missing } = media ? planMediaCopies(referenced, media.prefix, opts.media) : { copies: [], missing: [] };
  const targets = [...outputs.map((o) => o.file), ...copies.map((c) => join(site, 'static', c.to))];
  const conflicts = targets.filter((f) => existsSync(f));
  if (conflicts.length && !opts.force) {
    const shown = conflicts
      .slice(0, 5)
      .map((f) => `  ${relative(site, f)}`)
      .join('\n');
    const more = conflicts.length > 5 ? `\n  … and ${conflicts.length - 5} more` : '';
    throw new CasebookError(
      'CB3107',
      `${conflicts.length} file${conflicts.length === 1 ? '' : 's'} already exist${conflicts.length === 1 ? 's' : ''}; nothing was written:\n${shown}${more}`,
      { file: conflicts[0]! },
    );
  }

  const baseUrl = (opts.baseUrl ?? source.site.baseUrl)?.replace(/\/?$/, '/');
  const written: string[] = [];
  mkdirSync(site, { recursive: true });
  let config: string | undefined;
  if (!hasConfig) {
    config = 'casebook.config.yaml';
    const pages = planned.filter((p) => p.kind === 'page' && !p.item.draft).map((p) => p.slug);
    writeFileSync(join(site, config), configText(opts.source, opts.input, source, source.site.title || basename(site), baseUrl, pages), { flag: 'wx' });
    written.push(config);
  }
  for (const o of outputs) {
    mkdirSync(dirname(o.file), { recursive: true });
    writeFileSync(o.file, o.text, { flag: opts.force ? 'w' : 'wx' });
    written.push(relative(site, o.file));
  }
  for (const c of copies) {
    const to = join(site, 'static', c.to);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(c.from, to, opts.force ? 0 : constants.COPYFILE_EXCL);
  }

  timings.write = performance.now() - mark;
  const notes = [...source.notes];
  if (media && opts.media) {
    notes.push(
      `copied ${copies.length} of the ${copies.length + missing.length} files the posts use from ${opts.media} into static${media.prefix}${missing.length ? `; not found there: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}` : ''}`,
    );
  } else if (media && missing.length) {
    notes.push(
      `the posts use ${missing.length} file${missing.length === 1 ? '' : 's'} under ${media.prefix} (images, downloads): pass --media with your ${media.folder}/ folder to copy them into static${media.prefix}, or copy it there yourself`,
    );
  }
  if (stillOnOldHost && realOldBase) {
    notes.push(
      `${stillOnOldHost} image and link address${stillOnOldHost === 1 ? ' still points' : 'es still point'} at ${realOldBase.origin}, which stays the source of those files; import with --base-url ${realOldBase.origin}/ to make them site paths`,
    );
  }

  const posts = planned.filter((p) => p.item.kind === 'post');
  return {
    site,
    platform: source.platform,
    posts: posts.length,
    drafts: planned.filter((p) => p.item.draft).length,
    pages: planned.length - posts.length,
    written,
    replaced: conflicts.length,
    mediaCopied: copies.length,
    aliases: planned.reduce((n, p) => n + p.aliases.length, 0),
    skipped: source.skipped,
    config,
    warnings: [...source.warnings, ...planWarnings, ...policyWarnings],
    notes,
    ms: performance.now() - started,
    timings,
  };
}
