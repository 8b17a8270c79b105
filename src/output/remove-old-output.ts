import { spawn } from 'node:child_process';
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hasOutputMarker, OUTPUT_MARKER } from './output-marker.js';

/** Whether `p` is a folder itself, not a link to one. */
export function isRealFolder(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Deletes everything in `dir` but the marker, then the folder: a deletion that is interrupted
 * (the build killed) leaves a folder that still holds the marker, which the next build's
 * recover() finishes. Deleted all at once, the marker could go first, and the rest was then a
 * folder no build would touch again.
 */
function removeMarkedNow(dir: string): void {
  for (const name of readdirSync(dir)) if (name !== OUTPUT_MARKER) rmSync(join(dir, name), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}

/** The same, in a shell of its own: `find` deletes all but the marker, then `rm` the folder. */
const REMOVE_MARKED_LAST = `find "$1" -mindepth 1 -maxdepth 1 ! -name '${OUTPUT_MARKER}' -exec rm -rf -- {} + ; rm -rf -- "$1"`;

/**
 * Deletes a previous output after the swap. Only a real folder (not a link) that holds the
 * output marker is deleted: whatever path reaches this, nothing but Casebook's own output goes.
 */
export function removeOldOutput(dir: string, background: boolean): void {
  if (!isRealFolder(dir) || !hasOutputMarker(dir)) return;
  if (!background || process.platform === 'win32' || process.env.CASEBOOK_SYNC_CLEANUP) {
    removeMarkedNow(dir);
    return;
  }
  try {
    spawn('sh', ['-c', REMOVE_MARKED_LAST, 'sh', dir], { detached: true, stdio: 'ignore' })
      .on('error', () => removeMarkedNow(dir))
      .unref();
  } catch {
    removeMarkedNow(dir);
  }
}
