import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CardInput } from './card.js';
import { workerScript } from '../util/bundled.js';

/**
 * Renders cards on worker threads, one per core: satori + resvg take ~40 ms a card on one core,
 * so a 1,000-post site needs the parallelism. The worker runs from dist/ (compiled by `prepare`),
 * also when this module is loaded from src/ by the test runner.
 */
export class CardPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; card: CardInput }[] = [];
  private readonly pending = new Map<number, { resolve: (png: Uint8Array) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(size = availableParallelism()) {
    const script = workerScript('og');
    for (let i = 0; i < Math.max(1, size); i++) {
      const w = new Worker(script);
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
      const w = this.idle.pop();
      if (w) this.dispatch(w);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
