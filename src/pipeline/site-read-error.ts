import { CasebookError } from '../errors/index.js';
import { readFailure } from '../util/read-failure.js';
import { isWithin, realOrParent } from '../util/site-bounds.js';

/**
 * CB1033 for a file or folder of the site that the file system refused late in a build (gone,
 * replaced by a socket or a link loop, unreadable, a folder that cannot be listed): it was fine
 * when the build looked, or was not looked at before. Undefined for any other error, which stays
 * what it is.
 */
export function asSiteReadError(e: unknown, root: string): CasebookError | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err !== 'object' || e instanceof CasebookError || typeof err.code !== 'string' || typeof err.path !== 'string') return undefined;
  if (!/^E[A-Z]+$/.test(err.code) || !(isWithin(root, err.path) || isWithin(realOrParent(root), realOrParent(err.path)))) return undefined;
  const why =
    err.code === 'ENXIO' ? 'it is not a regular file' : err.code === 'ENOTDIR' ? 'a file stands where a folder should be' : (readFailure(err.code) ?? err.code);
  return new CasebookError('CB1033', `${err.path} cannot be read (${err.code}): ${why}; it may have changed while the build ran.`, { file: err.path });
}

/**
 * CB1316 for a file of the site that was swapped after the build checked it (util/open-inside.ts:
 * EOUTSIDE, ECHANGED), from this thread or the writer's; undefined for any other error.
 */
export function asSwappedFileError(e: unknown): CasebookError | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err !== 'object' || (err.code !== 'EOUTSIDE' && err.code !== 'ECHANGED')) return undefined;
  return new CasebookError('CB1316', err.message, typeof err.path === 'string' ? { file: err.path } : undefined);
}
