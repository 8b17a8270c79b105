import { kindSpec, type PostKind } from '../content/index.js';
import type { Warning } from '../errors/index.js';
import { isGeneratedPath, postPath } from '../site/index.js';
import { fitSegment } from '../util/slug.js';
import { normaliseAlias, type ExistingSite } from './existing-site.js';
import type { ImportedItem, ImportSource } from './types.js';

export interface PlannedItem {
  item: ImportedItem;
  /** Path below content/, e.g. `writing/my-post.md`. */
  rel: string;
  slug: string;
  /** The Casebook page path (`writing/my-post/`). */
  path: string;
  kind: PostKind;
  /** Old paths that will redirect here, as written in front matter (`/2019/05/my-post/`). */
  aliases: string[];
}

/** The old site's path of `url` (relative to its base path), or undefined when it lives elsewhere. */
export function oldSitePath(url: string, oldBase: URL | undefined): string | undefined {
  let u: URL;
  try {
    u = new URL(url, oldBase ?? 'http://old.invalid/');
  } catch {
    return undefined;
  }
  if (oldBase && u.host.toLowerCase() !== oldBase.host.toLowerCase()) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    path = u.pathname;
  }
  const basePath = oldBase ? oldBase.pathname.replace(/\/?$/, '/') : '/';
  if (basePath !== '/' && path.startsWith(basePath)) path = '/' + path.slice(basePath.length);
  return path;
}

export function siteBase(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) ? u : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Gives every item a file and a slug that no other imported item and no existing post uses
 * (`slug`, `slug-2`, …), and turns its old URLs into aliases that collide with nothing.
 */
export function planItems(source: ImportSource, existing: ExistingSite): { planned: PlannedItem[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  // Page path → the file that produces it, and whether that file is one of this import's.
  const takenPaths = new Map<string, { rel: string; planned: boolean }>();
  for (const [path, rel] of existing.paths) takenPaths.set(path, { rel: rel.toLowerCase(), planned: false });
  const plannedFiles = new Set<string>();
  const planned: PlannedItem[] = [];
  for (const item of source.items) {
    const isPage = item.kind === 'page';
    const kind: PostKind = isPage ? 'page' : 'article';
    // The folder that gives a file its kind, as the kind registry declares it (content/kinds.ts).
    const folder = kindSpec(kind).folder ?? 'writing';
    const base = fitSegment(item.slug, 150);
    let slug = base;
    for (let n = 2; ; n++) {
      const rel = `${folder}/${slug}.md`.toLowerCase();
      const path = postPath({ kind, slug }).toLowerCase();
      const owner = takenPaths.get(path);
      // A page at the site root may not take a folder Casebook generates (/search/, /tags/).
      const reserved = isGeneratedPath(path);
      // An existing file of the same name is this post imported before: the writer reports it
      // as a conflict (or replaces it with --force) rather than adding a second copy.
      if (!reserved && !plannedFiles.has(rel) && (owner === undefined || (!owner.planned && owner.rel === rel))) break;
      slug = `${base}-${n}`;
    }
    const rel = `${folder}/${slug}.md`;
    const path = postPath({ kind, slug });
    takenPaths.set(path.toLowerCase(), { rel: rel.toLowerCase(), planned: true });
    plannedFiles.add(rel.toLowerCase());
    planned.push({ item, rel, slug, path, kind, aliases: [] });
  }

  // Aliases after every path is known: an old URL may equal another imported post's new one.
  const oldBase = siteBase(source.site.baseUrl);
  // A file this import writes again (with --force) gives up its old aliases: the new copy
  // declares them afresh, so they are not "taken by another post".
  const takenAliases = new Set(
    [...existing.aliases].filter((key) => {
      const owners = existing.aliasOwners?.get(key);
      return !owners || [...owners].some((rel) => !plannedFiles.has(rel));
    }),
  );
  for (const p of planned) {
    for (const url of p.item.oldUrls) {
      const old = oldSitePath(url, oldBase);
      if (old === undefined) continue;
      const key = normaliseAlias(old);
      if (key === undefined) {
        warnings.push({ code: 'CB3121', message: `"${p.item.title}": no redirect from ${old}, because it leaves the site.`, location: p.item.origin });
        continue;
      }
      if (key === '' || key === p.path.toLowerCase() || p.aliases.some((a) => normaliseAlias(a) === key)) continue;
      const why = isGeneratedPath(key)
        ? 'Casebook generates a page there'
        : takenPaths.has(key)
          ? `it is the new URL of content/${takenPaths.get(key)!.rel}`
          : takenAliases.has(key)
            ? 'another post already redirects from it'
            : undefined;
      if (why) {
        warnings.push({ code: 'CB3121', message: `"${p.item.title}": no redirect from ${old}, because ${why}.`, location: p.item.origin });
        continue;
      }
      takenAliases.add(key);
      p.aliases.push(old.startsWith('/') ? old : `/${old}`);
    }
  }
  return { planned, warnings };
}
