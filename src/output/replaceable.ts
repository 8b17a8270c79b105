import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CasebookError } from '../errors/index.js';
import { hasOutputMarker } from './output-marker.js';

/** Entries a deploy setup keeps in the output folder; every build carries them over (disk-sink.ts). */
export const KEPT_ENTRIES = ['.git', 'CNAME', '.nojekyll'] as const;

export interface ReplaceOptions {
  /** The user insists (`--replace-out`): any folder that passed the path guards may be replaced. */
  replace?: boolean | undefined;
}

/** Pages of every Casebook version carry this tag; an output from before the marker file has it. */
const GENERATOR = '<meta name="generator" content="Casebook">';

/**
 * An output of Casebook 0.1, which wrote no marker: its home page carries the generator tag. The
 * folder's own file says so, which nobody can forge without writing into that folder. (A record
 * in the site's build cache once counted too; a cloned site can ship any cache, and a
 * one-line `pages.json` then had a build wipe any folder it named.)
 */
function madeByOlderCasebook(dir: string): boolean {
  try {
    return readFileSync(join(dir, 'index.html'), 'utf8').includes(GENERATOR);
  } catch {
    return false;
  }
}

/**
 * Refuses to replace `out` (a real path) unless it is missing, empty (deploy entries such as
 * .git aside), Casebook's output (it holds the marker, or an older build's pages), or the user
 * passed --replace-out. A file or a dangling link at `out` is never replaced.
 */
export function assertReplaceable(out: string, opts: ReplaceOptions = {}): void {
  let kind: 'missing' | 'folder' | 'other';
  try {
    kind = lstatSync(out).isDirectory() ? 'folder' : 'other';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') kind = 'missing';
    else if (code === 'ENOTDIR') throw notAFolder(out, 'a part of the path is a file');
    else throw e;
  }
  if (kind === 'missing') return;
  if (kind === 'other') throw notAFolder(out, 'it is a file (or a link that points nowhere)');
  if (opts.replace || hasOutputMarker(out)) return;
  const names = readdirSync(out).filter((n) => !(KEPT_ENTRIES as readonly string[]).includes(n));
  if (names.length === 0 || madeByOlderCasebook(out)) return;
  const some = names.sort().slice(0, 3).join(', ') + (names.length > 3 ? `, … (${names.length} entries)` : '');
  throw new CasebookError('CB4010', `${out} holds files Casebook did not write (${some}); building would delete them.`, { file: out });
}

export function notAFolder(out: string, why: string): CasebookError {
  return new CasebookError('CB4015', `Cannot build into ${out}: ${why}.`, { file: out });
}
