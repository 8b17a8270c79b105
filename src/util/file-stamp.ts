import type { Stats } from 'node:fs';

/**
 * A file or folder as it was written: the stat fields that change whenever anything rewrites
 * it (a folder's size is -1: its modification time says when an entry was added or removed).
 * The page manifest and the build stamp both trust output and input files by these.
 */
export type FileStamp = [path: string, size: number, mtimeMs: number, ino: number];

export function stampOf(path: string, s: Stats): FileStamp {
  return [path, s.isDirectory() ? -1 : s.size, s.mtimeMs, s.ino];
}

/** Whether `s` is still the file or folder `stamp` recorded. */
export function sameAsStamp(s: Stats, [, size, mtimeMs, ino]: readonly [string, number, number, number, ...unknown[]]): boolean {
  return (s.isDirectory() ? -1 : s.size) === size && s.mtimeMs === mtimeMs && s.ino === ino;
}
