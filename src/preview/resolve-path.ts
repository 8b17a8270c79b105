import { posix } from 'node:path';

/**
 * Turns a request URL path into a site-relative file path, or undefined when the request tries
 * to leave the served folder: `..` segments (raw or percent-encoded, once or twice), backslashes,
 * NUL bytes and malformed encodings are all refused.
 */
export function requestToRelative(urlPath: string): string | undefined {
  const pathname = urlPath.split(/[?#]/)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  // Refuse rather than decode again: a literal "%2e" after one decoding means double encoding.
  if (/%(2e|2f|5c|00)/i.test(decoded)) return undefined;
  if (decoded.includes('\\') || decoded.includes('\0')) return undefined;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return undefined;
  const normal = posix.normalize('/' + decoded);
  if (!normal.startsWith('/')) return undefined;
  return normal.slice(1);
}
