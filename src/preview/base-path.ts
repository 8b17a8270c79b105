import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The path a built site is served under, such as `/site/` for a GitHub Pages project site
 * (baseUrl https://u.github.io/site/); `/` for a site at the root of its host. Every build writes
 * robots.txt with the absolute sitemap URL, so the base path is read from there: nothing extra is
 * published. A folder without that line (not built by Casebook, or a robots.txt of the author's
 * own) is served at the root, as before.
 */
export function readBasePath(root: string): string {
  let robots: string;
  try {
    robots = readFileSync(join(root, 'robots.txt'), 'utf8');
  } catch {
    return '/';
  }
  const line = /^Sitemap:\s*(\S+)\s*$/im.exec(robots);
  if (!line) return '/';
  let path: string;
  try {
    path = new URL(line[1]!).pathname;
  } catch {
    return '/';
  }
  if (!path.endsWith('/sitemap.xml')) return '/';
  const base = path.slice(0, -'sitemap.xml'.length);
  // The prefix becomes part of a Location header and is compared against raw request paths:
  // keep it to what a baseUrl path can safely hold.
  return /^\/(?:[\w.~-]+\/)*$/.test(base) ? base : '/';
}

export type BaseRoute =
  /** Inside the base path: `url` is the request with the base path replaced by `/`. */
  | { kind: 'inside'; url: string }
  /** The host's root or the base path without its slash: sent to the base path. */
  | { kind: 'redirect'; location: string }
  /** Outside the base path: not part of the site, as on the real host. */
  | { kind: 'outside' };

/** Where a request lands when the site is served under `base`. */
export function routeUnderBase(url: string, base: string): BaseRoute {
  if (base === '/') return { kind: 'inside', url };
  const [path, query] = splitQuery(url);
  if (path.startsWith(base)) return { kind: 'inside', url: '/' + url.slice(base.length) };
  if (path === '/' || path === '' || path === base.slice(0, -1)) return { kind: 'redirect', location: base + (query === undefined ? '' : `?${query}`) };
  return { kind: 'outside' };
}

function splitQuery(url: string): [string, string | undefined] {
  const i = url.indexOf('?');
  return i < 0 ? [url, undefined] : [url.slice(0, i), url.slice(i + 1)];
}
