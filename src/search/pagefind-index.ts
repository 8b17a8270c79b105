import { tmpdir } from 'node:os';
import type { PagefindIndex } from 'pagefind';
import { indexedPart } from './indexed-part.js';
import { importModule } from '../util/import-module.js';
import { CasebookError } from '../errors/index.js';

// Loaded when an index is built, not at the top: a build without search (and every other
// command) never needs it, and loading it (its service and runner modules) cost some 20 ms of CPU.
const loadPagefind = () => importModule<typeof import('pagefind')>('pagefind');

export interface IndexablePage {
  /** URL path with the site base, e.g. `/blog/writing/x/`. */
  url: string;
  html: string;
}

export type IndexFile = { path: string; content: Uint8Array };

/**
 * Runs `start` (which starts Pagefind's process) where a process can start: Pagefind starts its
 * process in `process.cwd()`, which throws when the command runs from a folder deleted since (a
 * build from there then failed as if its output could not be made). Only then, for that one
 * synchronous call, the temp folder stands in: the process reads no path relative to it.
 */
function fromSomeFolder<T>(start: () => T): T {
  try {
    process.cwd();
    return start();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || (e as NodeJS.ErrnoException).syscall !== 'uv_cwd') throw e;
  }
  const cwd = process.cwd;
  process.cwd = () => tmpdir();
  try {
    return start();
  } finally {
    process.cwd = cwd;
  }
}

/**
 * Indexers open in this process. Pagefind's Node API runs one process for all of them, and its
 * close() stops that process under every index still being fed: a dev server whose next index
 * started while the previous one was finishing lost it to the previous one's close (the error
 * was swallowed, and search stayed stale until the next edit). The last indexer to close stops it.
 */
let openIndexers = 0;

/** Pagefind's own UI bundles and highlighting script are left out: Casebook ships a smaller search page of its own, which loads neither. */
const UNUSED = /^pagefind-(ui|modular-ui|component-ui|highlight)\b/;

/**
 * Pages sent to Pagefind before the first of them is answered. Its process takes requests one
 * after another in the order they arrive, so the index is the same however many wait; sending
 * ahead keeps it working while this thread renders (answers are only read when this thread is
 * free, and one page at a time left it idle for most of a 1,000-post build). Bounded, so a
 * large site's pages do not all wait in a pipe at once.
 */
const IN_FLIGHT = 32;

/**
 * A Pagefind index in memory, fed page by page (only elements marked `data-pagefind-body` are
 * indexed: post bodies, not lists or chrome). Pagefind indexes in a process of its own, started
 * at once, so a build can hand it pages while it renders the rest: on a machine with a core to
 * spare, indexing then overlaps rendering instead of following it. Pages are sent in the order
 * added (the index's files depend on it). The binary ships in its npm package.
 */
export class SearchIndexer {
  private readonly index: Promise<PagefindIndex>;
  private pagefind: Awaited<ReturnType<typeof loadPagefind>> | undefined;
  /** Settles once the latest page added has been sent (or could not be). */
  private lastSent: Promise<unknown>;
  /** Pagefind's answer to each page added, in order; each rejects with that page's failure. */
  private readonly answers: Promise<void>[] = [];
  added = 0;

  constructor(language: string) {
    openIndexers++;
    this.index = unlessStopped(
      loadPagefind()
        .then((pagefind) => {
          this.pagefind = pagefind;
          return fromSomeFolder(() => pagefind.createIndex({ forceLanguage: language.split('-')[0]! }));
        })
        .then(
          ({ index, errors }) => {
            if (!index) throw searchError(`Pagefind could not start: ${errors.join('; ')}`);
            return index;
          },
          (e: unknown) => {
            throw asSearchError(e, 'could not start');
          },
        ),
    );
    this.lastSent = this.index;
    // Reported by finish(); until then a failure must not count as unhandled.
    this.index.catch(() => undefined);
  }

