import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { kindSpec } from '../content/index.js';
import { homedir } from 'node:os';

/** First line of every exported file's front matter: later exports replace only such files. */
const EXPORT_MARK = '# Written by casebook export; the next export replaces this file.';
import { join, relative, resolve, sep } from 'node:path';
import { build } from '../pipeline/index.js';
import { loadSiteConfig } from '../detect/index.js';
import { CasebookError, type Warning } from '../errors/index.js';
import { ImageOutsideSite, isRelativeAsset, resolveImage } from '../markdown/images.js';
import type { Post, SiteModel } from '../site/index.js';
import { mapMarkdownUrls } from './absolute-urls.js';
import { caseStudyMarkdown } from './case-study-markdown.js';
import { PLATFORMS, platformFrontMatter, platformTags, type ExportPlatform } from './platforms.js';

export interface ExportOptions {
  platform: ExportPlatform;
  site: string;
  /** Default: `<site>/export/<platform>/`. */
  out?: string;
  baseUrl?: string;
  /** Mark the copies as drafts on the platform. */
  draft?: boolean;
  /** Hashnode blog domain. */
  domain?: string;
  /** Clock for deciding what is scheduled; tests pin it. */
  now?: number;
}

export interface ExportSummary {
  platform: ExportPlatform;
  outDir: string;
  /** Files written, relative to outDir. */
  files: string[];
  /** Drafts and scheduled posts left out: they have no public page yet. */
  unpublished: number;
  warnings: Warning[];
}

function inside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent + sep);
}

/**
 * A URL of the built site as an absolute URL: images beside a post resolve the way the build
 * copies them, other relative links against the page, root-relative ones against the base.
 */
