/**
 * SLOW (about 1–2 minutes): the routes a new user installs Casebook by, exercised for real.
 * The package is packed as `npm publish` would pack it and installed into empty folders with
 * npm, from the local npm cache first (`--prefer-offline`: only what the cache lacks is fetched
 * from the npm registry). Then the installed `casebook` runs init, build, dev, check and
 * --version from there, and the commands that need an optional package say how to install it.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from './helpers/cli.js';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const PKG = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  version: string;
  files: string[];
  bin: Record<string, string>;
  exports: Record<string, unknown>;
  types: string;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional: boolean }>;
  dependencies: Record<string, string>;
};
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

let work: string;
let tarball: string;
/** The tarball installed as a site's dependency: node_modules/.bin/casebook in an empty project. */
let app: string;
/** The tarball installed with -g into a temporary prefix, as `npm install -g casebook` would. */
let globalPrefix: string;
/** A site written by init, with the tarball installed in it, and what npm printed doing so. */
let siteFromInit: string;
let siteInstallOutput: string;

/** npm with the machine's npm cache but without the user's global prefix: nothing outside `work` changes. */
function npm(args: string[], cwd: string, env: Record<string, string> = {}) {
  return run('npm', args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
}

function casebook(bin: string, args: string[], cwd: string) {
  return runProcess(bin, args, { cwd });
}

/** Starts `casebook dev`, returns the first HTTP response from the URL it prints, then stops it. */
async function devFirstResponse(bin: string, site: string, cwd: string): Promise<{ status: number; html: string; code: number | null }> {
  const child = spawn(bin, ['dev', site, '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Dev server at http:\/\/localhost:(\d+)\//.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}/`);
    });
    child.on('exit', () => reject(new Error(`casebook dev exited: ${out}`)));
  });
  const res = await fetch(url);
  const html = await res.text();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return { status: res.status, html, code: await exited };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'casebook-package-'));
  // --ignore-scripts: `prepare` would recompile dist/ under the other test files running now;
  // `npm test` compiles before any test runs.
  const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO);
  tarball = join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  app = join(work, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  globalPrefix = join(work, 'global');
  // A site as init writes it, given this Casebook: its allowScripts must keep npm 11 quiet.
  siteFromInit = join(work, 'site-from-init');
  await run(process.execPath, [join(REPO, 'bin/casebook.js'), 'init', siteFromInit]);
  // The installs at once: they share the npm cache, and each mostly waits on the disk.
  const [, , site] = await Promise.all([
    npm(['install', ...NPM_FLAGS, tarball], app),
    npm(['install', '-g', ...NPM_FLAGS, tarball], work, { npm_config_prefix: globalPrefix }),
    npm(['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], siteFromInit),
  ]);
  siteInstallOutput = site.stdout + site.stderr;
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds what users need and nothing else', async () => {
    const { stdout } = await run('tar', ['tzf', tarball]);
    const files = stdout
      .trim()
      .split('\n')
      .map((f) => f.replace(/^package\//, ''));
    for (const f of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'bin/casebook.js',
      'bin/package.json',
      'dist/bundle/build-shortcut.cjs',
      'dist/bundle/code-cache.cjs',
      'dist/cli/main.js',
      'dist/public.js',
      'types/public.d.ts',
      'theme/casebook.css',
      'locales/en.json',
    ]) {
      expect(files, f).toContain(f);
    }
    const stray = files.filter((f) => /(^|\/)(test|tests|fixtures|bench|examples|scripts|src|docs)\//.test(f) || /\.test\.|(?<!\.d)\.ts$/.test(f));
    expect(stray).toEqual([]);
  });

  it('declares its command, its module and its types, and keeps single-command packages optional', () => {
    expect(PKG.bin).toEqual({ casebook: 'bin/casebook.js' });
    expect(PKG.types).toBe('./types/public.d.ts');
    expect(PKG.exports['.']).toEqual({ types: './types/public.d.ts', default: './dist/public.js' });
    for (const name of ['better-sqlite3', 'pg', 'playwright-core']) {
      expect(PKG.dependencies[name], name).toBeUndefined();
      expect(PKG.peerDependencies[name], name).toBeDefined();
      expect(PKG.peerDependenciesMeta[name], name).toEqual({ optional: true });
    }
  });
});

describe('installed from the tarball into an empty folder', () => {
  const bin = () => join(app, 'node_modules/.bin/casebook');

  it('runs --version, init, build, dev and check', async () => {
    const cb = bin();
    const version = await casebook(cb, ['--version'], app);
    expect(version).toMatchObject({ code: 0, stdout: `${PKG.version}\n` });

    const init = await casebook(cb, ['init', 'my-site'], app);
    expect(init.code, init.stderr).toBe(0);
    const sitePkg = JSON.parse(await readFile(join(app, 'my-site/package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(sitePkg.devDependencies.casebook).toBe(PKG.version);

    // The full build: social cards (HarfBuzz, resvg), images (sharp) and the search index (Pagefind).
    const build = await casebook(cb, ['build', 'my-site'], app);
    expect(build.code, build.stderr).toBe(0);
    for (const f of ['index.html', 'cv/index.html', 'pagefind/pagefind.js', 'robots.txt']) expect(existsSync(join(app, 'my-site/dist', f)), f).toBe(true);

    const dev = await devFirstResponse(cb, 'my-site', app);
    expect(dev.status).toBe(200);
    expect(dev.html).toContain('<!doctype html>');
    expect(dev.code).toBe(0);

    const check = await casebook(cb, ['check', 'my-site'], app);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/0 errors/);
  }, 120_000);

  it('names the package and the install command when a command needs an optional package', async () => {
    const cb = bin();
    const token = 'a-long-enough-test-token-123';
    const sqlite = await casebook(
      cb,
      ['analytics', 'serve', '--token', token, '--db', `sqlite:${join(work, 'a.db')}`, '--origin', 'https://example.com', '--port', '0'],
      app,
    );
    expect(sqlite.code).toBe(1);
    expect(sqlite.stderr).toContain('CB3300');
    expect(sqlite.stderr).toContain('npm install better-sqlite3');
    expect(existsSync(join(work, 'a.db'))).toBe(false);

    const pg = await casebook(
      cb,
      ['analytics', 'serve', '--token', token, '--db', 'postgres://casebook:secret@127.0.0.1:9/casebook', '--origin', 'https://example.com', '--port', '0'],
      app,
    );
    expect(pg.code).toBe(1);
    expect(pg.stderr).toContain('CB3301');
    expect(pg.stderr).toContain('npm install pg');
    expect(pg.stderr).not.toContain('secret');

    const cv = await casebook(cb, ['cv', '--pdf', join(work, 'cv.pdf'), 'my-site'], app);
    expect(cv.code).toBe(1);
    expect(cv.stderr).toContain('CB3302');
    expect(cv.stderr).toContain('npm install playwright-core');
    expect(existsSync(join(work, 'cv.pdf'))).toBe(false);
  }, 60_000);
});

describe('a site written by init', () => {
  it('installs Casebook without npm 11 warning about unapproved install scripts of its dependencies', async () => {
    expect(siteInstallOutput).toMatch(/added \d+ packages/);
    // The tarball's own `prepare` is listed for a file: dependency only; a registry install has none.
    const unapproved = siteInstallOutput.split('\n').filter((l) => /install-scripts\s+\S+@/.test(l) && !/\scasebook@/.test(l));
    expect(unapproved).toEqual([]);
    const r = await casebook(join(siteFromInit, 'node_modules/.bin/casebook'), ['build', '.', '--skip', 'og'], siteFromInit);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
});

describe('the install routes the README names', () => {
  it('npm install -g of the tarball (what `npm install -g casebook` does) into a temporary prefix', async () => {
    const bin = join(globalPrefix, 'bin/casebook');
    expect(await casebook(bin, ['--version'], work)).toMatchObject({ code: 0, stdout: `${PKG.version}\n` });
    const init = await casebook(bin, ['init', 'global-site'], work);
    expect(init.code, init.stderr).toBe(0);
    const build = await casebook(bin, ['build', 'global-site', '--skip', 'og'], work);
    expect(build.code, build.stderr).toBe(0);
  }, 60_000);

  it('a clone with npm link, into a temporary prefix', async () => {
    const prefix = join(work, 'linked');
    // --ignore-scripts: the clone is already compiled (npm ci runs prepare); see beforeAll.
    await npm(['link', '--ignore-scripts', ...NPM_FLAGS], REPO, { npm_config_prefix: prefix });
    const bin = join(prefix, 'bin/casebook');
    expect(await casebook(bin, ['--version'], work)).toMatchObject({ code: 0, stdout: `${PKG.version}\n` });
    const init = await casebook(bin, ['init', 'linked-site'], work);
    expect(init.code, init.stderr).toBe(0);
    const build = await casebook(bin, ['build', 'linked-site', '--skip', 'og'], work);
    expect(build.code, build.stderr).toBe(0);
  }, 120_000);
});
