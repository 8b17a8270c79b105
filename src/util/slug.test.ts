import { describe, expect, it } from 'vitest';
import { slugify, stripDatePrefix } from './slug.js';
import { closest } from './suggest.js';

describe('slugify', () => {
  it('folds accents, lowercases and collapses separators', () => {
    expect(slugify('  Héllo, Wörld!  Zero-downtime  ')).toBe('hello-world-zero-downtime');
    expect(slugify('C++ & Rust: a tale')).toBe('c-rust-a-tale');
    expect(slugify('Привет мир')).toBe('привет-мир');
    expect(slugify('!!!')).toBe('');
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
