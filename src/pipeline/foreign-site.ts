import { extname, sep } from 'node:path';
import type { ContentFile } from '../content/index.js';
import { listForeignStatic } from '../detect/index.js';
import type { ForeignProfile } from '../foreign-types/index.js';
import type { Warning } from '../errors/index.js';
import { containStaticFiles } from './static-files.js';

export interface ForeignSummary {
  tool: string;
  name: string;
  configFile: string;
  posts: number;
  pages: number;
  permalinks: string;
  /** Images missing and embeds or template blocks removed, over the whole site (warning CB1540 per post). */
  lost?: { images: number; embeds: number; posts: number };
}

/** The content files of a site made with another tool, in path order; formats Casebook cannot render are reported. */
export async function listForeignContent(profile: ForeignProfile, warnings: Warning[]): Promise<ContentFile[]> {
  const files = await profile.discover();
  // Discovery's own findings (files the old tool passed over) come after the config's were taken.
  warnings.push(...profile.warnings.splice(0));
  const out: ContentFile[] = [];
  for (const f of files) {
    if (!/^\.(md|markdown|mdx|html?)$/i.test(extname(f.file))) {
      warnings.push({ code: 'CB1209', message: `${extname(f.file)} files are not rendered; ${f.rel} is left out.`, location: { file: f.file } });
      continue;
    }
    out.push({ file: f.file, rel: f.rel, foreign: f });
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * The files the old tool copied as they are, minus Casebook's own output and cache, and the
 * output's lock file and temporary siblings (`<out>.casebook-*`); unreadable ones fail as CB1033.
 */
export async function listForeignStaticFiles(root: string, profile: ForeignProfile, skipDirs: (string | undefined)[]): Promise<{ from: string; to: string }[]> {
  const skip = skipDirs.filter((d): d is string => !!d);
  const skipDir = (abs: string) => skip.some((d) => abs === d || abs.startsWith(d + sep) || abs.startsWith(`${d}.casebook-`));
  // Tools such as Jekyll copy the files at the site root: the lock file is one of them while a build runs.
  return containStaticFiles(
    (await listForeignStatic(root, profile, skipDir)).filter((f) => !skipDir(f.from)),
    root,
    { skipDotFiles: true, skipDir },
  );
}

export function foreignSummary(
  profile: ForeignProfile,
  posts: number,
  pages: number,
  lost?: { images: number; embeds: number; posts: number },
): ForeignSummary {
  return {
    tool: profile.tool,
    name: profile.name,
    configFile: profile.configFile,
    posts,
    pages,
    permalinks: profile.permalinkLabel,
    ...(lost ? { lost } : {}),
  };
}
