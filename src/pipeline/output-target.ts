import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock, assertReplaceable, assertSafeOutDir, realPathOf, type LockHolder } from '../output/index.js';

export interface ClaimRequest {
  /** The output folder as given (absolute). */
  outDir: string;
  root: string;
  cacheDir: string;
  /** `--replace-out`: replace a folder that holds files Casebook did not write. */
  replace?: boolean | undefined;
  onWait?: ((holder: LockHolder | undefined) => void) | undefined;
}

export interface ClaimedOutput {
  /** The output folder's real path: the build writes beside it and swaps it in there. */
  real: string;
  release(): void;
}

/** How long a build waits for another one writing the same output (`CASEBOOK_LOCK_TIMEOUT`, seconds). */
export function lockWaitMs(): number {
  const s = Number(process.env.CASEBOOK_LOCK_TIMEOUT);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : 120_000;
}

/**
 * Output folders the build cache says earlier builds wrote, as real paths: an output of a
 * Casebook from before the marker file is recognised by them. A recorded path that is now a
 * symbolic link is not one: the link may lead anywhere (a folder of other files put in place of
 * the output), and the folder it leads to was never shown to be Casebook's.
 */
export function recordedOutputs(cacheDir: string): string[] {
  const out: string[] = [];
  const read = (file: string, pick: (stored: Record<string, unknown>) => unknown): void => {
    try {
      const dir = pick(JSON.parse(readFileSync(join(cacheDir, file), 'utf8')) as Record<string, unknown>);
      if (typeof dir === 'string' && !isLink(dir)) out.push(realPathOf(dir));
    } catch {
      // No such record.
    }
  };
  read('pages.json', (s) => s.outDir);
  read('build-stamp.json', (s) => (typeof s.request === 'string' ? (JSON.parse(s.request) as { outDir?: unknown }).outDir : undefined));
  return out;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Makes `outDir` this build's: refuses folders that hold the author's work or the cache (by real
 * path), takes the output lock (waiting for another build into the same folder), and refuses a
 * folder Casebook did not write unless told to replace it. Call `release()` when done.
 */
export async function claimOutput(req: ClaimRequest): Promise<ClaimedOutput> {
  const real = assertSafeOutDir(req.outDir, { root: req.root, cacheDir: req.cacheDir });
  const lock = await acquireLock(`${real}.casebook-lock`, real, { waitMs: lockWaitMs(), onWait: req.onWait });
  try {
    assertReplaceable(real, { replace: req.replace, recordedOutputs: () => recordedOutputs(req.cacheDir) });
  } catch (e) {
    lock.release();
    throw e;
  }
  return { real, release: () => lock.release() };
}
