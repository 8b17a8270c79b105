import { posix, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseUserPath } from './user-path.js';

const HOSTILE = [
  '..\\..\\x',
  '../../etc/passwd',
  '/a/../../b',
  'a\\..\\..\\b',
  '/a/%2e%2e/%2e%2e/b',
  '%2e%2e%2f%2e%2e%2fx',
  '..%5c..%5cx',
  'C:\\Windows\\x',
  'c:/x',
  '/./../x',
  'a/./b/../../..',
  'x\u0000y',
];
const FINE = ['\\\\server\\share\\x', '/2019/05/old/', 'old\\post', '/a//b/./c', 'old.html', '/', '', '...', '..foo/', 'a..b'];

describe('normaliseUserPath', () => {
  it('turns \\ into / and drops empty and . segments', () => {
    expect(normaliseUserPath('old\\post')).toEqual({ ok: true, path: 'old/post' });
    expect(normaliseUserPath('/a//b/./c/')).toEqual({ ok: true, path: 'a/b/c/' });
    expect(normaliseUserPath('/')).toEqual({ ok: true, path: '' });
    expect(normaliseUserPath('...')).toEqual({ ok: true, path: '...' });
  });

  it.each(HOSTILE)('refuses %j', (p) => {
    expect(normaliseUserPath(p).ok).toBe(false);
  });

  it.each(FINE)('keeps %j inside the output folder on POSIX and on Windows', (p) => {
    const r = normaliseUserPath(p);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const [path, root] of [
      [posix, '/site/dist'],
      [win32, 'C:\\site\\dist'],
    ] as const) {
      const resolved = path.resolve(root, r.path);
      expect(resolved === root || resolved.startsWith(root + path.sep)).toBe(true);
    }
  });

  it('what it accepts of the hostile list would not leave the folder either', () => {
    // Each hostile path is refused; a mutation of it that is accepted must still stay inside.
    for (const p of HOSTILE.map((h) => h.replace(/\.\./g, 'x'))) {
      const r = normaliseUserPath(p);
      if (!r.ok) continue;
      for (const [path, root] of [
        [posix, '/site/dist'],
        [win32, 'C:\\site\\dist'],
      ] as const) {
        const resolved = path.resolve(root, r.path);
        expect(resolved === root || resolved.startsWith(root + path.sep), `${p} on ${path === win32 ? 'win32' : 'posix'}`).toBe(true);
      }
    }
  });
});
