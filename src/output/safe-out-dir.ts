import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CasebookError } from '../errors/index.js';
import { isWithin, realPathOf } from './real-path.js';

/** The folders a build must never replace or write its cache into, as given (links resolved here). */
export interface SiteFolders {
  root: string;
  cacheDir: string;
  /** The config file, named in errors about cacheDir. */
  configFile?: string | undefined;
}

interface Guarded {
  name: string;
  path: string;
}

/** The author's folders: the site, content/, static/ and theme/. */
function authorFolders(root: string): Guarded[] {
  const real = realPathOf(root);
  return [
    { name: 'the site folder', path: real },
    { name: 'its content/ folder', path: realPathOf(join(root, 'content')) },
    { name: 'its static/ folder', path: realPathOf(join(root, 'static')) },
    { name: 'its theme/ folder', path: realPathOf(join(root, 'theme')) },
  ];
}

/** Why `dir` (a real path) may not be replaced or wiped, given what it must stay clear of. */
function clash(dir: string, root: string, others: Guarded[]): string | undefined {
  if (dir === resolve('/') || dir === realPathOf(homedir())) return 'it is the file system root or your home folder';
  if (isWithin(dir, root)) return dir === root ? 'it is the site folder' : 'it holds the site folder';
  for (const g of others) {
    if (g.path === root) continue;
    if (isWithin(g.path, dir)) return dir === g.path ? `it is ${g.name}` : `it is inside ${g.name}`;
    if (isWithin(dir, g.path)) return `it holds ${g.name}`;
  }
  return undefined;
}

/** How a path shows in a message: its real location, and what was typed if that differs. */
function shown(given: string, real: string): string {
  return real === resolve(given) ? real : `${resolve(given)} (really ${real})`;
}

/**
 * The output folder is replaced on every build, so it must never be a folder that holds the
 * author's work (the site, content/, static/, theme/), the build cache, or a parent of one.
 * Paths are compared after resolving symbolic links. Returns the output's real path.
 */
export function assertSafeOutDir(outDir: string, site: SiteFolders): string {
  const out = realPathOf(outDir);
  const root = realPathOf(site.root);
  const why = clash(out, root, [...authorFolders(site.root), { name: 'the build cache (cacheDir)', path: realPathOf(site.cacheDir) }]);
  if (why) {
    throw new CasebookError('CB4001', `Refusing to use ${shown(outDir, out)} as the output folder: ${why}, and building replaces the output folder entirely.`, { file: resolve(outDir) });
  }
  return out;
}

/**
 * The build cache wipes and rewrites folders inside cacheDir, so cacheDir must not be (or hold,
 * or lie inside) the site folder, content/, static/, theme/ or an output folder.
 */
export function assertSafeCacheDir(site: SiteFolders, outDirs: readonly string[]): void {
  const cache = realPathOf(site.cacheDir);
  const root = realPathOf(site.root);
  const outputs = outDirs.map((o) => ({ name: `the output folder ${resolve(o)}`, path: realPathOf(o) }));
  const why = clash(cache, root, [...authorFolders(site.root), ...outputs]);
  if (why) {
    throw new CasebookError('CB4011', `cacheDir ${shown(site.cacheDir, cache)} cannot hold the build cache: ${why}.`, { file: site.configFile ?? resolve(site.root) });
  }
}
