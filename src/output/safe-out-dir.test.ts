import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { realPathOf } from './real-path.js';
import { assertReplaceable } from './replaceable.js';
import { assertSafeCacheDir, assertSafeOutDir } from './safe-out-dir.js';

let base: string;
let root: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'casebook-guard-'));
  root = join(base, 'site');
  for (const d of ['content', 'static', 'theme']) mkdirSync(join(root, d), { recursive: true });
});
afterEach(async () => rm(base, { recursive: true, force: true }));

const site = () => ({ root, cacheDir: join(root, '.casebook/cache') });

describe('realPathOf', () => {
  it('resolves links in the existing part and keeps the missing rest', () => {
    symlinkSync(root, join(base, 'link'));
    expect(realPathOf(join(base, 'link/content/new/deeper'))).toBe(join(realPathOf(root), 'content/new/deeper'));
  });
});

describe('assertSafeOutDir', () => {
  it('accepts a folder inside the site or beside it, and returns its real path', () => {
    expect(assertSafeOutDir(join(root, 'dist'), site())).toBe(join(realPathOf(root), 'dist'));
    expect(() => assertSafeOutDir(join(base, 'public'), site())).not.toThrow();
  });

  it('refuses the site, its folders, the cache, parents of them, root and home, also through links', () => {
    symlinkSync(root, join(base, 'link'));
    for (const out of [
      root,
      join(root, 'content'),
      join(root, 'static/x'),
      join(root, 'theme'),
      join(root, '.casebook'),
      join(root, '.casebook/cache/og'),
      base,
      '/',
      homedir(),
      join(base, 'link'),
      join(base, 'link/content'),
    ]) {
      expect(() => assertSafeOutDir(out, site()), out).toThrow(expect.objectContaining({ code: 'CB4001' }));
    }
  });
});

describe('assertSafeCacheDir', () => {
  it('refuses a cache in or around the site folders or an output, and accepts one of its own', () => {
    for (const cacheDir of [root, join(root, 'content'), join(root, 'static/c'), join(root, 'dist'), join(root, 'dist/c'), base]) {
      expect(() => assertSafeCacheDir({ root, cacheDir }, [join(root, 'dist')]), cacheDir).toThrow(expect.objectContaining({ code: 'CB4011' }));
    }
    expect(() => assertSafeCacheDir({ root, cacheDir: join(root, 'cache') }, [join(root, 'dist')])).not.toThrow();
    expect(() => assertSafeCacheDir({ root, cacheDir: join(base, 'ci-cache') }, [join(root, 'dist')])).not.toThrow();
  });
});

describe('assertReplaceable', () => {
  it('lets a missing, empty, marked or deploy-only folder be replaced, and nothing else without --replace-out', () => {
    const out = join(base, 'out');
    expect(() => assertReplaceable(out)).not.toThrow();
    mkdirSync(out);
    writeFileSync(join(out, 'CNAME'), 'x');
    mkdirSync(join(out, '.git'));
    expect(() => assertReplaceable(out)).not.toThrow();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(() => assertReplaceable(out)).toThrow(expect.objectContaining({ code: 'CB4010' }));
    expect(() => assertReplaceable(out, { replace: true })).not.toThrow();
    writeFileSync(join(out, '.casebook-output'), '');
    expect(() => assertReplaceable(out)).not.toThrow();
  });

  it('never replaces a file or a dangling link', () => {
    writeFileSync(join(base, 'file'), 'x');
    symlinkSync(join(base, 'nowhere'), join(base, 'dangling'));
    for (const out of [join(base, 'file'), join(base, 'dangling'), join(base, 'file/sub')]) {
      expect(() => assertReplaceable(out, { replace: true }), out).toThrow(expect.objectContaining({ code: 'CB4015' }));
    }
  });
});
