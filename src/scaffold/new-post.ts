import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
  if (existsSync(file)) throw new CasebookError('CB3007', `${file} already exists; casebook new never overwrites.`, { file });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, scaffold.template(title, date), { flag: 'wx' });
  return file;
}
