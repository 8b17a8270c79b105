import { describe, expect, it } from 'vitest';
import { fitSegment, MAX_SEGMENT_BYTES, slugify, stripDatePrefix } from './slug.js';
import { closest } from './suggest.js';

describe('slugify', () => {
  it('folds accents, lowercases and collapses separators', () => {
    expect(slugify('  Héllo, Wörld!  Zero-downtime  ')).toBe('hello-world-zero-downtime');
    expect(slugify('C++ & Rust: a tale')).toBe('c-rust-a-tale');
    expect(slugify('Привет мир')).toBe('привет-мир');
    expect(slugify('!!!')).toBe('');
  });
  it('gives ASCII text the slug the Unicode rules give it', () => {
    // The Unicode way, as slugify takes it for text past ASCII.
    const unicode = (t: string) =>
      t
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}_]+/gu, '-')
        .replace(/^-+|-+$/g, '');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: next() % 40 }, () => String.fromCharCode(next() % 128)).join('');
      expect(slugify(text), JSON.stringify(text)).toBe(unicode(text));
    }
    for (const text of ['Hello, World!', '  --Trim me--  ', 'snake_case and CAPS 42', '\t\u0000tabs\nand nul', '']) expect(slugify(text)).toBe(unicode(text));
  });

  it('strips a YYYY-MM-DD- prefix and returns the date', () => {
    expect(stripDatePrefix('2024-03-01-my-post')).toEqual({ name: 'my-post', date: '2024-03-01' });
    expect(stripDatePrefix('my-post')).toEqual({ name: 'my-post' });
  });
});

describe('closest', () => {
  it('suggests plausible typos only', () => {
    expect(closest('tgas', ['title', 'tags', 'date'])).toBe('tags');
    expect(closest('descripton', ['description', 'date'])).toBe('description');
    expect(closest('zzzzzz', ['title', 'tags'])).toBeUndefined();
  });
});

describe('slugs that fit in a file name', () => {
  it('a 90-character CJK name (270 bytes) becomes at most 200 bytes, cut at a character, with a hash', () => {
    const slug = slugify('漢'.repeat(90));
    expect(Buffer.byteLength(slug)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(slug).toMatch(/^漢+-[0-9a-f]{8}$/);
    expect(slug.includes('\uFFFD')).toBe(false);
  });
  it('two long names with the same start get different slugs; short ones are unchanged', () => {
    expect(slugify('漢'.repeat(90))).not.toBe(slugify('漢'.repeat(89) + '字'));
    expect(fitSegment('short')).toBe('short');
    expect(fitSegment('🦀'.repeat(100), 50)).toMatch(/^(🦀)+-[0-9a-f]{8}$/);
    expect(Buffer.byteLength(fitSegment('🦀'.repeat(100), 50))).toBeLessThanOrEqual(50);
  });
});
