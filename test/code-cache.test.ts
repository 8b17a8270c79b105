// bin/casebook.js on Node 20 runs the CLI as one script with V8's code cache
// (src/cli/code-cache.ts): these runs are real processes with their own cache folder.
import { chmod, chown, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedSite } from '../bench/generate.js';
import { codeCacheDir } from '../src/cli/code-cache.js';
import { BIN, runProcess, spawnCli } from './helpers/cli.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { snapshot as treeOf } from './helpers/output.js';

// Node 22.1+ has its own compile cache, which bin/casebook.js uses instead.
const nodeHasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let work: string;
let site: string;
let reference: Map<string, string>;

const cacheIn = (xdg: string) => join(xdg, 'casebook', 'code');
const listCaches = async (xdg: string) => (await readdir(cacheIn(xdg)).catch(() => [] as string[])).filter((f) => !f.startsWith('.')).sort();
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
    // A clean build (--no-cache) has a cache of its own: a build from a kept cache runs other code.
    expect(files[0]).toMatch(/^main-[0-9a-f]{24}-build-clean\.v8$/);
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

  it('keeps one cache for clean builds and another for builds from a kept cache, the first of those apart', async () => {
    const xdg = join(work, 'xdg-kinds');
    const own = join(work, 'site-kinds');
    await cp(site, own, { recursive: true });
    await rm(join(own, '.casebook'), { recursive: true, force: true });
    const kinds = async () => (await listCaches(xdg)).filter((f) => f.endsWith('.v8')).map((f) => f.replace(/^main-[0-9a-f]{24}-/, ''));
    const run = async (...args: string[]) => {
      const r = await spawnCli(['build', own, '--out', join(work, 'out-kinds'), '--skip', 'og,search', ...args], { XDG_CACHE_HOME: xdg });
      expect(r.code, r.stderr).toBe(0);
    };
    await run('--no-cache');
    expect(await kinds()).toEqual(['build-clean.v8']);
    // No kept render cache yet: a full build.
    await run();
    expect(await kinds()).toEqual(['build-clean.v8', 'build.v8']);
    // From the cache that build kept: reading it and reusing pages is code of its own.
    await writeFile(join(own, 'content/writing/extra.md'), '---\ntitle: Extra\ndate: 2024-05-01\n---\nOne more.\n');
    await run();
    expect(await kinds()).toEqual(['build-clean.v8', 'build-incremental.v8', 'build.v8']);
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

    // A folder above the cache that others may write (not sticky): they could swap the cache folder.
    const open = join(work, 'open-parent');
    await mkdir(open, { recursive: true });
    await chmod(open, 0o777);
    expect((await build(join(open, 'xdg'), 'd4')).code).toBe(0);
    expect(await listCaches(join(open, 'xdg'))).toEqual([]);

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

  it('reads no cache file that is not a private regular file of this user', async () => {
    const xdg = join(work, 'xdg-file-checks');
    expect((await build(xdg, 'f1')).code).toBe(0);
    const [name] = await listCaches(xdg);
    const file = join(cacheIn(xdg), name!);
    const good = await readFile(file);
    // Damaged past V8's header with a CRC that matches: V8 would crash on it. Each placement below must be ignored.
    const data = Buffer.from(good.subarray(8));
    data.fill(0x5a, 64);
    const header = Buffer.alloc(8);
    header.writeUInt32BE(good.readUInt32BE(0), 0);
    header.writeUInt32BE(zlib.crc32(data), 4);
    const poisoned = Buffer.concat([header, data]);
    const elsewhere = join(work, 'poisoned.v8');
    await writeFile(elsewhere, poisoned, { mode: 0o600 });
    const placements: [string, () => Promise<void>][] = [
      [
        'others may write it',
        async () => {
          await writeFile(file, poisoned);
          await chmod(file, 0o666);
        },
      ],
      [
        'a link to it',
        async () => {
          await symlink(elsewhere, file);
        },
      ],
    ];
    if (process.getuid?.() === 0) {
      placements.push([
        'another user owns it',
        async () => {
          await writeFile(file, poisoned, { mode: 0o600 });
          await chown(file, 65534, 65534);
        },
      ]);
    }
    for (const [what, place] of placements) {
      await rm(file, { force: true });
      await place();
      const r = await build(xdg, 'f2');
      expect(r.code, `${what}: ${r.stderr}`).toBe(0);
      expect(await treeOf(join(work, 'f2'))).toEqual(reference);
    }
  }, 60_000);

  it('neither hangs nor leaves folders behind on odd cache places', () => {
    const run = (env: Record<string, string>, uidGid?: number) =>
      spawnSync(process.execPath, [BIN, '--version'], {
        env: { ...process.env, ...env },
        timeout: 20_000,
        encoding: 'utf8',
        ...(uidGid ? { uid: uidGid, gid: uidGid } : {}),
      });
    // A FIFO where the cache file goes: opening it must not wait for a writer.
    const fifoHome = join(work, 'xdg-fifo');
    expect(run({ XDG_CACHE_HOME: fifoHome }).status).toBe(0);
    const dir = cacheIn(fifoHome);
    const [name] = readdirSync(dir);
    rmSync(join(dir, name!));
    execFileSync('mkfifo', ['-m', '600', join(dir, name!)]);
    const fifo = run({ XDG_CACHE_HOME: fifoHome });
    expect(fifo.error, 'timed out').toBeUndefined();
    expect([fifo.status, fifo.stdout.trim()]).toEqual([0, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version]);
    // /proc, where Node 20's recursive mkdir never returns.
    const proc = run({ XDG_CACHE_HOME: '/proc/self' });
    expect(proc.error, 'timed out').toBeUndefined();
    expect(proc.status).toBe(0);
    // Root with another user's HOME leaves no root-owned folder in that home.
    if (process.getuid?.() === 0) {
      const home = join(work, 'their-home');
      mkdirSync(join(home, '.cache'), { recursive: true, mode: 0o700 });
      execFileSync('chown', ['-R', '65534:65534', home]);
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
      delete env.XDG_CACHE_HOME;
      expect(spawnSync(process.execPath, [BIN, '--version'], { env, timeout: 20_000 }).status).toBe(0);
      expect(readdirSync(join(home, '.cache'))).toEqual([]);
    }
    // A relative HOME names no cache folder: the cache is not written into the folder the command runs in.
    const cwd = join(work, 'relative-home');
    mkdirSync(cwd);
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: 'home' };
    delete env.XDG_CACHE_HOME;
    expect(spawnSync(process.execPath, [BIN, '--version'], { env, cwd, timeout: 20_000 }).status).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('takes no cache made for other bytes of the bundle, even of the same length and modification time, and runs without a readable script', async () => {
    // A copy of the package, its script edited in place without changing its length.
    const pkg = join(work, 'pkg');
    await mkdir(join(pkg, 'dist'), { recursive: true });
    for (const part of ['package.json', 'bin', 'theme', 'locales', 'dist/bundle']) await cp(join(ROOT, part), join(pkg, part), { recursive: true });
    await symlink(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const xdg = join(work, 'xdg-edited');
    const help = () => runProcess(process.execPath, [join(pkg, 'bin/casebook.js'), '--help'], { env: { XDG_CACHE_HOME: xdg } });
    const before = await help();
    expect(before.stdout).toContain('casebook build [site]');
    expect(await listCaches(xdg)).toHaveLength(1);
    const script = join(pkg, 'dist/bundle/main.vm.js');
    const text = await readFile(script, 'utf8');
    const was = await stat(script, { bigint: true });
    execFileSync('touch', ['-r', script, join(work, 'mtime-ref')]);
    await writeFile(script, text.replace('casebook build [site]', 'CASEBOOK BUILD [SITE]'));
    // Same length, same inode and its modification time set back to the nanosecond: only the change time tells.
    execFileSync('touch', ['-m', '-r', join(work, 'mtime-ref'), script]);
    const now = await stat(script, { bigint: true });
    expect([now.size, now.ino, now.mtimeNs]).toEqual([BigInt(Buffer.byteLength(text)), was.ino, was.mtimeNs]);
    const after = await help();
    expect(after.stdout).toContain('CASEBOOK BUILD [SITE]');
    expect(await listCaches(xdg)).toHaveLength(2);
    // A damaged script (a broken install) falls back to the ES module bundle.
    await writeFile(script, 'this is not JavaScript (');
    const broken = await help();
    expect([broken.code, broken.stderr]).toEqual([0, '']);
    expect(broken.stdout).toContain('casebook build [site]');
    // With no compiled CLI at all, it says so and how to mend it: exit 1, not an internal error.
    await rm(join(pkg, 'dist'), { recursive: true });
    const none = await help();
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /^casebook: cannot load its compiled code \(.*\)\.\nReinstall Casebook; in a clone of its repository, run `npm run compile`\.\n$/,
    );
  }, 60_000);

  it('caches nothing for a failed build, help apart from the command, and the newest three per command', async () => {
    const xdg = join(work, 'xdg-commands');
    const failed = await spawnCli(['build', join(work, 'no-such-site'), '--out', join(work, 'e1')], { XDG_CACHE_HOME: xdg });
    expect(failed.code).toBe(1);
    expect(await listCaches(xdg)).toEqual([]);
    expect((await spawnCli(['build', '--help'], { XDG_CACHE_HOME: xdg })).code).toBe(0);
    expect((await listCaches(xdg)).map((f) => f.replace(/^main-[0-9a-f]+-/, ''))).toEqual(['help.v8']);
    // Caches of other bundles for the same command, one for another command, a folder in the
    // way, and temporary files of killed runs, one old and one recent.
    const dir = cacheIn(xdg);
    const day = 86_400;
    const older = ['a', 'b', 'c', 'd'].map((k) => `main-${k.repeat(24)}-build-clean.v8`);
    for (const [i, f] of older.entries()) {
      await writeFile(join(dir, f), f);
      await utimes(join(dir, f), Date.now() / 1000 - (i + 1) * day, Date.now() / 1000 - (i + 1) * day);
    }
    await writeFile(join(dir, `main-${'e'.repeat(24)}-check.v8`), 'other');
    await mkdir(join(dir, `main-${'f'.repeat(24)}-build-clean.v8`));
    const staleTmp = join(dir, `.main-${'a'.repeat(24)}-build-clean.v8.1.1.tmp`);
    const freshTmp = join(dir, `.main-${'b'.repeat(24)}-build-clean.v8.2.2.tmp`);
    await writeFile(staleTmp, 'x');
    await utimes(staleTmp, Date.now() / 1000 - day, Date.now() / 1000 - day);
    await writeFile(freshTmp, 'x');
    expect((await build(xdg, 'e2')).code).toBe(0);
    const files = await listCaches(xdg);
    // This run's, and the two newest of the others.
    expect(files.filter((f) => f.endsWith('-build-clean.v8') && !f.startsWith(`main-${'f'.repeat(24)}`))).toHaveLength(3);
    expect(files).toContain(older[0]);
    expect(files).toContain(older[1]);
    expect(files).not.toContain(older[2]);
    expect(files).toContain(`main-${'e'.repeat(24)}-check.v8`);
    expect(files).toContain(`main-${'f'.repeat(24)}-build-clean.v8`);
    const all = await readdir(dir);
    expect(all).not.toContain(staleTmp.split('/').pop());
    expect(all).toContain(freshTmp.split('/').pop());
  }, 60_000);
});
