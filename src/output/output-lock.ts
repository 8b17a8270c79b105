import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CasebookError } from '../errors/index.js';

/** Who holds a lock: written into the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When the holder took the lock (ms since the epoch). */
  started: number;
}

export interface LockOptions {
  /** How long to wait for another build before giving up (ms). */
  waitMs: number;
  /** Called once when the lock is taken and this build starts waiting. */
  onWait?: ((holder: LockHolder | undefined) => void) | undefined;
}

export interface OutputLock {
  release(): void;
}

/** A lock file nobody finished writing is a build killed within microseconds of taking it. */
const UNREADABLE_STALE_MS = 5_000;
const POLL_MS = 100;

/** Linux: when process `pid` started (ms since the epoch), to tell a reused pid from the holder. */
function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    // USER_HZ is 100 on every Linux architecture Node supports.
    return Number.isFinite(ticks) && Number.isFinite(boot) ? boot * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

function alive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // The pid may belong to a process started after the holder died (pid reuse).
  const start = processStart(holder.pid);
  return start === undefined || start <= holder.started + 1_000;
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.started === 'number' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** The lock was left by a build that no longer runs: killed (SIGKILL, power cut) before releasing it. */
function isStale(file: string, holder: LockHolder | undefined): boolean {
  if (!holder) {
    try {
      return Date.now() - statSync(file).mtimeMs > UNREADABLE_STALE_MS;
    } catch {
      return false; // Gone already: the next attempt takes it.
    }
  }
  // A build on another machine (a shared drive) cannot be asked; it is waited for.
  return holder.host === hostname() && !alive(holder);
}

/**
 * Removes a stale lock. Two builds may find the same stale lock: the first to create
 * `<lock>.break` removes it, and it removes it only if it still holds the stale content, so a
 * fresh lock taken in between is never removed.
 */
function breakStale(file: string, stale: string): void {
  const breaker = `${file}.break`;
  let fd: number;
  try {
    fd = openSync(breaker, 'wx');
  } catch {
    try {
      if (Date.now() - statSync(breaker).mtimeMs > UNREADABLE_STALE_MS) unlinkSync(breaker);
    } catch {
      // Removed by its owner meanwhile.
    }
    return;
  }
  try {
    let now: string | undefined;
    try {
      now = readFileSync(file, 'utf8');
    } catch {
      now = undefined;
    }
    if (now === stale) unlinkSync(file);
  } finally {
    closeSync(fd);
    unlinkSync(breaker);
  }
}

function tryCreate(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, content);
  } catch (e) {
    // A lock that says nothing (a full disk) would make the next build wait for a holder it
    // cannot name: it goes, and the build fails with the write's error.
    closeSync(fd);
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
    throw e;
  }
  closeSync(fd);
  return true;
}

/**
 * Takes the lock file `file` (created with O_EXCL, holding pid, host and start time), waiting
 * up to `waitMs` for a running holder. A lock whose holder is dead is taken over at once.
 */
export async function acquireLock(file: string, target: string, opts: LockOptions): Promise<OutputLock> {
  mkdirSync(dirname(file), { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), started: Date.now() } satisfies LockHolder);
  const deadline = Date.now() + opts.waitMs;
  let waiting = false;
  for (;;) {
    if (tryCreate(file, mine)) break;
    let content: string | undefined;
    try {
      content = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // Released between our attempt and the read.
      throw e;
    }
    const holder = readHolder(file);
    if (isStale(file, holder)) {
      breakStale(file, content);
      await sleep(10);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder
        ? `process ${holder.pid} on ${holder.host}, started ${new Date(holder.started).toISOString()}`
        : 'a process that did not say who it is';
      throw new CasebookError(
        'CB4012',
        `Another build is writing to ${target} (${who}); waited ${Math.round(opts.waitMs / 1000)} s. The lock file is ${file}.`,
        { file: target },
      );
    }
    if (!waiting) {
      waiting = true;
      opts.onWait?.(holder);
    }
    await sleep(POLL_MS);
  }
  return {
    release() {
      try {
        if (readFileSync(file, 'utf8') === mine) unlinkSync(file);
      } catch {
        // Already gone: nothing to release.
      }
    },
  };
}
