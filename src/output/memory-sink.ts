import { readFile, realpath } from 'node:fs/promises';
import type { OutputSink } from './sink.js';
import { readInside } from '../util/open-inside.js';

/**
 * Keeps the site in memory: for tests, `casebook check` and the dev server. With
 * `copiesByReference` (dev), a copied file (a static file, an image, a file a post links) is kept
 * as the path it is copied from, in `copied`, and read when it is served: a screen recording of a
 * few hundred megabytes took that much memory in the dev server, and one over 2 GB could not be
 * read at all, which failed the build.
 */
export class MemorySink implements OutputSink {
  readonly files = new Map<string, Uint8Array | string>();
  /** With `copiesByReference`: each copied file's source (its real path), by output path. */
  readonly copied = new Map<string, string>();
  /** Files made on first request (dev): each function renders its file once. */
  readonly deferred = new Map<string, () => string | Uint8Array>();
  committed = false;

  defer(path: string, make: () => string | Uint8Array): void {
    let made: string | Uint8Array | undefined;
    this.deferred.set(path, () => (made ??= make()));
  }

  async write(path: string, data: string | Uint8Array): Promise<void> {
    this.copied.delete(path);
    this.files.set(path, data);
  }
  constructor(private readonly copiesByReference = false) {}

  async copy(path: string, fromFile: string, within?: string): Promise<void> {
    if (this.copiesByReference) {
      this.files.delete(path);
      // The real path the build checked: whoever serves it later sends that file, never what a
      // link put in its place since leads to (src/dev/server.ts compares).
      this.copied.set(path, await realpath(fromFile));
    } else this.files.set(path, within ? readInside(fromFile, within) : await readFile(fromFile));
  }
  async link(path: string, fromFile: string): Promise<void> {
    await this.copy(path, fromFile);
  }
  async commit(): Promise<void> {
    this.committed = true;
  }
  async abort(): Promise<void> {
    this.files.clear();
    this.copied.clear();
    this.deferred.clear();
  }
  text(path: string): string | undefined {
    const v = this.files.get(path);
    return v === undefined ? undefined : typeof v === 'string' ? v : Buffer.from(v).toString('utf8');
  }
}
