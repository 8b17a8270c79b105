import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage.js';

describe('collectGarbage', () => {
  it('frees what nothing holds any more, and leaves gc unexposed afterwards', () => {
    let held: string[] | undefined = Array.from({ length: 200_000 }, (_, i) => `garbage ${i} `.repeat(8));
    const before = process.memoryUsage().heapUsed;
    expect(held.length).toBe(200_000);
    held = undefined;
    collectGarbage();
    const after = process.memoryUsage().heapUsed;
    // About 30 MB of strings went; allow for whatever else the process allocated meanwhile.
    expect(before - after).toBeGreaterThan(20 * 1024 * 1024);
    expect(runInNewContext('typeof gc')).toBe('undefined');
    collectGarbage();
  });
});
