import { parentPort, workerData } from 'node:worker_threads';
import { failureOf, FileOps, opsOf, type Batch, type OpFailure } from './file-ops.js';

// The output writer's thread (file-writer.ts): batches of operations, run in order. After the
// first failure the rest are skipped (the build fails and its folder is deleted), but still
// counted, so the main thread's wait for them ends. Finished batches are also counted in shared
// memory, where the main thread looks while it waits for room.
const { made, finished, ring } = workerData as { made: string[]; finished: Int32Array; ring: SharedArrayBuffer };
const shared = new Uint8Array(ring);
const ops = new FileOps(made);
let failure: OpFailure | undefined;
let done = 0;
parentPort!.on('message', (batch: Batch) => {
  for (const o of opsOf(batch, shared)) {
    if (!failure) {
      try {
        ops.run(o);
      } catch (e) {
        failure = failureOf(e);
      }
    }
    done++;
  }
  Atomics.add(finished, 0, 1);
  Atomics.notify(finished, 0);
  parentPort!.postMessage({ done, failure });
});
