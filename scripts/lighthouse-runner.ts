// What scripts/quality.ts and scripts/lighthouse-presets.ts share: Chromium started for Lighthouse
// with Casebook's flags, a site built into a folder served on 127.0.0.1 with that server's URL as
// its baseUrl, and one Lighthouse run that names the audits that cost points.
import { mkdir, mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { CHROMIUM_FLAGS } from '../src/util/find-chromium.js';

export const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export type Category = 'performance' | 'accessibility' | 'best-practices' | 'seo';

export function launchChrome(): Promise<chromeLauncher.LaunchedChrome> {
  return chromeLauncher.launch({ chromePath: CHROME, chromeFlags: [...CHROMIUM_FLAGS] });
}

/**
 * Serves a new empty folder first, then builds `site` into it with the server's own URL as
 * baseUrl, so canonical links and the sitemap point where Lighthouse is looking.
 */
export async function serveBuilt(site: string, prefix: string): Promise<{ dir: string; base: string; close: () => void }> {
  const dir = join(await mkdtemp(join(tmpdir(), prefix)), 'site');
  await mkdir(dir);
  const live = await startPreview({ root: dir, port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(live.address() as AddressInfo).port}`;
  try {
    await build({ site, out: dir, baseUrl: `${base}/` });
  } catch (e) {
    live.close();
    throw e;
  }
  return { dir, base, close: () => live.close() };
}

/** Lighthouse (mobile) on one URL: the score of each category, and a line for each audit that cost points. */
export async function audit<C extends Category>(
  chrome: chromeLauncher.LaunchedChrome,
  url: string,
  categories: readonly C[],
): Promise<{ scores: Record<C, number>; misses: string[] }> {
  const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...categories] });
  const cats = result!.lhr.categories;
  const scores = Object.fromEntries(categories.map((k) => [k, Math.round((cats[k]?.score ?? 0) * 100)])) as Record<C, number>;
  const misses: string[] = [];
  for (const k of categories) {
    for (const ref of cats[k]?.auditRefs ?? []) {
      const a = result!.lhr.audits[ref.id];
      if (ref.weight > 0 && a && a.score !== null && a.score < 1) {
        const items = ((a.details as { items?: Record<string, unknown>[] } | undefined)?.items ?? []).slice(0, 3);
        misses.push(`${k}: ${a.id}: ${a.title} ${a.displayValue ?? ''} ${JSON.stringify(items).slice(0, 300)}`);
      }
    }
  }
  return { scores, misses };
}
