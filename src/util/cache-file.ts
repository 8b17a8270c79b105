import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';

/**
 * Reading the build cache, a folder of the site that a cloned site can bring: a file is read only
 * if it is a regular file at that very name (a link planted there is not followed, out of the site
 * or to /dev/zero), opened without blocking (a FIFO cannot hang the build) and no larger than
 * `maxBytes`. Anything else throws, as a missing file does, and every reader treats that as
 * nothing cached.
 */
const READ = constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0);

/** The largest cache file read: a 10,000-post build stamp is about 3 MB. */
const MAX_BYTES = 512 * 1024 * 1024;

/** `accept`: what else the file opened must be (its owner and mode, for the user's own cache). */
export function readCacheBytes(file: string, maxBytes = MAX_BYTES, accept: (st: Stats) => boolean = () => true): Buffer {
  const fd = openSync(file, READ);
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || !accept(st)) throw Object.assign(new Error(`${file} is not a regular file Casebook may read`), { code: 'ENOTREG', path: file });
    if (st.size > maxBytes) throw Object.assign(new Error(`${file} is larger than ${maxBytes} bytes`), { code: 'EFBIG', path: file });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readCacheText(file: string, maxBytes = MAX_BYTES): string {
  return readCacheBytes(file, maxBytes).toString('utf8');
}
