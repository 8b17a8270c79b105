import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../util/bundled.js';
import { errorOf, FileOps, type Batch, type FileOp, type OpFailure } from './file-ops.js';

/** Operations sent to the thread together: fewer messages, and still a steady stream. */
const BATCH_OPS = 64;
const BATCH_BYTES = 1024 * 1024;
/**
 * Batches sent and not yet written before the main thread waits: pages waiting for a slow disk
 * would otherwise pile up in memory (at most about 32 MB of them now).
 */
const IN_FLIGHT = 32;
/**
 * The bytes of the batches in flight, in memory both threads share and reuse. A buffer handed
 * over per batch was freed only when the writer's thread next collected garbage, which it does
 * rarely (it makes almost none): about 85 MB of them stayed at the peak of a 10,000-post build.
 */
const RING_BYTES = IN_FLIGHT * BATCH_BYTES;
/** A batch larger than this goes in a buffer of its own (one large file). */
const RING_MOST = RING_BYTES / 4;
/** How long the main thread waits for the thread to take a batch before it stops waiting for it at all. */
const STALL_MS = 10_000;

/**
 * Runs a new output folder's file operations in order, on a thread of its own when asked and the
 * compiled worker is there (else here, as they come). Writing is much of what a clean build's
 * main thread did after rendering (at 1,000 posts, 0.7 of its 2.5 s went to `mkdir` and
 * `writeFileSync`); on a thread it overlaps the rendering of the pages that follow. That paid off
 * only for large sites on the 2-core build machine (10,000 posts: 14.4 → 10.7 s; 1,000: the
 * same; 100: slower), so the build asks for the thread from WRITER_THREAD_POSTS posts on.
 * Failures surface in `drain`, which commit awaits before the folder is swapped in: a build
 * whose write failed never commits.
 *
 * The thread holds the process open only while it has work, or is being stopped: a build that
 * fails before commit or abort must not hang on an idle thread, and one that is stopping must
 * not end before its error is reported.
 */
export class FileWriter {
  private readonly worker: Worker | undefined;
  private readonly here: FileOps | undefined;
  /** [batches the thread has finished]: read while the main thread waits for room (flush). */
  private readonly finished = new Int32Array(new SharedArrayBuffer(4));
  private batch: FileOp[] = [];
  private bytes = 0;
  private flushQueued = false;
  private batches = 0;
  private sent = 0;
  private done = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private closed = false;
  private stalled = false;
  /** The shared bytes (RING_BYTES), where the next batch's bytes start, and what each batch in flight holds of them, oldest first. */
  private readonly ring = new SharedArrayBuffer(RING_BYTES);
  private ringHead = 0;
  private readonly held: number[] = [];
  private heldTotal = 0;
  /** Batches whose part of the ring is free again. */
  private released = 0;

  /**
   * `made`: folders that exist already (the new output folder itself). `threaded`: on a thread of
   * its own (else here, as the operations come).
   */
  constructor(made: string[], threaded = true) {
    const script = workerScript('output');
    if (!threaded || !existsSync(script)) {
      this.here = new FileOps(made);
      return;
    }
    const worker = new Worker(script, { workerData: { made, finished: this.finished, ring: this.ring } });
    worker.on('message', (m: { done: number; failure?: OpFailure }) => {
      this.done = m.done;
      if (m.failure) this.failure ??= errorOf(m.failure);
      if (!this.closed && this.done === this.sent) worker.unref();
      this.wake?.();
    });
    worker.on('error', (e) => {
      this.failure ??= e;
      this.wake?.();
    });
    worker.on('exit', (code) => {
      if (!this.closed && this.done < this.sent) this.failure ??= new Error(`The output writer thread stopped (exit code ${code}) before it wrote every file.`);
      this.wake?.();
    });
    // After the listeners: adding a 'message' listener refs the thread's port again.
    worker.unref();
    this.worker = worker;
  }

