import { describe, expect, it } from 'vitest';
import { dateFromPath, parseLenientDate } from './lenient-dates.js';

const read = (s: string, tz = 'UTC') => {
  const r = parseLenientDate(s, tz);
  return r.ok ? r.date : r.reason;
};

describe('dates as the old tools accepted them', () => {
  it('reads ISO forms, offsets without a colon, and space-separated times in the site zone', () => {
    expect(read('2024-03-01T10:00:00Z')).toMatchObject({ hour: 10, offset: 0 });
    expect(read('2024-03-01T10:00:00+0530')).toMatchObject({ hour: 10, offset: 330 });
    expect(read('2024-03-01 10:00:00 -0500')).toMatchObject({ hour: 10, offset: -300 });
    expect(read('2024-03-01 10:00:00', 'Europe/Berlin')).toMatchObject({ hour: 10, offset: 60, day: 1 });
    expect(read('2024-03-01')).toMatchObject({ dateOnly: true, day: 1 });
  });

  it('reads the loose forms Jekyll and Hugo took', () => {
    expect(read('2024-3-5')).toMatchObject({ month: 3, day: 5 });
    expect(read('2024/03/05 7:05')).toMatchObject({ month: 3, day: 5, hour: 7, minute: 5 });
    expect(read('2024-03-05 10:00:00 UTC')).toMatchObject({ offset: 0, hour: 10 });
    expect(read('March 5, 2024')).toMatchObject({ year: 2024, month: 3, day: 5 });
    expect(read('5 Mar 2024')).toMatchObject({ month: 3, day: 5 });
    expect(read('Tue, 05 Mar 2024 10:00:00 +0000')).toMatchObject({ day: 5, hour: 10, offset: 0 });
    expect(read('sometime in May')).toMatch(/not a date/);
    expect(read('2024-02-30')).toMatch(/has day 30/);
  });

  it('finds dates in URLs', () => {
    expect(dateFromPath('/2019/05/07/slug/')).toBe('2019-05-07');
    expect(dateFromPath('blog/2019-05-07-slug')).toBe('2019-05-07');
    expect(dateFromPath('/about/')).toBeUndefined();
  });
});
