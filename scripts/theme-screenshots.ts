// Builds the demo's theme variants (examples/variants/*), serves each on loopback and saves the
// screenshots docs/theming.md shows: home and an article, light scheme, desktop and phone.
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { launchChromium } from '../test/helpers/browser.js';
import { materializeVariant } from '../test/helpers/variant.js';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'docs/screenshots');
const variants = readdirSync(join(root, 'examples/variants'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const browser = await launchChromium();
try {
  for (const name of variants) {
    const site = await materializeVariant(name);
    const out = await mkdtemp(join(tmpdir(), `casebook-theme-shot-`));
    await build({ site, out, skip: ['og'] });
    const server = await startPreview({ root: out, port: 0, host: '127.0.0.1' });
    const port = (server.address() as AddressInfo).port;
    try {
      for (const [page, path] of [
        ['home', '/'],
        ['post', '/writing/zero-downtime-postgres-migrations/'],
      ] as const) {
        for (const [device, width, height] of [
          ['desktop', 1280, 900],
          ['phone', 390, 844],
        ] as const) {
          const tab = await browser.newPage({ viewport: { width, height }, colorScheme: 'light', deviceScaleFactor: device === 'phone' ? 2 : 1 });
          await tab.goto(`http://127.0.0.1:${port}${path}`);
          const file = join(outDir, `theme-${name}-${page}-${device}.png`);
          await tab.screenshot({ path: file });
          await tab.close();
          console.log(file);
        }
      }
    } finally {
      server.close();
      await rm(site, { recursive: true, force: true });
      await rm(out, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}
