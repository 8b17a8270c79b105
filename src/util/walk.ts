import { readdir } from 'node:fs/promises';
import { joinPlain } from './join-plain.js';

export interface WalkOptions {
  /** Skip entries whose name starts with a dot (editor swap files, .git). */
  skipDotFiles?: boolean;
  /** Keep a file when this returns true (default: all files). */
  include?: (name: string) => boolean;
  /** Do not enter a folder when this returns true (absolute path): a blog's vendor/ or _site/. */
  skipDir?: (path: string) => boolean;
}

/**
 * Every regular file below `dir` (absolute paths, sorted so builds are deterministic). A missing
 * folder is empty. Symlinked folders are not entered, so a link loop cannot hang the walk;
 * symlinked files are kept.
 */
export async function walkFiles(dir: string, opts: WalkOptions = {}): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      if (opts.skipDotFiles && e.name.startsWith('.')) continue;
      if (e.name === 'node_modules') continue;
      const p = joinPlain(d, e.name);
      if (e.isDirectory()) {
        if (!opts.skipDir?.(p)) await walk(p);
      } else if ((e.isFile() || e.isSymbolicLink()) && (!opts.include || opts.include(e.name))) out.push(p);
    }
  }
  await walk(dir);
  return out.sort();
}
