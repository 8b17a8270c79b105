import { join } from 'node:path';
import { discoverContent, readPost } from '../content/index.js';
import type { Warning } from '../errors/index.js';
import { postPath } from '../site/index.js';
import { normaliseUserPath } from '../util/user-path.js';

/** What an existing site already uses, so imported posts never take its URLs. */
export interface ExistingSite {
  /** Page path (lower case, e.g. `writing/foo/`) → content-relative file that produces it. */
  paths: Map<string, string>;
  /** Alias paths (lower case, no leading slash) already redirecting somewhere. */
  aliases: Set<string>;
  /** Alias path → the content-relative files (lower case) that declare it. */
  aliasOwners?: Map<string, Set<string>>;
  /** Content-relative files (lower case), for name collisions. */
  files: Set<string>;
}

/**
 * Reads the posts under `<site>/content` the way a build does. A file that does not parse
 * still occupies its file name; its URL is unknown, so it is simply not counted.
 */
export async function readExistingSite(root: string, timezone = 'UTC'): Promise<ExistingSite> {
  const paths = new Map<string, string>();
  const aliases = new Set<string>();
  const aliasOwners = new Map<string, Set<string>>();
  const files = new Set<string>();
  for (const entry of await discoverContent(join(root, 'content'))) {
    files.add(entry.rel.toLowerCase());
    try {
      const post = readPost(entry, { timezone }, [] as Warning[]);
      paths.set(postPath(post).toLowerCase(), entry.rel);
      for (const a of post.aliases) {
        const key = normaliseAlias(a);
        if (key === undefined) continue;
        aliases.add(key);
        if (!aliasOwners.has(key)) aliasOwners.set(key, new Set());
        aliasOwners.get(key)!.add(entry.rel.toLowerCase());
      }
    } catch {
      // Broken files are the author's to fix; the import does not depend on them.
    }
  }
  return { paths, aliases, aliasOwners, files };
}

/** `/2019/05/old` → `2019/05/old/`, lower case; `old.html` stays a file name; undefined when it leaves the site (`..`, also with `\\`). */
export function normaliseAlias(alias: string): string | undefined {
  const user = normaliseUserPath(
    alias
      .trim()
      .replace(/^https?:\/\/[^/]+/i, '')
      .replace(/[?#].*$/, ''),
  );
  if (!user.ok) return undefined;
  const p = user.path;
  return (p === '' || /\.html?$/i.test(p) || p.endsWith('/') ? p : `${p}/`).toLowerCase();
}
