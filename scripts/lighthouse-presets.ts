// Lighthouse (mobile, as scripts/quality.ts runs it) over every page type of the demo in each
// theme preset and over the five page-shape examples. Prints a Markdown table for
// docs/page-shapes.md; exits 1 when any score is below 100.
// Usage: CHROME_PATH=/usr/bin/chromium npx tsx scripts/lighthouse-presets.ts [essay|notebook|shapes]...
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { materializeVariant } from '../test/helpers/variant.js';

const root = new URL('..', import.meta.url).pathname;
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const DEMO_PAGES = [
  '/',
  '/writing/',
  '/writing/zero-downtime-postgres-migrations/',
  '/writing/spending-an-error-budget-in-a-week/',
  '/case-studies/',
  '/case-studies/checkout-p99-latency/',
  '/case-studies/ingestion-stall-rebalance-storm/',
  '/categories/operations/',
  '/tags/postgresql/',
  '/series/building-a-job-queue-on-postgresql/',
  '/cv/',
  '/about/',
  '/search/',
];
const SHAPES: [string, string[]][] = [
  ['retrospectives', ['/', '/writing/']],
  ['portfolio', ['/', '/writing/']],
  ['essays', ['/writing/', '/writing/on-deleting-code/']],
  ['case-studies', ['/case-studies/']],
  ['cards', ['/writing/']],
];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ['essay', 'notebook', 'shapes'];

const chrome = await chromeLauncher.launch({
  chromePath: CHROME,
  chromeFlags: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let failed = false;
console.log('| Site | Page | Performance | Accessibility | Best practices | SEO |\n|---|---|---|---|---|---|');
async function run(label: string, site: string, pages: string[]): Promise<void> {
  const dir = join(await mkdtemp(join(tmpdir(), 'casebook-lh-presets-')), 'site');
  await mkdir(dir);
  const live = await startPreview({ root: dir, port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(live.address() as AddressInfo).port}`;
  try {
    await build({ site, out: dir, baseUrl: `${base}/` });
    for (const path of pages) {
      const result = await lighthouse(base + path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
      const scores = CATEGORIES.map((k) => Math.round((result!.lhr.categories[k]?.score ?? 0) * 100));
      if (scores.some((s) => s < 100)) {
        failed = true;
        for (const k of CATEGORIES) {
          for (const ref of result!.lhr.categories[k]?.auditRefs ?? []) {
            const a = result!.lhr.audits[ref.id];
            if (ref.weight > 0 && a && a.score !== null && a.score < 1) console.error(`  ${label} ${path} ${k}: ${a.id} ${a.displayValue ?? ''}`);
          }
        }
      }
      console.log(`| ${label} | \`${path}\` | ${scores.join(' | ')} |`);
    }
  } finally {
    live.close();
    await rm(join(dir, '..'), { recursive: true, force: true });
  }
}
try {
  for (const preset of ['essay', 'notebook']) {
    if (!wanted.includes(preset)) continue;
    const site = await materializeVariant(`preset-${preset}`);
    try {
      await run(`demo, ${preset} preset`, site, DEMO_PAGES);
    } finally {
      await rm(site, { recursive: true, force: true });
    }
  }
  if (wanted.includes('shapes')) for (const [name, pages] of SHAPES) await run(`examples/${name}`, join(root, 'examples', name), pages);
} finally {
  await chrome.kill();
}
process.exit(failed ? 1 : 0);
