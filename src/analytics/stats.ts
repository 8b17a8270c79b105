import { isSiteId, TIME_BUCKETS, type Parsed } from './event.js';
import type { RawStats, StatsQuery } from './store.js';
import { utcDay } from './visitor.js';

export interface PageStats {
  path: string;
  views: number;
  /** Daily unique visitors, added up over the days of the range. */
  visitors: number;
  reads: number;
  /** reads / views, from 0 to 1 (rounded to 4 places); 0 without views. */
  readThrough: number;
}

export interface Stats {
  site: string | null;
  from: string;
  to: string;
  totals: { views: number; visitors: number; reads: number; readThrough: number };
  pages: PageStats[];
  referrers: { referrer: string; views: number; visitors: number }[];
  /** Every day of the range, including days without events. */
  days: { day: string; views: number; visitors: number; reads: number }[];
  /** Reads by time from the view to the end of the body, in bucket order. */
  readTimes: { bucket: string; reads: number }[];
  sites: string[];
}

export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 3660;
const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(s: string): boolean {
  return ISO_DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && utcDay(Date.parse(`${s}T00:00:00Z`)) === s;
}

/** `from`, `to` and `site` from a query string; the range defaults to the last 30 days. */
export function parseStatsQuery(params: URLSearchParams, now: number): Parsed<StatsQuery> {
  const known = ['from', 'to', 'site'];
  for (const key of params.keys()) if (!known.includes(key)) return { ok: false, reason: `unknown parameter "${key.slice(0, 40)}"; allowed: from, to, site` };
  const to = params.get('to') || utcDay(now);
  if (!validDay(to)) return { ok: false, reason: 'to must be a date as YYYY-MM-DD' };
  const from = params.get('from') || utcDay(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  if (!validDay(from)) return { ok: false, reason: 'from must be a date as YYYY-MM-DD' };
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (span < 1) return { ok: false, reason: 'from must not be after to' };
  if (span > MAX_RANGE_DAYS) return { ok: false, reason: `the range may span at most ${MAX_RANGE_DAYS} days` };
  const site = params.get('site') || undefined;
  if (site !== undefined && !isSiteId(site)) return { ok: false, reason: 'site must be a site id' };
  return { ok: true, value: { from, to, site } };
}

const ratio = (reads: number, views: number) => (views > 0 ? Math.round((reads / views) * 10_000) / 10_000 : 0);

export function shapeStats(q: StatsQuery, raw: RawStats, sites: string[]): Stats {
  const byDay = new Map(raw.days.map((d) => [d.day, d]));
  const days: Stats['days'] = [];
  for (let t = Date.parse(`${q.from}T00:00:00Z`); t <= Date.parse(`${q.to}T00:00:00Z`); t += DAY_MS) {
    const day = utcDay(t);
    const d = byDay.get(day);
    days.push({ day, views: d?.views ?? 0, visitors: d?.visitors ?? 0, reads: d?.reads ?? 0 });
  }
  const byBucket = new Map(raw.buckets.map((b) => [b.bucket, b.reads]));
  return {
    site: q.site ?? null,
    from: q.from,
    to: q.to,
    totals: { ...raw.totals, readThrough: ratio(raw.totals.reads, raw.totals.views) },
    pages: raw.pages.map((p) => ({ path: p.path, views: p.views, visitors: p.visitors, reads: p.reads, readThrough: ratio(p.reads, p.views) })),
    referrers: raw.referrers,
    days,
    readTimes: TIME_BUCKETS.map((bucket) => ({ bucket, reads: byBucket.get(bucket) ?? 0 })),
    sites,
  };
}
