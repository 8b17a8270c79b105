import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../src/util/find-chromium.js';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/**
 * `npm run test:fast` sets CASEBOOK_TEST_FAST: it leaves out `*.browser.test.ts` files, and the few
 * browser tests inside other files skip as if Chromium were missing.
 */
const fast = process.env.CASEBOOK_TEST_FAST === '1';
export const hasChromium = !fast && existsSync(CHROMIUM);
export const CHROMIUM_MISSING = fast
  ? 'browser tests skipped: npm run test:fast starts no browser (npm test does)'
  : `browser tests skipped: ${CHROMIUM} not found; install it with \`apt-get install chromium\` (as .ci/run does)`;

/**
 * Debian's Chromium with the flags this workplace needs. `launch()` gives every browser a fresh
 * temporary profile (Playwright rejects an explicit --user-data-dir here for that reason).
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions(CHROMIUM));
}
