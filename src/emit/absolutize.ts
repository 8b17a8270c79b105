import { mapSrcset } from '../util/srcset.js';

/**
 * Feed readers show posts outside the site, so root-relative URLs in post HTML become absolute:
 * `src`, `href` and a video's `poster`, and every candidate of a `srcset`. Fragment links point
 * at the post itself.
 */
export function absolutizeHtml(markup: string, origin: string, pageUrl: string): string {
  return markup.replace(/\b(src|href|poster|srcset)="([^"]*)"/g, (whole, name: string, value: string) => {
    if (name === 'srcset') return `${name}="${mapSrcset(value, (url) => absolute(url, origin, pageUrl))}"`;
    const url = absolute(value, origin, pageUrl);
    return url === value ? whole : `${name}="${url}"`;
  });
}

function absolute(value: string, origin: string, pageUrl: string): string {
  if (value.startsWith('//') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value)) return value;
  if (value.startsWith('/')) return `${origin}${value}`;
  if (value.startsWith('#')) return `${pageUrl}${value}`;
  return value;
}
