// bin/casebook.js on Node 20 runs the CLI as one script with V8's code cache
// (src/cli/code-cache.ts): these runs are real processes with their own cache folder.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedSite } from '../bench/generate.js';
import { codeCacheDir } from '../src/cli/code-cache.js';
import { spawnCli } from './helpers/cli.js';
import { snapshot as treeOf } from './helpers/output.js';

// Node 22.1+ has its own compile cache, which bin/casebook.js uses instead.
const nodeHasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

let work: string;
let site: string;
let reference: Map<string, string>;

const cacheIn = (xdg: string) => join(xdg, 'casebook', 'code');
const listCaches = async (xdg: string) => (await readdir(cacheIn(xdg)).catch(() => [] as string[])).sort();
const build = (xdg: string, out: string, env: Record<string, string> = {}) =>
  spawnCli(['build', site, '--out', join(work, out), '--no-cache', '--skip', 'og,search'], { XDG_CACHE_HOME: xdg, ...env });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'casebook-code-cache-'));
  site = join(work, 'site');
  await writeGeneratedSite(site, 4);
  const first = await build(join(work, 'xdg-reference'), 'reference', { NODE_DISABLE_COMPILE_CACHE: '1' });
  expect(first.code, first.stderr).toBe(0);
  reference = await treeOf(join(work, 'reference'));
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('codeCacheDir', () => {
  it('uses an absolute XDG_CACHE_HOME and ignores a relative one', () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/casebook/code');
    expect(codeCacheDir({ XDG_CACHE_HOME: 'relative' })).toMatch(/\/\.cache\/casebook\/code$/);
  });
});

describe.skipIf(nodeHasCompileCache)('the code cache on Node 20', () => {
  it('is written after a build, private to the user, and taken as it is by the next build', async () => {
    const xdg = join(work, 'xdg-plain');
    expect((await build(xdg, 'a')).code).toBe(0);
    const files = await listCaches(xdg);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^main-[0-9a-f]{32}-${process.version.replace(/\./g, '\\.')}-${process.arch}-build\\.v8$`));
    const file = join(cacheIn(xdg), files[0]!);
    const before = await stat(file);
    expect(before.size).toBeGreaterThan(100_000);
    expect(before.mode & 0o777).toBe(0o600);
    expect((await stat(cacheIn(xdg))).mode & 0o777).toBe(0o700);
    const again = await build(xdg, 'b');
    expect(again.code, again.stderr).toBe(0);
    // V8 accepted it, so it was not written again.
    const after = await stat(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(await treeOf(join(work, 'b'))).toEqual(reference);
  }, 60_000);

  it('survives a corrupt cache file: the build is the same and the file is written anew', async () => {
    const xdg = join(work, 'xdg-corrupt');
    expect((await build(xdg, 'c1')).code).toBe(0);
    const [name] = await listCaches(xdg);
    const file = join(cacheIn(xdg), name!);
    const good = await readFile(file);
    // Same length, wrong bytes past V8's header: and a file cut short.
    for (const bad of [Buffer.concat([good.subarray(0, 64), Buffer.alloc(good.length - 64, 0x5a)]), good.subarray(0, 100)]) {
      await writeFile(file, bad);
      const r = await build(xdg, 'c2');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(await treeOf(join(work, 'c2'))).toEqual(reference);
      expect((await readFile(file)).equals(bad)).toBe(false);
    }
  }, 60_000);

  it('never uses or writes a cache folder others may write, a file in its place, or one turned off', async () => {
    const shared = join(work, 'xdg-shared');
    await mkdir(cacheIn(shared), { recursive: true });
    await chmod(cacheIn(shared), 0o777);
    expect((await build(shared, 'd1')).code).toBe(0);
    expect(await listCaches(shared)).toEqual([]);

    const blocked = join(work, 'xdg-file');
    await mkdir(join(blocked, 'casebook'), { recursive: true });
    await writeFile(join(blocked, 'casebook', 'code'), 'not a folder');
    const r = await build(blocked, 'd2');
    expect(r.code, r.stderr).toBe(0);
    expect(await treeOf(join(work, 'd2'))).toEqual(reference);
    expect(await readFile(join(blocked, 'casebook', 'code'), 'utf8')).toBe('not a folder');

    const off = join(work, 'xdg-off');
    expect((await build(off, 'd3', { NODE_DISABLE_COMPILE_CACHE: '1' })).code).toBe(0);
    expect(await listCaches(off)).toEqual([]);
  }, 60_000);

  it('caches nothing for a failed build, help apart from the command, and one file per command, dropping other bundles', async () => {
    const xdg = join(work, 'xdg-commands');
    const failed = await spawnCli(['build', join(work, 'no-such-site'), '--out', join(work, 'e1')], { XDG_CACHE_HOME: xdg });
    expect(failed.code).toBe(1);
    expect(await listCaches(xdg)).toEqual([]);
    expect((await spawnCli(['build', '--help'], { XDG_CACHE_HOME: xdg })).code).toBe(0);
    expect((await listCaches(xdg)).map((f) => f.replace(/^main-[0-9a-f]+-[^-]+-[^-]+-/, ''))).toEqual(['help.v8']);
    // A cache left by an older bundle for the same command, and one for another command.
    await mkdir(cacheIn(xdg), { recursive: true, mode: 0o700 });
    const old = `main-${'0'.repeat(32)}-${process.version}-${process.arch}-build.v8`;
    const other = `main-${'0'.repeat(32)}-${process.version}-${process.arch}-check.v8`;
    await writeFile(join(cacheIn(xdg), old), 'old');
    await writeFile(join(cacheIn(xdg), other), 'other');
    expect((await build(xdg, 'e2')).code).toBe(0);
    const files = await listCaches(xdg);
    expect(files).not.toContain(old);
    expect(files).toContain(other);
    expect(files.filter((f) => f.endsWith('-build.v8'))).toHaveLength(1);
  }, 60_000);
});
