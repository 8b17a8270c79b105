import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CasebookError } from '../errors/index.js';
import type { SiteConfig } from '../config/index.js';
import { importModule } from '../util/import-module.js';

/** What the layout needs to load the beacon on every page. */
export interface BeaconTag {
  /** Site-relative path of the minified script (`assets/analytics-<digest>.js`). */
  script: string;
  /** Absolute URL the beacon posts to: `<analytics.endpoint>api/event`. */
  eventUrl: string;
  site: string;
}

export interface BeaconAsset extends BeaconTag {
  text: string;
}

let minified: string | undefined;

/** theme/analytics.js, minified once per process. */
export async function beaconScript(): Promise<string> {
  if (minified === undefined) {
    const source = readFileSync(new URL('../../theme/analytics.js', import.meta.url), 'utf8');
    const { transform } = await importModule<typeof import('esbuild')>('esbuild');
    // es2018 keeps object spread and arrow functions (every browser with IntersectionObserver has them).
    minified = (await transform(source, { minify: true, target: 'es2018', legalComments: 'none' })).code;
  }
  return minified;
}

/** The site id events carry: `analytics.site`, else the host name of `baseUrl`. */
export function analyticsSiteId(config: Pick<SiteConfig, 'baseUrl' | 'analytics'>): string {
  return config.analytics?.site ?? new URL(config.baseUrl).hostname;
}

/** The collector's event URL for an `analytics.endpoint` (the collector's base URL). */
export function eventUrl(endpoint: string): string {
  return new URL('api/event', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).href;
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** The beacon for a site whose config sets `analytics.endpoint`; undefined otherwise. */
export async function beaconFor(config: Pick<SiteConfig, 'baseUrl' | 'analytics'>): Promise<BeaconAsset | undefined> {
  const endpoint = config.analytics?.endpoint;
  if (!endpoint) return undefined;
  const target = new URL(endpoint);
  if (new URL(config.baseUrl).protocol === 'https:' && target.protocol === 'http:' && !LOOPBACK.test(target.hostname)) {
    throw new CasebookError(
      'CB2200',
      `analytics.endpoint ${endpoint} is plain http, but the site is served over https (${config.baseUrl}): browsers block such requests.`,
    );
  }
  const text = await beaconScript();
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 10);
  return { script: `assets/analytics-${digest}.js`, text, eventUrl: eventUrl(endpoint), site: analyticsSiteId(config) };
}
