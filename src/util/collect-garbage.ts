import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection now. V8 sizes the old generation by how its last full collections
 * went, so the peak of a large build was bimodal from run to run: a 10,000-post clean build
 * peaked at about 700 MiB or, when V8 happened to let the heap grow through the page phase,
 * about 1,150 MiB (1 to 3 runs in 6). Collected once before the pages render, the peak was
 * 687–690 MiB in 6 runs of 6, for about 130 ms of a 5 s build. The flag that exposes `gc` is set
 * only long enough to take the function, and set back: V8's code cache is checked against the
 * flags, and the CLI's would otherwise be written for flags the next run does not have.
 */
export function collectGarbage(): void {
  if (!gc) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = () => {};
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  gc();
}
