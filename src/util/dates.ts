/**
 * Dates as written by authors, kept as wall-clock fields plus the offset that applies to them.
 * The calendar date shown to readers is always the written one: a date-only post dated
 * 2024-03-01 reads "March 1, 2024" whatever the time zone of the machine that builds it.
 */
export interface SiteDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC that the wall-clock fields are in. */
  offset: number;
  /** Milliseconds since the epoch. */
  epoch: number;
  dateOnly: boolean;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  // The default, which every build checks: making a formatter to prove it took 20 ms of ICU start-up.
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return true;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at the given instant, in minutes. */
export function zoneOffset(timeZone: string, epoch: number): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epoch))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return Math.round((asUtc - Math.floor(epoch / 1000) * 1000) / 60000);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export type DateResult = { ok: true; date: SiteDate } | { ok: false; reason: string };

/**
 * Reads a date from front matter. Strings and TOML dates (which keep their written form in
 * toISOString) are accepted; a time without an offset is wall-clock time in `timeZone`.
 */
export function parseDate(input: unknown, timeZone: string): DateResult {
  let text: string;
  if (typeof input === 'string') text = input.trim();
  else if (input instanceof Date && input.constructor.name === 'TomlDate') text = input.toISOString();
  else if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return { ok: false, reason: 'it is not a valid date' };
    text = input.toISOString();
  } else return { ok: false, reason: `expected a date like 2024-03-01, got ${describe(input)}` };

  const m = DATE_RE.exec(text);
  if (!m) return { ok: false, reason: `"${text}" is not a date in a format Casebook reads` };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dateOnly = m[4] === undefined;
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12) return { ok: false, reason: `"${text}" has month ${month}; months run from 01 to 12` };
  const dim = daysInMonth(year, month);
  if (day < 1 || day > dim) return { ok: false, reason: `"${text}" has day ${day}, but that month has ${dim} days` };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: `"${text}" has an impossible time of day` };

  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  let offset: number;
  const zone = m[7];
  if (zone === undefined) {
    // Resolve the offset that applies at that wall-clock time in the site zone (twice, for DST edges).
    offset = zoneOffset(timeZone, wall);
    const settled = zoneOffset(timeZone, wall - offset * 60000);
    if (settled !== offset) offset = settled;
  } else if (zone === 'Z' || zone === 'z') {
    offset = 0;
  } else {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || 0);
    if (oh > 18 || om > 59) return { ok: false, reason: `"${text}" has an impossible UTC offset` };
    offset = sign * (oh * 60 + om);
  }
  return {
    ok: true,
    date: { year, month, day, hour, minute, second, offset, epoch: wall - offset * 60000, dateOnly },
  };
}

function describe(v: unknown): string {
  if (v === null) return 'nothing (null)';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a map' : typeof v;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function offsetText(offset: number, colon: boolean): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

export function ymd(d: SiteDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** RFC 3339 / ISO 8601 with the written offset (Atom, JSON Feed, sitemap, JSON-LD, <time>). */
export function rfc3339(d: SiteDate): string {
  const zone = d.offset === 0 ? 'Z' : offsetText(d.offset, true);
  return `${ymd(d)}T${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)}${zone}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 822 date for RSS 2.0. */
export function rfc822(d: SiteDate): string {
  const weekday = DAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()];
  return `${weekday}, ${pad(d.day)} ${MONTHS[d.month - 1]} ${pad(d.year, 4)} ${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)} ${offsetText(d.offset, false)}`;
}

const displayFormats = new Map<string, Intl.DateTimeFormat>();

/** "March 1, 2024": formatted in UTC from the written calendar fields, so it never shifts a day. */
export function displayDate(d: SiteDate, locale = 'en-US'): string {
  let f = displayFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    displayFormats.set(locale, f);
  }
  return f.format(new Date(Date.UTC(d.year, d.month - 1, d.day)));
}

export function compareDates(a: SiteDate | undefined, b: SiteDate | undefined): number {
  if (a && b) return a.epoch - b.epoch;
  if (a) return 1;
  if (b) return -1;
  return 0;
}

/** A calendar date with no time or zone: what a reader in the site's time zone sees on the calendar. */
export interface PlainDate {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

/**
 * The calendar date of `d` in the site's time zone. A date-only post keeps its written date; a
 * time with an offset is moved into the site zone, so 2024-03-01T00:30:00Z on a New York site
 * is February 29. Components get this instead of an instant, which a browser or build machine
 * in another zone would put on another day, or in another month.
 */
export function plainDate(d: SiteDate, timeZone: string): PlainDate {
  if (d.dateOnly) return { year: d.year, month: d.month, day: d.day };
  const local = new Date(d.epoch + zoneOffset(timeZone, d.epoch) * 60000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}
