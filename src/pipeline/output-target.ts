import { acquireLock, assertReplaceable, assertSafeOutDir, type LockHolder } from '../output/index.js';

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
 * Makes `outDir` this build's: refuses folders that hold the author's work or the cache (by real
 * path), takes the output lock (waiting for another build into the same folder), and refuses a
 * folder Casebook did not write unless told to replace it. Call `release()` when done.
 */
export async function claimOutput(req: ClaimRequest): Promise<ClaimedOutput> {
  const real = assertSafeOutDir(req.outDir, { root: req.root, cacheDir: req.cacheDir });
  const lock = await acquireLock(`${real}.casebook-lock`, real, { waitMs: lockWaitMs(), onWait: req.onWait });
  try {
    assertReplaceable(real, { replace: req.replace });
  } catch (e) {
    lock.release();
    throw e;
  }
  return { real, release: () => lock.release() };
}
