import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CasebookError, type ErrorCode, type Location } from '../errors/index.js';
import type { RenderedBody, RenderInput } from './render.js';
import { workerScript } from '../util/bundled.js';

export type RenderResult =
  | { body: RenderedBody; error?: undefined }
  | { body?: undefined; error: { code?: ErrorCode; message: string; location?: Location | undefined; hint?: string } };

/** Below this many bodies to render, starting workers (about 150 ms each) costs more than it saves. */
export const POOL_THRESHOLD = 150;
const BATCH = 25;

/**
 * A body this long (characters) is rendered on a thread of its own. markdown-it holds a token
 * per table cell and more: a 5 MB table needs some 300 MB while it renders. On the main thread
 * that garbage stayed in the heap through the page and feed phases (a peak of 940 MB); a
 * thread's heap is handed back whole when it ends.
 */
export const LARGE_BODY = 256 * 1024;
/** Old-generation heap a large body's thread may use; the largest body allowed (5 MB) needs about a third. */
export const LARGE_BODY_HEAP_MB = 1024;

/**
 * Renders Markdown bodies on worker threads, one per core, in batches; results come back in
 * input order, each a body or the error it raised (a CasebookError keeps its code, location and
 * hint across the thread boundary). Like the card pool, the worker runs from dist/.
 */
export async function renderInParallel(inputs: RenderInput[], threads = availableParallelism(), heapMb?: number): Promise<RenderResult[]> {
  const results: RenderResult[] = new Array(inputs.length);
  const script = workerScript('markdown');
  const size = Math.max(1, Math.min(threads, Math.ceil(inputs.length / BATCH)));
  let next = 0;
  const workers = Array.from({ length: size }, () => new Worker(script, heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
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
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/**
 * Bodies of LARGE_BODY or more, each on a thread of its own (one after another), so the memory
 * their tokens take is returned when the thread ends; a body that needs more than
 * LARGE_BODY_HEAP_MB is a content error (CB1340), not a crash.
 */
export async function renderApart(inputs: RenderInput[]): Promise<RenderResult[]> {
  // CASEBOOK_BODY_HEAP_MB lowers (or raises) the limit, for small machines and for tests.
  const heapMb = Number(process.env.CASEBOOK_BODY_HEAP_MB) || LARGE_BODY_HEAP_MB;
  const results: RenderResult[] = [];
  for (const input of inputs) {
    try {
      results.push(...(await renderInParallel([input], 1, heapMb)));
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw e;
      results.push({
        error: { code: 'CB1340', message: `${input.file.split('/').pop()} needs more than ${heapMb} MB to render.`, location: { file: input.file } },
      });
    }
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
