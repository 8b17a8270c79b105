import { describe, expect, it } from 'vitest';
import { CARD_HEIGHT, CARD_WIDTH, renderCard } from './card.js';

function size(png: Uint8Array) {
  const b = Buffer.from(png);
  return { signature: b.subarray(1, 4).toString(), width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('renderCard', () => {
  it('draws a 1200×630 PNG, also for Cyrillic, Greek and Vietnamese titles', async () => {
    for (const title of ['Cutting checkout p99 from 340 ms to 95 ms', 'Миграции без простоя', 'Αρχιτεκτονική κυττάρων', 'Tối ưu hóa truy vấn']) {
      const png = await renderCard({ title, eyebrow: 'Case study', meta: 'March 1, 2024 · 6 min read', siteName: 'Site', highlight: 'p99 −72%' });
      expect(size(png)).toEqual({ signature: 'PNG', width: CARD_WIDTH, height: CARD_HEIGHT });
    }
  });
});
