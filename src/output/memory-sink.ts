import { readFile } from 'node:fs/promises';
import type { OutputSink } from './sink.js';

/** Keeps the site in memory: for tests and the dev server. */
export class MemorySink implements OutputSink {
  readonly files = new Map<string, Uint8Array | string>();
  /** Files made on first request (dev): each function renders its file once. */
  readonly deferred = new Map<string, () => string>();
  committed = false;

  defer(path: string, make: () => string): void {
    let made: string | undefined;
    this.deferred.set(path, () => (made ??= make()));
  }

  async write(path: string, data: string | Uint8Array): Promise<void> {
    this.files.set(path, data);
  }
  async copy(path: string, fromFile: string): Promise<void> {
    this.files.set(path, await readFile(fromFile));
  }
  async link(path: string, fromFile: string): Promise<void> {
    await this.copy(path, fromFile);
  }
  async commit(): Promise<void> {
    this.committed = true;
  }
  async abort(): Promise<void> {
    this.files.clear();
    this.deferred.clear();
  }
  text(path: string): string | undefined {
    const v = this.files.get(path);
    return v === undefined ? undefined : typeof v === 'string' ? v : Buffer.from(v).toString('utf8');
  }
}
