import { join, resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import type { BuildOptions, BuildResult } from './build.js';
import { BuildStamp, type BuildSummary, type StampRequest } from './up-to-date.js';

export type BuildOutcome =
  | { upToDate: true; summary: BuildSummary; outDir: string; ms: number }
  | { upToDate: false; result: BuildResult };

/**
 * What `casebook build` runs: nothing but a check when the output on disk is exactly what a
 * build would write (see up-to-date.ts), else the build. The build's modules are loaded only
 * when it runs, so an up-to-date site costs the config and a few thousand stat calls.
 */
export async function buildUnlessUpToDate(opts: BuildOptions): Promise<BuildOutcome> {
  const started = performance.now();
  if (!opts.noCache && !opts.memory) {
    const { config, root } = await loadConfig(opts.site, opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {});
    const outDir = resolve(opts.out ?? join(root, config.outDir));
    const summary = new BuildStamp(resolve(root, config.cacheDir), root, stampRequest(opts, outDir), resolve(root, config.outDir)).check(opts.now ?? Date.now());
    if (summary) return { upToDate: true, summary, outDir, ms: performance.now() - started };
  }
  const { build } = await import('./build.js');
  return { upToDate: false, result: await build(opts) };
}

/** Everything about a disk build's request that can change its output. */
export function stampRequest(opts: BuildOptions, outDir: string): StampRequest {
  return {
    outDir, baseUrl: opts.baseUrl, drafts: opts.drafts === true, future: opts.future === true,
    skip: [...new Set(opts.skip ?? [])].sort(), deferSearchIndex: opts.deferSearchIndex === true,
  };
}
