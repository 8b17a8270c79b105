import { describe, expect, it } from 'vitest';
import { foldedName } from './page-table-check.js';

describe('foldedName', () => {
  it('is one name for what a host ignoring case and normalisation serves as one file', () => {
    const same = [
      ['Photo.PNG', 'photo.png'],
      ['cafe\u0301.pdf', 'caf\u00e9.pdf'],
      ['ς.pdf', 'Σ.pdf'],
      ['ſ.pdf', 's.pdf'],
      ['µ.pdf', 'μ.pdf'],
      ['ı.pdf', 'I.pdf'],
      ['\u212a.pdf', 'k.pdf'],
      ['ϐ.pdf', 'β.pdf'],
      ['ϑ.pdf', 'θ.pdf'],
      ['ϕ.pdf', 'Φ.pdf'],
      ['ẛ.pdf', 'ṡ.pdf'],
    ];
    for (const [a, b] of same) expect(foldedName(a!), `${a} ${b}`).toBe(foldedName(b!));
  });

  it('keeps apart what such a host keeps apart', () => {
    for (const [a, b] of [
      ['ß.pdf', 'ss.pdf'],
      ['a.pdf', 'b.pdf'],
      ['photo.png', 'photo.jpg'],
    ])
      expect(foldedName(a!)).not.toBe(foldedName(b!));
  });
});
