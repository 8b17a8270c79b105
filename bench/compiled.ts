// The benches time the compiled code users run (dist/, which `npm ci` builds): compiled afresh
// first, so a bench never times a dist/ older than the source beside it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');

/** Compiles src/ into dist/ (JavaScript only: the benches need no type declarations). */
export function compileCasebook(): void {
  execFileSync(process.execPath, [join(root, 'scripts/compile.mjs'), '--no-types'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The compiled module of `src/<path>.ts`, typed as its source. */
export async function compiledModule<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(root, 'dist', `${path}.js`)).href)) as T;
}
