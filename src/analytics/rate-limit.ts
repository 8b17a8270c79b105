import { createHmac, randomBytes } from 'node:crypto';

export interface RateLimit {
  /** Events a client may send in a burst, and per `periodMs` on average. */
  events: number;
  periodMs: number;
}

const PERIODS: Record<string, number> = { s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hour: 3_600_000 };

/** `120/min`, `10/s`, `1000/h`, or `off` (undefined). Returns an Error for anything else. */
export function parseRateLimit(text: string): RateLimit | undefined | Error {
  if (text === 'off' || text === '0') return undefined;
  const m = /^(\d{1,9})\/(s|sec|m|min|h|hour)$/.exec(text.trim());
  if (!m || Number(m[1]) < 1) return new Error(`--rate-limit must look like 120/min, 10/s, 1000/h or off, got "${text}".`);
  return { events: Number(m[1]), periodMs: PERIODS[m[2]!]! };
}

export function describeRateLimit(limit: RateLimit | undefined): string {
  if (!limit) return 'off';
  const unit = Object.entries({ s: 1000, min: 60_000, h: 3_600_000 }).find(([, ms]) => ms === limit.periodMs)?.[0] ?? `${limit.periodMs} ms`;
  return `${limit.events}/${unit}`;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * A token bucket per client. Clients are keyed by an HMAC of their address with a key that lives
 * only in this process, so not even memory holds a list of readers' IP addresses.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly key = randomBytes(32);
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: () => number = Date.now,
  ) {
    // Buckets that have refilled completely carry no information: drop them so memory stays
    // proportional to the clients of the last period.
    this.sweep = setInterval(() => this.prune(), Math.max(limit.periodMs, 10_000));
    this.sweep.unref();
  }

  /** Takes one token for `client`; returns 0 when allowed, else the seconds until the next token. */
  take(client: string): number {
    return this.use(client, true);
  }

  /** The seconds `client` must wait before its next token (0: it has one), without taking it. */
  wait(client: string): number {
    return this.use(client, false);
  }

  private use(client: string, take: boolean): number {
    const id = createHmac('sha256', this.key).update(client).digest('base64url').slice(0, 22);
    const now = this.clock();
    const rate = this.limit.events / this.limit.periodMs;
    const b = this.buckets.get(id) ?? { tokens: this.limit.events, updated: now };
    b.tokens = Math.min(this.limit.events, b.tokens + (now - b.updated) * rate);
    b.updated = now;
    if (b.tokens >= 1) {
      if (!take) return 0;
      b.tokens -= 1;
      this.buckets.set(id, b);
      return 0;
    }
    this.buckets.set(id, b);
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }

  private prune(): void {
    const now = this.clock();
    const rate = this.limit.events / this.limit.periodMs;
    for (const [id, b] of this.buckets) if (b.tokens + (now - b.updated) * rate >= this.limit.events) this.buckets.delete(id);
  }

  get clients(): number {
    return this.buckets.size;
  }

  close(): void {
    clearInterval(this.sweep);
  }
}
