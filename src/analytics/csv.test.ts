import { describe, expect, it } from 'vitest';
import { statsCsv } from './csv.js';
import { shapeStats } from './stats.js';

describe('statsCsv', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    const q = { from: '2026-03-01', to: '2026-03-02', site: undefined };
    const stats = shapeStats(
      q,
      {
        totals: { views: 3, visitors: 2, reads: 1 },
        pages: [
          { path: '/a,"b"/', views: 2, visitors: 1, reads: 1 },
          { path: '/c/', views: 1, visitors: 1, reads: 0 },
        ],
        referrers: [
          { referrer: '=HYPERLINK("x")', views: 1, visitors: 1 },
          { referrer: '-2+3', views: 1, visitors: 1 },
        ],
        days: [{ day: '2026-03-02', views: 3, visitors: 2, reads: 1 }],
        buckets: [{ bucket: '1-2m', reads: 1 }],
      },
      [],
    );
    expect(statsCsv(stats, 'pages')).toBe('path,views,visitors,reads,read_through\r\n"/a,""b""/",2,1,1,0.5\r\n/c/,1,1,0,0\r\n');
    expect(statsCsv(stats, 'referrers')).toBe(`referrer,views,visitors\r\n"'=HYPERLINK(""x"")",1,1\r\n'-2+3,1,1\r\n`);
    expect(statsCsv(stats, 'days')).toBe('day,views,visitors,reads\r\n2026-03-01,0,0,0\r\n2026-03-02,3,2,1\r\n');
    expect(statsCsv(stats, 'read-times').split('\r\n').slice(0, 5)).toEqual(['time_to_end,reads', '<10s,0', '10-30s,0', '30s-1m,0', '1-2m,1']);
  });
});
