import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

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

let serial = 0;

/**
 * `writeFileAtomically` on libuv's threads, for writes nothing waits for. Each call has a
 * temporary name of its own: two writes of one file under way at once never share one.
 */
export async function writeFileAtomicallyInBackground(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}-${++serial}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
