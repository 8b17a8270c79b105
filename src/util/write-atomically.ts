import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `text` to a temporary name beside `file` and renames it over: a reader sees the old file
 * or the new one, never half of one. A failed write leaves no temporary file; the error is thrown.
 */
export function writeTextAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

let serial = 0;

/**
 * `writeTextAtomically` on libuv's threads, for writes nothing waits for. Each call has a
 * temporary name of its own: two writes of one file under way at once never share one.
 */
export async function writeTextAtomicallyInBackground(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}-${++serial}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
