import type { SiteModel } from '../site/index.js';
import { safeUrl } from '../util/escape.js';

/** URL helpers bound to one site: every link in the theme goes through these. */
export interface RenderContext {
  model: SiteModel;
  /** Site-relative path → URL path with the base (`writing/x/` → `/blog/writing/x/`). */
  u: (path: string) => string;
  /** Site-relative path → absolute URL for feeds, canonical and Open Graph. */
  abs: (path: string) => string;
  /** A URL from config or front matter: root-relative gets the base, unsafe schemes are dropped. */
  link: (url: string | undefined) => string | undefined;
  stylesheet: string;
  favicon: string;
}

export function createContext(model: SiteModel, stylesheet: string, favicon: string): RenderContext {
  const u = (path: string) => model.base + path.replace(/^\//, '');
  const abs = (path: string) => model.origin + u(path);
  const link = (url: string | undefined) => {
    const safe = safeUrl(url);
    if (safe === undefined) return undefined;
    return safe.startsWith('/') && !safe.startsWith('//') ? u(safe) : safe;
  };
  return { model, u, abs, link, stylesheet, favicon };
}
