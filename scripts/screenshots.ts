// Builds the demo, serves it on loopback and saves README screenshots (light/dark, phone/desktop).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from '../src/pipeline/index.js';
import { startPreview } from '../src/preview/server.js';
import { launchChromium } from '../test/helpers/browser.js';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'docs/screenshots');
const pages = (process.argv[2] ?? 'home=/,post=/writing/zero-downtime-postgres-migrations/,case=/case-studies/checkout-p99-latency/,cv=/cv/')
  .split(',')
  .map((p) => p.split('=') as [string, string]);

const site = await mkdtemp(join(tmpdir(), 'casebook-shots-'));
await build({ site: join(root, 'examples/demo'), out: site });
const server = await startPreview({ root: site, port: 0, host: '127.0.0.1' });
const port = (server.address() as AddressInfo).port;
const browser = await launchChromium();
try {
  for (const [name, path] of pages) {
    for (const scheme of ['light', 'dark'] as const) {
      for (const [device, width, height] of [
        ['phone', 390, 844],
        ['desktop', 1280, 900],
      ] as const) {
        const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: device === 'phone' ? 2 : 1 });
        await page.goto(`http://127.0.0.1:${port}${path}`);
        const file = join(outDir, `${name}-${scheme}-${device}.png`);
        await page.screenshot({ path: file });
        await page.close();
        console.log(file);
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
