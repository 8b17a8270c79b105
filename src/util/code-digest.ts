import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundled } from './bundled.js';

let memo: string | undefined;

function addTree(hash: ReturnType<typeof createHash>, dir: string, keep: (name: string) => boolean): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) addTree(hash, p, keep);
    else if (keep(e.name)) hash.update(e.name).update('\0').update(readFileSync(p)).update('\0');
  }
}

/**
 * A digest of the code that is running (compiled modules, theme files, locale files) and of
 * Node's version: the persistent caches are keyed by it, so a changed template or highlighter
 * never serves output of the old one, even between two builds of the same package version.
 * Read once per process (the bundle's 60 files, or some 250 modules).
 */
export function codeDigest(): string {
  if (memo) return memo;
  const hash = createHash('sha256').update(process.version);
  // The code that runs: the CLI bundle's folder when running from it (hashing the one-file-per-module
  // build beside it as well doubled the files read on every cached build), else the module tree.
  const code = fileURLToPath(new URL(bundled ? '.' : '..', import.meta.url));
  const pkg = fileURLToPath(new URL('../..', import.meta.url));
  addTree(hash, code, (n) => /\.(js|ts)$/.test(n) && !n.endsWith('.test.ts') && !n.endsWith('.map'));
  addTree(hash, join(pkg, 'theme'), () => true);
  addTree(hash, join(pkg, 'locales'), () => true);
  memo = hash.digest('hex');
  return memo;
}
