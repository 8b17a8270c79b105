import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinPlain } from './join-plain.js';

describe('joinPlain', () => {
  it('returns what path.join returns, for plain and unusual paths alike', () => {
    const dirs = ['/', '/out', '/srv/site/dist', 'out', 'a/b', '/out/', '/a/../b', '/a/./b', '//x', '', '.', '..', '/a//b', 'a\\b'];
    const rels = [
      'index.html',
      'writing/x/index.html',
      'a',
      '',
      '.',
      '..',
      './a',
      'a/./b',
      'a/../b',
      '../x',
      '/abs',
      'a/',
      'a//b',
      '.hidden',
      '..dots',
      'a/..b/c',
      'a/b..',
      'a\\b',
      'a/.../b',
      'ünïcode/ñ.html',
    ];
    for (const d of dirs) for (const r of rels) expect(joinPlain(d, r), `${JSON.stringify(d)} + ${JSON.stringify(r)}`).toBe(join(d, r));
  });

  it('agrees with path.join on random paths built from separators, dots and names', () => {
    const pieces = ['/', '.', '..', 'a', 'bc', '', '.x', '//'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed;
    };
    const random = () => Array.from({ length: next() % 6 }, () => pieces[next() % pieces.length]).join('');
    for (let i = 0; i < 5000; i++) {
      const d = random();
      const r = random();
      expect(joinPlain(d, r), `${JSON.stringify(d)} + ${JSON.stringify(r)}`).toBe(join(d, r));
    }
  });
});
