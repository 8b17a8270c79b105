import { lstatSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { isKind, kindSpec, scaffoldKinds } from '../content/kinds.js';
import { loadSiteConfig } from '../detect/index.js';
import { CasebookError } from '../errors/index.js';
import { slugify } from '../util/slug.js';
import { closest } from '../util/suggest.js';
import { today } from './today.js';

/**
 * `casebook new`: a draft with the right front matter, dated today in the site's time zone. What
 * it writes and where comes from the kind's declaration (`scaffold` in content/kinds.ts), so a
 * registered kind can be started with no edit here.
 */
/**
 * The error for a kind `casebook new` cannot start: not a kind at all (`essay`), or one with no
 * scaffold (`page`). Names the kinds it can start, and the nearest one when it looks like a typo.
 */
export function unknownKindError(kind: string): CasebookError {
  const kinds = scaffoldKinds();
  const near = closest(kind, kinds);
  const what = isKind(kind) ? `kind "${kind}" is not one casebook new starts` : `unknown kind "${kind}"`;
  return new CasebookError('CB1527', `${what}; the kinds are: ${kinds.join(', ')}.${near ? ` Did you mean "${near}"?` : ''}`);
}

export async function newPost(site: string, kind: string, title: string, now?: Date): Promise<string> {
  const scaffold = isKind(kind) ? kindSpec(kind).scaffold : undefined;
  if (!scaffold) throw unknownKindError(kind);
  const { config, root } = await loadSiteConfig(site);
  const date = today(config.timezone, now);
  const slug = slugify(title);
  if (!slug) throw new CasebookError('CB3002', `"${title}" gives an empty slug; use a title with letters or digits.`);
  const file = join(root, 'content', scaffold.folder, `${date}-${slug}.md`);
  // A name taken by anything, a link to nowhere included, is never written through.
  if (taken(file)) throw new CasebookError('CB3007', `${file} already exists; casebook new never overwrites.`, { file });
  mkdirSync(dirname(file), { recursive: true });
  const folder = realpathSync(dirname(file));
  const inside = realpathSync(root);
  if (folder !== inside && !folder.startsWith(inside + sep)) {
    throw new CasebookError('CB3009', `${relative(root, dirname(file))} leads to ${folder}, outside the site folder; casebook new writes only inside it.`, {
      file: dirname(file),
    });
  }
  try {
    writeFileSync(file, scaffold.template(title, date), { flag: 'wx' });
  } catch (e) {
    // Created between the check and the write (another `casebook new` of the same title).
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new CasebookError('CB3007', `${file} already exists; casebook new never overwrites.`, { file });
    throw e;
  }
  return file;
}

function taken(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
