import { realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { CasebookError } from '../errors/index.js';
import { isWithin } from '../util/site-bounds.js';
import type { ImportSourceName } from './types.js';

/**
 * Where each platform keeps uploaded files, as a site path, and which folder of the old
 * install `--media` names: WordPress's `wp-content/uploads`, Ghost's `content` (images, media
 * and files live under it). Medium and dev.to serve images from their own CDNs.
 */
export const MEDIA: Partial<Record<ImportSourceName, { prefix: string; folder: string }>> = {
  wordpress: { prefix: '/wp-content/uploads/', folder: 'wp-content/uploads' },
  ghost: { prefix: '/content/', folder: 'content' },
};

export interface MediaCopy {
  from: string;
  /** Path below static/. */
  to: string;
}

/** Site path of a URL as referenced from content, without query or fragment, decoded. */
function pathOf(url: string): string | undefined {
  if (!url.startsWith('/') || url.startsWith('//')) return undefined;
  const path = url.split(/[?#]/)[0]!;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * The uploads that imported content refers to, matched with files in the `--media` folder:
 * what to copy into static/, and the references no file was found for.
 */
export function planMediaCopies(referenced: Iterable<string>, prefix: string, mediaDir: string | undefined): { copies: MediaCopy[]; missing: string[] } {
  const copies: MediaCopy[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const root = mediaDir ? resolve(mediaDir) : undefined;
  const realRoot = root ? realFile(root, true) : undefined;
  for (const url of referenced) {
    const path = pathOf(url);
    if (!path?.startsWith(prefix) || seen.has(path)) continue;
    seen.add(path);
    const rest = path.slice(prefix.length);
    const from = root ? resolve(root, rest.replace(/\\/g, '/')) : undefined;
    // A reference may never reach outside the media folder (`../../etc/passwd`), as written or
    // through a symbolic link inside it.
    const real = from && root && from.startsWith(root + sep) ? realFile(from) : undefined;
    if (real && !isWithin(realRoot!, real)) {
      throw new CasebookError('CB1312', `${url} is the file ${from}, a symbolic link to ${real}, outside the media folder.`, { file: from! });
    }
    if (real) copies.push({ from: from!, to: join(path.slice(1)) });
    else missing.push(path);
  }
  return { copies, missing };
}

/** The real path of a file (or, with `dir`, a folder), or undefined when there is none. */
function realFile(path: string, dir = false): string | undefined {
  try {
    const real = realpathSync(path);
    const st = statSync(real);
    return (dir ? st.isDirectory() : st.isFile()) ? real : undefined;
  } catch {
    return undefined;
  }
}
