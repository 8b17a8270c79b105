import { parseDate, type DateResult } from '../util/dates.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: string | number) => String(n).padStart(2, '0');

/**
 * Dates as the old tools accepted them, beyond Casebook's own formats: `2019-1-5`, `2019/01/05`,
 * a `UTC`/`GMT` suffix, `March 5, 2019`, `5 Mar 2019`, RFC 2822 (`Tue, 05 Mar 2019 10:00:00 +0000`).
 * Each is rewritten to ISO form and read by the strict parser, so time zones work the same way.
 */
export function parseLenientDate(input: unknown, timeZone: string): DateResult {
  const first = parseDate(input, timeZone);
  if (first.ok || typeof input !== 'string') return first;
  const iso = toIso(input.trim());
  return iso ? parseDate(iso, timeZone) : first;
}

function toIso(text: string): string | undefined {
  let t = text.replace(/\s+(UTC|GMT)$/i, 'Z').replace(/^(\w{3,9}),\s*/, (m, day: string) => (/^\d/.test(day) ? m : ''));
  const numeric = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(.*)$/.exec(t);
  if (numeric) {
    const rest = numeric[4]!.trim();
    const time = /^[Tt ]?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(.*)$/.exec(rest);
    if (rest === '') return `${numeric[1]}-${pad(numeric[2]!)}-${pad(numeric[3]!)}`;
    if (!time) return undefined;
    return `${numeric[1]}-${pad(numeric[2]!)}-${pad(numeric[3]!)}T${pad(time[1]!)}:${time[2]}:${time[3] ?? '00'}${zone(time[4]!)}`;
  }
  // "March 5, 2019 10:00", "5 March 2019", "Mar 5 2019".
  t = t.replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  const named = /^(?:(\d{1,2}) ([A-Za-z]{3,9})|([A-Za-z]{3,9}) (\d{1,2})(?:st|nd|rd|th)?) (\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: (.*))?)?$/.exec(t);
  if (!named) return undefined;
  const monthName = (named[2] ?? named[3]!).toLowerCase().slice(0, 3);
  const month = MONTHS.indexOf(monthName) + 1;
  if (month === 0) return undefined;
  const day = named[1] ?? named[4]!;
  const date = `${named[5]}-${pad(month)}-${pad(day)}`;
  if (named[6] === undefined) return date;
  return `${date}T${pad(named[6])}:${named[7]}:${named[8] ?? '00'}${zone(named[9] ?? '')}`;
}

function zone(z: string): string {
  const s = z.trim();
  if (s === '') return '';
  if (/^(Z|UTC|GMT)$/i.test(s)) return 'Z';
  return /^[+-]\d{2}:?\d{2}$/.test(s) ? s : '?';
}

/** `/2019/05/07/slug/` or `2019-05-07-slug` in a URL or path front matter value. */
export function dateFromPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const m = /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})(?:\/|$)/.exec(path) ?? /(?:^|\/)(\d{4})-(\d{2})-(\d{2})[-_]/.exec(path);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}
