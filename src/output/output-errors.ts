import { lstatSync } from 'node:fs';
import { CasebookError } from '../errors/index.js';

/**
 * A failed write to the output or cache folder, as a catalogued error naming the path and what
 * to do, instead of an internal error. A full disk is reported wherever it happened; other
 * errors only for paths at `out` (its temporary siblings included) or in one of `written`
 * (the cache): a content file that cannot be read is not an output problem. Anything else is
 * returned as it is.
 */
export function asOutputError(e: unknown, out: string, written: readonly string[] = []): unknown {
  const err = e as NodeJS.ErrnoException & { dest?: unknown };
  if (!err || typeof err !== 'object' || typeof err.code !== 'string') return e;
  // A copy's error names its source as `path`; a full or read-only disk is always the destination's.
  const toDest = typeof err.dest === 'string' && ['ENOSPC', 'EDQUOT', 'EROFS'].includes(err.code);
  const path = toDest ? (err.dest as string) : typeof err.path === 'string' ? err.path : out;
  const where = { file: path };
  const kept = keptOutput(out);
  // A folder on the way to the output (a file where its parent should be) counts too.
  const ours = [out, ...written].some((p) => path.startsWith(p) || p.startsWith(path));
  if (!ours && err.code !== 'ENOSPC' && err.code !== 'EDQUOT') return e;
  switch (err.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new CasebookError('CB4013', `No space left on the disk (${err.code}) while writing ${path}.${kept}`, where);
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return new CasebookError(
        'CB4014',
        `Casebook may not write ${path} (${err.code}${err.code === 'EROFS' ? ': read-only file system' : ': permission denied'}).${kept}`,
        where,
      );
    case 'ENOTDIR':
    case 'EEXIST':
    case 'EISDIR':
    case 'ELOOP':
    case 'ENAMETOOLONG':
    case 'ENOENT':
      return new CasebookError(
        'CB4015',
        `Cannot build into ${out}: ${path} is in the way (${err.code}: ${err.code === 'ELOOP' ? 'symbolic links that point at each other' : err.code === 'ENAMETOOLONG' ? 'a name longer than the file system allows' : err.code === 'ENOENT' ? 'a folder on the way that cannot be made' : 'a file where a folder should be, or the other way round'}).${kept}`,
        where,
      );
    case 'EBUSY':
    case 'EXDEV':
      return new CasebookError(
        'CB4016',
        `Cannot swap the new output into ${out} (${err.code}): it is a mount point, or its temporary sibling is on another file system.${kept}`,
        where,
      );
    default:
      return e;
  }
}

/** What the error says of the output folder: it is left as it was, or there was none (a first build). */
function keptOutput(out: string): string {
  try {
    lstatSync(out);
    return ` The previous output in ${out} is unchanged.`;
  } catch {
    return ` There was no previous output, and none was left at ${out}.`;
  }
}
