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
