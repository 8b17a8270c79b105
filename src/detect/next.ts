import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { walkFiles } from '../util/walk.js';
import { firstExisting, isDir, isFile, jsBoolean, jsString } from './config-file.js';
import { dynamicRoutes, fileId, routeFor } from './js-routes.js';
import { layoutMetadata } from './next-metadata.js';
import { appMarkdownPages, compilesMdx, folderReadByCode, hasAppMarkdown, pageCode } from './next-content.js';
import type { ForeignFile, ForeignProfile } from '../foreign-types/index.js';
import { endpointFeeds } from './old-feeds.js';
import { textOf } from './shared.js';
import { toSitePath } from './url-path.js';

const CONFIG_NAMES = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs', 'next.config.mts'];
/** Where Next.js blog starters keep their posts, most specific first. */
const CONTENT_DIRS = ['_posts', 'posts', 'data/blog', 'content/posts', 'content/blog', 'src/content/posts', 'src/content/blog', 'content', 'src/posts', 'blog'];
/** Keys the blog starters (Vercel's blog-starter, tailwind-nextjs-starter-blog, Nextra) give meaning to. */
const NEXT_KEYS = ['author', 'authors', 'layout', 'coverImage', 'bibliography', 'images', 'ogImage', 'type', 'lastmod'];

export function detectNext(root: string): ForeignProfile | undefined {
  // next.config.* is optional: a blog with `next` among its dependencies and a posts folder is one too.
  const name = firstExisting(root, CONFIG_NAMES) ?? (dependsOnNext(root) ? 'package.json' : undefined);
  if (!name) return undefined;
  // A starter's posts folder; else the folder the page code reads (overreacted keeps `public/<slug>/index.md`); else app-router `page.mdx` files.
  const contentDir = CONTENT_DIRS.find((d) => isDir(join(root, d))) ?? folderReadByCode(root, pageCode(root));
  if (!contentDir && !hasAppMarkdown(root)) return undefined;
  const source = readFileSync(join(root, name), 'utf8');
  const trailingSlash = jsBoolean(source, 'trailingSlash') === true;
  const basePath = jsString(source, ['basePath']) ?? '';
  const meta = [
    'data/siteMetadata.js',
    'data/siteMetadata.ts',
    'site.config.js',
    'site.config.ts',
    'lib/constants.ts',
    'lib/constants.js',
    'src/lib/constants.ts',
    'src/site.config.ts',
    'config/site.ts',
  ]
    .filter((f) => isFile(join(root, f)))
    .map((f) => readFileSync(join(root, f), 'utf8'))
    .join('\n');
  const config: Record<string, unknown> = {};
  // The App Router layout's `metadata` is what Next.js printed in every page's head: it comes first.
  const layout = layoutMetadata(root);
  const title = layout.title ?? jsString(meta, ['title', 'SITE_NAME', 'CMS_NAME', 'name']);
  if (title) config.title = title;
  const url = layout.baseUrl ?? jsString(meta, ['siteUrl', 'SITE_URL', 'url']);
  if (url && /^https?:\/\//i.test(url)) config.baseUrl = url.replace(/\/+$/, '') + '/' + (basePath ? basePath.replace(/^\/+|\/+$/g, '') + '/' : '');
  const description = layout.description ?? jsString(meta, ['description', 'SITE_DESCRIPTION']);
  if (description) config.description = description;
  const author = jsString(meta, ['author', 'AUTHOR']);
  if (author) config.author = { name: author };
  const lang = jsString(meta, ['language', 'locale']);
  if (lang && lang.length >= 2) config.lang = lang;

  const fallbackPrefix = contentDir ? contentDir.split('/').pop()!.replace(/^_/, '') : '';
  /** Site paths of app-router Markdown pages, by file: their folder is their URL. */
  const appPaths = new Map<string, string>();
  const profile: ForeignProfile = {
    tool: 'next',
    name: 'Next.js',
    configFile: name,
    config,
    family: 'mdx',
    staticDirs: [{ dir: 'public', to: '' }],
    staticFiles: [],
    permalinkLabel: '',
    excerptSeparator: undefined,
    taxonomies: {},
    ignoredKeys: NEXT_KEYS,
    dropTags: [],
    splitTermsOnSpaces: false,
    siteVars: { title: title ?? '' },
    warnings: [],
    feeds: endpointFeeds(root, ['app', 'src/app', 'pages', 'src/pages']),
    async discover() {
      const out: ForeignFile[] = [];
      if (contentDir) {
        const contentAbs = join(root, contentDir);
        const routes = await dynamicRoutes(['pages', 'app', 'src/pages', 'src/app'].map((d) => join(root, d)));
        const route = routeFor(routes, [contentDir, fallbackPrefix]);
        const prefix = route ? route.prefix : fallbackPrefix;
        profile.permalinkLabel = `/${prefix ? `${prefix}/` : ''}[slug]${trailingSlash ? '/' : ''}`;
        // `.md` files the route compiles with next-mdx-remote are MDX: their JSX is the old site's, not HTML.
        const mdx = compilesMdx(route ? [route.source] : pageCode(root));
        const files = await walkFiles(contentAbs, { skipDotFiles: true, include: (n) => /\.(md|mdx|markdown)$/i.test(n) });
        for (const file of files) {
          const contentRel = relative(contentAbs, file).split(sep).join('/');
          out.push({
            file,
            rel: relative(root, file).split(sep).join('/'),
            contentRel: `${prefix}\u0000${contentRel}`,
            role: 'post',
            ...(mdx ? { format: 'mdx' as const } : {}),
          });
        }
      }
      for (const page of await appMarkdownPages(root)) {
        const rel = relative(root, page.file).split(sep).join('/');
        appPaths.set(page.file, page.path);
        const { publishedAt, ...meta } = page.metadata;
        const defaults: Record<string, unknown> = { ...meta, ...(publishedAt && !meta.date ? { date: publishedAt } : {}) };
        // A folder of several Markdown pages (`app/n/*/page.mdx`) is the writing; a lone one (`app/about/page.mdx`) a page.
        out.push({ file: page.file, rel, contentRel: `\u0000${rel}`, role: page.siblings > 0 ? 'post' : 'page', defaults, format: 'mdx' });
      }
      if (!profile.permalinkLabel) profile.permalinkLabel = '/[folder]/ (app/**/page.mdx)';
      return out;
    },
    route(input) {
      const appPath = appPaths.get(input.entry.file);
      if (appPath !== undefined) return { path: toSitePath(`/${appPath}`) };
      const [prefix, rel] = input.entry.contentRel.split('\u0000') as [string, string];
      // The starters use the file name as it is: `[slug]` is the name without its extension.
      const id = textOf(input.data.slug) ?? fileId(rel, (s) => s);
      // Without trailingSlash the old URL was /posts/x; a folder index answers it on every static host.
      return { path: toSitePath(`/${prefix}/${id}/`.replace(/\/{2,}/g, '/')) };
    },
  };
  return profile;
}

function dependsOnNext(root: string): boolean {
  const file = join(root, 'package.json');
  if (!isFile(file)) return false;
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return [pkg.dependencies, pkg.devDependencies].some((d) => d !== null && typeof d === 'object' && 'next' in d);
  } catch {
    return false;
  }
}
