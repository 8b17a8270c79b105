/**
 * Writes to the build cache, done at once, or (the dev server's builds) kept until `flush()`: a
 * dev server's first build writes some seventy cache files, which on a slow disk held its first
 * page back by 20 to 90 ms. They only serve the next start, so the server writes them once that
 * page is out.
 */
export class CacheWrites {
  private pending: (() => void)[] = [];

  constructor(readonly deferred: boolean) {}

  /** Runs `write` now, or at the next flush. */
  run(write: () => void): void {
    if (this.deferred) this.pending.push(write);
    else write();
  }

  /** Runs the writes kept so far, in order, and returns what the ones that failed threw. */
  flush(): unknown[] {
    const writes = this.pending;
    this.pending = [];
    const failed: unknown[] = [];
    for (const write of writes) {
      try {
        write();
      } catch (e) {
        failed.push(e);
      }
    }
    return failed;
  }
}
