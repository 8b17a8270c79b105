import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const CHROMIUM_MISSING = `browser tests skipped: ${CHROMIUM} not found; install it with \`apt-get install chromium\` (as .ci/run does)`;

/**
 * Debian's Chromium with the flags this workplace needs. `launch()` gives every browser a fresh
 * temporary profile (Playwright rejects an explicit --user-data-dir here for that reason).
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}
