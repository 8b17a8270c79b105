import { lstatSync } from 'node:fs';
import type { ContentFile } from '../content/index.js';
import { CasebookError, CasebookErrors } from '../errors/index.js';
import { SiteBounds } from '../util/site-bounds.js';

/**
 * Content files are published as posts, so one that is a symbolic link out of the site folder
 * (`content/writing/notes.md → /etc/passwd`) is CB1313, naming the link. Links inside the site
 * are read as before. One `lstat` per file and one `realpath` per folder (and per link).
 * Files that cannot be stat-ed are left to the parse phase, which reports them (CB1033).
 */
export function refuseContentOutside(entries: ContentFile[], root: string): void {
  const bounds = new SiteBounds(root);
  const errors: CasebookError[] = [];
  for (const entry of entries) {
    let linked: boolean;
    try {
      // Asked now, not taken from the build stamp's earlier walk: a file swapped for a link in
      // between would be read through it (a hostile session made that happen).
      linked = lstatSync(entry.file).isSymbolicLink();
    } catch {
      continue;
    }
    const place = bounds.place(entry.file, linked);
    if (place.kind === 'outside') {
      errors.push(new CasebookError('CB1313', `${entry.rel} is ${place.real}, outside the site folder ${bounds.root}.`, { file: entry.file }));
    }
  }
  if (errors.length) throw new CasebookErrors(errors);
}
