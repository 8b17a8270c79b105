// scripts/warm-code-cache.mjs, which npm ci's prepare runs after compiling: the code cache of the
// commands `npm start` runs exists before the first of them, and warming touches nothing of the
// project and leaves nothing in the temporary folder.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, spawnCli } from './helpers/cli.js';
import { spawn, spawnSync } from 'node:child_process';

const nodeHasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/warm-code-cache.mjs');
const DEMO = join(ROOT, 'examples/demo');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'casebook-warm-test-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every path under `dir` with its size and modification time: what warming must leave as it was. */
async function state(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const st = await stat(path);
    out.push(`${path} ${entry.isDirectory() ? 'dir' : st.size} ${st.mtimeMs}`);
  }
  return out.sort();
}

const warm = (xdg: string, tmp: string, env: Record<string, string> = {}) =>
  runProcess(process.execPath, [SCRIPT], { env: { XDG_CACHE_HOME: xdg, TMPDIR: tmp, ...env } });

describe.skipIf(nodeHasCompileCache)('warming the code cache at install', () => {
  it('leaves a cache for build, preview and dev that the next build of the demo takes as it is', async () => {
    const xdg = join(work, 'xdg');
    const tmp = join(work, 'tmp');
    await mkdir(tmp);
    const demoBefore = await state(DEMO);
    const run = await warm(xdg, tmp);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^casebook: code cache warmed in \d+\.\d s\n$/);
    // The project is as it was (no dist/, no build cache in the demo), and the copy is gone.
    expect(await state(DEMO)).toEqual(demoBefore);
    expect(await readdir(tmp)).toEqual([]);
    const files = (await readdir(join(xdg, 'casebook/code'))).filter((f) => f.startsWith('main-'));
    expect(files.map((f) => f.replace(/^main-[0-9a-f]{24}-/, '')).sort()).toEqual(['build.v8', 'dev.v8', 'preview.v8']);

    // A first build of the demo (a copy without any build cache) runs with the warmed cache: V8
    // accepted it, so it is not written again.
    const buildCache = join(xdg, 'casebook/code', files.find((f) => f.endsWith('-build.v8'))!);
    const before = await stat(buildCache);
    const site = join(work, 'demo');
    await cp(DEMO, site, { recursive: true, filter: (src) => !src.startsWith(join(DEMO, 'dist')) && !src.includes('/.casebook/cache/meta.json') });
    const built = await spawnCli(['build', site, '--out', join(work, 'demo-out'), '--quiet'], { XDG_CACHE_HOME: xdg });
    expect(built.code, built.stderr).toBe(0);
    const after = await stat(buildCache);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  }, 120_000);

  it('writes nothing when told not to or when packing, and never fails the install', async () => {
    const xdg = join(work, 'xdg-off');
    const off = await warm(xdg, work, { CASEBOOK_NO_WARM: '1' });
    expect(off.code).toBe(0);
    expect(off.stdout).toBe('casebook: code cache not warmed (CASEBOOK_NO_WARM is set)\n');
    // npm pack runs prepare: the tarball's users have no use for this machine's cache.
    const packing = await warm(xdg, work, { npm_command: 'pack' });
    expect([packing.code, packing.stdout]).toEqual([0, '']);
    await expect(stat(xdg)).rejects.toThrow();
    // No temporary folder to work in, or one that would put the copy among the project's files:
    // one line says so, and the install goes on.
    const failed = await warm(join(work, 'xdg-fail'), join(work, 'no-such-folder'));
    expect(failed.code).toBe(0);
    expect(failed.stdout).toMatch(/^casebook: code cache not warmed \(ENOENT.*\); the first run compiles the CLI instead\n$/);
    const relative = await warm(join(work, 'xdg-fail'), 'examples');
    expect([relative.code, relative.stdout]).toEqual([
      0,
      'casebook: code cache not warmed (the temporary folder examples is not an absolute path); the first run compiles the CLI instead\n',
    ]);
    const inside = await warm(join(work, 'xdg-fail'), join(ROOT, 'examples'));
    expect(inside.stdout).toContain('is inside the project');
    // A cache folder that cannot be made (a file in its way): not claimed as warmed.
    await writeFile(join(work, 'xdg-file'), '');
    const unwritable = await warm(join(work, 'xdg-file'), work);
    expect([unwritable.code, unwritable.stdout]).toEqual([
      0,
      'casebook: code cache not warmed (no code cache of build, preview, dev could be written to the cache folder); the first run compiles the CLI instead\n',
    ]);
  }, 120_000);

  it('stopped midway, leaves neither its copy nor a command running', async () => {
    const tmp = join(work, 'tmp-stopped');
    await mkdir(tmp);
    const child = spawn(process.execPath, [SCRIPT], { env: { ...process.env, XDG_CACHE_HOME: join(work, 'xdg-stopped'), TMPDIR: tmp }, stdio: 'ignore' });
    const ended = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    // Stopped once the copy is built: preview or dev is running then.
    for (let waited = 0; waited < 60_000; waited += 20) {
      const [copy] = await readdir(tmp);
      if (copy && (await stat(join(tmp, copy, 'site/dist')).catch(() => undefined))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGTERM');
    expect(await ended).toBe('SIGTERM');
    expect(await readdir(tmp)).toEqual([]);
    const running = spawnSync('pgrep', ['-f', tmp], { encoding: 'utf8' });
    expect(running.stdout).toBe('');
  }, 120_000);

  it('copies no link that leads out of the demo, so nothing is built through it', async () => {
    const project = join(work, 'linked');
    for (const part of ['bin', 'dist', 'scripts', 'theme', 'locales', 'examples/demo', 'package.json'])
      await cp(join(ROOT, part), join(project, part), { recursive: true, filter: (src) => !src.startsWith(join(ROOT, 'examples/demo/dist')) });
    await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'));
    const elsewhere = join(work, 'elsewhere-cache');
    await mkdir(elsewhere);
    await rm(join(project, 'examples/demo/.casebook/cache'), { recursive: true, force: true });
    await symlink(elsewhere, join(project, 'examples/demo/.casebook/cache'));
    const run = await runProcess(process.execPath, [join(project, 'scripts/warm-code-cache.mjs')], {
      env: { XDG_CACHE_HOME: join(work, 'xdg-linked'), TMPDIR: work },
    });
    expect(run.stdout).toMatch(/^casebook: code cache warmed/);
    expect(await readdir(elsewhere)).toEqual([]);
  }, 120_000);
});

describe('compiling again', () => {
  it('leaves the Node 20 script as it is when its bytes are the same, so the warmed cache stays valid', async () => {
    const copy = join(work, 'project');
    for (const part of ['src', 'scripts', 'locales', 'theme', 'bin', 'package.json']) await cp(join(ROOT, part), join(copy, part), { recursive: true });
    await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const compile = () => runProcess(process.execPath, [join(copy, 'scripts/compile.mjs'), '--no-types'], { cwd: copy });
    const script = join(copy, 'dist/bundle/main.vm.js');
    const identity = async () => {
      const st = await stat(script, { bigint: true });
      return `${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
    };
    expect((await compile()).code).toBe(0);
    const first = await identity();
    // A file of a previous compile that no longer exists goes; the script stays.
    await writeFile(join(copy, 'dist/bundle/chunk-STALE.js'), '');
    expect((await compile()).code).toBe(0);
    expect(await identity()).toBe(first);
    await expect(stat(join(copy, 'dist/bundle/chunk-STALE.js'))).rejects.toThrow();
    // Code that changed is written.
    const model = join(copy, 'src/site/build-model.ts');
    await writeFile(model, (await readFile(model, 'utf8')).replace('const SERIES_BOX_AROUND = 3;', 'const SERIES_BOX_AROUND = 4;'));
    expect((await compile()).code).toBe(0);
    expect(await identity()).not.toBe(first);
    expect(await readFile(script, 'utf8')).toContain('SERIES_BOX_AROUND=4');
  }, 180_000);
});
