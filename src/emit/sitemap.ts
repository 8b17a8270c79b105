import type { RenderContext } from '../render/context.js';
import { ymd, type SiteDate } from '../util/dates.js';
import { escapeXml } from '../util/escape.js';

export interface SitemapEntry {
  path: string;
  lastmod?: SiteDate | undefined;
}

export function sitemap(ctx: RenderContext, entries: SitemapEntry[]): string {
  const urls = entries.map((e) => `<url><loc>${escapeXml(ctx.abs(e.path))}</loc>${e.lastmod ? `<lastmod>${ymd(e.lastmod)}</lastmod>` : ''}</url>`);
  return `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join('\n')}
</urlset>
`;
}

export function robots(ctx: RenderContext): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${ctx.abs('sitemap.xml')}\n`;
}
