import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes `data` to a temporary name beside `file` and renames it over: a reader sees the old file
 * or the new one, never half of one. A failed write leaves no temporary file; the error is thrown.
 */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
