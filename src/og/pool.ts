import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CardInput } from './card.js';
import { workerScript } from '../util/bundled.js';

/**
 * Renders cards on worker threads, up to one per core: about 5 ms a card on one core, so that a
 * 1,000-post site's cards are drawn beside its pages. Each worker first starts, loads HarfBuzz,
 * Inter and resvg and draws its glyphs once (its first card takes about 230 ms), which a site with
 * a handful of cards never earns back: the pool starts one worker and adds the next only while
 * GROW_AT cards wait for one. The worker runs from
 * dist/ (compiled by `prepare`), also when this module is loaded from src/ by the test runner.
 */
/** Cards waiting with every worker busy before the pool starts another worker. */
const GROW_AT = 4;

export class CardPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; card: CardInput }[] = [];
  private readonly pending = new Map<number, { resolve: (png: Uint8Array) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private readonly max: number;

  constructor(size = availableParallelism()) {
    this.max = Math.max(1, size);
  }

  /** How many workers have been started (one per core at most). */
  get started(): number {
    return this.workers.length;
  }

  private grow(): void {
    // resvg's native part allocates with mimalloc, which reads its options from the environment
    // when the first worker loads it. Each render's pixmap and pixels landed in freshly mapped
    // 4 KB pages, faulted in one by one. On huge pages, 600 cards on one worker took 66,000
    // page faults instead of 122,000 and 1.04 s of system CPU instead of 1.57; the pixels are
    // the same.
    process.env.MIMALLOC_ALLOW_LARGE_OS_PAGES ??= '1';
    const w = new Worker(workerScript('og'));
    w.on('message', (msg: { id: number; png?: Uint8Array; error?: string }) => {
      const p = this.pending.get(msg.id)!;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error));
      else p.resolve(msg.png!);
      this.dispatch(w);
    });
    w.on('error', (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    });
    this.workers.push(w);
    this.idle.push(w);
  }

  private dispatch(worker: Worker): void {
    const job = this.queue.shift();
    if (job) worker.postMessage(job);
    else this.idle.push(worker);
  }

  render(card: CardInput): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, card });
      if (!this.workers.length || (!this.idle.length && this.queue.length >= GROW_AT && this.workers.length < this.max)) this.grow();
      const w = this.idle.pop();
      if (w) this.dispatch(w);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
