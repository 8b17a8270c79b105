import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
  writeSync,
} from 'node:fs';
import { isWithin } from './site-bounds.js';

/**
 * A file of the site is checked when the build lists it and read for output much later (static
 * files and images are copied at the end). Swapped for a symbolic link, or a folder on its path
 * swapped for one, in between, it would be read from wherever the link leads. These read a file
 * only if what was opened is a regular file whose real path, asked after opening, lies in the
 * site and is the very file opened (same device and inode): otherwise a swap after the check is
 * an error with `code` EOUTSIDE or ECHANGED, and nothing of the file is read.
 */
export type InsideFailure = NodeJS.ErrnoException & { code: 'EOUTSIDE' | 'ECHANGED' };

function failure(code: InsideFailure['code'], path: string, message: string): InsideFailure {
  return Object.assign(new Error(message), { code, path, syscall: 'open' }) as InsideFailure;
}

/** Opens `path` for reading if it is a regular file inside `realRoot` (a real path); the caller closes the descriptor. */
export function openInside(path: string, realRoot: string): number {
  return openInsideStat(path, realRoot).fd;
}

/** openInside, with the stats of the file opened. */
export function openInsideStat(path: string, realRoot: string): { fd: number; stats: Stats } {
  // Links are followed (one that stays in the site is a file of the site); what was opened is
  // compared below. O_NONBLOCK: a FIFO put there does not hang the open.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw failure('ECHANGED', path, `${path} is no longer a regular file.`);
    const named = openedPath(fd);
    let real: string;
    try {
      real = named ?? realpathSync.native(path);
    } catch {
      throw failure('ECHANGED', path, `${path} changed while it was being read.`);
    }
    if (!isWithin(realRoot, real)) throw failure('EOUTSIDE', path, `${path} now leads to ${real}, outside the site folder ${realRoot}.`);
    // Asked by path, the real path may be another file's by now: it must be the one opened.
    if (named === undefined) {
      const there = statSync(real);
      if (there.ino !== opened.ino || there.dev !== opened.dev) throw failure('ECHANGED', path, `${path} changed while it was being read.`);
    }
    return { fd, stats: opened };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/**
 * The real path of the file open as `fd`, as the kernel names the open file itself (Linux's
 * /proc/self/fd): one call, where asking the path again took a lookup per folder on the way plus
 * a stat to tell it is the same file (a fifth of reading a 1,000-post site's posts). Undefined
 * where there is no such name, for a name ending in " (deleted)", which is also how the kernel
 * names a file removed since it was opened, and for one holding U+FFFD (below): the caller then
 * asks by path and compares inodes, as elsewhere.
 */
function openedPath(fd: number): string | undefined {
  const proc = reopenPath(fd);
  if (!proc) return undefined;
  try {
    const real = readlinkSync(proc);
    // U+FFFD may stand for bytes that are not UTF-8: /tmp/site-\xff would read as the site
    // folder /tmp/site-\u{FFFD}. Such a name is checked by path and inode, which cannot match.
    return real.startsWith('/') && !real.endsWith(' (deleted)') && !real.includes('\uFFFD') ? real : undefined;
  } catch {
    return undefined;
  }
}

/** The bytes of `path`, read only as `openInside` allows. */
export function readInside(path: string, realRoot: string): Buffer {
  const fd = openInside(path, realRoot);
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

/**
 * Where the file open as `fd` can be opened again by path, as that same file (Linux's
 * /proc/self/fd), or undefined: there a copy is left to the kernel (copy_file_range), a video
 * copied as fast as by path.
 */
export function reopenPath(fd: number): string | undefined {
  return PROC_FD ? `/proc/self/fd/${fd}` : undefined;
}
const PROC_FD = process.platform === 'linux' && existsSync('/proc/self/fd');

/** Copies `from` (as `openInside` allows) to a new file `to`: by the kernel where it can, else a megabyte at a time (never whole in memory). */
export function copyInside(from: string, to: string, realRoot: string): void {
  const input = openInside(from, realRoot);
  try {
    const again = reopenPath(input);
    if (again) {
      try {
        copyFileSync(again, to);
        return;
      } catch (e) {
        throw Object.assign(e as object, { path: from, dest: to });
      }
    }
    const output = openSync(to, 'w');
    try {
      const chunk = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const n = readSync(input, chunk, 0, chunk.length, null);
        if (n === 0) break;
        for (let at = 0; at < n; ) at += writeSync(output, chunk, at, n - at);
      }
    } catch (e) {
      // Named as a copy's failure is (asOutputError reads `dest` for a full disk).
      throw Object.assign(e as object, { dest: to });
    } finally {
      closeSync(output);
    }
  } finally {
    closeSync(input);
  }
}
