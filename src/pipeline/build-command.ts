import { join, resolve } from 'node:path';
import { loadSiteConfig } from '../detect/index.js';
import { assertSafeCacheDir } from '../output/safe-out-dir.js';
import type { BuildOptions, BuildResult } from './build.js';
import { buildStampFor, topLevelFiles, type BuildSummary } from './up-to-date.js';

export type BuildOutcome = { upToDate: true; summary: BuildSummary; outDir: string; ms: number } | { upToDate: false; result: BuildResult };

/**
 * What `casebook build` runs: nothing but a check when the output on disk is exactly what a
 * build would write (see up-to-date.ts), else the build. The build's modules are loaded only
 * when it runs, so an up-to-date site costs the config and a few thousand stat calls.
 */
export async function buildUnlessUpToDate(opts: BuildOptions): Promise<BuildOutcome> {
  const started = performance.now();
  if (opts.noCache || opts.memory) {
    const { build } = await import('./build.js');
    return { upToDate: false, result: await build(opts) };
  }
  // Taken before the config is read, as build() would: the build reuses both.
  const before = topLevelFiles(resolve(opts.site));
  const loaded = await loadSiteConfig(opts.site, opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {});
  const { config, root } = loaded;
  const outDir = resolve(opts.out ?? join(root, config.outDir));
  // A stamp left in an unsafe cacheDir (by a Casebook without this check) must not answer for it.
  assertSafeCacheDir({ root, cacheDir: resolve(root, config.cacheDir), configFile: loaded.file }, [outDir, resolve(root, config.outDir)]);
  const stamp = buildStampFor(opts, loaded, outDir);
  const summary = stamp.check(opts.now ?? Date.now());
  if (summary) return { upToDate: true, summary, outDir, ms: performance.now() - started };
  const { build } = await import('./build.js');
  return { upToDate: false, result: await build(opts, { loaded, before, stamp }) };
}
