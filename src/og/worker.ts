import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { renderCard, type CardInput } from './card.js';

/**
 * Cards are never what a build waits for last when it also builds the search index: Pagefind's
 * process takes pages one after another, and with every core drawing cards it got half of one.
 * So on Linux, where a thread's nice value is its own, this thread yields to the others
 * (`setpriority` on its thread id). Where that fails, cards are drawn at normal priority.
 */
function yieldToOthers(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // No /proc, or a sandbox that refuses: the cards are the same either way.
  }
}
yieldToOthers();

// One card at a time per worker; the pool keeps every worker busy.
parentPort!.on('message', async (msg: { id: number; card: CardInput }) => {
  try {
    const png = await renderCard(msg.card);
    parentPort!.postMessage({ id: msg.id, png }, [png.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: (e as Error).message });
  }
});
