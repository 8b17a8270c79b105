import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CardPool } from './pool.js';

const card = (i: number) => ({ title: `Card number ${i}`, eyebrow: 'Article', meta: 'March 1, 2024 · 2 min read', siteName: 'Site', highlight: undefined });
const isPng = (png: Uint8Array) => Buffer.from(png).subarray(1, 4).toString() === 'PNG';

describe('CardPool', () => {
  it('draws a few cards on one worker, and starts the others only when cards queue up', async () => {
    const few = new CardPool(2);
    try {
      const pngs = await Promise.all([1, 2, 3].map((i) => few.render(card(i))));
      expect(pngs.every(isPng)).toBe(true);
      expect(few.started).toBe(1);
    } finally {
      await few.close();
    }
    const many = new CardPool(2);
    try {
      const pngs = await Promise.all(Array.from({ length: 12 }, (_, i) => many.render(card(i))));
      expect(pngs.every(isPng)).toBe(true);
      expect(many.started).toBe(2);
    } finally {
      await many.close();
    }
  });

  it.runIf(process.platform === 'linux')('draws on threads that yield to the rest of the build (nice 10), leaving this one as it was', async () => {
    /** The nice value of each of this process's threads (field 19 of /proc/self/task/<tid>/stat). */
    const nices = () => readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
    const before = nices().filter((n) => n === 10).length;
    const pool = new CardPool(1);
    try {
      await pool.render(card(1));
      expect(nices().filter((n) => n === 10).length).toBe(before + 1);
      expect(getPriority()).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
