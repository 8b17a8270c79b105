import { parentPort } from 'node:worker_threads';
import { foreignInputOf, type ForeignShared } from './foreign-data.js';
import { renderMarkdown, type RenderInput } from './render.js';
import { errorResult, type RenderResult } from './pool.js';

/** What the bodies of another tool's site share, sent once before their batches. */
let shared: ForeignShared | undefined;

// A batch per message: posting one small body at a time costs more in messaging than rendering.
parentPort!.on('message', (msg: { shared: ForeignShared } | { id: number; inputs: RenderInput[] }) => {
  if ('shared' in msg) {
    shared = msg.shared;
    return;
  }
  const results: RenderResult[] = msg.inputs.map((input) => {
    try {
      const { foreignData, ...own } = input;
      return { body: renderMarkdown(foreignData ? { ...own, foreign: foreignInputOf(foreignData, shared!) } : own) };
    } catch (e) {
      return errorResult(e) ?? { error: { message: (e as Error).stack ?? String(e) } };
    }
  });
  parentPort!.postMessage({ id: msg.id, results });
});
