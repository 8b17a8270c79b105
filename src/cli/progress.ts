import type { ProgressEvent } from '../pipeline/phases.js';

/** A single-line progress bar, redrawn at most every 50 ms; only used on a TTY. */
export function progressBar(stream: NodeJS.WriteStream): { update: (e: ProgressEvent) => void; clear: () => void } {
  let last = 0;
  let drawn = false;
  return {
    update(e) {
      const now = performance.now();
      if (now - last < 50 && e.done !== e.total) return;
      last = now;
      const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 40));
      const ratio = e.total ? e.done / e.total : 1;
      const filled = Math.round(ratio * width);
      stream.write(`\r\x1b[2K${e.phase.padEnd(9)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${e.done}/${e.total}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
