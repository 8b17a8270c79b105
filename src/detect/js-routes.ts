import { readFileSync } from 'node:fs';
import { basename, dirname, extname, relative, sep } from 'node:path';
import { walkFiles } from '../util/walk.js';
import { isDir } from './config-file.js';

export interface DynamicRoute {
  /** Folder of the route relative to the pages/app folder, e.g. `blog` (empty for the root). */
  prefix: string;
  /** The route file's source, to see which collection or folder it reads. */
  source: string;
}

/**
 * Dynamic routes of a file-routed framework: Astro's `src/pages/blog/[...slug].astro`, Next.js's
 * `pages/posts/[slug].tsx` and `app/posts/[slug]/page.tsx`. The folder above the dynamic segment
 * is where the old site put its posts.
 */
export async function dynamicRoutes(pagesDirs: string[]): Promise<DynamicRoute[]> {
  const out: DynamicRoute[] = [];
  for (const dir of pagesDirs) {
    if (!isDir(dir)) continue;
    const files = await walkFiles(dir, { skipDotFiles: true, include: (n) => /\.(astro|jsx?|tsx?|mjs)$/.test(n) });
    for (const file of files) {
      const rel = relative(dir, file).split(sep).join('/');
      const parts = rel.split('/');
      const at = parts.findIndex((p) => /^\[(\.\.\.)?(slug|id|post|postSlug|path|name)\](\.[a-z]+)?$/i.test(p));
      if (at < 0) continue;
      // app/posts/[slug]/page.tsx and pages/posts/[slug].tsx; not api routes or image routes.
      const rest = parts.slice(at + 1);
      if (rest.length && !/^(page|index)\.(astro|jsx?|tsx?|mjs)$/.test(rest.join('/'))) continue;
      if (parts.includes('api')) continue;
      const prefix = parts
        .slice(0, at)
        .filter((p) => !/^\(.*\)$/.test(p))
        .join('/');
      out.push({ prefix, source: readFileSync(file, 'utf8') });
    }
  }
  return out;
}

/** The route whose source names the collection or folder, else the only one, else undefined. */
export function routeFor(routes: DynamicRoute[], names: string[]): DynamicRoute | undefined {
  for (const name of names) {
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const hit = routes.find((r) => new RegExp(`getCollection\\(\\s*["'\`]${esc}["'\`]|["'\`/]${esc}["'\`/]`).test(r.source));
    if (hit) return hit;
  }
  return routes.length === 1 ? routes[0] : undefined;
}

/** `posts/Hello World.md` → `posts/hello-world` with each segment slugged; `x/index.md` → `x`. */
export function fileId(rel: string, slug: (s: string) => string): string {
  const noExt = rel.slice(0, rel.length - extname(rel).length);
  const segments = noExt.split('/').map(slug);
  if (segments.length > 1 && segments[segments.length - 1] === 'index') segments.pop();
  return segments.join('/');
}

export function stemOf(rel: string): string {
  return basename(rel, extname(rel)) === 'index' ? basename(dirname(rel)) : basename(rel, extname(rel));
}
