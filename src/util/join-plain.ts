import { join, normalize, sep } from 'node:path';

/**
 * A relative path that path.join would change: an empty, `.` or `..` segment, or a leading or
 * trailing slash. Site paths (`writing/x/index.html`) and names from a folder listing never are.
 */
const NOT_PLAIN = /(?:^|\/)\.{0,2}(?:\/|$)/;

/** The folder the last call found plain: nearly every call in a build names the same few folders. */
let lastPlainDir = '';

/** Whether path.join leaves `dir` as it is before the slash (normalised, no trailing slash but the root's, not `.`). */
function isPlainDir(dir: string): boolean {
  if (dir === lastPlainDir) return true;
  if (dir === '' || dir === '.' || (dir !== '/' && dir.endsWith('/')) || normalize(dir) !== dir) return false;
  lastPlainDir = dir;
  return true;
}

/**
 * `join(dir, rel)`, without normalising again what is normal already: a build joins its output
 * and cache folders with thousands of site paths, and path.join's normalising was its largest
 * single source of garbage (7 of 82 MB allocated by a one-post rebuild at 1,000 posts). The result
 * is the string path.join returns; anything else (Windows, `..`, doubled slashes) goes through
 * path.join itself.
 */
export function joinPlain(dir: string, rel: string): string {
  if (sep !== '/' || NOT_PLAIN.test(rel) || !isPlainDir(dir)) return join(dir, rel);
  return dir === '/' ? `/${rel}` : `${dir}/${rel}`;
}