  push(o: FileOp): void {
    if (this.here) {
      this.here.run(o);
      return;
    }
    // The bytes as they are now: the caller may reuse its buffer before the batch is sent. (A
    // copy: a Buffer's slice() would be a view of the same memory.)
    this.batch.push(o.op === 'write' && typeof o.data !== 'string' ? { ...o, data: new Uint8Array(o.data) } : o);
    this.bytes += o.op === 'write' ? o.data.length : 256;
    if (this.batch.length >= BATCH_OPS || this.bytes >= BATCH_BYTES) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
  }

  /**
   * Sends the batch with all its data encoded into the shared ring (or, for a large one, into a
   * buffer that is handed over), not copied: cloning the page strings into the thread cost the
   * main thread as much as writing them.
   */
  private flush(): void {
    const worker = this.worker;
    if (!this.batch.length || !worker || this.closed) return;
    let total = 0;
    for (const o of this.batch) if (o.op === 'write') total += typeof o.data === 'string' ? Buffer.byteLength(o.data) : o.data.length;
    // The batch starts over at the ring's start when it does not fit before the end; the end's
    // bytes are then skipped (none when the last batch ended exactly there).
    const wraps = this.ringHead + total > RING_BYTES || this.ringHead === RING_BYTES;
    const skipped = wraps ? RING_BYTES - this.ringHead : 0;
    const fits = total <= RING_MOST;
    const inRing = this.waitForRoom(fits ? total + skipped : 0) && fits;
    const start = inRing && !wraps ? this.ringHead : 0;
    const bytes = inRing ? Buffer.from(this.ring, start, total) : Buffer.allocUnsafeSlow(total);
    let at = 0;
    const ops: Batch['ops'] = this.batch.map((o) => {
      if (o.op !== 'write') return o;
      const from = at;
      if (typeof o.data === 'string') at += bytes.write(o.data, at);
      else {
        bytes.set(o.data, at);
        at += o.data.length;
      }
      return { op: 'write', file: o.file, start: start + from, end: start + at };
    });
    this.held.push(inRing ? total + skipped : 0);
    if (inRing) {
      this.heldTotal += total + skipped;
      this.ringHead = start + total;
      worker.postMessage({ ops } satisfies Batch);
    } else worker.postMessage({ ops, bytes } satisfies Batch, [bytes.buffer as ArrayBuffer]);
    worker.ref();
    this.batches++;
    this.sent += this.batch.length;
    this.batch = [];
    this.bytes = 0;
  }

  /**
   * Blocks while IN_FLIGHT batches wait for the thread, or the ring has not `bytes` free; true
   * when the ring has them. The thread counts finished batches in shared memory, so the wait
   * needs no event loop; a thread that stops taking batches (it died: its failure is reported by
   * drain) is waited for once, not again, and the ring is then not used.
   */
  private waitForRoom(bytes: number): boolean {
    const since = Date.now();
    for (;;) {
      const finished = Atomics.load(this.finished, 0);
      for (; this.released < finished; this.released++) this.heldTotal -= this.held[this.released]!;
      if (this.stalled) return false;
      if (this.batches - finished < IN_FLIGHT && this.heldTotal + bytes <= RING_BYTES) return true;
      Atomics.wait(this.finished, 0, finished, 100);
      if (Date.now() - since > STALL_MS) this.stalled = true;
    }
  }

  /** Settles once every operation pushed so far is done; rejects with the first that failed. */
  async drain(): Promise<void> {
    this.flush();
    while (this.done < this.sent && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    if (this.failure) throw this.failure;
  }

  /** Stops the thread after a drain, without waiting for it: it has nothing left to do. */
  release(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker?.unref();
    void this.worker?.terminate();
  }

  /** Stops the thread; operations not yet done are dropped (the build failed, or drain ran). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batch = [];
    // Held open until the thread has stopped, so the caller's error is still reported.
    this.worker?.ref();
    await this.worker?.terminate();
  }
}
