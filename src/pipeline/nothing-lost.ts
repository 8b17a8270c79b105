import { resolve } from 'node:path';
import { kindSpec } from '../content/index.js';
import type { ContentFile, SourcePost } from '../content/index.js';
import { findStrayMarkdown } from '../detect/index.js';
import type { ForeignProfile } from '../foreign-types/index.js';
import { CasebookError } from '../errors/index.js';

/**
 * A site that yields no posts while its repository holds Markdown Casebook did not read is a
 * site Casebook misread (another tool, a site in a subfolder, posts where no rule looks), not an
 * empty blog: it fails as CB1500 naming where the Markdown is, rather than building the empty
 * skeleton with exit 0. A fresh `casebook init` site and a site of pages only read everything
 * they have, so they still build.
 */
export function assertNothingLost(
  root: string,
  foreign: ForeignProfile | undefined,
  entries: readonly ContentFile[],
  parsed: readonly SourcePost[],
  skipDirs: readonly string[],
): void {
  if (parsed.some((p) => p.excluded === undefined && kindSpec(p.kind).list !== undefined)) return;
  const read = new Set(entries.map((e) => resolve(e.file)));
  const stray = findStrayMarkdown(root, read, skipDirs);
  if (stray.total === 0) return;
  const where =
    stray.folders
      .slice(0, 4)
      .map((f) => `${f.folder === '.' ? 'the root' : `${f.folder}/`} (${f.count})`)
      .join(', ') + (stray.folders.length > 4 ? ', …' : '');
  const tool = foreign
    ? `Detected ${foreign.name} site (${foreign.configFile}), but no posts were found`
    : 'No posts were found and no site generator was recognised';
  const files = `${stray.total} Markdown file${stray.total === 1 ? '' : 's'}`;
  let todo: string;
  if (stray.nested?.unreadable)
    todo = `A site seems to be in ${stray.nested.dir}/, but its config cannot be read (${stray.nested.unreadable}); run casebook build ${stray.nested.dir} to see where.`;
  else if (stray.nested?.supported) todo = `A ${stray.nested.name} site seems to be in ${stray.nested.dir}/; run casebook build ${stray.nested.dir}.`;
  else if (stray.nested) todo = `A ${stray.nested.name} site seems to be in ${stray.nested.dir}/; Casebook cannot read ${stray.nested.name} sites.`;
  else if (foreign) todo = `Move the posts where ${foreign.name} keeps them, or add casebook.config.yaml and put them under content/writing/.`;
  else todo = 'Put posts under content/writing/ (a Casebook site), or build the folder that holds the site.';
  throw new CasebookError('CB1500', `${tool}: ${files} ${stray.total === 1 ? 'is' : 'are'} not read, in ${where}. ${todo}`, { file: root });
}
