import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export const MARKDOWN_EXTENSIONS = ['.md', '.markdown'];

export interface ContentFile {
  /** Absolute path. */
  file: string;
  /** Path relative to content/, with forward slashes. */
  rel: string;
}

/**
 * Every Markdown file under content/, sorted by path so builds are deterministic. Dot-files and
 * dot-folders are skipped (editor swap files, .git); symlinked folders are not followed, so a
 * link loop cannot hang discovery.
 */
export async function discoverContent(contentDir: string): Promise<ContentFile[]> {
  const out: ContentFile[] = [];
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if ((e.isFile() || e.isSymbolicLink()) && MARKDOWN_EXTENSIONS.some((x) => e.name.toLowerCase().endsWith(x))) {
        out.push({ file: p, rel: relative(contentDir, p).split(sep).join('/') });
      }
    }
  }
  await walk(contentDir);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}
