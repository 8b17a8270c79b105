import { lstatSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** True when `path` is `root` itself or below it (both absolute and normalised, as resolve() and realpath give them). */
export function isWithin(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The real path of `path`, or of its longest existing parent with the rest appended. */
export function realOrParent(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realOrParent(parent), basename(path));
  }
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
        return this.missingOrOutside(abs);
      }
    } else {
      const dir = this.realDir(dirname(abs));
      if (dir === undefined) return this.missingOrOutside(abs);
      real = join(dir, basename(abs));
    }
    return isWithin(this.realRoot, real) ? { kind: 'inside', real } : { kind: 'outside', real };
  }

  /**
   * A path that does not resolve is outside when the part of it that exists leads out of the site
   * (`ext/secret.txt` through a link `ext` to a folder elsewhere), or a link on it points out of
   * the site, existing or not (`x.pdf → /etc/nope`): otherwise a missing file there and an
   * existing one would get different errors, telling what exists outside the site. Links are
   * read, not followed (to `depth` links), each relative one from its folder's real path.
   */
  private missingOrOutside(abs: string, depth = 0): Place {
    // Only the part inside the site as written: a site folder that does not exist holds nothing.
    for (let at = abs; depth <= 40 && (isWithin(this.root, at) || isWithin(this.realRoot, at)); at = dirname(at)) {
      let st: Stats | undefined;
      try {
        st = lstatSync(at);
      } catch {
        st = undefined;
      }
      if (st?.isSymbolicLink()) {
        let next: string;
        try {
          const target = resolve(realpathSync(dirname(at)), readlinkSync(at));
          next = at === abs ? target : join(target, relative(at, abs));
        } catch {
          return { kind: 'missing' };
        }
        if (!isWithin(this.root, next) && !isWithin(this.realRoot, next)) return { kind: 'outside', real: next };
        return this.missingOrOutside(next, depth + 1);
      }
      // Not from the cache: a dev session's bounds live on while folders come and go.
      if (st) {
        try {
          const real = realpathSync(at);
          return isWithin(this.realRoot, real) ? { kind: 'missing' } : { kind: 'outside', real };
        } catch {
          return { kind: 'missing' };
        }
      }
      if (dirname(at) === at) break;
    }
    return { kind: 'missing' };
  }
}
