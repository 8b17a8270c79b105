import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { codeCacheDir } from './user-cache-dir.js';
import { privateFolder, readPrivateFile, writePrivateFile } from './private-files.js';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundled } from './bundled.js';
import { sameAsStamp, stampOf, tooRecent, type FileStamp } from './file-stamp.js';

let memo: { digest: string; files: FileStamp[] } | undefined;

/** The files of `dir` (recursively, sorted by name) that `keep` accepts, with their stamps. */
function addTree(out: { path: string; stats: Stats }[], dir: string, keep: (name: string) => boolean): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) addTree(out, p, keep);
    else if (keep(e.name)) out.push({ path: p, stats: statSync(p) });
  }
}

/**
 * The code that runs: the CLI bundle's folder when running from it (hashing the one-file-per-module
 * build beside it as well doubled the files read on every cached build), else the module tree;
 * and the package's theme and locale files. Each with its stamp, taken as it is listed.
 */
function codeFiles(manifests?: readonly string[]): { path: string; stats: Stats }[] {
  const code = fileURLToPath(new URL(bundled ? '.' : '..', import.meta.url));
  const pkg = fileURLToPath(new URL('../..', import.meta.url));
  const files: { path: string; stats: Stats }[] = [];
  addTree(files, code, (n) => /\.(c?js|ts)$/.test(n) && !n.endsWith('.test.ts') && !n.endsWith('.map'));
  addTree(files, join(pkg, 'theme'), () => true);
  addTree(files, join(pkg, 'locales'), () => true);
  // The package's own manifest names the dependencies: a changed list is new code.
  const own = regularFile(join(pkg, 'package.json'));
  if (own) files.push(own);
  // Checking stamps (sameCode) takes the manifests they name rather than reading the package's
  // manifest for them: the up-to-date shortcut reads none of Casebook's files but its own.
  if (manifests) for (const m of manifests) files.push(...[regularFile(m)].filter((f) => f !== undefined));
  else files.push(...dependencyManifests(pkg));
  return files;
}

/** The path with its stats if it is a regular file now, else undefined. */
function regularFile(path: string): { path: string; stats: Stats } | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? { path, stats } : undefined;
  } catch {
    return undefined;
  }
}

/** A dependency's manifest among a list of code files. */
const MANIFEST = /[\\/]node_modules[\\/].+[\\/]package\.json$/;

/**
 * The package.json of each dependency, where Node would find it from the package root (its own
 * node_modules, then each parent's). Packages the bundle leaves external (KaTeX on Node 22+,
 * sharp, resvg, Pagefind) shape output too: `npm update` of one of them must not leave bodies,
 * cards or indexes made by the old version in the caches. Its manifest's version changes with
 * it, and its stamp says so without reading it.
 */