function absoluteUrl(url: string, post: Post, model: SiteModel, root: string, inHtml = false): string {
  if (url.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return url;
  // Markdown links get the base path from the renderer; raw HTML is written with it.
  if (url.startsWith('/')) return model.origin + (inHtml ? url : model.base + url.slice(1));
  if (isRelativeAsset(url)) {
    let found;
    try {
      found = resolveImage(url, post.file, post.path, model.base, root);
    } catch (e) {
      // Raw HTML pointing outside the site: the build published no copy, so the URL stays relative.
      if (!(e instanceof ImageOutsideSite)) throw e;
    }
    if (found) return model.origin + found.url;
  }
  return new URL(url, model.origin + model.base + post.path).href;
}

/** GitHub-style alerts (`> [!NOTE]`) are not Markdown the platforms read; a bold label is. */
function plainAlerts(markdown: string): string {
  return markdown.replace(
    /^(\s*>\s*)\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$/gim,
    (_m, quote: string, kind: string) => `${quote}**${kind[0]!.toUpperCase()}${kind.slice(1).toLowerCase()}**`,
  );
}

/**
 * `casebook export devto|hashnode`: builds the site in memory (so every URL is the one the
 * build gives the page) and writes one Markdown file per published post with the platform's
 * front matter, canonical URL pointing at the post on this site, absolute image and link URLs,
 * and tags normalised and cut to the platform's limit.
 */
export async function exportPosts(opts: ExportOptions): Promise<ExportSummary> {
  const rules = PLATFORMS[opts.platform];
  const loaded = await loadSiteConfig(opts.site, opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {});
  if (!loaded.baseUrlSet) {
    throw new CasebookError('CB3140', `The site has no baseUrl, so canonical_url would point at ${loaded.config.baseUrl}.`, {
      file: loaded.file ?? loaded.root,
    });
  }
  const root = loaded.root;
  const outDir = resolve(opts.out ?? join(root, 'export', opts.platform));
  if (outDir === resolve('/') || outDir === homedir()) {
    throw new CasebookError(
      'CB3141',
      `${outDir} is ${outDir === homedir() ? 'your home folder' : 'the root of the file system'}; export into a folder of its own.`,
      { file: outDir },
    );
  }
  for (const guarded of ['content', 'static']) {
    const g = resolve(root, guarded);
    if (inside(g, outDir) || inside(outDir, g)) {
      throw new CasebookError('CB3141', `${outDir} ${inside(g, outDir) ? 'is inside' : 'contains'} ${relative(process.cwd(), g) || g}.`, { file: outDir });
    }
  }

  const result = await build({
    site: root,
    memory: true,
    skip: ['og', 'search'],
    // Drafts and scheduled posts are built too, only to be counted: they are not exported.
    drafts: true,
    future: true,
    ...(opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}),
    ...(opts.now !== undefined ? { now: opts.now } : {}),
  });
  const { model } = result;
  const posts = model.posts.filter((p) => p.status === 'published');
  const warnings: Warning[] = [];
  if (!posts.length) {
    throw new CasebookError('CB3143', `${root} has no published posts${model.posts.length ? ' (only drafts and scheduled ones)' : ''}.`, { file: root });
  }

  const names = new Set<string>();
  const files: string[] = [];
  const written: { name: string; text: string }[] = [];
  for (const post of posts) {
    const { tags, dropped } = platformTags(rules, post.tags, post.categories);
    if (dropped.length) {
      warnings.push({
        code: 'CB3142',
        message: `"${post.title}": ${rules.name} takes ${rules.tagLimit} tags; left out ${dropped.join(', ')}.`,
        location: { file: post.file },
      });
    }
    const canonical = post.canonical && /^https?:\/\//i.test(post.canonical) ? post.canonical : model.origin + model.base + post.path;
    const cover = post.image ? absoluteUrl(post.image, post, model, root) : undefined;
    const front = platformFrontMatter(rules, {
      title: post.title,
      description: post.description ?? (post.rendered.summary || undefined),
      slug: post.slug,
      tags,
      canonicalUrl: canonical,
      coverImage: cover && /^https?:\/\//i.test(cover) ? cover : undefined,
      series: post.series?.name,
      draft: opts.draft === true,
      domain: opts.domain,
    });
    let body = post.body.replace(/^\s*<!--\s*more\s*-->\s*$/gm, '');
    if (kindSpec(post.kind).layout === 'case-study') {
      const cs = caseStudyMarkdown(post);
      body = [cs.before, body.trim(), cs.after].filter(Boolean).join('\n\n');
    }
    body = mapMarkdownUrls(plainAlerts(body), (url, inHtml) => absoluteUrl(url, post, model, root, inHtml)).trim();
    // Posts of different kinds may share a slug; the file name then says which section it is from.
    let name = `${post.slug}.md`;
    if (names.has(name.toLowerCase())) name = `${post.path.replace(/\/$/, '').replace(/\//g, '-')}.md`;
    names.add(name.toLowerCase());
    written.push({ name, text: `${front.replace(/^---\n/, `---\n${EXPORT_MARK}\n`)}\n${body}\n` });
    files.push(name);
  }
  // Only files an earlier export wrote (they carry its comment) are replaced: never the author's.
  const foreign = written.filter((w) => {
    try {
      return !readFileSync(join(outDir, w.name), 'utf8').startsWith(`---\n${EXPORT_MARK}\n`);
    } catch {
      return false;
    }
  });
  if (foreign.length) {
    throw new CasebookError(
      'CB3144',
      `${outDir} already holds ${foreign
        .map((w) => w.name)
        .slice(0, 5)
        .join(', ')}${foreign.length > 5 ? ` and ${foreign.length - 5} more` : ''}, which casebook export did not write; nothing was written.`,
      { file: outDir },
    );
  }
  mkdirSync(outDir, { recursive: true });
  for (const w of written) writeFileSync(join(outDir, w.name), w.text);
  return {
    platform: opts.platform,
    outDir,
    files,
    unpublished: model.posts.length - posts.length,
    warnings,
  };
}
