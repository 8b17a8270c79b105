import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A digest of the names, sizes and times of the files in an old site's includes folder: part of
 * the render cache's settings, so a post is rendered again when an include it may use changes.
 */
export function includesStamp(dir: string): string {
  const hash = createHash('sha1');
  const walk = (d: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = join(d, e.name);
      if (e.isDirectory() && depth < 8) walk(abs, depth + 1);
      else if (e.isFile()) {
        const st = statSync(abs);
        hash.update(`${abs}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  walk(dir, 0);
  return hash.digest('hex');
}
