/** Set to true by esbuild's `define` in the CLI bundle (scripts/compile.mjs); undeclared elsewhere. */
declare const CASEBOOK_BUNDLED: boolean | undefined;

/** Whether this code runs from the CLI bundle (dist/bundle/) rather than one file per module. */
export const bundled = typeof CASEBOOK_BUNDLED !== 'undefined' && CASEBOOK_BUNDLED;

/**
 * The script of a worker thread: the bundle's own entry beside its chunks, else the compiled
 * module in dist/ (also when Casebook runs from src/ under a test runner).
 */
export function workerScript(name: 'markdown' | 'og' | 'output' | 'check'): URL {
  return bundled ? new URL(`./${name}-worker.js`, import.meta.url) : new URL(`../../dist/${name}/worker.js`, import.meta.url);
}
