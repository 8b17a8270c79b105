import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

/**
 * Where `path` really is: the real path of its nearest existing ancestor (symbolic links
 * resolved) with the missing rest appended. Guards compare these, never the strings a user
 * typed: `--out ~/link-to-my-site` names the site as surely as `--out ~/my-site` does.
 */
export function realPathOf(path: string): string {
  const rest: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      return join(realpathSync.native(current), ...rest);
    } catch {
      // Missing, a dangling link, or a file on the way: the part above it still says where it is.
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      rest.unshift(basename(current));
      current = parent;
    }
  }
}

/** `child` is `parent` or lies inside it (both absolute and normalised). */
export function isWithin(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}