export function dependencyManifests(pkg: string): { path: string; stats: Stats }[] {
  let names: string[];
  try {
    const own = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as Partial<
      Record<'dependencies' | 'optionalDependencies' | 'peerDependencies', Record<string, string>>
    >;
    // Peers too: Mermaid, which draws diagrams when the site installs it.
    names = [...new Set([own.dependencies, own.optionalDependencies, own.peerDependencies].flatMap((d) => Object.keys(d ?? {})))].sort();
  } catch {
    return [];
  }
  const found: { path: string; stats: Stats }[] = [];
  for (const name of names) {
    for (let dir = pkg; ; dir = dirname(dir)) {
      const manifest = join(dir, 'node_modules', name, 'package.json');
      let stats: Stats | undefined;
      try {
        stats = statSync(manifest);
      } catch {
        stats = undefined; // Not here: Node would look in the parent's node_modules.
      }
      if (stats) {
        // Only a regular file is read: a folder or a FIFO there (a broken install) is left out,
        // as a missing dependency is, rather than failing the build or waiting on the FIFO.
        if (stats.isFile()) found.push({ path: manifest, stats });
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  return found;
}

/** A code file's bytes; for one that cannot be read (a dependency's manifest without read permission), its stamp. */
function contentOf(f: { path: string; stats: Stats }): Buffer | string {
  try {
    return readFileSync(f.path);
  } catch {
    return `unreadable\0${f.stats.size}\0${f.stats.mtimeMs}\0${f.stats.ino}`;
  }
}

function compute(): { digest: string; files: FileStamp[] } {
  const hash = createHash('sha256').update(process.version);
  const files = codeFiles();
  // Stamped before reading, so a file rewritten in between differs from its stamp, never the reverse.
  for (const f of files) hash.update(basename(f.path)).update('\0').update(contentOf(f)).update('\0');
  return { digest: hash.digest('hex'), files: files.map((f) => stampOf(f.path, f.stats)) };
}

/**
 * A digest of the code that is running (compiled modules, theme files, locale files) and of
 * Node's version: the persistent caches are keyed by it, so a changed template or highlighter
 * never serves output of the old one, even between two builds of the same package version.
 * Read once per process (the bundle's 60 files, or some 250 modules).
 */
export function codeDigest(): string {
  memo ??= recallOrCompute();
  return memo.digest;
}

/**
 * The files codeDigest read, as they were when it read them: whoever finds every one unchanged
 * (and the same Node) knows the digest without reading them (the build stamp's shortcut).
 */
export function codeStamps(): FileStamp[] {
  memo ??= recallOrCompute();
  return memo.files;
}

/**
 * Whether `stamps` (codeStamps() of an earlier run) are exactly the running code's files as they
 * are now: the same paths, none added or gone, each unchanged. Listing them costs a few
 * `readdir` and `stat` calls, not reading them; code of another install has other paths.
 */
export function sameCode(stamps: readonly FileStamp[]): boolean {
  // Casebook's own manifest is one of its code files, not a dependency's (installed, it too is under node_modules).
  const own = fileURLToPath(new URL('../../package.json', import.meta.url));
  const now = codeFiles(stamps.map((s) => s[0]).filter((p) => MANIFEST.test(p) && p !== own));
  return now.length === stamps.length && now.every((f, i) => f.path === stamps[i]![0] && sameAsStamp(f.stats, stamps[i]!));
}

/**
 * Takes `digest` as the running code's digest without reading the code (30 ms of every cached
 * build): `stamps` are the files the run that computed it read, as it read them, and `node` that
 * run's Node version. Only when the same Node runs exactly those files now; else the digest is
 * computed when first asked for, as always.
 */
export function vouchForCodeDigest(digest: string, stamps: readonly FileStamp[], node: string): void {
  if (memo || node !== process.version || !sameCode(stamps)) return;
  memo = { digest, files: [...stamps] };
}

/** What a process that hashed the code records for the next: the digest, its Node, the files read. */
interface Remembered {
  node: string;
  digest: string;
  files: FileStamp[];
}

/** The record is a few kilobytes (a stamp per code file); anything much larger is not one. */
const MAX_RECORD_BYTES = 1 << 20;

/**
 * Where this install's digest is recorded: the user's code cache folder, when it exists and no
 * one else can change it (util/private-files.ts), and one file per code folder, so two installs
 * used in turn both keep theirs. None under `NODE_DISABLE_COMPILE_CACHE`, the switch that keeps
 * Casebook out of the user's cache folder.
 */
function recordPlace(): { dir: string; name: string } | undefined {
  const folder = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : codeCacheDir();
  const dir = folder ? privateFolder(folder) : undefined;
  if (!dir) return undefined;
  const code = fileURLToPath(new URL(bundled ? '.' : '..', import.meta.url));
  return { dir, name: `digest-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.json` };
}

/**
 * The digest a process recorded when the same Node runs exactly the files it hashed. The build
 * stamp vouches the same way, but the dev server reads no stamp, and a build whose input was
 * saved moments before it (an editor's save hook, `npm start` on a fresh clone) finds none: each
 * read and hashed 4 MB of code again, 8 ms of the dev server's first response and of a one-post
 * rebuild at 1,000 posts; listing and stating the files instead takes about 1 ms. Read as the
 * code cache is: a regular file of this user that no one else may write, opened without
 * following a link or waiting on a FIFO. Anything wrong with it means hashing.
 */
function recalled(place: { dir: string; name: string } | undefined): { digest: string; files: FileStamp[] } | undefined {
  const bytes = place ? readPrivateFile(place.dir, place.name, MAX_RECORD_BYTES) : undefined;
  if (!bytes) return undefined;
  let r: Partial<Remembered>;
  try {
    r = JSON.parse(bytes.toString('utf8')) as Partial<Remembered>;
  } catch {
    return undefined;
  }
  const files = Array.isArray(r?.files) && r.files.every(isFileStamp) ? r.files : undefined;
  if (typeof r?.digest !== 'string' || r.node !== process.version || !files || !sameCode(files)) return undefined;
  return { digest: r.digest, files };
}

function isFileStamp(x: unknown): x is FileStamp {
  return Array.isArray(x) && x.length === 4 && typeof x[0] === 'string' && x.slice(1).every((v) => typeof v === 'number');
}

/**
 * Records what compute() found, for the next process. Not when a code file changed so recently
 * that a rewrite within the same clock tick would keep its stamp. Only into the folder as the code
 * cache made it (src/cli/code-cache.ts, after a command's first run), which creates folders only
 * where they are this user's: root running with another user's HOME must not leave a folder of
 * root's there. Best effort: a folder that is missing or cannot be written costs the next run the
 * hashing.
 */
function remember(place: { dir: string; name: string } | undefined, found: { digest: string; files: FileStamp[] }): void {
  if (!place || found.files.some(([, , mtimeMs]) => tooRecent(Date.now(), mtimeMs))) return;
  try {
    writePrivateFile(place.dir, place.name, JSON.stringify({ node: process.version, ...found } satisfies Remembered));
  } catch {
    // Not written: hashed again next time.
  }
}

/** The digest as recorded by an earlier process, else computed from the code (and recorded). */
function recallOrCompute(): { digest: string; files: FileStamp[] } {
  const place = recordPlace();
  const found = recalled(place);
  if (found) return found;
  const computed = compute();
  remember(place, computed);
  return computed;
}
