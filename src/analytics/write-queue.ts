import type { AnalyticsStore, StoredEvent } from './store.js';

interface Pending {
  event: StoredEvent;
  done: (error?: unknown) => void;
}

/**
 * Group commit: events that arrive while a write is running are stored together by the next
 * one, in one transaction (one statement on PostgreSQL). A request is answered only after its
 * event is committed, so an accepted event is never lost by a crash of the collector.
 */
export class WriteQueue {
  private pending: Pending[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: AnalyticsStore,
    private readonly maxBatch = 1000,
  ) {}

  push(event: StoredEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, done: (error) => (error === undefined ? resolve() : reject(error)) });
      // setImmediate lets the requests already read in this turn of the event loop join the batch.
      this.running ??= new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        await this.store.insert(batch.map((p) => p.event));
        for (const p of batch) p.done();
      } catch (e) {
        for (const p of batch) p.done(e ?? new Error('write failed'));
      }
    }
    this.running = undefined;
  }

  /** Resolves when everything pushed so far is written (or has failed). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }
}
