import { relative } from 'node:path';

/** The working folder, if it still exists: a command run from a deleted one still works, with absolute paths. */
export function workingFolder(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}

/** `{ cwd }` for the error and warning formatters, which show paths relative to it. */
export function cwdOption(): { cwd?: string } {
  const cwd = workingFolder();
  return cwd === undefined ? {} : { cwd };
}

/** `path` as the user reads it best: relative to the working folder, or whole when there is none. */
export function fromWorkingFolder(path: string): string {
  const cwd = workingFolder();
  return cwd === undefined ? path : relative(cwd, path);
}

/** `path` as a command's summary names it: relative below the working folder (`.` for the folder itself), else whole. */
export function shownPath(path: string): string {
  const rel = fromWorkingFolder(path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}
