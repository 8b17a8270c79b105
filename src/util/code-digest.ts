import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundled } from './bundled.js';
import { sameAsStamp, stampOf, type FileStamp } from './file-stamp.js';

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
function codeFiles(): { path: string; stats: Stats }[] {
  const code = fileURLToPath(new URL(bundled ? '.' : '..', import.meta.url));
  const pkg = fileURLToPath(new URL('../..', import.meta.url));
  const files: { path: string; stats: Stats }[] = [];
  addTree(files, code, (n) => /\.(js|ts)$/.test(n) && !n.endsWith('.test.ts') && !n.endsWith('.map'));
  addTree(files, join(pkg, 'theme'), () => true);
  addTree(files, join(pkg, 'locales'), () => true);
  return files;
}

function compute(): { digest: string; files: FileStamp[] } {
  const hash = createHash('sha256').update(process.version);
  const files = codeFiles();
  // Stamped before reading, so a file rewritten in between differs from its stamp, never the reverse.
  for (const f of files) hash.update(basename(f.path)).update('\0').update(readFileSync(f.path)).update('\0');
  return { digest: hash.digest('hex'), files: files.map((f) => stampOf(f.path, f.stats)) };
}

/**
 * A digest of the code that is running (compiled modules, theme files, locale files) and of
 * Node's version: the persistent caches are keyed by it, so a changed template or highlighter
 * never serves output of the old one, even between two builds of the same package version.
 * Read once per process (the bundle's 60 files, or some 250 modules).
 */
export function codeDigest(): string {
  memo ??= compute();
  return memo.digest;
}

/**
 * The files codeDigest read, as they were when it read them: whoever finds every one unchanged
 * (and the same Node) knows the digest without reading them (the build stamp's shortcut).
 */
export function codeStamps(): FileStamp[] {
  memo ??= compute();
  return memo.files;
}

/**
 * Whether `stamps` (codeStamps() of an earlier run) are exactly the running code's files as they
 * are now: the same paths, none added or gone, each unchanged. Listing them costs a few
 * `readdir` and `stat` calls, not reading them; code of another install has other paths.
 */
export function sameCode(stamps: readonly FileStamp[]): boolean {
  const now = codeFiles();
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
