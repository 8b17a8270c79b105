import { parentPort } from 'node:worker_threads';
import { foreignInputOf } from './foreign-data.js';
import { renderMarkdown, type RenderInput } from './render.js';
import { errorResult, type RenderResult } from './pool.js';

// A batch per message: posting one small body at a time costs more in messaging than rendering.
parentPort!.on('message', (msg: { id: number; inputs: RenderInput[] }) => {
  const results: RenderResult[] = msg.inputs.map((input) => {
    try {
      return { body: renderMarkdown(input.foreignData ? { ...input, foreign: foreignInputOf(input.foreignData) } : input) };
    } catch (e) {
      return errorResult(e) ?? { error: { message: (e as Error).stack ?? String(e) } };
    }
  });
  parentPort!.postMessage({ id: msg.id, results });
});
