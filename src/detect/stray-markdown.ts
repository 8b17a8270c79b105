import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CasebookError } from '../errors/index.js';
import { detectForeignSite } from './detect.js';
import { detectUnsupported } from './unsupported.js';

/** Markdown a build did not read, by the top folder it sits in. */
export interface StrayMarkdown {
  total: number;
  /** Top folders (`.` for the root) with their counts, largest first. */
  folders: { folder: string; count: number }[];
  /** A site of a known tool one or two folders down: "blog" for a Hugo site in blog/. */
  nested: { dir: string; name: string; supported: boolean; unreadable?: string } | undefined;
}

/** Files that describe the repository rather than being writing for the site. */
const REPO_DOCS =
  /^(readme|changelog|changes|history|license|licence|contributing|code_of_conduct|security|support|authors|claude|agents|todo|notes)(\..+)?\.(md|mdx|markdown)$/i;
/** Folders that never hold the site's writing: dependencies, build output, caches, repository tooling and documentation. */
const SKIP = new Set([
  'node_modules',
  'vendor',
  'dist',
  'build',
  'out',
  '_site',
  '.git',
  '.github',
  '.casebook',
  '.next',
  'docs',
  'doc',
  'themes',
  'theme',
  'scaffolds',
  'archetypes',
  'templates',
  'layouts',
  '_layouts',
  '_includes',
  'test',
  'tests',
  'fixtures',
]);
const MARKDOWN = /\.(md|mdx|markdown)$/i;
/** Hugo's and Zola's `_index.md` describe a list page, not a post: a site of sections and no posts yet is not misread. */
const SECTION_INDEX = /^_index\.(md|markdown)$/i;
/** Enough to name the folders; a repository with more Markdown than this is reported as "at least". */
const LIMIT = 20_000;

/**
 * The Markdown files under `root` that are not in `read` (absolute paths), skipping repository
 * documentation (README.md, CHANGELOG.md, docs/) and folders of dependencies and output.
 */
export function findStrayMarkdown(root: string, read: ReadonlySet<string>, skipDirs: readonly string[] = []): StrayMarkdown {
  const counts = new Map<string, number>();
  let total = 0;
  const skipAbs = new Set(skipDirs);
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (total >= LIMIT) return;
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name.startsWith('.') || skipAbs.has(abs) || (SKIP.has(e.name.toLowerCase()) && depth === 0) || e.name === 'node_modules') continue;
        walk(abs, depth + 1);
      } else if (e.isFile() && MARKDOWN.test(e.name) && !REPO_DOCS.test(e.name) && !SECTION_INDEX.test(e.name) && !read.has(abs)) {
        const top = relative(root, abs).split(sep);
        const folder = top.length > 1 ? top[0]! : '.';
        counts.set(folder, (counts.get(folder) ?? 0) + 1);
        total++;
      }
    }
  };
  walk(root, 0);
  const folders = [...counts].map(([folder, count]) => ({ folder, count })).sort((a, b) => b.count - a.count || (a.folder < b.folder ? -1 : 1));
  return {
    total,
    folders,
    nested: total
      ? nestedSite(
          root,
          folders.map((f) => f.folder),
        )
      : undefined,
  };
}

/** The first folder (by Markdown count), or a folder inside it, that holds a site of a tool Casebook knows. */
function nestedSite(root: string, folders: string[]): StrayMarkdown['nested'] {
  let unreadable: StrayMarkdown['nested'];
  for (const folder of folders) {
    if (folder === '.') continue;
    for (const dir of [folder, ...subfolders(join(root, folder)).map((s) => `${folder}/${s}`)]) {
      const abs = join(root, dir);
      const unsupported = detectUnsupported(abs);
      if (unsupported) return { dir, name: unsupported.name, supported: false };
      // Only a hint for the message: a folder whose config cannot be read is named, and building it shows where.
      let profile;
      try {
        profile = detectForeignSite(abs);
      } catch (e) {
        unreadable ??= { dir, name: 'site', supported: true, unreadable: whyUnreadable(root, e) };
        continue;
      }
      if (profile) return { dir, name: profile.name, supported: true };
    }
  }
  return unreadable;
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** `blog/config.toml line 5: illegal character in key`: the file, line and first line of a config error. */
function whyUnreadable(root: string, e: unknown): string {
  const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  const at = e instanceof CasebookError ? e.location : undefined;
  if (!at?.file) return message;
  return `${relative(root, at.file).split(sep).join('/')}${at.line ? ` line ${at.line}` : ''}: ${message}`;
}
