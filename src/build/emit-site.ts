import { CasebookError, CasebookErrors } from '../errors/index.js';
import type { Asset } from '../markdown/images.js';
import { fileForPath, type OutputSink } from '../output/index.js';
import { createContext } from '../render/context.js';
import {
  renderCaseStudies, renderHome, renderList, renderNotFound, renderPost, renderRedirect, renderSeries, renderSeriesIndex, renderTermIndex, type RenderedPage,
} from '../render/pages.js';
import { monogramFavicon, stylesheet } from '../render/stylesheet.js';
import { renderCv } from '../render/cv.js';
import { jsonForScript } from '../util/escape.js';
import { atomFeed, jsonFeed, rssFeed } from '../emit/feeds.js';
import { robots, sitemap, type SitemapEntry } from '../emit/sitemap.js';
import { paginate, type Post, type SiteModel } from '../site/index.js';
import type { PhaseName, PhaseTimer } from './phases.js';

export interface EmitInput {
  model: SiteModel;
  covers: Map<Post, { url: string; width?: number; height?: number }>;
  assets: Asset[];
  staticFiles: { from: string; to: string }[];
  profileRaw: unknown;
  sink: OutputSink;
  timer: PhaseTimer;
  progress: (phase: PhaseName, done: number, total: number) => void;
}

/** Renders every page and writes every file of the site into the sink. */
export async function emitSite(input: EmitInput): Promise<{ pages: number; files: number }> {
  const { model, sink, timer, progress } = input;
  const css = stylesheet();
  const hasFavicon = input.staticFiles.some((f) => f.to === 'favicon.svg');
  const ctx = createContext(model, css.path, 'favicon.svg');

  timer.start('render');
  const pages: RenderedPage[] = [];
  const lastmod = new Map<string, SitemapEntry['lastmod']>();
  model.posts.forEach((post, i) => {
    pages.push(renderPost(ctx, post, input.covers.get(post)));
    lastmod.set(post.path, post.updated ?? post.date);
    progress('render', i + 1, model.posts.length);
  });
  pages.push(renderHome(ctx));
  const size = model.config.paginate;
  pages.push(...renderList(ctx, {
    title: 'Writing', posts: model.articles, firstPath: 'writing/', pages: paginate(model.articles, size, 'writing/'),
    filter: { current: undefined, allPath: 'writing/' }, empty: 'No writing published yet.', crumbs: [['Writing', 'writing/']],
  }));
  pages.push(...renderCaseStudies(ctx));
  if (model.profile) pages.push(renderCv(ctx, model.profile));
  for (const term of model.categories) {
    pages.push(...renderList(ctx, {
      title: term.name, posts: term.posts, firstPath: term.path, pages: paginate(term.posts, size, term.path),
      filter: { current: term, allPath: 'writing/' }, empty: 'No posts in this category.', crumbs: [['Categories', 'categories/'], [term.name, term.path]],
    }));
  }
  for (const term of model.tags) {
    pages.push(...renderList(ctx, {
      title: `Tagged “${term.name}”`, posts: term.posts, firstPath: term.path, pages: paginate(term.posts, size, term.path),
      empty: 'No posts with this tag.', crumbs: [['Tags', 'tags/'], [term.name, term.path]],
    }));
  }
  pages.push(renderTermIndex(ctx, 'Categories', 'categories/', model.categories));
  pages.push(renderTermIndex(ctx, 'Tags', 'tags/', model.tags, '#'));
  pages.push(renderSeriesIndex(ctx));
  for (const s of model.series) pages.push(renderSeries(ctx, s));
  const notFound = renderNotFound(ctx);

  timer.start('emit');
  const files = new Map<string, string | Uint8Array | { copyFrom: string }>();
  for (const page of pages) files.set(fileForPath(page.path), page.html);
  files.set('404.html', notFound.html);
  files.set(css.path, css.css);
  if (!hasFavicon) files.set('favicon.svg', monogramFavicon(model.config.title));
  files.set('feed.xml', rssFeed(ctx));
  files.set('atom.xml', atomFeed(ctx));
  files.set('feed.json', jsonFeed(ctx));
  files.set('sitemap.xml', sitemap(ctx, pages.map((p) => ({ path: p.path, lastmod: lastmod.get(p.path) }))));
  files.set('robots.txt', robots(ctx));
  if (input.profileRaw !== undefined) {
    // Published as written (validated), so /resume.json round-trips to the author's file.
    files.set('resume.json', jsonForScript(input.profileRaw, 2) + '\n');
  }
  const redirects = redirectPages(ctx, model, files);
  for (const r of redirects) files.set(fileForPath(r.path), r.html);
  if (redirects.length) {
    files.set('_redirects', redirects.map((r) => `${ctx.u(r.path)} ${r.to} 301`).join('\n') + '\n');
  }
  for (const a of input.assets) if (!files.has(a.to)) files.set(a.to, { copyFrom: a.from });
  for (const f of input.staticFiles) {
    if (files.has(f.to) && !(f.to === 'robots.txt' || f.to === 'favicon.svg')) {
      throw new CasebookError('CB4002', `static/${f.to} would overwrite the generated /${f.to}.`, { file: f.from });
    }
    // A site's own robots.txt replaces the generated one: that is the documented way to customise it.
    files.set(f.to, { copyFrom: f.from });
  }

  timer.start('write');
  let written = 0;
  for (const [path, data] of files) {
    if (typeof data === 'object' && 'copyFrom' in data) await sink.copy(path, data.copyFrom);
    else await sink.write(path, data);
    progress('write', ++written, files.size);
  }
  return { pages: pages.length + 1, files: files.size };
}

/** Normalises an alias to a site path: `/2019/05/old` → `2019/05/old/`; `old.html` stays a file. */
export function aliasPath(alias: string, base: string): string {
  let p = alias.trim().replace(/^https?:\/\/[^/]+/i, '');
  if (base !== '/' && p.startsWith(base)) p = p.slice(base.length);
  p = p.replace(/^\/+/, '').replace(/[?#].*$/, '');
  return p === '' || /\.html?$/i.test(p) || p.endsWith('/') ? p : `${p}/`;
}

function redirectPages(ctx: ReturnType<typeof createContext>, model: SiteModel, files: Map<string, unknown>) {
  const errors: CasebookError[] = [];
  const taken = new Map<string, string>();
  const out: (RenderedPage & { to: string })[] = [];
  for (const post of model.posts) {
    for (const alias of post.aliases) {
      const path = aliasPath(alias, model.base);
      const file = fileForPath(path);
      const clash = path.split('/').includes('..') ? 'a path outside the site' : files.has(file) ? `the page /${path}` : taken.get(file);
      if (clash || path === '') {
        const line = post.keyLine('aliases');
        errors.push(new CasebookError('CB1023', `The alias "${alias}" of ${post.rel} collides with ${clash ?? 'the home page'}.`, {
          file: post.file, ...(line ? { line, column: 1 } : {}), source: post.source,
        }));
        continue;
      }
      taken.set(file, `the alias of ${post.rel}`);
      out.push({ ...renderRedirect(ctx, path, post), to: ctx.u(post.path) });
    }
  }
  if (errors.length) throw new CasebookErrors(errors);
  return out;
}
