import { parentPort } from 'node:worker_threads';
import { CasebookError } from '../errors/index.js';
import { renderMarkdown, type RenderInput } from './render.js';
import type { RenderResult } from './pool.js';

// A batch per message: posting one small body at a time costs more in messaging than rendering.
parentPort!.on('message', (msg: { id: number; inputs: RenderInput[] }) => {
  const results: RenderResult[] = msg.inputs.map((input) => {
    try {
      return { body: renderMarkdown(input) };
    } catch (e) {
      if (e instanceof CasebookError) return { error: { code: e.code, message: e.message, location: e.location, hint: e.hint } };
      return { error: { message: (e as Error).stack ?? String(e) } };
    }
  });
  parentPort!.postMessage({ id: msg.id, results });
});
