import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../util/bundled.js';
import { envInteger } from '../util/env-integer.js';
import type { Finding } from './finding.js';
import { checkHtmlValidity } from './html-validity.js';

/** Pages handed out at a time: about 200 ms of validation, so the last batches end close together. */
const BATCH = 16;
/**
 * Pages per extra thread, at least: a thread loads html-validate anew (about 250 ms of CPU, some
 * twenty pages' worth), so a check of a few dozen pages validates them all here.
 */
const PAGES_PER_THREAD = 60;

type Page = [file: string, html: string];

/**
 * html-validate's findings for each page, in the order given: on this thread and, for enough
 * pages, on one more thread per further core (`CASEBOOK_THREADS` overrides, as for Markdown).
 * Validation is about 12 ms a page on one core, so a first check of 1,400 pages took 18 s on
 * one thread. Every thread takes the next batch when it is done with one. A thread that fails
 * (it could not start, or html-validate threw) leaves its batch to this thread, so a failure
 * costs time, never a finding.
 */
export async function validateAll(
  pages: readonly Page[],
  validate: (file: string, html: string) => Promise<Finding[]> = checkHtmlValidity,
): Promise<Finding[][]> {
  const cores = envInteger('CASEBOOK_THREADS', 1, 64) ?? availableParallelism();
  const extra = Math.max(0, Math.min(cores - 1, Math.floor(pages.length / PAGES_PER_THREAD) - 1));
  const results: Finding[][] = new Array<Finding[]>(pages.length);
  let next = 0;
  const take = (): [number, number] | undefined => {
    if (next >= pages.length) return undefined;
    const from = next;
    next = Math.min(pages.length, next + BATCH);
    return [from, next];
  };
  const here = async (from: number, to: number) => {
    for (let i = from; i < to; i++) results[i] = await validate(pages[i]![0], pages[i]![1]);
  };
  const onThisThread = async () => {
    for (let r = take(); r; r = take()) await here(r[0], r[1]);
  };
  const workers = Array.from({ length: extra }, () => new Worker(workerScript('check')));
  const onWorker = async (worker: Worker) => {
    for (let r = take(); r; r = take()) {
      const [from, to] = r;
      const found = await ask(worker, pages.slice(from, to));
      if (!found) {
        await here(from, to);
        return;
      }
      for (let k = 0; k < found.length; k++) results[from + k] = found[k]!;
    }
  };
  try {
    await Promise.all([onThisThread(), ...workers.map(onWorker)]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/** The worker's findings for `batch`, or undefined when it failed or ended instead of answering. */
function ask(worker: Worker, batch: Page[]): Promise<Finding[][] | undefined> {
  return new Promise((resolve) => {
    const done = (value: Finding[][] | undefined) => {
      worker.off('message', onMessage).off('error', onFailure).off('exit', onFailure);
      resolve(value);
    };
    const onMessage = (found: Finding[][]) => done(Array.isArray(found) && found.length === batch.length ? found : undefined);
    const onFailure = () => done(undefined);
    worker.on('message', onMessage).on('error', onFailure).on('exit', onFailure);
    worker.postMessage(batch);
  });
}
