import { describe, expect, it } from 'vitest';
import { displayDate, parseDate, plainDate, rfc3339, rfc822, ymd } from './dates.js';

function ok(input: unknown, tz = 'UTC') {
  const r = parseDate(input, tz);
  if (!r.ok) throw new Error(r.reason);
  return r.date;
}

describe('parseDate', () => {
  it('keeps the written calendar date of a date-only value in any site zone', () => {
    for (const tz of ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Los_Angeles']) {
      const d = ok('2024-03-01', tz);
      expect(ymd(d)).toBe('2024-03-01');
      expect(displayDate(d)).toBe('March 1, 2024');
    }
  });

  it('applies the site zone to dates without an offset', () => {
    const d = ok('2024-03-01T09:30:00', 'Europe/Amsterdam');
    expect(d.offset).toBe(60);
    expect(new Date(d.epoch).toISOString()).toBe('2024-03-01T08:30:00.000Z');
    expect(rfc3339(d)).toBe('2024-03-01T09:30:00+01:00');
    const summer = ok('2024-07-01 09:30:00', 'Europe/Amsterdam');
    expect(summer.offset).toBe(120);
  });

  it('shows the own calendar date of a date with an offset', () => {
    const d = ok('2024-03-01T23:30:00-08:00', 'Asia/Tokyo');
    expect(ymd(d)).toBe('2024-03-01');
    expect(new Date(d.epoch).toISOString()).toBe('2024-03-02T07:30:00.000Z');
  });

  it('reads Z, ±hh:mm and ±hhmm offsets', () => {
    expect(ok('2024-03-01T10:00:00Z').offset).toBe(0);
    expect(ok('2024-03-01T10:00:00+05:30').offset).toBe(330);
    expect(ok('2024-03-01T10:00:00-0430').offset).toBe(-270);
  });

  it('rejects impossible dates with a reason', () => {
    const feb = parseDate('2023-02-30', 'UTC');
    expect(feb.ok).toBe(false);
    expect(!feb.ok && feb.reason).toMatch(/day 30, but that month has 28 days/);
    expect(parseDate('2024-13-01', 'UTC').ok).toBe(false);
    expect(parseDate('2024-01-01T25:00:00', 'UTC').ok).toBe(false);
    expect(parseDate('yesterday', 'UTC').ok).toBe(false);
    expect(parseDate(20240301, 'UTC').ok).toBe(false);
    expect(ymd(ok('2024-02-29'))).toBe('2024-02-29');
  });

  it('formats RFC 822 for RSS with the weekday of the written date', () => {
    expect(rfc822(ok('2024-03-01T09:30:00+01:00'))).toBe('Fri, 01 Mar 2024 09:30:00 +0100');
  });
});

describe('plainDate: the calendar date in the site zone', () => {
  const NY = 'America/New_York';
  it('keeps a written wall-clock time in the site zone on its written day, just after midnight', () => {
    expect(plainDate(ok('2024-03-01T00:30', NY), NY)).toEqual({ year: 2024, month: 3, day: 1 });
  });
  it('moves a time with an offset into the site zone (03:00 UTC is the evening before in New York)', () => {
    expect(plainDate(ok('2024-03-01T03:00:00Z', NY), NY)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(plainDate(ok('2024-02-29T23:30:00-05:00', 'Asia/Tokyo'), 'Asia/Tokyo')).toEqual({ year: 2024, month: 3, day: 1 });
  });
  it('keeps a date-only post on its written date in any zone', () => {
    expect(plainDate(ok('2024-03-01', 'Pacific/Kiritimati'), 'Pacific/Honolulu')).toEqual({ year: 2024, month: 3, day: 1 });
  });
});
