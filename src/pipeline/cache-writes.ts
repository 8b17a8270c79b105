/**
 * Writes to the build cache, done at once, or (the dev server's builds) kept for later: a dev
 * server's first build of the demo writes some seventy cache files, which on a slow disk held
 * its first page back by 20 to 90 ms. They only serve the next start, so the dev session writes
 * them after that page is out, a slice at a time (`flushFor`), and drops what is left when it
 * stops.
 */
export class CacheWrites {
  private pending: (() => void)[] = [];
  private next = 0;
  private readonly failed: unknown[] = [];
  /** A flush has run every write kept so far: the first page is out, later writes run at once. */
  private drained = false;

  constructor(readonly deferred: boolean) {}

  /**
   * Runs `write` now, or at a later flush. Once a flush has emptied the queue, now: the writes
   * that come after it (a body highlighted when its page was first asked for) have no later
   * flush to wait for.
   */
  run(write: () => void): void {
    if (this.deferred && !this.drained) this.pending.push(write);
    else write();
  }

  /**
   * Runs the kept writes in order until none is left or `ms` milliseconds have passed; true when
   * none is left. What a failed write threw is kept for `failures()`.
   */
  flushFor(ms = Number.POSITIVE_INFINITY): boolean {
    const until = performance.now() + ms;
    while (this.next < this.pending.length) {
      const write = this.pending[this.next]!;
      this.pending[this.next++] = noWrite;
      try {
        write();
      } catch (e) {
        this.failed.push(e);
      }
      if (performance.now() >= until) break;
    }
    if (this.next < this.pending.length) return false;
    this.pending = [];
    this.next = 0;
    this.drained = true;
    return true;
  }

  /** What the writes that failed so far threw; each is returned once. */
  failures(): unknown[] {
    return this.failed.splice(0);
  }
}

const noWrite = () => {};
