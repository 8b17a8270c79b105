import { describe, expect, it } from 'vitest';
import { mapSrcset, parseSrcset } from './srcset.js';

describe('parseSrcset', () => {
  it('reads candidates as HTML does: a comma inside a URL stays in it, descriptors run to the next comma', () => {
    expect(parseSrcset('a.png 1x, b.png 2x')).toEqual([
      { url: 'a.png', descriptor: '1x' },
      { url: 'b.png', descriptor: '2x' },
    ]);
    expect(parseSrcset('/a,b.png 2x, c.png')).toEqual([
      { url: '/a,b.png', descriptor: '2x' },
      { url: 'c.png', descriptor: '' },
    ]);
    expect(parseSrcset('a.png, b.png,c.png 3x')).toEqual([
      { url: 'a.png', descriptor: '' },
      { url: 'b.png,c.png', descriptor: '3x' },
    ]);
    expect(parseSrcset('  x.webp 480w , y.webp 736w  ')).toEqual([
      { url: 'x.webp', descriptor: '480w' },
      { url: 'y.webp', descriptor: '736w' },
    ]);
    expect(parseSrcset('')).toEqual([]);
    // A no-break space is part of a URL; parentheses do not nest.
    expect(parseSrcset('g\u00a0h.png 1x')).toEqual([{ url: 'g\u00a0h.png', descriptor: '1x' }]);
    expect(parseSrcset('c.png (( ), f.png 2x')).toEqual([
      { url: 'c.png', descriptor: '(( )' },
      { url: 'f.png', descriptor: '2x' },
    ]);
  });

  it('writes the candidates back with each URL rewritten', () => {
    expect(mapSrcset('a.png 1x, /a,b.png 2x', (u) => `/x/${u}`)).toBe('/x/a.png 1x, /x//a,b.png 2x');
  });
});
