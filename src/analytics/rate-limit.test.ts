import { afterEach, describe, expect, it } from 'vitest';
import { describeRateLimit, parseRateLimit, RateLimiter } from './rate-limit.js';

const limiters: RateLimiter[] = [];
afterEach(() => {
  while (limiters.length) limiters.pop()!.close();
});

describe('parseRateLimit', () => {
  it('reads events per period, and off', () => {
    expect(parseRateLimit('120/min')).toEqual({ events: 120, periodMs: 60_000 });
    expect(parseRateLimit('10/s')).toEqual({ events: 10, periodMs: 1000 });
    expect(parseRateLimit('1000/h')).toEqual({ events: 1000, periodMs: 3_600_000 });
    expect(parseRateLimit('off')).toBeUndefined();
    for (const bad of ['120', '0/min', '-1/s', '5/day', 'lots']) expect(parseRateLimit(bad)).toBeInstanceOf(Error);
    expect(describeRateLimit({ events: 120, periodMs: 60_000 })).toBe('120/min');
    expect(describeRateLimit(undefined)).toBe('off');
  });
});

describe('RateLimiter', () => {
  it('allows a burst of the limit, then one event per refill interval, per client', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ events: 3, periodMs: 60_000 }, () => now);
    limiters.push(limiter);
    expect([1, 2, 3, 4].map(() => limiter.take('203.0.113.1'))).toEqual([0, 0, 0, 20]);
    // Another client has its own bucket.
    expect(limiter.take('203.0.113.2')).toBe(0);
    // wait() looks without taking.
    expect(limiter.wait('203.0.113.1')).toBe(20);
    now += 20_000;
    expect(limiter.wait('203.0.113.1')).toBe(0);
    expect(limiter.take('203.0.113.1')).toBe(0);
    expect(limiter.take('203.0.113.1')).toBe(20);
    expect(limiter.clients).toBe(2);
  });
});
