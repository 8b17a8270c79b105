import { CasebookError } from '../errors/index.js';

/**
 * Which pages may send events: browser origins, each optionally tied to the one site id its
 * pages send. Built from `--origin URL` (any site id) and `--site DIR` (the config's baseUrl and
 * analytics.site).
 */
export class SiteOrigins {
  /** origin → site id, or undefined for "any site id". */
  private readonly origins = new Map<string, string | undefined>();
  private readonly ids = new Set<string>();

  addOrigin(url: string, site?: string): void {
    const origin = normalizeOrigin(url);
    if (origin === undefined) {
      throw new CasebookError('CB3204', `"${url}" is not an http(s) origin such as https://example.com.`);
    }
    // An origin named both with and without a site id accepts any id.
    const known = this.origins.has(origin);
    this.origins.set(origin, known && this.origins.get(origin) === undefined ? undefined : site);
    if (site !== undefined) this.ids.add(site);
  }

  get size(): number {
    return this.origins.size;
  }

  list(): string[] {
    return [...this.origins.keys()];
  }

  /** Why an event for `site` from `origin` (the Origin header, if any) is refused, or undefined. */
  refusal(origin: string | undefined, site: string): { status: 400 | 403; reason: string } | undefined {
    if (origin !== undefined) {
      if (!this.origins.has(origin)) return { status: 403, reason: `origin ${origin.slice(0, 200)} may not send events to this collector` };
      const id = this.origins.get(origin);
      if (id !== undefined && id !== site) return { status: 400, reason: `site "${site}" is not served from ${origin}` };
      return undefined;
    }
    // Without an Origin header the request is not from a browser page; it may still only count
    // for sites this collector knows, when it knows them by id.
    if (this.ids.size && !this.ids.has(site)) return { status: 400, reason: `site "${site}" is not one this collector counts` };
    return undefined;
  }

  allows(origin: string): boolean {
    return this.origins.has(origin);
  }
}

/** `https://Example.com:443/blog/` → `https://example.com`; undefined for anything but http(s). */
export function normalizeOrigin(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}
