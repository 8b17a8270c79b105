import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

/** True when `path` is `root` itself or below it (both absolute and normalised, as resolve() and realpath give them). */
export function isWithin(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Where a path leads: to a file inside the site, outside it (lexically or through a link), or nowhere. */
export type Place = { kind: 'inside'; real: string } | { kind: 'outside'; real: string } | { kind: 'missing' };

/**
 * The boundary of what a build may read for output: the site folder, compared by real path so
 * that a symbolic link inside the site that leads out of it is caught. Real paths of folders are
 * cached, so checking 10,000 static files costs one `realpath` per folder, not per file.
 */
export class SiteBounds {
  readonly root: string;
  readonly realRoot: string;
  private readonly dirs = new Map<string, string | undefined>();

  constructor(root: string) {
    this.root = resolve(root);
    // A folder that does not exist holds nothing: every path in it is missing.
    this.realRoot = this.realDir(this.root) ?? this.root;
  }

  /** The real path of a folder, or undefined when it does not resolve. */
  realDir(dir: string): string | undefined {
    if (this.dirs.has(dir)) return this.dirs.get(dir);
    let real: string | undefined;
    try {
      real = realpathSync(dir);
    } catch {
      real = undefined;
    }
    this.dirs.set(dir, real);
    return real;
  }

  /**
   * Where the absolute `path` leads. A path that climbs out of the site as written is outside
   * whether or not the file exists, so an error never tells what exists elsewhere on the machine.
   * `linked`: the file itself may be a symbolic link (resolved on its own, not from the cache).
   */
  place(path: string, linked = true): Place {
    const abs = resolve(path);
    if (!isWithin(this.root, abs) && !isWithin(this.realRoot, abs)) return { kind: 'outside', real: abs };
    let real: string | undefined;
    if (linked) {
      try {
        real = realpathSync(abs);
      } catch {
        return this.missingOrOutside(dirname(abs));
      }
    } else {
      const dir = this.realDir(dirname(abs));
      if (dir === undefined) return this.missingOrOutside(dirname(abs));
      real = join(dir, basename(abs));
    }
    return isWithin(this.realRoot, real) ? { kind: 'inside', real } : { kind: 'outside', real };
  }

  /**
   * A path that does not resolve is outside when the part of it that exists leads out of the
   * site (`ext/secret.txt` through a link `ext` to a folder elsewhere): otherwise a missing file
   * there and an existing one would get different errors, telling what exists outside the site.
   */
  private missingOrOutside(dir: string): Place {
    // Only the part inside the site as written: a site folder that does not exist holds nothing.
    for (let at = dir; isWithin(this.root, at) || isWithin(this.realRoot, at); at = dirname(at)) {
      // Not from the cache: a dev session's bounds live on while folders come and go.
      let real: string | undefined;
      try {
        real = realpathSync(at);
      } catch {
        real = undefined;
      }
      if (real !== undefined) return isWithin(this.realRoot, real) ? { kind: 'missing' } : { kind: 'outside', real };
      if (dirname(at) === at) break;
    }
    return { kind: 'missing' };
  }
}
