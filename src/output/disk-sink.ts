import { lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CasebookError } from '../errors/index.js';
import type { FileOp } from './file-ops.js';
import { FileWriter } from './file-writer.js';
import { hasOutputMarker, OUTPUT_MARKER, writeOutputMarker } from './output-marker.js';
import { applyPatch, listOutput, patchable, removeStale, type PatchFile } from './output-patch.js';
import { isRealFolder, removeOldOutput } from './remove-old-output.js';
import { KEPT_ENTRIES } from './replaceable.js';
import { isSitePath } from './site-path.js';
import type { OutputSink } from './sink.js';
import { joinPlain } from '../util/join-plain.js';

const TMP = '.casebook-tmp-';
const OLD = '.casebook-old-';
/**
 * A patch holds the files it will write in memory until commit: past this many bytes (a theme
 * change re-renders every page) the build goes on in a new folder instead.
 */
const PATCH_BYTES = 64 * 1024 * 1024;

/** CB4018 for a path that would leave the output folder: never joined to it, nothing written. */
function assertSitePath(path: string): void {
  if (!isSitePath(path)) throw new CasebookError('CB4018', `The build was asked to write "${path}", which is not a path inside the output folder.`);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
 * Writes a build into a sibling temporary folder and swaps it in with renames, so the output
 * folder is always either the previous build or the complete new one. A build killed between
 * the two renames leaves `<out>.casebook-old-*`, which the next run puts back before starting.
 *
 * A rebuild that reuses pages of the previous output (`patch`) first tries to leave them where
 * they are: the files it writes wait in memory, and at commit only they are replaced (each by a
 * rename) and the files no longer produced are deleted. Relinking thousands of unchanged pages
 * into a new folder cost more than rendering the one edited post. A build that fails before
 * commit changes nothing either way; one killed during a patch's commit leaves some files new
 * and some old, which the next build's page manifest (file stamps) and up-to-date check notice.
 * When the patch grows large, or cannot be written in place (a folder replaced by a link), the
 * build switches to the new folder and replays what it held.
 *
 * The caller has checked that `outDir` (a real path) may be replaced (replaceable.ts) and holds
 * the output lock (output-lock.ts), so no other build uses the temporary siblings.
 */
export class DiskSink implements OutputSink {
  private tmp: string;
  /** Writes the new folder (`tmp`) once the build writes into one rather than patching. */
  private writer: FileWriter | undefined;
  private threaded = false;
  /** Patching: the previous output's files this build keeps as they are, and the files it will write. */
  private patch: { kept: Set<string>; files: Map<string, PatchFile>; bytes: number } | undefined;
  /** The output folder as the caller names previous files (`link`), when not by its real path. */
  private seenAs: string | undefined;
  /** After a patch's commit: the files it wrote and the files and folders it removed (site paths); undefined after a swap. */
  patched: { written: string[]; removed: string[] } | undefined;
  /** Files written, copied or linked into the new folder: the old output's size, about. */
  private filesPut = 0;

  /** The temporary folder as made (folderIdentity), to tell it from one made again in its place. */
  private tmpIdentity = '';

  private constructor(readonly outDir: string) {
    this.tmp = join(dirname(outDir), `${basename(outDir)}${TMP}${process.pid}-${Date.now()}`);
  }

  /**
   * `patch`: the build reuses files of the previous output; try updating it in place. `seenAs`:
   * the path (a link to `outDir`) the caller names the previous output's files by. `threaded`:
   * a new folder is written on a thread of its own (file-writer.ts), for large outputs.
   */
  static async open(outDir: string, opts: { patch?: boolean; seenAs?: string | undefined; threaded?: boolean } = {}): Promise<DiskSink> {
    const sink = new DiskSink(outDir);
    sink.seenAs = opts.seenAs;
    sink.threaded = opts.threaded ?? false;
    sink.recover();
    if (opts.patch && isRealFolder(outDir) && hasOutputMarker(outDir)) sink.patch = { kept: new Set(), files: new Map(), bytes: 0 };
    else sink.openTmp();
    return sink;
  }

  private openTmp(): void {
    mkdirSync(dirname(this.tmp), { recursive: true });
    // Not recursive: a folder of that name that already exists is not ours to fill.
    mkdirSync(this.tmp);
    this.tmpIdentity = folderIdentity(this.tmp);
    writeOutputMarker(this.tmp);
    this.writer = new FileWriter([this.tmp], this.threaded);
  }

  /** Gives up patching: a new folder gets the kept files (as links) and the held ones. */
  private toSwap(): void {
    const held = this.patch;
    if (!held) return;
    this.patch = undefined;
    this.tmp = join(dirname(this.outDir), `${basename(this.outDir)}${TMP}${process.pid}-${Date.now()}`);
    this.openTmp();
    for (const path of held.kept) this.put({ op: 'link', file: this.target(path), from: joinPlain(this.outDir, path) });
    for (const [path, f] of held.files) {
      const file = this.target(path);
      if ('data' in f) this.put({ op: 'write', file, data: f.data });
      else if ('copyFrom' in f) this.put({ op: 'copy', file, from: f.copyFrom, within: f.within });
      else this.put({ op: 'link', file, from: f.linkFrom });
    }
  }

  /** Holds `f` for `path` while patching; false when the build writes into the new folder. */
  private hold(path: string, f: PatchFile): boolean {
    assertSitePath(path);
    const p = this.patch;
    if (!p) return false;
    p.kept.delete(path);
    p.files.set(path, f);
    if ('data' in f) p.bytes += f.data.length;
    if (p.bytes > PATCH_BYTES) this.toSwap();
    return true;
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

  /**
   * Into the new folder, in order, through the writer (on a thread of its own for large sites).
   * Not through the promise API: its per-file handle round trips through the thread pool cost
   * more than the writes (measured 3.4x).
   */
  private put(o: FileOp): void {
    this.filesPut++;
    this.writer!.push(o);
  }

  async write(path: string, data: string | Uint8Array): Promise<void> {
    if (this.hold(path, { data })) return;
    this.put({ op: 'write', file: this.target(path), data });
  }

  async copy(path: string, fromFile: string, within?: string): Promise<void> {
    if (this.hold(path, { copyFrom: fromFile, within })) return;
    this.put({ op: 'copy', file: this.target(path), from: fromFile, within });
  }

  /** The file in the new folder for `path` (the writer never writes through a link it made to the previous output). */
  private target(path: string): string {
    assertSitePath(path);
    return joinPlain(this.tmp, path);
  }

  /**
   * Unchanged files of the previous build become hard links in the new one: no bytes are written,
   * and the old folder's removal after the swap leaves them intact. Across file systems, a copy.
   */
  async link(path: string, fromFile: string): Promise<void> {
    const p = this.patch;
    // The previous output's own file at the same place: patching keeps it where it is.
    assertSitePath(path);
    if (p && (fromFile === joinPlain(this.outDir, path) || (this.seenAs !== undefined && fromFile === joinPlain(this.seenAs, path)))) {
      p.files.delete(path);
      p.kept.add(path);
      return;
    }
    if (this.hold(path, { linkFrom: fromFile })) return;
    this.put({ op: 'link', file: this.target(path), from: fromFile });
  }

  /**
   * CB4020 when the temporary folder is no longer the one the build made. Deleted while the build
   * wrote it (a cleanup script, a sync tool), it was made again by the writes that followed: what
   * was written before is gone, and it is not swapped in.
   */
  private removedError(): CasebookError | undefined {
    if (folderIdentity(this.tmp) === this.tmpIdentity) return undefined;
    return new CasebookError('CB4020', `The build's temporary folder ${this.tmp} was removed while the build wrote it.`, { file: this.tmp });
  }

  /** Waits for every write into the new folder; the first that failed fails the build here. */
  private async settle(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    try {
      await writer?.drain();
    } catch (e) {
      await writer?.close();
      throw e;
    }
    // Idle now: stopping it need not hold up the swap.
    writer?.release();
  }

  async commit(): Promise<void> {
    const p = this.patch;
    if (p) {
      const listing = listOutput(this.outDir);
      const produced = new Set([...p.kept, ...p.files.keys()]);
      if (patchable(listing, produced)) {
        applyPatch(this.outDir, p.files);
        const removed = removeStale(this.outDir, listing, produced);
        this.patched = { written: [...p.files.keys()], removed };
        this.patch = undefined;
        return;
      }
      this.toSwap();
    }
    try {
      await this.settle();
    } catch (e) {
      // A write that failed because the folder went away under it: the removal is what to report.
      throw this.removedError() ?? e;
    }
    const removed = this.removedError();
    if (removed) throw removed;
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
    // build. A small one goes now; past a thousand entries (a page is a file and a folder, so
    // about two per file this build wrote) a detached `rm` finishes it; if that cannot start or is
    // killed, the next build's recover() removes the leftover `.casebook-old-*` folder.
    removeOldOutput(old, true, 2 * this.filesPut);
  }

  async abort(): Promise<void> {
    // A patch wrote nothing yet.
    if (this.patch) {
      this.patch = undefined;
      return;
    }
    // Stopped first: no write may land in the folder after it is deleted.
    await this.writer?.close();
    this.writer = undefined;
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

/**
 * A folder's device, inode and birth time, or '' when it is not there: a file system may give a
 * folder made again in place the inode of the one just deleted (ext4 does), not its birth time.
 */
function folderIdentity(path: string): string {
  const st = statSync(path, { bigint: true, throwIfNoEntry: false });
  return st ? `${st.dev}:${st.ino}:${st.birthtimeNs}` : '';
}
