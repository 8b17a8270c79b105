import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from '../pipeline/index.js';
import { loadSiteConfig } from '../detect/index.js';
import { CasebookError } from '../errors/index.js';
import { startPreview } from '../preview/server.js';
import { importOptional } from '../util/optional-package.js';
import { chromiumLaunchOptions, findChromium } from '../util/find-chromium.js';

export interface CvPdfOptions {
  site: string;
  out: string;
  paper: 'a4' | 'letter';
  chromium?: string | undefined;
}

/**
 * Prints /cv/ to PDF with headless Chromium: builds the site into a temporary folder, serves it
 * on loopback so every asset resolves as on the real site, and uses the print stylesheet.
 */
export async function writeCvPdf(opts: CvPdfOptions): Promise<{ file: string; bytes: number }> {
  // Before anything is built: a missing driver should cost the user seconds, not a build.
  const playwright = await importOptional<typeof import('playwright-core')>('playwright-core');
  if (!playwright)
    throw new CasebookError('CB3302', 'casebook cv --pdf drives Chromium with the playwright-core package, which is not installed next to Casebook.');
  const executablePath = opts.chromium ?? findChromium();
  if (!executablePath) {
    throw new CasebookError('CB3005', 'casebook cv --pdf prints with headless Chromium, and none is installed here.');
  }
  const dir = await mkdtemp(join(tmpdir(), 'casebook-cv-'));
  try {
    // Serve the build under its base path (`/blog/`) so every root-relative URL resolves.
    const site = new URL((await loadSiteConfig(opts.site)).config.baseUrl);
    const root = join(dir, 'root');
    const out = join(root, ...site.pathname.split('/').filter(Boolean));
    await build({ site: opts.site, out });
    if (!existsSync(join(out, 'cv/index.html'))) {
      throw new CasebookError('CB3006', `${resolve(opts.site)} has no resume.json or profile.yaml, so there is no CV to print.`, { file: resolve(opts.site) });
    }
    const server = await startPreview({ root, port: 0, host: '127.0.0.1' });
    const { chromium } = playwright;
    // launch() gives the browser a fresh temporary profile of its own.
    const browser = await chromium.launch(chromiumLaunchOptions(executablePath));
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}${site.pathname}cv/`, { waitUntil: 'load' });
      // Links in the PDF must lead to the published site, not to this temporary server.
      await page.evaluate((origin) => {
        for (const a of document.querySelectorAll<HTMLAnchorElement>('a[href^="/"]')) a.href = origin + a.getAttribute('href');
      }, site.origin);
      const file = resolve(opts.out);
      const pdf = await page.pdf({ path: file, format: opts.paper === 'letter' ? 'Letter' : 'A4', printBackground: false, preferCSSPageSize: false });
      return { file, bytes: pdf.length };
    } finally {
      await browser.close();
      server.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
