import { join, relative, sep } from 'node:path';
import { walkFiles } from '../util/walk.js';
import { isDir, isFile } from './config-file.js';
import { jekyllStatic } from './jekyll.js';
import type { ForeignProfile } from '../foreign-types/index.js';

/** `content/**\/*.{png,jpg}` → a RegExp over root-relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      re += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map((s) => s.replace(/[.+^$()|[\]\\]/g, '\\$&'))
        .join('|')})`;
      i = end;
    } else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The files the old tool copied as they are (Hugo and Zola `static/`, Astro and Next.js `public/`,
 * Eleventy passthrough copies, Jekyll's unprocessed files), with their site paths. `skip` keeps
 * Casebook's own output and cache folders out.
 */
export async function listForeignStatic(root: string, profile: ForeignProfile, skip: (abs: string) => boolean): Promise<{ from: string; to: string }[]> {
  const out: { from: string; to: string }[] = [];
  if (profile.tool === 'jekyll') out.push(...(await jekyllStatic(root, profile, skip)));
  const add = async (dir: string, to: string) => {
    for (const f of await walkFiles(dir, { skipDotFiles: true, skipDir: skip })) {
      out.push({ from: f, to: [to, relative(dir, f).split(sep).join('/')].filter(Boolean).join('/') });
    }
  };
  for (const d of profile.staticDirs) await add(join(root, d.dir), d.to);
  for (const f of profile.staticFiles) {
    if (f.from.startsWith('glob:')) {
      const re = globToRegExp(f.from.slice(5).replace(/^\.\//, ''));
      for (const file of await walkFiles(root, { skipDotFiles: true, skipDir: skip })) {
        const rel = relative(root, file).split(sep).join('/');
        if (re.test(rel)) out.push({ from: file, to: f.to ? `${f.to.replace(/\/+$/, '')}/${rel.split('/').pop()}` : rel });
      }
    } else if (isDir(f.from)) await add(f.from, f.to);
    else if (isFile(f.from)) out.push({ from: f.from, to: f.to });
  }
  // Later entries win, as a later passthrough copy overwrites an earlier one.
  const byPath = new Map(out.map((f) => [f.to, f]));
  return [...byPath.values()].sort((a, b) => (a.to < b.to ? -1 : 1));
}
