import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPatch, listOutput, patchable, removeStale } from './output-patch.js';

let root: string;
let out: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'casebook-patch-unit-'));
  out = join(root, 'out');
  mkdirSync(join(out, 'writing/a'), { recursive: true });
  writeFileSync(join(out, 'writing/a/index.html'), 'old a');
  writeFileSync(join(out, 'index.html'), 'old home');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('applyPatch', () => {
  it('leaves no temporary name when a file is linked again from the file it already links to', () => {
    const variant = join(root, 'variant.webp');
    writeFileSync(variant, 'pixels');
    mkdirSync(join(out, 'img'));
    linkSync(variant, join(out, 'img/x.webp'));
    applyPatch(out, new Map([['img/x.webp', { linkFrom: variant }]]));
    expect(readdirSync(join(out, 'img'))).toEqual(['x.webp']);
    expect(readFileSync(join(out, 'img/x.webp'), 'utf8')).toBe('pixels');
  });

  it('replaces files and makes new folders', () => {
    applyPatch(
      out,
      new Map([
        ['writing/a/index.html', { data: 'new a' }],
        ['writing/b/index.html', { data: 'new b' }],
      ]),
    );
    expect(readFileSync(join(out, 'writing/a/index.html'), 'utf8')).toBe('new a');
    expect(readFileSync(join(out, 'writing/b/index.html'), 'utf8')).toBe('new b');
    expect(readdirSync(join(out, 'writing/a'))).toEqual(['index.html']);
  });

  it('renames nothing when a write fails, and leaves no temporary file or new folder behind', () => {
    const files = new Map([
      ['index.html', { data: 'new home' }],
      ['writing/c/deep/index.html', { data: 'new c' }],
      ['writing/a/index.html', { copyFrom: join(root, 'missing.txt') }],
    ] as const);
    expect(() => applyPatch(out, files)).toThrow(/ENOENT/);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('old home');
    expect(readFileSync(join(out, 'writing/a/index.html'), 'utf8')).toBe('old a');
    expect(existsSync(join(out, 'writing/c'))).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'writing']);
    expect(readdirSync(join(out, 'writing/a'))).toEqual(['index.html']);
  });
});

describe('patchable and removeStale', () => {
  it('refuses a link or a file where a folder must be, a folder where a file goes, and anything into .git', () => {
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(out, 'linked'));
    const listing = listOutput(out);
    expect(patchable(listing, new Set(['writing/a/index.html', 'writing/b/index.html']))).toBe(true);
    expect(patchable(listing, new Set(['linked/index.html']))).toBe(false);
    expect(patchable(listing, new Set(['index.html/x']))).toBe(false);
    expect(patchable(listing, new Set(['writing/a']))).toBe(false);
    expect(patchable(listing, new Set(['.git/HEAD']))).toBe(false);
  });

  it('removes what is not produced, a link itself but never what it points at, and empty folders; keeps deploy entries and the marker', () => {
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'keep.txt'), 'mine');
    symlinkSync(elsewhere, join(out, 'linked'));
    mkdirSync(join(out, 'writing/gone'));
    writeFileSync(join(out, 'writing/gone/index.html'), 'deleted post');
    writeFileSync(join(out, 'CNAME'), 'example.com');
    writeFileSync(join(out, '.casebook-output'), 'marker');
    const removed = removeStale(out, listOutput(out), new Set(['index.html', 'writing/a/index.html']));
    expect(removed.sort()).toEqual(['linked', 'writing/gone', 'writing/gone/index.html']);
    expect(readdirSync(elsewhere)).toEqual(['keep.txt']);
    expect(readdirSync(out).sort()).toEqual(['.casebook-output', 'CNAME', 'index.html', 'writing']);
  });

  it('removes an old name that differs by case from a new one, also when both are links to one file of the image cache', () => {
    // On a disk that respects case both names are listed: the old one goes. (On a disk that
    // ignores case they are one entry, listed once, and it stays: not testable on this disk.)
    writeFileSync(join(out, 'writing/a/pic-64.png'), 'the image, from the cache');
    linkSync(join(out, 'writing/a/pic-64.png'), join(out, 'writing/a/Pic-64.png'));
    writeFileSync(join(out, 'writing/a/Chart.png'), 'an old, different file');
    const removed = removeStale(out, listOutput(out), new Set(['index.html', 'writing/a/index.html', 'writing/a/pic-64.png', 'writing/a/chart.png']));
    expect(removed.sort()).toEqual(['writing/a/Chart.png', 'writing/a/Pic-64.png']);
    expect(readFileSync(join(out, 'writing/a/pic-64.png'), 'utf8')).toBe('the image, from the cache');
  });
});
