import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CasebookError, type ErrorCode, type Location } from '../errors/index.js';
import type { RenderedBody, RenderInput } from './render.js';

export type RenderResult =
  | { body: RenderedBody; error?: undefined }
  | { body?: undefined; error: { code?: ErrorCode; message: string; location?: Location | undefined; hint?: string } };

/** Below this many bodies to render, starting workers (about 150 ms each) costs more than it saves. */
export const POOL_THRESHOLD = 150;
const BATCH = 25;

/**
 * Renders Markdown bodies on worker threads, one per core, in batches; results come back in
 * input order, each a body or the error it raised (a CasebookError keeps its code, location and
 * hint across the thread boundary). Like the card pool, the worker runs from dist/.
 */
export async function renderInParallel(inputs: RenderInput[], threads = availableParallelism()): Promise<RenderResult[]> {
  const results: RenderResult[] = new Array(inputs.length);
  const script = new URL('../../dist/markdown/worker.js', import.meta.url);
  const size = Math.max(1, Math.min(threads, Math.ceil(inputs.length / BATCH)));
  let next = 0;
  const workers = Array.from({ length: size }, () => new Worker(script));
  try {
    await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
      const send = () => {
        if (next >= inputs.length) return resolve();
        const start = next;
        next = Math.min(inputs.length, next + BATCH);
        worker.postMessage({ id: start, inputs: inputs.slice(start, next) });
      };
      worker.on('message', (msg: { id: number; results: RenderResult[] }) => {
        msg.results.forEach((r, i) => (results[msg.id + i] = r));
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code !== 0 ? reject(new Error(`Markdown worker exited with code ${code}`)) : undefined));
      send();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/** A content error as a result that can cross a thread boundary; undefined for anything else (a bug). */
export function errorResult(e: unknown): RenderResult | undefined {
  return e instanceof CasebookError ? { error: { code: e.code, message: e.message, location: e.location, hint: e.hint } } : undefined;
}

/** The error a worker reported, as the main thread would have thrown it. */
export function reviveError(error: NonNullable<RenderResult['error']>): Error {
  return error.code ? new CasebookError(error.code, error.message, error.location, error.hint) : new Error(error.message);
}
