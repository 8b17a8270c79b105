import { lstatSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Room a memory-backed folder must have free to be used. */
const ROOM = 1024 * 1024 * 1024;

/** Linux's magic number for tmpfs in statfs's `type`. */
const TMPFS = 0x01021994;

/**
 * A new private folder (mode 0700, from mkdtemp) for files that live only while a command runs:
 * under $TMPDIR when it is set, else on Linux in $XDG_RUNTIME_DIR or /dev/shm when that is a
 * tmpfs with a gigabyte free, else in the system's temporary folder. Writing a thousand small
 * files to a disk-backed /tmp took 1.8 s on the build machine, to tmpfs 0.2 s.
 *
 * The folder's name carries this process's id, so that folders left by a process that was killed
 * before it could remove its own are found and removed the next time: only folders named so,
 * owned by this user, not links, whose process is gone.
 */
export function memoryTempFolder(prefix: string): string {
  const base = memoryBase() ?? tmpdir();
  removeLeftovers(base, prefix);
  return mkdtempSync(join(base, `${prefix}${process.pid}-`));
}

function memoryBase(): string | undefined {
  if (process.env.TMPDIR || process.platform !== 'linux') return undefined;
  for (const dir of [process.env.XDG_RUNTIME_DIR, '/dev/shm']) {
    if (!dir) continue;
    try {
      const fs = statfsSync(dir);
      if (fs.type === TMPFS && fs.bavail * fs.bsize >= ROOM && lstatSync(dir).isDirectory()) return dir;
    } catch {
      // Not there, or not readable: the next one.
    }
  }
  return undefined;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function removeLeftovers(base: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-[^/]+$/.exec(name.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    try {
      const st = lstatSync(join(base, name));
      if (st.isDirectory() && (uid === undefined || st.uid === uid)) rmSync(join(base, name), { recursive: true, force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}
