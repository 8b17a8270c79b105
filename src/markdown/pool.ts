import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CasebookError, CasebookErrors, type ErrorCode, type Location } from '../errors/index.js';
import type { ForeignShared } from './foreign-data.js';
import type { RenderedBody, RenderInput } from './render.js';
import { workerScript } from '../util/bundled.js';
import { envInteger } from '../util/env-integer.js';

export type RenderResult = { body: RenderedBody; error?: undefined } | { body?: undefined; error: ResultError & { more?: ResultError[] } };

/** A content error as it crosses a thread boundary. */
type ResultError = { code?: ErrorCode; message: string; location?: Location | undefined; hint?: string };

/**
 * How many bodies to render make the worker pool pay for a build on `threads` threads (one per
 * core unless CASEBOOK_THREADS says otherwise).
 *
 * Two threads: 3,000. There the pool's one worker shares its core with V8's own background threads
 * (garbage collection, optimising compiler), which already keep it busy during a build, and it
 * costs about 300 ms of CPU (loading its modules, running them cold, copying bodies both ways).
 * Clean builds of generated sites, median of 5, main thread alone against main thread plus one
 * worker: 300 posts 0.40 against 0.47 s, 500 0.49 against 0.56, 1,000 0.75 against 0.82, 2,000
 * 1.26 against 1.28, 4,000 2.21 against 2.11, 10,000 (two runs each) 4.56 and 4.77 against 4.43 and 4.48.
 *
 * More threads: 150, where workers have cores of their own (not measured on such a machine here).
 * CASEBOOK_POOL_BODIES overrides both, for tests and for machines that measure otherwise.
 */
export function poolThreshold(threads: number): number {
  return envInteger('CASEBOOK_POOL_BODIES', 1) ?? (threads <= 2 ? 3000 : 150);
}
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
 * Worker threads that render Markdown bodies. A build starts the pool as soon as its content
 * listing says a clean render of many bodies is ahead, so loading the workers' modules (about
 * 150 ms each) overlaps reading the posts; this thread renders its share too, so a machine with
 * N cores runs N - 1 workers. Results come back in input order, each a body or the error it
 * raised (a CasebookError keeps its code, location and hint across the thread boundary). Like
 * the card pool, the worker runs from dist/.
 */
export class MarkdownPool {
  private readonly workers: Worker[];
  /** A worker that failed (to start, or later): the next render reports it. */
  private failure: Error | undefined;

  constructor(size: number, heapMb?: number) {
    const script = workerScript('markdown');
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(script, heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {});
      // Listened to from the start: a pool started ahead of need may fail before it is asked for anything.
      worker.on('error', (e) => (this.failure ??= e));
      worker.on('exit', (code) => (code !== 0 ? (this.failure ??= new Error(`Markdown worker exited with code ${code}`)) : undefined));
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Renders every input: the workers take batches, and `here` (this thread's renderer, when
   * given) renders a few bodies at a time between handing batches out. Batches shrink towards
   * the end so no thread is left with a long tail while the others wait.
   */
  async render(inputs: RenderInput[], here?: (input: RenderInput, index: number) => RenderResult, shared?: ForeignShared): Promise<RenderResult[]> {
    const results: RenderResult[] = new Array(inputs.length);
    const threads = this.workers.length + (here ? 1 : 0);
    let next = 0;
    const take = (most: number): [number, number] | undefined => {
      if (next >= inputs.length) return undefined;
      const size = Math.max(1, Math.min(most, Math.ceil((inputs.length - next) / (2 * threads))));
      const start = next;
      next = Math.min(inputs.length, next + size);
      return [start, next];
    };
    const onWorkers = this.workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          if (this.failure) return reject(this.failure);
          const send = () => {
            const batch = take(BATCH);
            if (!batch) return done();
            worker.postMessage({ id: batch[0], inputs: inputs.slice(batch[0], batch[1]) });
          };
          const onMessage = (msg: { id: number; results: RenderResult[] }) => {
            msg.results.forEach((r, i) => (results[msg.id + i] = r));
            send();
          };
          const detach = () => worker.off('message', onMessage).off('error', onError).off('exit', onExit);
          // Detach, then reject: resolving first (as `done` does) would settle the promise with the
          // batch's results missing, and a worker that ran out of memory would pass for a success.
          const onError = (e: Error) => {
            detach();
            reject(e);
          };
          const onExit = (code: number) => (code !== 0 ? onError(this.failure ?? new Error(`Markdown worker exited with code ${code}`)) : undefined);
          const done = () => {
            detach();
            resolve();
          };
          worker.on('message', onMessage).on('error', onError).on('exit', onExit);
          // Once per worker, before its batches (messages keep their order): a site's link index
          // and static files in every batch cost 8 to 22 ms each to copy.
          if (shared) worker.postMessage({ shared });
          send();
        }),
    );
    if (here) {
      for (let batch = take(HERE_BATCH); batch; batch = take(HERE_BATCH)) {
        for (let i = batch[0]; i < batch[1]; i++) results[i] = here(inputs[i]!, i);
        // Let the workers' finished batches in, so they are handed the next ones.
        await new Promise((r) => setImmediate(r));
      }
    }
    await Promise.all(onWorkers);
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Bodies this thread renders between looking at the workers' messages (a few milliseconds' worth). */
const HERE_BATCH = 4;

/** Renders the inputs on `threads` workers (none on this thread) and ends them. */
export async function renderInParallel(
  inputs: RenderInput[],
  threads = availableParallelism(),
  heapMb?: number,
  shared?: ForeignShared,
): Promise<RenderResult[]> {
  const pool = new MarkdownPool(Math.max(1, Math.min(threads, Math.ceil(inputs.length / BATCH))), heapMb);
  try {
    return await pool.render(inputs, undefined, shared);
  } finally {
    await pool.close();
  }
}

/**
 * Bodies of LARGE_BODY or more, each on a thread of its own (one after another), so the memory
 * their tokens take is returned when the thread ends; a body that needs more than
 * LARGE_BODY_HEAP_MB is a content error (CB1340), not a crash.
 */
export async function renderApart(inputs: RenderInput[], shared?: ForeignShared): Promise<RenderResult[]> {
  // CASEBOOK_BODY_HEAP_MB (a whole number of MB) lowers or raises the limit, for small machines
  // and for tests; anything else (-5, 0.5, abc) keeps the default.
  const heapMb = envInteger('CASEBOOK_BODY_HEAP_MB', 1) ?? LARGE_BODY_HEAP_MB;
  const results: RenderResult[] = [];
  for (const input of inputs) {
    try {
      results.push(...(await renderInParallel([input], 1, heapMb, shared)));
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
  const plain = (c: CasebookError): ResultError => ({ code: c.code, message: c.message, location: c.location, hint: c.hint });
  if (e instanceof CasebookErrors && e.errors.length) return { error: { ...plain(e.errors[0]!), more: e.errors.slice(1).map(plain) } };
  return e instanceof CasebookError ? { error: plain(e) } : undefined;
}

/** The error a worker reported, as the main thread would have thrown it. */
export function reviveError(error: NonNullable<RenderResult['error']>): Error {
  const revive = (r: ResultError) => (r.code ? new CasebookError(r.code, r.message, r.location, r.hint) : new Error(r.message));
  if (!error.more?.length) return revive(error);
  const all = [error, ...error.more].map(revive);
  return all.every((e) => e instanceof CasebookError) ? new CasebookErrors(all as CasebookError[]) : all.find((e) => !(e instanceof CasebookError))!;
}
