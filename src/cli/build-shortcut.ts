import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { upToDateByShortcut } from '../pipeline/up-to-date.js';
import { RENDER_CACHE_META } from '../pipeline/render-cache-meta.js';
import { BUILD_OPTIONS, foreignLine, upToDateLine } from './build-report.js';
import { workingFolder } from './working-folder.js';

/** The config's default cacheDir: a site that moved its cache elsewhere takes the full check. */
const DEFAULT_CACHE_DIR = '.casebook/cache';

/** `casebook build`'s arguments as the command reads them, or undefined when it would reject them. */
function parseBuildArgs(args: string[]) {
  try {
    return parseArgs({ args, options: { ...BUILD_OPTIONS, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch {
    return undefined;
  }
}

/**
 * `casebook build` answered from the build stamp alone, before the rest of Casebook loads: the
 * exit code when the output is up to date, else undefined and the command runs as usual (which
 * checks again, with the config). Only the plain case: a run that would print warnings, asks
 * for help or for no cache, or was not the last build's exact command line takes the full path.
 */
export function buildShortcut(argv: readonly string[], out: { write(text: string): unknown }): number | undefined {
  // process.hrtime, not performance.now(): the first use of `performance` loads perf_hooks, 1 to
  // 2 ms of an answer that takes about 30 beyond Node's own start.
  const started = process.hrtime.bigint();
  if (argv[0] !== 'build') return undefined;
  const args = argv.slice(1);
  const parsed = parseBuildArgs(args);
  if (!parsed) return undefined; // The command reports the usage error.
  const { values, positionals } = parsed;
  if (values.help || values['no-cache'] || positionals.length > 1) return undefined;
  const cwd = workingFolder();
  if (cwd === undefined) return undefined;
  const site = resolve(positionals[0] ?? '.');
  const found = upToDateByShortcut(resolve(site, DEFAULT_CACHE_DIR), { cwd, args }, Date.now());
  if (!found) return undefined;
  const quiet = values.quiet === true;
  if (found.summary.warnings.length && !quiet) return undefined; // Formatting them needs the error catalog.
  if (!quiet) {
    out.write(upToDateLine(found.summary, Number(process.hrtime.bigint() - started) / 1e6, found.outDir));
    if (found.summary.foreign) out.write(`${foreignLine(found.summary.foreign)}\n`);
  }
  return 0;
}

/**
 * Which code cache `casebook build` takes (src/cli/code-cache.ts): a clean build (`--no-cache`)
 * and one that starts from a previous build's cache run different code (reading caches, reusing
 * pages, patching the output), and a cache holds only what the run that wrote it compiled. With
 * one cache for both, the clean build that wrote it left an edited post's rebuild compiling its
 * own code every time (3–5% of a one-post rebuild at 1,000 posts).
 */
export function buildCacheKind(argv: readonly string[]): 'build' | 'build-clean' | 'build-incremental' {
  const parsed = parseBuildArgs(argv.slice(1));
  if (!parsed) return 'build';
  if (parsed.values['no-cache']) return 'build-clean';
  const site = resolve(parsed.positionals[0] ?? '.');
  return existsSync(resolve(site, DEFAULT_CACHE_DIR, RENDER_CACHE_META)) ? 'build-incremental' : 'build';
}
