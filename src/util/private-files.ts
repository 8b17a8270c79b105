import { lstatSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readCacheBytes } from './cache-file.js';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';

// Files of this user alone in the user's cache folder (the code cache, the code digest record):
// read only from a folder no one else can change, opened without following a link or blocking
// on a FIFO, and written under a fresh temporary name that cannot be a link planted in advance.

const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/** Owned by this user, and no one else may write it (or change its entries). */
export function isPrivate(st: { uid: number; mode: number }): boolean {
  return (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}

/**
 * The real path of `dir` when no other user can change what it holds: it is a folder of this
 * user that only they may write, and every folder above it is this user's or root's and written
 * by no one else, or sticky (/tmp), where others cannot rename or replace this user's entries.
 * Files are then opened by this path, so no link along the way is followed again.
 */
export function privateFolder(dir: string): string | undefined {
  try {
    const real = realpathSync(dir);
    const st = lstatSync(real);
    if (!st.isDirectory() || !isPrivate(st)) return undefined;
    for (let up = dirname(real); ; up = dirname(up)) {
      const a = lstatSync(up);
      if (!a.isDirectory() || (a.uid !== uid && a.uid !== 0) || (a.mode & 0o022 && !(a.mode & 0o1000))) return undefined;
      if (dirname(up) === up) return real;
    }
  } catch {
    return undefined;
  }
}

/**
 * The bytes of `name` in `dir` (a privateFolder), when it is a regular file of this user that no
 * one else may write and at most `maxBytes` long; undefined otherwise or when it cannot be read.
 */
export function readPrivateFile(dir: string, name: string, maxBytes = Number.POSITIVE_INFINITY): Buffer | undefined {
  try {
    return readCacheBytes(join(dir, name), maxBytes, isPrivate);
  } catch {
    return undefined;
  }
}

/**
 * Writes `data` as `name` in `dir` (a privateFolder), mode 600: to a temporary name that must not
 * exist yet (`wx`), then renamed over. Throws what writing throws.
 */
export function writePrivateFile(dir: string, name: string, data: string | Uint8Array): void {
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, join(dir, name));
  } finally {
    rmSync(tmp, { force: true });
  }
}
