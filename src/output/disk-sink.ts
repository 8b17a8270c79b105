import { spawn } from 'node:child_process';
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hasOutputMarker, OUTPUT_MARKER, writeOutputMarker } from './output-marker.js';
import { KEPT_ENTRIES } from './replaceable.js';
import type { OutputSink } from './sink.js';

const TMP = '.casebook-tmp-';
const OLD = '.casebook-old-';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isRealFolder(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Deletes a previous output after the swap. Only a real folder (not a link) that holds the
 * output marker is deleted: whatever path reaches this, nothing but Casebook's own output goes.
 */
function removeOldOutput(dir: string, background: boolean): void {
  if (!isRealFolder(dir) || !hasOutputMarker(dir)) return;
  if (!background || process.platform === 'win32' || process.env.CASEBOOK_SYNC_CLEANUP) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  try {
    spawn('rm', ['-rf', '--', dir], { detached: true, stdio: 'ignore' })
      .on('error', () => rmSync(dir, { recursive: true, force: true }))
      .unref();
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Writes a build into a sibling temporary folder and swaps it in with renames, so the output
 * folder is always either the previous build or the complete new one. A build killed between
 * the two renames leaves `<out>.casebook-old-*`, which the next run puts back before starting.
 *
 * The caller has checked that `outDir` (a real path) may be replaced (replaceable.ts) and holds
 * the output lock (output-lock.ts), so no other build uses the temporary siblings.
 */
export class DiskSink implements OutputSink {
  private readonly tmp: string;
  private readonly dirs = new Set<string>();
  /** Files linked to the previous build's: writing through one would change the old output too. */
  private readonly linked = new Set<string>();

  private constructor(readonly outDir: string) {
    this.tmp = join(dirname(outDir), `${basename(outDir)}${TMP}${process.pid}-${Date.now()}`);
  }

  static async open(outDir: string): Promise<DiskSink> {
    const sink = new DiskSink(outDir);
    sink.recover();
    mkdirSync(dirname(sink.tmp), { recursive: true });
    // Not recursive: a folder of that name that already exists is not ours to fill.
    mkdirSync(sink.tmp);
    writeOutputMarker(sink.tmp);
    sink.dirs.add(sink.tmp);
    return sink;
  }

  /** The previous build's leftovers beside the output: `<out>.casebook-(tmp|old)-<pid>-<ms>`. */
  private leftovers(): { tmps: string[]; olds: string[] } {
    const parent = dirname(this.outDir);
    const name = basename(this.outDir);
    const pattern = new RegExp(`^${escapeRe(name)}\\.casebook-(tmp|old)-\\d+-\\d+$`);
    let entries: string[] = [];
    try {
      entries = readdirSync(parent);
    } catch {
      return { tmps: [], olds: [] };
    }
    const matching = entries.filter((e) => pattern.test(e)).sort();
    return {
      tmps: matching.filter((e) => e.includes(TMP)).map((e) => join(parent, e)),
      olds: matching.filter((e) => e.includes(OLD)).map((e) => join(parent, e)),
    };
  }

  /** Cleans what an interrupted earlier build left behind; deletes only folders with the marker. */
  private recover(): void {
    const { tmps, olds } = this.leftovers();
    // Only folders with the marker: a user's folder named like a leftover is not touched.
    const outputs = olds.filter((o) => isRealFolder(o) && hasOutputMarker(o));
    // Killed between the two renames: the previous output is put back.
    if (!exists(this.outDir) && outputs.length) renameSync(outputs.pop()!, this.outDir);
    // Killed after the swap, before the kept entries moved over: they move now.
    for (const old of outputs) if (isRealFolder(this.outDir)) this.carryKept(old, this.outDir);
    for (const dir of [...tmps, ...outputs]) {
      if (hasOutputMarker(dir)) {
        // A background removal of the same folder (commit) may still be running: whoever is
        // second finds less to delete, and a leftover is cleaned by the next build.
        try {
          removeOldOutput(dir, false);
        } catch {
          // Left for the next build.
        }
      } else {
        // A temporary folder the build was killed in before writing the marker is empty.
        try {
          rmdirSync(dir);
        } catch {
          // Not empty, so not ours to delete.
        }
      }
    }
  }

  /** Moves `.git`, `CNAME` and `.nojekyll` from the previous output into the new one. */
  private carryKept(from: string, to: string): void {
    for (const name of KEPT_ENTRIES) {
      const src = join(from, name);
      if (!exists(src)) continue;
      const dest = join(to, name);
      if (exists(dest)) {
        // The build wrote its own CNAME or .nojekyll (from static/): that one is what the user asked for.
        if (name !== '.git') continue;
        // Never a repository's .git lost for a copy a build wrote: the build's goes.
        rmSync(dest, { recursive: true, force: true });
      }
      renameSync(src, dest);
    }
  }

  private ensureDir(file: string): void {
    const dir = dirname(file);
    if (this.dirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.dirs.add(dir);
  }

  // Synchronous writes: pages are a few KB each, and the promise API's per-file handle
  // round trips through the thread pool cost more than the writes themselves (measured 3.4x).
  async write(path: string, data: string | Uint8Array): Promise<void> {
    const file = this.target(path);
    writeFileSync(file, data);
  }

  async copy(path: string, fromFile: string): Promise<void> {
    const file = this.target(path);
    copyFileSync(fromFile, file);
  }

  /** The file to write `path` to, never one that shares its inode with the previous output. */
  private target(path: string): string {
    const file = join(this.tmp, path);
    this.ensureDir(file);
    if (this.linked.delete(file)) unlinkSync(file);
    return file;
  }

  /**
   * Unchanged files of the previous build become hard links in the new one: no bytes are written,
   * and the old folder's removal after the swap leaves them intact. Across file systems, a copy.
   */
  async link(path: string, fromFile: string): Promise<void> {
    const file = this.target(path);
    try {
      linkSync(fromFile, file);
      this.linked.add(file);
    } catch {
      copyFileSync(fromFile, file);
    }
  }

  async commit(): Promise<void> {
    const old = `${this.outDir}${OLD}${process.pid}-${Date.now()}`;
    const hadOutput = exists(this.outDir);
    // An output from before the marker (or one the user told us to replace) gets it now, so
    // whoever finds it beside the output (recover, the removal below) knows it is ours.
    const marked = hadOutput && !hasOutputMarker(this.outDir);
    if (marked) writeOutputMarker(this.outDir);
    try {
      if (hadOutput) renameSync(this.outDir, old);
    } catch (e) {
      // Not swappable (a mount point): the folder is left exactly as it was.
      if (marked) rmSync(join(this.outDir, OUTPUT_MARKER), { force: true });
      throw e;
    }
    try {
      // The marker may have been replaced by a static file of the same name; the folder is ours.
      if (!hasOutputMarker(this.tmp)) writeOutputMarker(this.tmp);
      renameSync(this.tmp, this.outDir);
    } catch (e) {
      if (hadOutput && !exists(this.outDir)) renameSync(old, this.outDir);
      throw e;
    }
    if (!hadOutput) return;
    this.carryKept(old, this.outDir);
    // The new output is in place; deleting the old one (thousands of files) need not hold up the
    // build. A detached `rm` does it; if it cannot start or is killed, the next build's recover()
    // removes the leftover `.casebook-old-*` folder.
    removeOldOutput(old, true);
  }

  async abort(): Promise<void> {
    rmSync(this.tmp, { recursive: true, force: true });
  }
}
