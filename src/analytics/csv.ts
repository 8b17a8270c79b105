import type { Stats } from './stats.js';

export const CSV_TABLES = ['pages', 'referrers', 'days', 'read-times'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/**
 * One RFC 4180 field. Paths and referrers come from the public endpoint, so a value a spreadsheet
 * would run as a formula (= + - @, tab, carriage return) is prefixed with an apostrophe.
 */
function field(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function rows(header: string[], data: (string | number)[][]): string {
  return [header, ...data].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** One table of the stats as CSV (CRLF line ends, header row first). */
export function statsCsv(stats: Stats, table: CsvTable): string {
  switch (table) {
    case 'pages':
      return rows(
        ['path', 'views', 'visitors', 'reads', 'read_through'],
        stats.pages.map((p) => [p.path, p.views, p.visitors, p.reads, p.readThrough]),
      );
    case 'referrers':
      return rows(
        ['referrer', 'views', 'visitors'],
        stats.referrers.map((r) => [r.referrer, r.views, r.visitors]),
      );
    case 'days':
      return rows(
        ['day', 'views', 'visitors', 'reads'],
        stats.days.map((d) => [d.day, d.views, d.visitors, d.reads]),
      );
    case 'read-times':
      return rows(
        ['time_to_end', 'reads'],
        stats.readTimes.map((b) => [b.bucket, b.reads]),
      );
  }
}
