// Two figures that say how a machine treats short-lived processes, printed with every run so
// results from different machines can be read side by side: Node's bare start, and what touching
// fresh memory costs per 4 KB page. On one VM here a page's first touch cost 11 µs, which made
// every megabyte a build's memory grew cost about 2.7 ms, for Casebook far more than for Hugo,
// and moved the ratios of the same code by up to a third between machines.
import { execFileSync, spawnSync } from 'node:child_process';

/** Median wall time of `node -e 0`, in milliseconds. */
export function nodeStartMs(runs = 7): number {
  const times = Array.from({ length: runs }, () => {
    const start = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    return performance.now() - start;
  }).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

/** Microseconds per 4 KB page to touch 64 MB of fresh memory once, in a process of its own (median of 3). */
export function firstTouchMicrosPerPage(): number {
  const script =
    'const t = performance.now(); const b = Buffer.allocUnsafeSlow(64 << 20); for (let i = 0; i < b.length; i += 4096) b[i] = 1; process.stdout.write(String((performance.now() - t) * 1000 / (b.length / 4096)));';
  const runs = Array.from({ length: 3 }, () => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))).sort((a, b) => a - b);
  return runs[1]!;
}

export function machineLine(): string {
  return `Node starts in ${nodeStartMs().toFixed(0)} ms (\`node -e 0\`, median of 7); touching fresh memory costs ${firstTouchMicrosPerPage().toFixed(1)} µs per 4 KB page`;
}
