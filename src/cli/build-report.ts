import type { ForeignSummary } from '../pipeline/foreign-site.js';
import type { BuildSummary } from '../pipeline/up-to-date.js';
import { plural } from './command-kit.js';

/** The options of `casebook build`, shared by the command and its up-to-date shortcut. */
export const BUILD_OPTIONS = {
  out: { type: 'string', short: 'o' },
  'base-url': { type: 'string' },
  drafts: { type: 'boolean' },
  future: { type: 'boolean' },
  skip: { type: 'string' },
  'no-cache': { type: 'boolean' },
  'replace-out': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
} as const;

/** "157 pages (100 posts, 238 files)". */
export function countsOf(summary: Pick<BuildSummary, 'pages' | 'posts' | 'fileCount'>): string {
  return `${plural(summary.pages, 'page')} (${plural(summary.posts, 'post')}, ${plural(summary.fileCount, 'file')})`;
}

export function warningCount(n: number): string {
  return `${n} warning${n === 1 ? '' : 's'}`;
}

/** What `casebook build` prints when the output was already right. */
export function upToDateLine(summary: BuildSummary, ms: number, outDir: string): string {
  return `Up to date: ${countsOf(summary)}, nothing changed since the last build (checked in ${(ms / 1000).toFixed(2)} s) · ${warningCount(summary.warnings.length)} → ${outDir}\n`;
}

/** "Detected Jekyll site (_config.yml): 23 posts, permalinks /:year/:month/:day/:title/". */
export function foreignLine(f: ForeignSummary): string {
  const pages = f.pages ? `, ${f.pages} page${f.pages === 1 ? '' : 's'}` : '';
  const lost = f.lost
    ? `; lost: ${f.lost.images} image${f.lost.images === 1 ? '' : 's'} and ${f.lost.embeds} embed${f.lost.embeds === 1 ? '' : 's'}${f.lost.posts ? ` in ${f.lost.posts} post${f.lost.posts === 1 ? '' : 's'} (CB1540)` : ''}`
    : '';
  return `Detected ${f.name} site (${f.configFile}): ${f.posts} post${f.posts === 1 ? '' : 's'}${pages}, permalinks ${f.permalinks}${lost}`;
}
