import type { SiteDate } from '../util/dates.js';
import { zoneOffset } from '../util/dates.js';
import { fitSegment } from '../util/slug.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A URL path as the old tool wrote it → a Casebook site path: no leading slash, no `//` or `./`
 * segments, percent-escapes decoded (files are written under their decoded names, as Jekyll and
 * Hugo do). Paths without a file extension become folders (`a/b` → `a/b/`) unless `extensionless`
 * names the extension the tool appended (Jekyll writes `/:year/:title` as `:title.html`).
 */
export function toSitePath(url: string, extensionless: 'folder' | '.html' = 'folder'): string {
  let p = url
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '')
    .replace(/[?#].*$/, '');
  // `..` never leaves the output folder, whatever a permalink says; `\\` separates on Windows hosts,
  // so it separates here too. Each segment must fit in a file name (255 bytes).
  const folder = /[/\\]$/.test(p);
  p =
    p
      .split(/[/\\]/)
      .map((s) => safeDecode(s))
      .filter((s) => s !== '' && s !== '.' && s !== '..' && !/[/\\]/.test(s))
      .map((s) => fitSegment(s))
      .join('/') + (folder ? '/' : '');
  if (p === '/') return '';
  if (p === '' || p.endsWith('/')) return p;
  const last = p.slice(p.lastIndexOf('/') + 1);
  if (/\.[A-Za-z0-9]{1,5}$/.test(last)) return p;
  return extensionless === 'folder' ? `${p}/` : `${p}.html`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Wall-clock fields of a date: as written (Hugo, Zola, Eleventy), or moved into the site time zone (Jekyll). */
export function dateParts(
  date: SiteDate,
  timezone?: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number; epoch: number } {
  if (!timezone) return date;
  const offset = zoneOffset(timezone, date.epoch);
  const d = new Date(date.epoch + offset * 60000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    epoch: date.epoch,
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The date placeholders Hugo and Jekyll share, plus each one's own names. */
export function datePlaceholders(d: ReturnType<typeof dateParts> | undefined): Record<string, string> {
  if (!d) return {};
  const start = Date.UTC(d.year, 0, 1);
  const today = Date.UTC(d.year, d.month - 1, d.day);
  const yday = Math.floor((today - start) / 86400000) + 1;
  const weekday = new Date(today).getUTCDay();
  // ISO week number (Jekyll's :week).
  const thursday = new Date(today + (3 - ((weekday + 6) % 7)) * 86400000);
  const week = Math.ceil(((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / 86400000 + 1) / 7);
  return {
    year: pad(d.year, 4),
    short_year: pad(d.year % 100),
    month: pad(d.month),
    i_month: String(d.month),
    day: pad(d.day),
    i_day: String(d.day),
    hour: pad(d.hour),
    minute: pad(d.minute),
    second: pad(d.second),
    y_day: pad(yday, 3),
    yearday: String(yday),
    week: pad(week),
    monthname: MONTHS[d.month - 1]!,
    long_month: MONTHS[d.month - 1]!,
    short_month: MONTHS[d.month - 1]!.slice(0, 3),
    weekday: String(weekday),
    weekdayname: DAYS[weekday]!,
    long_day: DAYS[weekday]!,
    short_day: DAYS[weekday]!.slice(0, 3),
  };
}

/**
 * Replaces `:name` placeholders (longest names first, so `:i_month` is not read as `:i` + …).
 * Unknown placeholders are left as written, as both Hugo and Jekyll do.
 */
export function expandPlaceholders(pattern: string, values: Record<string, string | undefined>): string {
  const names = Object.keys(values).sort((a, b) => b.length - a.length);
  if (!names.length) return pattern;
  const re = new RegExp(`:(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
  return pattern.replace(re, (_, name: string) => values[name] ?? '');
}

/** Hugo's `urlize` / path sanitising: lower case, spaces to dashes, URL-unsafe punctuation dropped. */
export function hugoUrlize(s: string, lower = true): string {
  const out = s
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}\p{M}._~/+-]/gu, '');
  return lower ? out.toLowerCase() : out;
}

/** Jekyll's `slugify` in "pretty" mode, case kept (what `:title` uses). */
export function jekyllPretty(s: string): string {
  return s.replace(/[^\p{L}\p{N}._~!$&'()+,;=@]+/gu, '-').replace(/^-+|-+$/g, '');
}

/** Jekyll's default `slugify` (what `:slug` uses): lower case, runs of other characters a dash. */
export function jekyllDefault(s: string): string {
  return s
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** github-slugger, which Astro uses for collection ids: lower case, spaces to dashes, punctuation dropped. */
export function githubSlug(s: string): string {
  return s
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
