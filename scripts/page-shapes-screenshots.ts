// Builds the five page-shape examples (examples/{retrospectives,portfolio,essays,case-studies,cards})
// and the demo in each preset, serves each on loopback, and saves the screenshots
// docs/page-shapes.md shows (docs/images/page-shapes/). Usage: npm run screenshots:shapes
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { launchChromium } from '../test/helpers/browser.js';
import { materializeVariant } from '../test/helpers/variant.js';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'docs/images/page-shapes');
await mkdir(outDir, { recursive: true });

/** [site folder or variant, shots: [file name, path, width, height]] */
const SITES: [string, [string, string, number, number][]][] = [
  ['examples/retrospectives', [['a-retrospectives', '/writing/', 1280, 900]]],
  [
    'examples/portfolio',
    [
      ['b-portfolio-home', '/', 1280, 1500],
      ['b-portfolio-filter-empty', '/#in-career', 1280, 900],
      ['b-portfolio-phone', '/', 390, 844],
    ],
  ],
  ['examples/essays', [['c-essays-writing', '/writing/', 1280, 900]]],
  ['examples/case-studies', [['d-case-studies', '/case-studies/', 1280, 1100]]],
  ['examples/cards', [['e-category-month-cards', '/writing/', 1280, 900]]],
  [
    'variant:preset-essay',
    [
      ['preset-essay-post', '/writing/zero-downtime-postgres-migrations/', 1280, 900],
      ['preset-essay-home-phone', '/', 390, 844],
    ],
  ],
  [
    'variant:preset-notebook',
    [
      ['preset-notebook-post', '/writing/zero-downtime-postgres-migrations/', 1280, 900],
      ['preset-notebook-home-phone', '/', 390, 844],
    ],
  ],
];

const browser = await launchChromium();
try {
  for (const [source, shots] of SITES) {
    const variant = source.startsWith('variant:') ? await materializeVariant(source.slice('variant:'.length)) : undefined;
    const out = await mkdtemp(join(tmpdir(), 'casebook-shape-shot-'));
    await build({ site: variant ?? join(root, source), out, skip: ['og'] });
    const server = await startPreview({ root: out, port: 0, host: '127.0.0.1' });
    const port = (server.address() as AddressInfo).port;
    try {
      for (const [name, path, width, height] of shots) {
        const tab = await browser.newPage({ viewport: { width, height }, colorScheme: 'light', deviceScaleFactor: width < 500 ? 2 : 1 });
        await tab.goto(`http://127.0.0.1:${port}${path}`, { waitUntil: 'load' });
        // A :target view scrolls to its panel; the screenshot shows the page from the top with the filter.
        await tab.evaluate(() => window.scrollTo(0, 0));
        const file = join(outDir, `${name}.png`);
        await tab.screenshot({ path: file });
        await tab.close();
        console.log(file);
      }
    } finally {
      server.close();
      if (variant) await rm(variant, { recursive: true, force: true });
      await rm(out, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}
