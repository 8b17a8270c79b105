import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, parse, resolve, sep } from 'node:path';

/** True when `path` is `root` itself or below it (both absolute and normalised, as resolve() and realpath give them). */
export function isWithin(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The real path of `path`, or of its longest existing parent with the rest appended. */
export function realOrParent(path: string): string {
  try {
    return realpathSync.native(path);
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
  /** False when the site folder itself does not resolve: then every path in it is missing. */
  private readonly exists: boolean;
  private readonly dirs = new Map<string, string | undefined>();

  constructor(root: string) {
    this.root = resolve(root);
    // A folder that does not exist holds nothing: every path in it is missing.
    const real = this.realDir(this.root);
    this.exists = real !== undefined;
    this.realRoot = real ?? this.root;
  }

  /** The real path of a folder, or undefined when it does not resolve. */
  realDir(dir: string): string | undefined {
    if (this.dirs.has(dir)) return this.dirs.get(dir);
    let real: string | undefined;
    try {
      real = realpathSync.native(dir);
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
        real = realpathSync.native(abs);
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
   * A path that does not resolve is outside when the kernel's lookup of it stops outside the
   * site: a link on it points out of the site, existing or not (`x.pdf → /etc/nope`,
   * `ext → /home/me` for `ext/secret.txt`), or climbs out after a link (`lnk/../x`, where `..` is
   * taken from where `lnk` leads, as the kernel does, not from the text). Otherwise a missing
   * file there and an existing one would get different errors, telling what exists outside.
   */
  private missingOrOutside(abs: string): Place {
    const stop = this.exists ? lookupStop(abs) : undefined;
    if (stop === undefined) return { kind: 'missing' };
    let real: string;
    try {
      real = realpathSync.native(stop);
    } catch {
      return { kind: 'missing' };
    }
    return isWithin(this.realRoot, real) ? { kind: 'missing' } : { kind: 'outside', real };
  }
}

/**
 * The last folder the kernel reaches looking up `abs` (absolute) before a part is missing,
 * following links part by part as it does (40 at most, like Linux); undefined for a link loop,
 * or when the whole path resolves.
 */
function lookupStop(abs: string): string | undefined {
  let at: string = parse(abs).root;
  const todo = abs.slice(at.length).split(sep).filter(Boolean);
  for (let links = 0; todo.length; ) {
    const part = todo.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      at = dirname(at);
      continue;
    }
    const next = join(at, part);
    let link: string | undefined;
    try {
      link = lstatSync(next).isSymbolicLink() ? readlinkSync(next) : undefined;
    } catch {
      return at;
    }
    if (link === undefined) {
      at = next;
      continue;
    }
    if (++links > 40) return undefined;
    const from = isAbsolute(link) ? parse(link).root : '';
    if (from) at = from;
    todo.unshift(...link.slice(from.length).split(/[\\/]/).filter(Boolean));
  }
  return undefined;
}
