import { spawn } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, type LockHolder } from './output-lock.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'casebook-lock-'));
  file = join(dir, 'out.casebook-lock');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.on('exit', () => resolve(child.pid!));
  });
}

describe('acquireLock', () => {
  it('writes pid, host and start time with O_EXCL, and release removes only its own lock', async () => {
    const lock = await acquireLock(file, dir, { waitMs: 0 });
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    expect(Math.abs(holder.started - Date.now())).toBeLessThan(5_000);
    lock.release();
    expect(existsSync(file)).toBe(false);
    // A lock someone else took after ours was released is not ours to remove.
    writeFileSync(file, JSON.stringify({ pid: 1, host: 'elsewhere', started: 0 }));
    lock.release();
    expect(existsSync(file)).toBe(true);
  });

  it('waits for a live holder, says so once, then gives up with CB4012', async () => {
    const held = await acquireLock(file, dir, { waitMs: 0 });
    const waits: (LockHolder | undefined)[] = [];
    const started = Date.now();
    const err = await acquireLock(file, dir, { waitMs: 300, onWait: (h) => waits.push(h) }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(err).toMatchObject({ code: 'CB4012' });
    expect(String((err as Error).message)).toContain(`process ${process.pid}`);
    expect(waits).toHaveLength(1);
    expect(waits[0]?.pid).toBe(process.pid);
    held.release();
  });

  it('gets the lock as soon as the holder releases it', async () => {
    const held = await acquireLock(file, dir, { waitMs: 0 });
    setTimeout(() => held.release(), 200);
    const next = await acquireLock(file, dir, { waitMs: 5_000 });
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    next.release();
  });

  it('takes over a lock whose process is dead, at once', async () => {
    const pid = await deadPid();
    writeFileSync(file, JSON.stringify({ pid, host: hostname(), started: Date.now() - 1_000 }));
    const lock = await acquireLock(file, dir, { waitMs: 0 });
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it.runIf(process.platform === 'linux')('takes over a lock whose pid now belongs to a process started later', async () => {
    // This process started after the recorded start time: the recorded holder is gone.
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: hostname(), started: Date.now() - 10 * 86_400_000 }));
    const lock = await acquireLock(file, dir, { waitMs: 0 });
    lock.release();
  });

  it('waits for a holder on another host, which it cannot check', async () => {
    writeFileSync(file, JSON.stringify({ pid: await deadPid(), host: `not-${hostname()}`, started: Date.now() }));
    await expect(acquireLock(file, dir, { waitMs: 100 })).rejects.toMatchObject({ code: 'CB4012' });
  });

  it('takes over a lock file left half-written, once it is a few seconds old', async () => {
    writeFileSync(file, '');
    await expect(acquireLock(file, dir, { waitMs: 100 })).rejects.toMatchObject({ code: 'CB4012' });
    const past = new Date(Date.now() - 60_000);
    utimesSync(file, past, past);
    (await acquireLock(file, dir, { waitMs: 0 })).release();
  });
});
