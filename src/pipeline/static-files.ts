import { accessSync, constants, lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { CasebookError, CasebookErrors } from '../errors/index.js';
import { isWithin, SiteBounds } from '../util/site-bounds.js';
import { walkFiles, type WalkOptions } from '../util/walk.js';
import { readFailure } from '../util/read-failure.js';
import { isKeepFile } from '../markdown/local-files.js';

export interface StaticFile {
  from: string;
  /** Path in the output, no leading slash. */
  to: string;
}

/** Files under static/, with every symbolic link resolved and checked (see containStaticFiles). */
export async function listStaticFiles(root: string, staticDir: string): Promise<StaticFile[]> {
  // A static folder that is itself a link out of the site: one error, not one per file in it.
  const place = new SiteBounds(root).place(staticDir);
  if (place.kind === 'outside') {
    throw new CasebookError('CB1311', `The static folder is a symbolic link to ${place.real}, outside the site folder.`, { file: staticDir });
  }
  // `.gitkeep` (which `casebook init` writes so git keeps the empty folder) is for git, not readers.
  const files = (await walkFiles(staticDir)).map((f) => ({ from: f, to: relative(staticDir, f).split(sep).join('/') })).filter((f) => !isKeepFile(f.to));
  return containStaticFiles(files, root, {});
}

/** CB1033 for a file this process may not read (no read permission), else undefined. */
function readable(file: string): CasebookError | undefined {
  try {
    accessSync(file, constants.R_OK);
    return undefined;
  } catch (e) {
    return unreadable(file, e);
  }
}

function unreadable(file: string, e: unknown): CasebookError {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  const why = readFailure(code) ?? code;
  return new CasebookError('CB1033', `The static file cannot be read: ${why}.`, { file });
}

/**
 * The static files a build copies, checked now because they are copied last: a link that loops
 * or leads nowhere is CB1033, and anything that leads outside the site folder (a symbolic link,
 * or a static folder that is itself a link to elsewhere) is CB1311, naming the link. Symbolic
 * links that stay inside the site are followed: a linked file is copied, a linked folder is
 * copied as a folder under the link's name (a link back to a folder that holds it is CB1033).
 * `walk` is how linked folders are listed (the options the listing of the folder used).
 */
export async function containStaticFiles(files: StaticFile[], root: string, walk: WalkOptions): Promise<StaticFile[]> {
  const bounds = new SiteBounds(root);
  const errors: CasebookError[] = [];
  const out: StaticFile[] = [];
  const queue = files.map((f) => ({ ...f, chain: [] as string[] }));
  for (let i = 0; i < queue.length; i++) {
    const f = queue[i]!;
    let link;
    try {
      link = lstatSync(f.from);
    } catch (e) {
      errors.push(unreadable(f.from, e));
      continue;
    }
    if (!link.isSymbolicLink()) {
      // A plain file can still be outside: in a static folder that is a link, or named by an old tool's config.
      const place = bounds.place(f.from, false);
      if (place.kind === 'outside') {
        errors.push(new CasebookError('CB1311', `${f.from} is ${place.real}, outside the site folder ${bounds.root}.`, { file: f.from }));
      } else if (link.isFile()) {
        // Checked now, with the rest: copying it last failed the build as an internal error.
        const cannot = readable(f.from);
        if (cannot) errors.push(cannot);
        else out.push({ from: f.from, to: f.to });
      }
      continue;
    }
    let real: string;
    let target;
    try {
      real = realpathSync.native(f.from);
      target = statSync(real);
    } catch (e) {
      // A link that leads nowhere is outside if it points out of the site: the error must not
      // tell whether something exists there.
      const place = bounds.place(f.from);
      if (place.kind === 'outside') {
        errors.push(
          new CasebookError('CB1311', `The symbolic link ${relative(bounds.root, f.from)} leads to ${place.real}, outside the site folder.`, { file: f.from }),
        );
      } else errors.push(unreadable(f.from, e));
      continue;
    }
    if (!isWithin(bounds.realRoot, real)) {
      errors.push(
        new CasebookError('CB1311', `The symbolic link ${relative(bounds.root, f.from)} leads to ${real}, outside the site folder.`, { file: f.from }),
      );
      continue;
    }
    if (target.isFile()) {
      const cannot = readable(f.from);
      if (cannot) errors.push(cannot);
      else out.push({ from: f.from, to: f.to });
      continue;
    }
    if (!target.isDirectory()) continue;
    const holder = bounds.realDir(dirname(f.from));
    if (f.chain.includes(real) || (holder !== undefined && isWithin(real, holder))) {
      errors.push(
        new CasebookError('CB1033', `The static file cannot be read: it is a link to ${real}, a folder that holds the link, so copying it would never end.`, {
          file: f.from,
        }),
      );
      continue;
    }
    for (const child of await walkFiles(f.from, walk)) {
      queue.push({ from: child, to: `${f.to}/${relative(f.from, child).split(sep).join('/')}`, chain: [...f.chain, real] });
    }
  }
  if (errors.length) throw new CasebookErrors(errors);
  return out.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}
