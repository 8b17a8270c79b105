// Lighthouse (mobile) over the demo's key pages plus a page-weight budget, written to docs/quality.md.
// Usage: npm run lighthouse. Exits 1 when a minimum or the budget is missed.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { audit, launchChrome, serveBuilt } from './lighthouse-runner.js';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PAGES: [string, string][] = [
  ['Home', '/'],
  ['Writing index', '/writing/'],
  ['Post', '/writing/zero-downtime-postgres-migrations/'],
  ['Case study (chart image)', '/case-studies/checkout-p99-latency/'],
  ['Post with math, code and a wide table', '/writing/spending-an-error-budget-in-a-week/'],
  ['Post with a diagram', '/writing/idempotency-keys/'],
  ['CV', '/cv/'],
];
const MIN = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 } as const;
const BUDGET_KB = 50;

const { dir, base, close } = await serveBuilt(join(root, 'examples/demo'), 'casebook-quality-');

const rows: string[][] = [];
let failed = false;
const chrome = await launchChrome();
const categories = Object.keys(MIN) as (keyof typeof MIN)[];
try {
  for (const [name, path] of PAGES) {
    const { scores, misses } = await audit(chrome, base + path, categories);
    const shown = categories.map((k) => {
      if (scores[k] < MIN[k]) failed = true;
      return `${scores[k]}${scores[k] < MIN[k] ? ' ✗' : ''}`;
    });
    rows.push([name, path, ...shown]);
    console.log([name, ...shown].join('  '));
    // Name the audits that cost points, so a miss says what to fix.
    for (const m of misses) console.log(`    ${m}`);
  }
} finally {
  await chrome.kill();
}

// Page weight: HTML plus the stylesheet, compressed as a server would send them (no images, no JS).
const weightRows: string[][] = [];
for (const [name, path] of [PAGES[0]!, PAGES[2]!, PAGES[3]!]) {
  const html = await readFile(join(dir, path, 'index.html'));
  const cssPath = /<link rel="stylesheet" href="\/([^"]+)">/.exec(html.toString())![1]!;
  const css = await readFile(join(dir, cssPath));
  const scripts = (html.toString().match(/<script\b(?![^>]*application\/ld\+json)[^>]*>/g) ?? []).length;
  const gz = gzipSync(html).length + gzipSync(css).length;
  const br = brotliCompressSync(html).length + brotliCompressSync(css).length;
  if (gz / 1024 > BUDGET_KB || scripts > 0) failed = true;
  weightRows.push([
    name,
    path,
    `${(html.length / 1024).toFixed(1)} KB`,
    `${(css.length / 1024).toFixed(1)} KB`,
    `${(gz / 1024).toFixed(1)} KB`,
    `${(br / 1024).toFixed(1)} KB`,
    String(scripts),
  ]);
}
close();

const table = (head: string[], body: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const md = `# Quality

Measured by \`npm run lighthouse\` (scripts/quality.ts) on the demo site, served by \`casebook preview\`
on 127.0.0.1, in Debian's Chromium with Lighthouse 12's default mobile settings (simulated
slow 4G and a mid-range phone). Minimums: performance ${MIN.performance}, accessibility, best practices and SEO
${MIN.accessibility}. Last run: ${new Date().toISOString().slice(0, 10)}.

## Lighthouse (mobile)

${table(['Page', 'Path', 'Performance', 'Accessibility', 'Best practices', 'SEO'], rows)}

## Page weight

Everything a reader downloads before images: the HTML and the stylesheet, compressed as a server
sends them. Budget: ${BUDGET_KB} KB with gzip, and no render-blocking JavaScript (the theme ships none;
only \`/search/\` loads a script, as a module).

${table(['Page', 'Path', 'HTML', 'CSS', 'gzip total', 'brotli total', 'scripts'], weightRows)}

## Accessibility in the test suite

\`npm test\` runs axe-core (WCAG 2.1 A and AA rules) in headless Chromium on every page type of the
demo (home, writing index, a category, a post, a case study, a retrospective, a postmortem, the
case-studies index and a section, the CV, search, a tag, a series and the 404 page), in light and
dark schemes, at 390 and 1280 px: zero violations is a test assertion. The same suite checks the
skip link, visible focus, the keyboard-operable theme switch, the category filter without
JavaScript, and that no page but /search/ has a script.
`;
await writeFile(join(root, 'docs/quality.md'), md);
console.log(`\nPage weight:\n${weightRows.map((r) => r.join('  ')).join('\n')}\n\ndocs/quality.md written${failed ? ' — BELOW THE MINIMUMS' : ''}`);
process.exit(failed ? 1 : 0);
