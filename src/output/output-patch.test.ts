import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPatch, listingFromStamps, listOutput, patchable, removeStale, type OutputStamp } from './output-patch.js';

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
});

describe('listingFromStamps', () => {
  /** The output's stamps as the build stamp records them: every file and folder, folders with size -1. */
  const stampsOf = (dir: string): OutputStamp[] => {
    const out: OutputStamp[] = [];
    const visit = (rel: string) => {
      const s = statSync(rel ? join(dir, rel) : dir);
      out.push([rel, s.isDirectory() ? -1 : s.size, s.mtimeMs, s.ino]);
      if (s.isDirectory()) for (const name of readdirSync(join(dir, rel)).sort()) visit(rel ? `${rel}/${name}` : name);
    };
    visit('');
    return out;
  };
  const sorted = (l: { folders: Set<string>; others: Set<string> } | undefined) => l && { folders: [...l.folders].sort(), others: [...l.others].sort() };
  beforeEach(() => {
    writeFileSync(join(out, 'CNAME'), 'example.com');
    writeFileSync(join(out, '.casebook-output'), 'marker');
    // Folder times a clock tick behind: a change made by the test then moves them for sure.
    const past = new Date(Date.now() - 60_000);
    for (const d of ['', 'writing', 'writing/a']) utimesSync(join(out, d), past, past);
  });

  it('gives the listing listOutput reads while every folder is as stamped', () => {
    const stamps = stampsOf(out);
    expect(sorted(listingFromStamps(out, stamps))).toEqual(sorted(listOutput(out)));
    // A file rewritten in place changes no folder: the listing holds (the page manifest checks files).
    writeFileSync(join(out, 'writing/a/index.html'), 'edited');
    expect(sorted(listingFromStamps(out, stamps))).toEqual(sorted(listOutput(out)));
  });

  it('gives up when an entry was added, removed or renamed, a folder became a link, or a stamp is missing', () => {
    const stamps = stampsOf(out);
    writeFileSync(join(out, 'writing/a/extra.html'), 'by hand');
    expect(listingFromStamps(out, stamps)).toBeUndefined();
    rmSync(join(out, 'writing/a/extra.html'));
    const again = stampsOf(out);
    renameSync(join(out, 'writing/a'), join(root, 'a-moved'));
    symlinkSync(join(root, 'a-moved'), join(out, 'writing/a'));
    expect(listingFromStamps(out, again)).toBeUndefined();
    rmSync(join(out, 'writing/a'));
    renameSync(join(root, 'a-moved'), join(out, 'writing/a'));
    const third = stampsOf(out);
    expect(
      listingFromStamps(
        out,
        third.filter((s) => s[0] !== ''),
      ),
    ).toBeUndefined();
    expect(
      listingFromStamps(
        out,
        third.filter((s) => s[0] !== 'writing'),
      ),
    ).toBeUndefined();
    expect(
      listingFromStamps(
        out,
        third.map((s) => (s[0] === 'writing' ? ([s[0], -2, 0, 0] as OutputStamp) : s)),
      ),
    ).toBeUndefined();
    expect(listingFromStamps(join(root, 'nowhere'), third)).toBeUndefined();
  });
});
