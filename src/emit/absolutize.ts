import { decodeHtmlEntities, escapeHtml } from '../util/escape.js';
import { mapSrcset } from '../util/srcset.js';

/**
 * Feed readers show posts outside the site, so URLs in post HTML become absolute: `src`, `href`
 * and a video's `poster`, and every candidate of a `srcset`. Root-relative ones against the
 * site's origin; page-relative ones (`../other-post/`, `../../files/cv.pdf`) against the post's
 * URL, as its page resolves them (RSS has no base URL, and readers resolve them against the feed
 * or not at all); fragment links point at the post itself.
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
  if (value === '') return value;
  try {
    // The attribute as written is HTML: its entities are decoded for the URL and put back after.
    return escapeHtml(new URL(decodeHtmlEntities(value), pageUrl).href);
  } catch {
    return value;
  }
}
