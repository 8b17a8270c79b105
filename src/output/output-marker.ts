import { closeSync, constants, lstatSync, openSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The file that makes a folder Casebook's output. A build replaces a folder only if it holds
 * this file, is empty, or the user insists (`--replace-out`), so a mistyped `--out` can never
 * delete someone's work. It is plain text and says nothing a page's generator tag does not.
 */
export const OUTPUT_MARKER = '.casebook-output';

const TEXT = `This folder was written by \`casebook build\`.

Casebook deletes and rewrites this folder on every build: do not keep files here (only .git,
CNAME and .nojekyll are carried over from one build to the next). Casebook replaces a folder
only when it holds this file, is empty, or holds the pages of Casebook 0.1 (which wrote no such
file); to protect the folder from builds, delete this file and Casebook's index.html.
`;

/** Whether `dir` holds the marker as Casebook writes it: a file, not a link to another folder's. */
export function hasOutputMarker(dir: string): boolean {
  try {
    return lstatSync(join(dir, OUTPUT_MARKER)).isFile();
  } catch {
    return false;
  }
}

/** Written without following a link: one in the marker's place (which hasOutputMarker does not count) is replaced, not written through. */
const NO_LINK = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

export function writeOutputMarker(dir: string): void {
  const file = join(dir, OUTPUT_MARKER);
  let fd: number;
  try {
    fd = openSync(file, NO_LINK, 0o666);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOOP') throw e;
    unlinkSync(file);
    fd = openSync(file, NO_LINK, 0o666);
  }
  try {
    writeFileSync(fd, TEXT);
  } finally {
    closeSync(fd);
  }
}
