import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { chromiumLaunchOptions, findChromium } from '../util/find-chromium.js';
import { importOptional } from '../util/optional-package.js';

/**
 * Draws Mermaid diagrams to SVG in headless Chromium: Mermaid lays text out with the browser's
 * DOM, so nothing less than a browser gives the same drawing as on mermaid.live.
 */

const require = createRequire(import.meta.url);

export interface Drawing {
  light: string;
  dark: string;
}

export type DrawResult = { ok: true; drawing: Drawing } | { ok: false; error: string };

/** Mermaid's version goes into every cache key: a new Mermaid may draw differently. */
export function mermaidVersion(): string {
  try {
    return (JSON.parse(readFileSync(require.resolve('mermaid/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'none';
  }
}

type Browser = import('playwright-core').Browser;
type Page = import('playwright-core').Page;

/** A browser that has not started by then will not; a diagram not drawn by then is abandoned. */
const LAUNCH_TIMEOUT_MS = 30_000;
const DRAW_TIMEOUT_MS = 30_000;

export class MermaidRenderer {
  private browser: Browser | undefined;
  private page: Page | undefined;
  /** Browsers started by this renderer (a warm build starts none). */
  started = 0;

  private constructor(private readonly executablePath: string) {}

  /**
   * Why diagrams cannot be drawn here, or the renderer. Mermaid and playwright-core are optional
   * peer dependencies (only diagrams need them), and Chromium is the system's.
   */
  static async available(): Promise<MermaidRenderer | { missing: string }> {
    const path = findChromium();
    if (!path) return { missing: 'no Chromium is installed to draw them' };
    const absent = [];
    if (!(await importOptional('playwright-core'))) absent.push('playwright-core');
    try {
      require.resolve('mermaid/dist/mermaid.min.js');
    } catch {
      absent.push('mermaid');
    }
    if (absent.length)
      return { missing: `${absent.join(' and ')} ${absent.length === 1 ? 'is' : 'are'} not installed beside Casebook (npm install ${absent.join(' ')})` };
    return new MermaidRenderer(path);
  }

  private async open(): Promise<Page> {
    if (this.page) return this.page;
    const { chromium } = (await importOptional<typeof import('playwright-core')>('playwright-core'))!;
    this.browser = await chromium.launch({ ...chromiumLaunchOptions(this.executablePath), timeout: LAUNCH_TIMEOUT_MS });
    this.started++;
    const page = await this.browser.newPage();
    // An empty document with no network: Mermaid's bundle is injected from node_modules.
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    this.page = page;
    return page;
  }

  /** Draws one diagram in the light and the dark theme; an error names what Mermaid rejected. */
  async draw(key: string, source: string): Promise<DrawResult> {
    const page = await this.open();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<DrawResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: `not drawn within ${DRAW_TIMEOUT_MS / 1000} s` }), DRAW_TIMEOUT_MS);
    });
    const result = await Promise.race([this.evaluate(page, key, source), timeout]);
    clearTimeout(timer);
    // A page still busy with an abandoned diagram is closed; the next diagram gets a fresh one.
    if (!result.ok && result.error.startsWith('not drawn within')) await this.close();
    return result;
  }

  private evaluate(page: Page, key: string, source: string): Promise<DrawResult> {
    return page.evaluate(
      async ({ key, source }) => {
        const m = (
          window as unknown as {
            mermaid: {
              initialize(c: object): void;
              parse(s: string): Promise<unknown>;
              render(id: string, s: string): Promise<{ svg: string }>;
            };
          }
        ).mermaid;
        try {
          await m.parse(source);
          const out: Record<string, string> = {};
          for (const theme of ['default', 'dark'] as const) {
            // securityLevel strict: labels are text, never HTML or links that run script.
            // `secure` keys cannot be changed by a diagram's own init directive or front matter:
            // HTML labels (foreignObject) and custom CSS stay off whatever the source says.
            m.initialize({
              startOnLoad: false,
              theme,
              securityLevel: 'strict',
              htmlLabels: false,
              flowchart: { htmlLabels: false },
              fontFamily: 'system-ui, sans-serif',
              secure: [
                'secure',
                'securityLevel',
                'startOnLoad',
                'maxTextSize',
                'maxEdges',
                'htmlLabels',
                'flowchart',
                'themeCSS',
                'fontFamily',
                'dompurifyConfig',
              ],
            });
            const { svg } = await m.render(`d${key}-${theme === 'dark' ? 'dark' : 'light'}`, source);
            out[theme] = svg;
          }
          return { ok: true as const, drawing: { light: out.default!, dark: out.dark! } };
        } catch (e) {
          for (const el of document.querySelectorAll('body > div, body > svg')) el.remove();
          return {
            ok: false as const,
            error: String((e as Error)?.message ?? e)
              .split('\n')
              .slice(0, 3)
              .join(' '),
          };
        }
      },
      { key, source },
    );
  }

  async close(): Promise<void> {
    await this.browser?.close();
    this.browser = undefined;
    this.page = undefined;
  }
}
