import { closeSync, constants, existsSync, lstatSync, openSync, readdirSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { childProcess } from '../util/child-process.js';
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
 * folder no build would touch again. Through removeWithin where folders can be opened by
 * descriptor, so a folder swapped for a link meanwhile is never deleted through.
 */
function removeMarkedNow(dir: string): void {
  byDescriptor ??= existsSync('/proc/self/fd');
  if (byDescriptor) removeWithin(dir, { left: Number.POSITIVE_INFINITY }, true);
  else for (const name of readdirSync(dir)) if (name !== OUTPUT_MARKER) rmSync(join(dir, name), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `remove`; an entry already gone (another process deleting the same folder) counts as removed, as rmSync's `force` has it. */
function removeGone(remove: () => void): void {
  try {
    remove();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/**
 * How many entries (files, links and folders) an old output may hold for the build to delete it
 * itself. Starting the process that deletes in the background cost a 100-post build on tmpfs
 * about 25 ms (forking a process of 100 MB), deleting its 400 entries here 11 ms, the 3,000 of a
 * 1,000-post site 74 ms: past this many, starting the process is cheaper.
 */
const DELETE_HERE = 1000;

/** Opens a folder that is not a link: a link in its place (put there since it was listed) fails. */
const FOLDER_NO_LINK = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** Whether folders can be named by an open descriptor (Linux's /proc/self/fd): removeWithin needs it. */
let byDescriptor: boolean | undefined;

/**
 * Deletes what `dir` holds, links as links, until `budget.left` entries are gone (the marker
 * stays: only the caller deletes it, last). True when nothing but the marker is left. Each folder
 * is opened (never through a link) and its entries named through the descriptor, as rm's fts
 * does with openat: a folder swapped for a link while this runs makes it throw, and the caller
 * hands the rest to `rm`, instead of deleting where the link leads.
 */
function removeWithin(dir: string, budget: { left: number }, top: boolean): boolean {
  let fd: number;
  try {
    fd = openSync(dir, FOLDER_NO_LINK);
  } catch (e) {
    // A folder below the top that is gone already: nothing left to delete in it.
    if (!top && (e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
  try {
    const at = `/proc/self/fd/${fd}`;
    for (const e of readdirSync(at, { withFileTypes: true })) {
      if (top && e.name === OUTPUT_MARKER) continue;
      if (budget.left <= 0) return false;
      const path = `${at}/${e.name}`;
      if (e.isDirectory()) {
        if (!removeWithin(path, budget, false)) return false;
        removeGone(() => rmdirSync(path));
      } else removeGone(() => unlinkSync(path));
      budget.left--;
    }
    return true;
  } finally {
    closeSync(fd);
  }
}

/**
 * The same, in a shell of its own: `find` deletes all but the marker, then, only if that all went,
 * `rm` the folder. An entry that cannot be deleted (a read-only folder, an immutable file) leaves
 * the marker, so the next build's recover() finishes once it can.
 */
const REMOVE_MARKED_LAST = `find "$1" -mindepth 1 -maxdepth 1 ! -name '${OUTPUT_MARKER}' -exec rm -rf -- {} + && rm -rf -- "$1"`;

/** removeMarkedNow where a failure must not fail the build: what is left keeps its marker for recover(). */
function removeMarkedOrLeave(dir: string): void {
  try {
    removeMarkedNow(dir);
  } catch {
    // Left, marked, for the next build.
  }
}

/**
 * Deletes a previous output after the swap; with `background`, one of more than DELETE_HERE
 * entries (`expectedEntries`, or as found) is finished by a detached process. Only a real folder
 * (not a link) that holds the output marker is deleted: whatever path reaches this, nothing but
 * Casebook's own output goes.
 */
export function removeOldOutput(dir: string, background: boolean, expectedEntries = 0): void {
  if (!isRealFolder(dir) || !hasOutputMarker(dir)) return;
  if (!background) {
    removeMarkedNow(dir);
    return;
  }
  // The new output is in place: an old one that cannot be deleted (all of it) is the next build's
  // to finish, never this build's failure.
  if (process.platform === 'win32' || process.env.CASEBOOK_SYNC_CLEANUP) {
    removeMarkedOrLeave(dir);
    return;
  }
  // A small output goes here and now; a large one (expected to be, by the caller's count of the
  // output that replaced it, or found to be) is finished by the process below, as is one another
  // process is deleting too or this process cannot delete.
  try {
    byDescriptor ??= existsSync('/proc/self/fd');
    if (byDescriptor && expectedEntries <= DELETE_HERE && removeWithin(dir, { left: DELETE_HERE }, true)) {
      rmSync(dir, { recursive: true, force: true });
      return;
    }
  } catch {
    // What is left goes in the background.
  }
  try {
    childProcess()
      .spawn('sh', ['-c', REMOVE_MARKED_LAST, 'sh', dir], { detached: true, stdio: 'ignore' })
      .on('error', () => removeMarkedOrLeave(dir))
      .unref();
  } catch {
    removeMarkedOrLeave(dir);
  }
}
