import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { RateLimiter, type RateLimit } from './rate-limit.js';

const COOKIE = 'casebook_device';
/** Long enough to outlive any lockout; the cookie grants nothing by itself, so it may. */
const COOKIE_DAYS = 400;

/**
 * The lockout for wrong tokens, built so that a neighbour cannot turn it against the owner.
 *
 * Wrong tokens are counted per client, and a client over the limit gets no answer about its
 * token until it has waited, so guessing stays at the limit's pace. A per-address count alone
 * would let anyone behind the owner's address (an office, a NAT, a shared VPN) lock the owner
 * out with a few wrong tokens, and checking the token of a locked-out request would hand a
 * guesser an unthrottled oracle. So a client that has presented the right token gets a device
 * cookie (OWASP's "device cookie" defence against lockout attacks), and from then on it is
 * counted as that device rather than as its address: an attacker who shares the address fills
 * the address's count, never the device's. The cookie is signed with a key derived from the
 * token (a new token retires every device) and is no credential: every request still needs
 * the token.
 */
export class SignInThrottle {
  private readonly failures: RateLimiter;
  private readonly key: Buffer;

  constructor(token: string, limit: RateLimit, clock: () => number = Date.now) {
    this.failures = new RateLimiter(limit, clock);
    this.key = createHmac('sha256', token).update('casebook analytics device cookie v1').digest();
  }

  /** Who a request is counted as: its signed-in device, else its address. */
  client(address: string, cookies: string | undefined): { key: string; device: boolean } {
    const id = this.deviceId(cookies);
    return id ? { key: `device:${id}`, device: true } : { key: `address:${address}`, device: false };
  }

  /** Seconds `client` must wait before its token is looked at again (0: it may try now). */
  wait(client: string): number {
    return this.failures.wait(client);
  }

  /** Counts a wrong token against `client`. */
  failed(client: string): void {
    this.failures.take(client);
  }

  /** A Set-Cookie value naming a new device, for a request that presented the right token. */
  deviceCookie(): string {
    const id = randomBytes(16).toString('base64url');
    return `${COOKIE}=${id}.${this.sign(id)}; Path=/; Max-Age=${COOKIE_DAYS * 86_400}; HttpOnly; SameSite=Strict`;
  }

  close(): void {
    this.failures.close();
  }

  private sign(id: string): string {
    return createHmac('sha256', this.key).update(id).digest('base64url');
  }

  private deviceId(cookies: string | undefined): string | undefined {
    for (const part of (cookies ?? '').split(';')) {
      const m = /^\s*casebook_device=([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})\s*$/.exec(part);
      if (m && timingSafeEqual(Buffer.from(m[2]!), Buffer.from(this.sign(m[1]!)))) return m[1];
    }
    return undefined;
  }
}
