import { parentPort } from 'node:worker_threads';
import { renderCard, type CardInput } from './card.js';

// One card at a time per worker; the pool keeps every worker busy.
parentPort!.on('message', async (msg: { id: number; card: CardInput }) => {
  try {
    const png = await renderCard(msg.card);
    parentPort!.postMessage({ id: msg.id, png }, [png.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: (e as Error).message });
  }
});
