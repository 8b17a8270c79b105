import { basename, dirname } from 'node:path/posix';
import type { RefKind } from './preprocess.js';

/**
 * The site's posts by the names the old tools' link tags use (Hugo ref/relref, Jekyll post_url
 * and link, Zola `@/`), each to its URL. Plain maps: they cross to each Markdown worker once, and
 * links resolve there as on the build's thread.
 */
export interface LinkTables {
  /** By path under content/ (with and without extension, a bundle's folder too), lower case. */
  byContent: Map<string, string>;
  /** By path in the site, lower case (Jekyll `link`). */
  byRel: Map<string, string>;
  /** By name under `_posts/`, without extension, lower case (Jekyll `post_url`). */
  byPostName: Map<string, string>;
  /** By file name without extension, lower case; null where two posts share it. */
  byBase: Map<string, string | null>;
}

/** The URL a link tag of the post at `contentRel` (its path under content/) names, or undefined. */
export function resolveLink(tables: LinkTables, contentRel: string, kind: RefKind, rawTarget: string): string | undefined {
  const target = rawTarget.trim().replace(/^["']|["']$/g, '');
  if (kind === 'link') return tables.byRel.get(target.replace(/^\/+/, '').toLowerCase());
  if (kind === 'post_url')
    return tables.byPostName.get(
      target
        .replace(/^\/+/, '')
        .replace(/\.(md|markdown|html)$/i, '')
        .toLowerCase(),
    );
  const clean = target.replace(/\/+$/, '');
  if (kind === 'zola') return tables.byContent.get(clean.replace(/^\/+/, '').toLowerCase());
  // Hugo: absolute from content/, else relative to the page's folder, else a unique file name.
  if (clean.startsWith('/')) return tables.byContent.get(clean.slice(1).toLowerCase());
  const own = dirname(contentRel);
  const relative = own === '.' ? clean : `${own}/${clean}`;
  return (
    tables.byContent.get(normalize(relative).toLowerCase()) ??
    tables.byContent.get(clean.toLowerCase()) ??
    tables.byBase.get(
      basename(clean)
        .replace(/\.(md|markdown|html)$/i, '')
        .toLowerCase(),
    ) ??
    undefined
  );
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (s === '..') out.pop();
    else if (s !== '.' && s !== '') out.push(s);
  }
  return out.join('/');
}
