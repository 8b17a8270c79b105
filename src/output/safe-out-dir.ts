import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    throw new CasebookError('CB4001', `Refusing to use ${shown(outDir, out)} as the output folder: ${why}, and building replaces the output folder entirely.`, {
      file: resolve(outDir),
    });
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
    throw new CasebookError('CB4011', `cacheDir ${shown(site.cacheDir, cache)} cannot hold the build cache: ${why}.`, {
      file: site.configFile ?? resolve(site.root),
    });
  }
}

/** The file that says a folder is a Casebook build cache, which builds may clear and rewrite. */
export const CACHE_MARKER = '.casebook-cache';
/** What a cache written by Casebook before the marker existed holds, and nothing else. */
const CACHE_ENTRIES = new Set(['meta.json', 'posts', 'parsed.json', 'pages.json', 'build-stamp.json', 'og', 'images', 'diagrams', CACHE_MARKER]);

/**
 * A build clears and rewrites parts of its cache folder, so the folder must be Casebook's: new or
 * empty (it then gets the marker), marked, or a cache from before the marker (only cache entries,
 * and a meta.json in Casebook's shape). A folder of the author's own files is refused, so a
 * `cacheDir` typo never deletes anything.
 */
export function claimCacheDir(cacheDir: string, configFile?: string): void {
  let entries: string[];
  try {
    entries = readdirSync(cacheDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      // Not a folder Casebook can keep its cache in: a file, a looping link, no permission.
      const why =
        code === 'ENOTDIR'
          ? ': a file stands where the folder should be'
          : code === 'ELOOP'
            ? ': symbolic links that point at each other'
            : code === 'EACCES' || code === 'EPERM'
              ? ': no permission to read it'
              : '';
      throw new CasebookError('CB4011', `cacheDir ${resolve(cacheDir)} cannot hold the build cache (${code ?? (e as Error).message}${why}).`, {
        file: configFile ?? resolve(cacheDir),
      });
    }
    entries = [];
  }
  if (entries.includes(CACHE_MARKER)) return;
  const unknown = entries.filter((e) => !CACHE_ENTRIES.has(e));
  let shaped = !entries.includes('meta.json');
  if (!shaped) {
    try {
      const meta = JSON.parse(readFileSync(join(cacheDir, 'meta.json'), 'utf8')) as Record<string, unknown>;
      shaped = typeof meta.version === 'string' && typeof meta.settings === 'string';
    } catch {
      shaped = false;
    }
  }
  if (unknown.length || !shaped) {
    const sample = (unknown.length ? unknown : ['meta.json']).slice(0, 3).join(', ');
    throw new CasebookError(
      'CB4011',
      `cacheDir ${resolve(cacheDir)} holds files Casebook did not write (${sample}), and a build clears parts of its cache folder.`,
      { file: configFile ?? resolve(cacheDir) },
    );
  }
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, CACHE_MARKER), 'This folder is a Casebook build cache: builds clear and rewrite it. Deleting it is always safe.\n');
  } catch {
    // Not writable: the caches below report or skip their own writes.
  }
}
