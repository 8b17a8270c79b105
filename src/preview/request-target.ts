/** A request target split into what the servers route on. */
export interface RequestTarget {
  /** Starts with `/`, still percent-encoded. */
  path: string;
  /** Without the `?`; '' when there is none. */
  query: string;
  /** The host of an absolute-form target (`GET http://host/path`), which stands in for Host. */
  authority: string | undefined;
}

/**
 * Reads the target of a request line without `new URL()`, which throws on targets such as
 * `//[/x` and reads `//name/path` as a host: origin-form (`/path?q`) and absolute-form
 * (`http://host/path`) are accepted, anything else (`*`, `path`, `x:y`) is undefined.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | undefined {
  if (!raw) return undefined;
  let rest = raw;
  let authority: string | undefined;
  const absolute = /^https?:\/\/([^/?#]*)/i.exec(raw);
  if (absolute) {
    authority = absolute[1]!;
    rest = raw.slice(absolute[0].length);
    if (!rest.startsWith('/')) rest = '/' + rest;
  } else if (!raw.startsWith('/')) {
    return undefined;
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  return q < 0 ? { path: rest, query: '', authority } : { path: rest.slice(0, q), query: rest.slice(q + 1), authority };
}

// RFC 3986 pchar plus `/` (and `?` in a query); `%` only as the start of an escape.
const UNSAFE_PATH = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu;
const UNSAFE_QUERY = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/gu;

function percentEncode(c: string): string {
  return [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/**
 * A `Location` that can only point at this server: one leading slash (`//host` and `/\host` are
 * read by browsers as another host), and every byte outside the URL grammar percent-encoded, so
 * neither a decoded name nor a raw query can make the header invalid.
 */
export function sameOriginLocation(path: string, query = ''): string {
  const local = '/' + path.replace(/^[/\\]+/, '').replace(UNSAFE_PATH, percentEncode);
  return query ? `${local}?${query.replace(UNSAFE_QUERY, percentEncode)}` : local;
}
