import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../util/bundled.js';
import { errorOf, FileOps, type Batch, type FileOp, type OpFailure } from './file-ops.js';

/** Operations sent to the thread together: fewer messages, and still a steady stream. */
const BATCH_OPS = 64;
const BATCH_BYTES = 1024 * 1024;

/**
 * Runs a new output folder's file operations in order, on a thread of its own when the compiled
 * worker is there (else here, as they come). Writing is most of what a clean build's main thread
 * did after rendering (at 1,000 posts, 0.7 of its 2.5 s went to `mkdir` and `writeFileSync`);
 * on a thread it overlaps the rendering of the pages that follow. Failures surface in `drain`,
 * which commit awaits before the folder is swapped in: a build whose write failed never commits.
 */
export class FileWriter {
  private readonly worker: Worker | undefined;
  private readonly here: FileOps | undefined;
  private batch: FileOp[] = [];
  private bytes = 0;
  private flushQueued = false;
  private sent = 0;
  private done = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private closed = false;

  /** `made`: folders that exist already (the new output folder itself). */
  constructor(made: string[]) {
    const script = workerScript('output');
    if (!existsSync(script)) {
      this.here = new FileOps(made);
      return;
    }
    this.worker = new Worker(script, { workerData: { made } });
    // Holds the process open only while it has work: a build that fails before commit or abort
    // must not hang on an idle thread.
    this.worker.unref();
    this.worker.on('message', (m: { done: number; failure?: OpFailure }) => {
      this.done = m.done;
      if (this.done === this.sent) this.worker!.unref();
      if (m.failure) this.failure ??= errorOf(m.failure);
      this.wake?.();
    });
    this.worker.on('error', (e) => {
      this.failure ??= e;
      this.wake?.();
    });
    this.worker.on('exit', (code) => {
      if (!this.closed && this.done < this.sent) this.failure ??= new Error(`The output writer thread stopped (exit code ${code}) before it wrote every file.`);
      this.wake?.();
    });
  }

  push(o: FileOp): void {
    if (this.here) {
      this.here.run(o);
      return;
    }
    // The bytes as they are now: the caller may reuse its buffer before the batch is sent.
    this.batch.push(o.op === 'write' && typeof o.data !== 'string' ? { ...o, data: o.data.slice() } : o);
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
   * Sends the batch with all its data encoded into one buffer that is handed over, not copied:
   * cloning the page strings into the thread cost the main thread as much as writing them.
   */
  private flush(): void {
    if (!this.batch.length || !this.worker) return;
    let total = 0;
    for (const o of this.batch) if (o.op === 'write') total += typeof o.data === 'string' ? Buffer.byteLength(o.data) : o.data.length;
    const bytes = Buffer.allocUnsafeSlow(total);
    let at = 0;
    const ops: Batch['ops'] = this.batch.map((o) => {
      if (o.op !== 'write') return o;
      const start = at;
      if (typeof o.data === 'string') at += bytes.write(o.data, at);
      else {
        bytes.set(o.data, at);
        at += o.data.length;
      }
      return { op: 'write', file: o.file, start, end: at };
    });
    const batch: Batch = { ops, bytes };
    this.worker.postMessage(batch, [bytes.buffer as ArrayBuffer]);
    this.worker.ref();
    this.sent += this.batch.length;
    this.batch = [];
    this.bytes = 0;
  }

  /** Settles once every operation pushed so far is done; rejects with the first that failed. */
  async drain(): Promise<void> {
    this.flush();
    while (this.done < this.sent && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    if (this.failure) throw this.failure;
  }

  /** Stops the thread; operations not yet done are dropped (the build failed, or drain ran). */
  async close(): Promise<void> {
    this.closed = true;
    this.batch = [];
    await this.worker?.terminate();
  }
}
