import { afterEach, describe, expect, it } from 'vitest';
import { SignInThrottle } from './rate-limit-signin.js';

const open: SignInThrottle[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

function throttle(token = 'a-token-of-16-chars-or-more', clock = () => 1_000_000): SignInThrottle {
  const t = new SignInThrottle(token, { events: 3, periodMs: 60_000 }, clock);
  open.push(t);
  return t;
}

const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;

describe('SignInThrottle', () => {
  it('counts wrong tokens per address until a device cookie names the client', () => {
    const t = throttle();
    const stranger = t.client('203.0.113.9', undefined);
    expect(stranger).toEqual({ key: 'address:203.0.113.9', device: false });
    for (let i = 0; i < 3; i++) t.failed(stranger.key);
    expect(t.wait(stranger.key)).toBeGreaterThan(0);
    // The owner on the same address, with the cookie it got when it signed in before.
    const owner = t.client('203.0.113.9', `theme=dark; ${cookieOf(t.deviceCookie())}`);
    expect(owner.device).toBe(true);
    expect(t.wait(owner.key)).toBe(0);
    // Wrong tokens sent with a device cookie lock out that device only.
    for (let i = 0; i < 3; i++) t.failed(owner.key);
    expect(t.wait(owner.key)).toBeGreaterThan(0);
    expect(t.client('203.0.113.9', cookieOf(t.deviceCookie())).key).not.toBe(owner.key);
  });

  it('accepts only cookies it signed with this token', () => {
    const t = throttle();
    const cookie = cookieOf(t.deviceCookie());
    expect(t.deviceCookie()).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    const [name, value] = cookie.split('=') as [string, string];
    const forged = `${name}=${value.slice(0, 23)}${value[23] === 'A' ? 'B' : 'A'}${value.slice(24)}`;
    expect(t.client('198.51.100.1', forged).device).toBe(false);
    expect(t.client('198.51.100.1', `${name}=${'A'.repeat(22)}.${'A'.repeat(43)}`).device).toBe(false);
    // A new token retires every device.
    expect(throttle('another-token-of-16-chars').client('198.51.100.1', cookie).device).toBe(false);
    expect(throttle().client('198.51.100.1', cookie).device).toBe(true);
  });
});
