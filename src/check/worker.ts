import { parentPort } from 'node:worker_threads';
import type { Finding } from './finding.js';
import { checkHtmlValidity } from './html-validity.js';

// A thread of `casebook check`'s HTML validation (validity-pool.ts): batches of pages in, the
// findings of each page out, in the same order. A page that html-validate fails on rejects
// unhandled, which ends the thread with an error; the main thread validates that batch itself.
parentPort!.on('message', (batch: [file: string, html: string][]) => {
  void (async () => {
    const out: Finding[][] = [];
    for (const [file, html] of batch) out.push(await checkHtmlValidity(file, html));
    parentPort!.postMessage(out);
  })();
});
