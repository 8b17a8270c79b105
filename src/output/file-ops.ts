import { copyFileSync, linkSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { copyInside } from '../util/open-inside.js';

/** One change to a new output folder, by absolute path. */
export type FileOp =
  | { op: 'write'; file: string; data: string | Uint8Array }
  /** `within`: the real path of the site folder `from` must still lie in (a file of the site), see open-inside.ts. */
  | { op: 'copy'; file: string; from: string; within?: string | undefined }
  | { op: 'link'; file: string; from: string };

/**
 * Operations as sent to the writer's thread: each write's bytes are `bytes[start, end)`, or
 * without `bytes`, that range of the memory the two threads share (file-writer.ts).
 */
export type Batch = { ops: (Exclude<FileOp, { op: 'write' }> | { op: 'write'; file: string; start: number; end: number })[]; bytes?: Uint8Array };

/** The operations of a batch, each write with its bytes (`shared`: the memory the threads share). */
export function opsOf(batch: Batch, shared: Uint8Array): FileOp[] {
  const bytes = batch.bytes ?? shared;
  return batch.ops.map((o) => (o.op === 'write' ? { op: 'write', file: o.file, data: bytes.subarray(o.start, o.end) } : o));
}

/** What a failed operation threw, with the fields `asOutputError` reads (an Error's own fields do not cross threads). */
export type OpFailure = {
  message: string;
  code?: string | undefined;
  errno?: number | undefined;
  syscall?: string | undefined;
  path?: string | undefined;
  /** A copy's or link's destination (`path` is then its source). */
  dest?: string | undefined;
};

export function failureOf(e: unknown): OpFailure {
  const err = e as NodeJS.ErrnoException & { dest?: string };
  return { message: String(err?.message ?? e), code: err?.code, errno: err?.errno, syscall: err?.syscall, path: err?.path, dest: err?.dest };
}

export function errorOf(f: OpFailure): NodeJS.ErrnoException & { dest?: string } {
  const e: NodeJS.ErrnoException & { dest?: string } = new Error(f.message);
  if (f.code !== undefined) e.code = f.code;
  if (f.errno !== undefined) e.errno = f.errno;
  if (f.syscall !== undefined) e.syscall = f.syscall;
  if (f.path !== undefined) e.path = f.path;
  if (f.dest !== undefined) e.dest = f.dest;
  return e;
}

/**
 * Runs file operations in order, remembering the folders it made and the files it hard-linked: a
 * file linked to the previous output is unlinked before anything is written to its path, so the
 * previous output never changes through the shared inode.
 */
export class FileOps {
  private readonly dirs = new Set<string>();
  private readonly linked = new Set<string>();

  constructor(made: Iterable<string> = []) {
    for (const dir of made) this.dirs.add(dir);
  }

  run(o: FileOp): void {
    const dir = dirname(o.file);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    if (this.linked.delete(o.file)) unlinkSync(o.file);
    if (o.op === 'write') writeFileSync(o.file, o.data);
    else if (o.op === 'copy') {
      if (o.within) copyInside(o.from, o.file, o.within);
      else copyFileSync(o.from, o.file);
    } else {
      try {
        linkSync(o.from, o.file);
        this.linked.add(o.file);
      } catch {
        // Across file systems: a copy.
        copyFileSync(o.from, o.file);
      }
    }
  }
}
