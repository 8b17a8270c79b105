import { resolve, sep } from 'node:path';
import { homedir } from 'node:os';
import { CasebookError } from '../errors/index.js';

function contains(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/**
 * The output folder is replaced wholesale on every build, so it must never be a folder that
 * holds the author's work (the site, content/, static/) or a parent of one.
 */
export function assertSafeOutDir(outDir: string, siteRoot: string): void {
  const out = resolve(outDir);
  const guarded = [siteRoot, resolve(siteRoot, 'content'), resolve(siteRoot, 'static')];
  const bad = out === resolve('/') || out === homedir() || guarded.some((g) => contains(out, g) || contains(g, out) && g !== siteRoot);
  if (bad) {
    throw new CasebookError('CB4001', `Refusing to use ${out} as the output folder: building replaces it entirely.`, { file: out });
  }
}
