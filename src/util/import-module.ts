/**
 * `import()` of a package or a computed specifier (a data: URL). Every such import in Casebook
 * goes through here: on Node 20 the CLI runs as a vm script (src/cli/code-cache.ts), which cannot
 * import by itself, and scripts/compile.mjs swaps this module there for one that calls the
 * loader's import(). Relative imports of Casebook's own modules are bundled and need no swap.
 */
export function importModule<T = Record<string, unknown>>(specifier: string): Promise<T> {
  return import(specifier) as Promise<T>;
}
