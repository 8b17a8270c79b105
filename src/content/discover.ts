import { relative, sep } from 'node:path';
import type { ForeignFile } from '../foreign-types/index.js';
import { walkFiles } from '../util/walk.js';

export const MARKDOWN_EXTENSIONS = ['.md', '.markdown'];

export interface ContentFile {
  /** Absolute path. */
  file: string;
  /** Path relative to content/ (for a site made with another tool: to the site root), with forward slashes. */
  rel: string;
  /** Sites made with another tool: where the file sits in that tool's terms. */
  foreign?: ForeignFile;
  /**
   * The site folder's real path, set by the build: the file is read only while it lies in it
   * (util/open-inside.ts), so one swapped for a link after the build's check is never read.
   */
  within?: string | undefined;
}

/** Every Markdown file under content/, sorted by path; dot-files and dot-folders are skipped. */
export async function discoverContent(contentDir: string): Promise<ContentFile[]> {
  const files = await walkFiles(contentDir, {
    skipDotFiles: true,
    include: (name) => MARKDOWN_EXTENSIONS.some((x) => name.toLowerCase().endsWith(x)),
  });
  // The walk joins names onto contentDir, so each path starts with it: sliced, not path.relative,
  // which resolves both paths again for every file.
  const prefix = contentDir.endsWith(sep) ? contentDir : contentDir + sep;
  const relOf = (file: string) => (file.startsWith(prefix) ? file.slice(prefix.length) : relative(contentDir, file));
  return files.map((file) => ({ file, rel: relOf(file).split(sep).join('/') })).sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}
