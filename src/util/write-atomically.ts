import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes `data` to a temporary name beside `file` and renames it over: a reader sees the old file
 * or the new one, never half of one. A failed write leaves no temporary file; the error is thrown.
 * The temporary file must be new (`wx`): a link planted at its name in advance (the build cache is
 * a folder of the site, which a cloned site can bring) would otherwise be written through, out of
 * the folder. Whatever stands there (a temporary file left by a killed run of the same process id,
 * or such a link) is removed, not followed, and the write tried once more.
 */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    try {
      writeFileSync(tmp, data, { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      rmSync(tmp, { force: true });
      writeFileSync(tmp, data, { flag: 'wx' });
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
