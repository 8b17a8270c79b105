import { lstatSync, statSync } from 'node:fs';

/**
 * True when two paths name one file or folder on disk (same device and inode): a link and what it
 * points at (`follow`), a hard link, or, on a disk that ignores case, `Photo.pdf` and `photo.pdf`.
 * False when either cannot be stat-ed.
 */
export function sameFile(a: string, b: string, follow = true): boolean {
  try {
    const x = follow ? statSync(a) : lstatSync(a);
    const y = follow ? statSync(b) : lstatSync(b);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}
