import type { Stats } from 'node:fs';

/**
 * A file or folder as it was written: the stat fields that change whenever anything rewrites
 * it (a folder's size is -1: its modification time says when an entry was added or removed).
 * The page manifest and the build stamp both trust output and input files by these.
 */
export type FileStamp = [path: string, size: number, mtimeMs: number, ino: number];

/**
 * A file or folder a build read, with its change time too: a tool can set a modification time
 * back (`touch -d`, `rsync --inplace -t`) after rewriting a file in place at the same size, but
 * not the change time. Only inputs carry it: an output file's change time moves whenever a later
 * build hard-links it into a new output, or the old output holding its other link is deleted.
 */
export type InputStamp = [path: string, size: number, mtimeMs: number, ino: number, ctimeMs: number];

export function stampOf(path: string, s: Stats): FileStamp {
  return [path, s.isDirectory() ? -1 : s.size, s.mtimeMs, s.ino];
}

export function inputStampOf(path: string, s: Stats): InputStamp {
  return [path, s.isDirectory() ? -1 : s.size, s.mtimeMs, s.ino, s.ctimeMs];
}

/** Whether `s` is still the file or folder `stamp` recorded (its change time too, for an input). */
export function sameAsStamp(s: Stats, stamp: readonly [string, number, number, number, ...unknown[]]): boolean {
  // Indexed, not destructured: destructuring runs the array iterator, garbage for each of the
  // thousands of files a rebuild checks.
  const ctimeMs = stamp[4];
  return (s.isDirectory() ? -1 : s.size) === stamp[1] && s.mtimeMs === stamp[2] && s.ino === stamp[3] && (typeof ctimeMs !== 'number' || s.ctimeMs === ctimeMs);
}

/** Well above the tick of a fine file system clock (Linux: at most 10 ms). */
const RACY_MS = 100;
/** File systems that keep whole seconds (FAT, HFS+, ext3 with small inodes): a save in the same second keeps the time. */
const COARSE_RACY_MS = 2000;

/**
 * Whether a file time (or times) read at `now` is too recent to vouch for the file: a save within
 * the same clock tick would leave it unchanged (git's "racily clean"). Times all in whole seconds
 * are taken to come from a clock that ticks once a second. The build stamp and the parse cache ask.
 */
export function tooRecent(now: number, ...times: number[]): boolean {
  const margin = times.every((t) => t % 1000 === 0) ? COARSE_RACY_MS : RACY_MS;
  return Math.max(...times) >= now - margin;
}
