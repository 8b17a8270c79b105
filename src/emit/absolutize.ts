/**
 * Feed readers show posts outside the site, so root-relative `src`/`href` in post HTML become
 * absolute. Fragment links point at the post itself.
 */
export function absolutizeHtml(markup: string, origin: string, pageUrl: string): string {
  return markup.replace(/\b(src|href)="([^"]*)"/g, (whole, name: string, value: string) => {
    if (value.startsWith('//') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value)) return whole;
    if (value.startsWith('/')) return `${name}="${origin}${value}"`;
    if (value.startsWith('#')) return `${name}="${pageUrl}${value}"`;
    return whole;
  });
}
