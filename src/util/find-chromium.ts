import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** An installed Chromium-based browser: CHROME_PATH first, then the usual install locations. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROME_PATH) return existsSync(env.CHROME_PATH) ? env.CHROME_PATH : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/**
 * The flags Casebook starts Chromium with (diagrams, the CV's PDF, the tests, Lighthouse): headless,
 * no sandbox (containers have none to give), no GPU, and nothing that reaches the network on its
 * own (QUIC, background fetches, component updates, sync).
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options for Playwright's `chromium.launch()` or `launchPersistentContext()`: that browser with those flags, and `extra` after them. */
export function chromiumLaunchOptions(executablePath: string, extra: readonly string[] = []): { executablePath: string; args: string[] } {
  return { executablePath, args: [...CHROMIUM_FLAGS, ...extra] };
}
