/**
 * The ingestion payload and its validation. Validation is strict on purpose: the endpoint is
 * public, so anything a real beacon would never send is refused with a reason (400) rather than
 * cleaned up and stored.
 */

export const EVENT_KINDS = ['view', 'read'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * Visible time from the page view until the end of the body came into view. Coarse on purpose:
 * enough to tell skimming from reading, too coarse to tell readers apart.
 */
export const TIME_BUCKETS = ['<10s', '10-30s', '30s-1m', '1-2m', '2-5m', '5-10m', '10m+'] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];
/** Lower bounds in seconds of every bucket after the first (the beacon uses the same numbers). */
export const BUCKET_LIMITS = [10, 30, 60, 120, 300, 600] as const;

export const MAX_BODY_BYTES = 2048;
export const MAX_PATH_LENGTH = 512;
const MAX_REFERRER_LENGTH = 2048;
const FIELDS = ['site', 'path', 'kind', 'referrer', 'bucket'];

export interface EventPayload {
  site: string;
  path: string;
  kind: EventKind;
  referrer?: string;
  bucket?: TimeBucket;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const SITE_ID = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;
// RFC 3986 path characters: unreserved, sub-delims, ':' and '@', plus '%XX' escapes. What
// `location.pathname` gives is always in this set; markup characters and spaces never are.
const PATH_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;

export function isSiteId(value: string): boolean {
  return SITE_ID.test(value);
}

/** Why `path` is not a page path a browser would report, or undefined when it is one. */
export function pathProblem(path: string): string | undefined {
  if (path.length === 0 || path[0] !== '/') return 'path must start with "/"';
  if (path.length > MAX_PATH_LENGTH) return `path is longer than ${MAX_PATH_LENGTH} characters`;
  if (path.startsWith('//')) return 'path must not start with "//"';
  if (/[?#]/.test(path)) return 'path must not contain a query or fragment';
  if (!PATH_CHARS.test(path)) return 'path has characters a browser would percent-encode';
  let segments: string[];
  try {
    segments = path.split('/').map(decodeURIComponent);
  } catch {
    return 'path has a percent escape that is not UTF-8';
  }
  if (segments.some((s) => s === '.' || s === '..')) return 'path must not contain "." or ".." segments';
  return undefined;
}

/**
 * Parses a request body (JSON, sent as application/json or as sendBeacon's text/plain) into an
 * event, or the reason it is refused.
 */
export function parseEvent(body: string): Parsed<EventPayload> {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'body must be a JSON object' };
  const record = data as Record<string, unknown>;
  const unknown = Object.keys(record).find((k) => !FIELDS.includes(k));
  if (unknown !== undefined) return { ok: false, reason: `unknown field "${unknown.slice(0, 40)}"; allowed: ${FIELDS.join(', ')}` };

  const { site, path, kind, referrer, bucket } = record;
  if (typeof site !== 'string' || !isSiteId(site)) {
    return { ok: false, reason: 'site must be a site id of letters, digits, ".", "-" and "_" (at most 64)' };
  }
  if (typeof path !== 'string') return { ok: false, reason: 'path must be a string' };
  const problem = pathProblem(path);
  if (problem) return { ok: false, reason: problem };
  if (typeof kind !== 'string' || !(EVENT_KINDS as readonly string[]).includes(kind)) {
    return { ok: false, reason: `kind must be one of ${EVENT_KINDS.join(', ')}` };
  }
  const event: EventPayload = { site, path, kind: kind as EventKind };
  if (referrer !== undefined) {
    if (typeof referrer !== 'string') return { ok: false, reason: 'referrer must be a string' };
    if (referrer.length > MAX_REFERRER_LENGTH) return { ok: false, reason: `referrer is longer than ${MAX_REFERRER_LENGTH} characters` };
    if (referrer !== '' && referrerHost(referrer) === undefined) return { ok: false, reason: 'referrer must be empty or an http(s) URL' };
    if (kind !== 'view' && referrer !== '') return { ok: false, reason: 'referrer belongs to view events only' };
    event.referrer = referrer;
  }
  if (bucket !== undefined) {
    if (kind !== 'read') return { ok: false, reason: 'bucket belongs to read events only' };
    if (typeof bucket !== 'string' || !(TIME_BUCKETS as readonly string[]).includes(bucket)) {
      return { ok: false, reason: `bucket must be one of ${TIME_BUCKETS.join(', ')}` };
    }
    event.bucket = bucket as TimeBucket;
  }
  return { ok: true, value: event };
}

/**
 * The part of a referrer that is kept: its host name, lower case, without "www.". Full URLs can
 * carry search terms and tokens, so they are never stored.
 */
export function referrerHost(referrer: string): string | undefined {
  let url: URL;
  try {
    url = new URL(referrer);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  return host === '' ? undefined : host;
}

/** The time bucket for `seconds` of reading, as the beacon computes it. */
export function bucketFor(seconds: number): TimeBucket {
  return TIME_BUCKETS[BUCKET_LIMITS.filter((l) => seconds >= l).length]!;
}
