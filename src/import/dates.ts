import { zoneOffset } from '../util/dates.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function offsetSuffix(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `YYYY-MM-DDThh:mm:ss` of a wall-clock time held as if it were UTC. */
function wallText(wall: number): string {
  const d = new Date(wall);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * An instant written as the wall-clock time in `zone` (an IANA name or a fixed offset in
 * minutes) with that offset, e.g. `2019-05-03T12:11:12+02:00`: the date readers saw on the old
 * site stays the date Casebook shows.
 */
export function writeInstant(epoch: number, zone: string | number = 0): string {
  const offset = typeof zone === 'number' ? zone : zoneOffset(zone, epoch);
  return wallText(epoch + offset * 60000) + offsetSuffix(offset);
}

/** A wall-clock time with an offset chosen by the caller, or none (then the site time zone applies). */
export function writeWallClock(wall: number, offset: number | undefined): string {
  return wallText(wall) + (offset === undefined ? '' : offsetSuffix(offset));
}

/** `2019-05-03 12:11:12` (MySQL style, as WordPress writes) as wall-clock milliseconds; undefined for the zero date. */
export function parseSqlDateTime(text: string | undefined): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text?.trim() ?? '');
  if (!m || m[1] === '0000') return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(wall) ? undefined : wall;
}

/** An ISO timestamp, epoch milliseconds or a Date-parsable string as epoch milliseconds. */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? undefined : t;
}

/** True when `later` falls on a later calendar day than `earlier` (both as written). */
export function laterDay(earlier: string | undefined, later: string | undefined): boolean {
  return !!earlier && !!later && later.slice(0, 10) > earlier.slice(0, 10);
}
