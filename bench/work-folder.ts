// Where the bench writes its sites and outputs. A memory-backed folder when the machine has one
// with room, because a disk's metadata costs can swamp what is being measured: the root file
// system of the VM these figures come from is ext4 without a journal, and there ext4 will not
// reuse an inode freed in the last 60 s (300 s while its table block is unwritten). Every file
// or folder a build creates then walks past every one the bench deleted in that window, one
// buffer-cache lookup each (perf: 21 % of a 1,000-post build's samples in ext4's
// recently_deleted). The bench deletes old outputs all the time, so the same 1,000-post build
// took 0.8 s to 2.7 s depending on what the minutes before had deleted, for Hugo as for Casebook.
// Journaled ext4, APFS, NTFS and tmpfs do not have that walk. `--work DIR` picks another folder.
import { existsSync, statfsSync } from 'node:fs';
import { freemem, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Room the largest default run needs (10,000 posts built by three tools), with a margin. */
const NEEDED_BYTES = 4 * 1024 ** 3;

export function benchWorkFolder(chosen: string | undefined, name: string): { folder: string; why: string } {
  if (chosen !== undefined) {
    if (!chosen) throw new Error('--work needs a folder');
    return { folder: join(chosen, name), why: 'chosen with --work' };
  }
  const memory = '/dev/shm';
  if (existsSync(memory)) {
    try {
      const s = statfsSync(memory);
      // tmpfs may promise more than the memory there is (half of RAM by default, whatever else
      // uses it): what it holds is memory taken from the builds being timed.
      if (Math.min(s.bavail * s.bsize, freemem()) >= NEEDED_BYTES)
        return { folder: join(memory, name), why: 'memory-backed (tmpfs), so disk metadata costs do not swamp the build' };
    } catch {
      // Not a file system this Node can ask: use the temporary folder.
    }
  }
  return { folder: join(tmpdir(), name), why: 'the temporary folder (no memory-backed folder with 4 GB free and 4 GB of memory available)' };
}
