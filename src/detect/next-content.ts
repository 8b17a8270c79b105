import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { walkFiles } from '../util/walk.js';
import { isDir, isFile, jsString } from './config-file.js';

/** Folders of Next.js page code: where the code that reads the posts lives. */
const CODE_DIRS = ['app', 'src/app', 'pages', 'src/pages', 'lib', 'src/lib', 'utils', 'src/utils'];
const CODE_FILE = /\.(jsx?|tsx?|mjs|cjs|mts)$/;
const MARKDOWN = /\.(md|mdx|markdown)$/i;

/** The source of every code file under the page and library folders, for what they read. */
export function pageCode(root: string): string[] {
  const out: string[] = [];
  for (const d of CODE_DIRS) {
    const dir = join(root, d);
    if (isDir(dir)) for (const f of filesUnder(dir)) if (CODE_FILE.test(f)) out.push(readFileSync(f, 'utf8'));
  }
  return out;
}

/** Whether the app router has a page written in Markdown (detection is synchronous). */
export function hasAppMarkdown(root: string): boolean {
  return ['app', 'src/app'].some((d) => isDir(join(root, d)) && filesUnder(join(root, d)).some((f) => /[\\/]page\.(mdx|md)$/i.test(f)));
}

/** Files under `dir`, a few folders deep, without dot folders and dependencies. */
function filesUnder(dir: string, depth = 0): string[] {
  if (depth > 5) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const abs = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(abs, depth + 1));
    else if (e.isFile()) out.push(abs);
  }
  return out;
}

/**
 * A folder the page code names in a string (`readdir("./public/")`, `join("content", …)`) that
 * holds Markdown the way a post folder does: `x.md` files or `slug/index.md` folders. The posts
 * of a site whose code reads them from a folder no starter uses (overreacted's `public/`).
 */
export function folderReadByCode(root: string, sources: readonly string[]): string | undefined {
  const named = new Set<string>();
  for (const source of sources) {
    if (!/\breaddir(Sync)?\b|\bglob(Sync)?\b|\bfs\b/.test(source)) continue;
    for (const m of source.matchAll(/["'`](?:\.\/)?([\w-]+(?:\/[\w-]+)*)\/?["'`]/g)) named.add(m[1]!);
  }
  for (const dir of named) {
    if (['node_modules', 'app', 'pages', 'src'].includes(dir) || !isDir(join(root, dir))) continue;
    if (holdsPosts(join(root, dir))) return dir;
  }
  return undefined;
}

/** Two or more `x.md` files or `slug/index.md` folders directly inside `dir`. */
function holdsPosts(dir: string): boolean {
  let count = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isFile() && MARKDOWN.test(e.name)) count++;
    else if (e.isDirectory() && ['index.md', 'index.mdx'].some((n) => isFile(join(dir, e.name, n)))) count++;
  }
  return count >= 2;
}

/** Whether the route that renders the posts compiles them as MDX (next-mdx-remote, mdx-bundler, @next/mdx). */
export function compilesMdx(sources: readonly string[]): boolean {
  return sources.some(
    (s) => /["'](next-mdx-remote[\w/-]*|mdx-bundler[\w/-]*|@mdx-js\/[\w-]+|@next\/mdx)["']/.test(s) || /\bcompileMDX\b|\bMDXRemote\b/.test(s),
  );
}

/** An app-router page written in Markdown: `app/n/rust/page.mdx` served at /n/rust/. */
export interface AppMarkdownPage {
  file: string;
  /** Site path of the page, `n/rust/` (empty for the home). */
  path: string;
  /** How many sibling folders hold such a page too: a folder of several is a collection of writing. */
  siblings: number;
  /** `export const metadata = { title, description, … }`: what the page tells Next.js about itself. */
  metadata: Record<string, string>;
}

/**
 * `page.mdx` / `page.md` files of the app router (with `@next/mdx`, pageExtensions lists them):
 * each is served at its folder's path, route groups `(x)` left out. Dynamic segments are not
 * Markdown pages of their own.
 */
export async function appMarkdownPages(root: string): Promise<AppMarkdownPage[]> {
  const out: AppMarkdownPage[] = [];
  for (const d of ['app', 'src/app']) {
    const dir = join(root, d);
    if (!isDir(dir)) continue;
    const files = await walkFiles(dir, { skipDotFiles: true, include: (n) => /^page\.(mdx|md)$/i.test(n) });
    for (const file of files) {
      const parts = relative(dir, file).split(sep).slice(0, -1);
      if (parts.some((p) => /^\[.*\]$|^@|^_/.test(p))) continue;
      const path = parts.filter((p) => !/^\(.*\)$/.test(p)).join('/');
      const source = readFileSync(file, 'utf8');
      out.push({ file, path: path ? `${path}/` : '', siblings: 0, metadata: metadataOf(source) });
    }
  }
  const parentOf = (p: string) => p.replace(/[^/]+\/$/, '');
  for (const page of out) page.siblings = out.filter((o) => o !== page && o.path && parentOf(o.path) === parentOf(page.path)).length;
  return out;
}

/** The string values of `export const metadata = { … }` an MDX page sets. */
function metadataOf(source: string): Record<string, string> {
  const m = /^export\s+const\s+metadata\s*=\s*\{/m.exec(source);
  if (!m) return {};
  // The object runs to its closing brace at depth zero.
  let depth = 0;
  let end = m.index + m[0].length - 1;
  for (; end < source.length; end++) {
    if (source[end] === '{') depth++;
    else if (source[end] === '}' && --depth === 0) break;
  }
  const object = source.slice(m.index + m[0].length - 1, end + 1);
  const out: Record<string, string> = {};
  // Only the top level: nested `openGraph: { title }` does not override the page's own title.
  const top = object.slice(1, -1).replace(/\{(?:[^{}]|\{[^{}]*\})*\}/g, '{}');
  for (const key of ['title', 'description', 'summary', 'date', 'publishedAt', 'updatedAt']) {
    const v = jsString(top, [key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
