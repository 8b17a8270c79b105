import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PagefindIndex } from 'pagefind';
import { indexedPart } from './indexed-part.js';
import { importModule } from '../util/import-module.js';
import { memoryTempFolder } from '../util/memory-temp-folder.js';
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
 * A page's file in the folder handed to Pagefind: its URL as a path (Pagefind makes the URL back
 * from it, taking off `index.html`). Casebook's URLs never hold an empty, `.` or `..` segment,
 * but one that did must not write outside the folder.
 */
export function pageFile(url: string): string {
  const segments = url.replace(/^\//, '').split('/');
  const last = segments.pop() || 'index.html';
  if (segments.some((s) => s === '' || s === '.' || s === '..') || last === '.' || last === '..')
    throw searchError(`Pagefind cannot index ${url}: its URL has an empty, "." or ".." segment.`);
  return join(...segments, last);
}

/**
 * A Pagefind index built in a process of its own (only elements marked `data-pagefind-body` are
 * indexed: post bodies, not lists or chrome). Pages are written as they come, each to its URL's
 * path in a private temporary folder (the part Pagefind reads: `indexedPart`), and the folder is
 * handed to Pagefind in one request when the pages are all in (memory-temp-folder.ts: on tmpfs
 * where there is one with room). Pagefind takes requests one after
 * another, and a page sent on its own cost it 3.4 ms on the 2-core build machine (1,000 posts:
 * 3.6 s, while one folder of the same pages took 1.3 s, read and parsed in parallel). Pagefind
 * numbers pages in the order it finds them in the folder, which is the file system's (creation
 * order on tmpfs, a hash of the names on ext4): two builds on one machine give the same index.
 * Pagefind's process starts at once, so it has loaded by the time the pages are in. The binary
 * ships in its npm package.
 */
export class SearchIndexer {
  private readonly index: Promise<PagefindIndex>;
  private pagefind: Awaited<ReturnType<typeof loadPagefind>> | undefined;
  /** Where the pages are written, made with the first one. */
  private folder: string | undefined;
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
    // Reported by finish(); until then a failure must not count as unhandled.
    this.index.catch(() => undefined);
  }

  add(page: IndexablePage): void {
    const file = join((this.folder ??= memoryTempFolder('casebook-search-')), pageFile(page.url));
    // `wx`: two pages with one URL (or, on a case-insensitive disk, URLs differing only in case)
    // would leave one of them out of the index.
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, indexedPart(page.html), { flag: 'wx' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw searchError(
        code === 'EEXIST'
          ? `Pagefind cannot index ${page.url}: another page has the same URL on this disk.`
          : `could not write ${page.url} for Pagefind to ${this.folder}: ${(e as Error).message}`,
      );
    }
    this.added++;
  }

  /** The files for `/pagefind/`, once every page added is indexed; Pagefind is stopped either way. */
  async finish(): Promise<IndexFile[]> {
    try {
      const index = await this.index;
      if (this.folder) {
        const added = await unlessStopped(index.addDirectory({ path: this.folder })).catch((e: unknown) => {
          throw asSearchError(e, 'stopped while it indexed the pages');
        });
        if (added.errors.length) throw searchError(`Pagefind could not index the pages: ${added.errors.join('; ')}`);
        if (added.page_count !== this.added) throw searchError(`Pagefind indexed ${added.page_count} of ${this.added} pages.`);
      }
      const out = await unlessStopped(index.getFiles()).catch((e: unknown) => {
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
      if (this.folder) rmSync(this.folder, { recursive: true, force: true });
      const index = await this.index.catch(() => undefined);
      // A process that died unnoticed never answers this either: the build's error still gets out.
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
