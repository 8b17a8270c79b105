import { createHash } from 'node:crypto';

/** The UTC calendar day of `ms` as YYYY-MM-DD: salts rotate and stats group by it. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The anonymous visitor id of one day: SHA-256 over the day's random salt, the client address,
 * its user agent and the site, cut to 128 bits. The salt is deleted when the day is over, so
 * yesterday's ids can no longer be recomputed from an address, and the same reader gets an
 * unrelated id every day and on every site.
 */
export function visitorHash(salt: Uint8Array, ip: string, userAgent: string, site: string): string {
  return createHash('sha256').update(salt).update('\0').update(ip).update('\0').update(userAgent).update('\0').update(site).digest('hex').slice(0, 32);
}

/** Today's salt, asked of the store once per day and per process. */
export class DailySalt {
  private day: string | undefined;
  private salt: Promise<Uint8Array> | undefined;

  constructor(private readonly load: (day: string) => Promise<Uint8Array>) {}

  get(day: string): Promise<Uint8Array> {
    if (day !== this.day || !this.salt) {
      this.day = day;
      this.salt = this.load(day);
      // A failed load is not cached: the next event asks again.
      this.salt.catch(() => {
        if (this.day === day) this.salt = undefined;
      });
    }
    return this.salt;
  }
}