  add(page: IndexablePage): void {
    this.added++;
    const ahead = this.answers.at(-IN_FLIGHT);
    // Sent after the page before it, once the answer IN_FLIGHT pages back is in. The request is
    // written when addHTMLFile is called: `sent` carries its answer without waiting for it.
    const sent = Promise.all([this.lastSent, ahead?.catch(() => undefined)]).then(async () => {
      const index = await this.index;
      return { answer: index.addHTMLFile({ url: page.url, content: indexedPart(page.html) }) };
    });
    this.lastSent = sent.catch(() => undefined);
    const answer = sent.then(async ({ answer }) => {
      const added = await answer.catch((e: unknown) => {
        throw asSearchError(e, `stopped while it indexed ${page.url}`);
      });
      if (added.errors.length) throw searchError(`Pagefind could not index ${page.url}: ${added.errors.join('; ')}`);
    });
    answer.catch(() => undefined);
    this.answers.push(answer);
  }

  /** Every page added is indexed; rejects with the first failure, in the order added. */
  private allAnswered(): Promise<void> {
    return unlessStopped(
      (async () => {
        await this.index;
        for (const answer of this.answers) await answer;
      })(),
    );
  }

  /** The files for `/pagefind/`, once every page added is indexed; Pagefind is stopped either way. */
  async finish(): Promise<IndexFile[]> {
    try {
      await this.allAnswered();
      const out = await unlessStopped(this.index.then((index) => index.getFiles())).catch((e: unknown) => {
        throw asSearchError(e, 'stopped while it wrote its index');
      });
      if (out.errors.length) throw searchError(`Pagefind could not write its index: ${out.errors.join('; ')}`);
      return out.files.filter((f) => !UNUSED.test(f.path)).map((f) => ({ path: `pagefind/${f.path}`, content: f.content }));
    } finally {
      await this.close();
    }
  }

  private closed: Promise<void> | undefined;

  /** Stops Pagefind without writing the index (the build failed, or the previous index is reused); once, however often asked. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.allAnswered().catch(() => undefined);
      const index = await this.index.catch(() => undefined);
      // A process that died unnoticed never answers these either: the build's error still gets out.
      if (index) await unlessStopped(index.deleteIndex()).catch(() => undefined);
      // Only if it loaded (a package that failed to load has nothing to stop), and only when no
      // other indexer of this process still uses Pagefind's process.
      if (--openIndexers === 0 && this.pagefind) await unlessStopped(this.pagefind.close()).catch(() => undefined);
    })();
    return this.closed;
  }
}

function searchError(message: string): CasebookError {
  return new CasebookError('CB4021', message);
}

/**
 * A failure while Pagefind was `doing` something, as CB4021: its library rejects a request whose
 * process is gone ("backend closed") with a plain Error.
 */
function asSearchError(e: unknown, doing: string): CasebookError {
  return e instanceof CasebookError ? e : searchError(`Pagefind ${doing}: ${(e as Error).message ?? e}`);
}

/**
 * `pending`, or CB4021 if the process runs out of work while it waits: Pagefind's library never
 * settles a request whose process died (killed, out of memory), and the build then ended with
 * exit 0, no message and no output.
 */
function unlessStopped<T>(pending: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stopped = () => reject(searchError("Pagefind's process stopped before it answered: the index was not built."));
    process.once('beforeExit', stopped);
    pending.then(
      (value) => {
        process.off('beforeExit', stopped);
        resolve(value);
      },
      (e: unknown) => {
        process.off('beforeExit', stopped);
        reject(e);
      },
    );
  });
}

/** Builds the Pagefind index of `pages` and returns the files for `/pagefind/`. */
export function buildSearchIndex(pages: IndexablePage[], language: string): Promise<IndexFile[]> {
  const indexer = new SearchIndexer(language);
  for (const page of pages) indexer.add(page);
  return indexer.finish();
}
