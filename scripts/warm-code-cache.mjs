// Run by `npm ci` (the prepare script) after scripts/compile.mjs: builds a throwaway copy of the
// demo (or, where there is no demo, `casebook init`'s starter site) and serves it with
// `casebook preview` and `casebook dev`, so V8's code cache for those commands (src/cli/code-cache.ts)
// exists before the first real run. Without it the first `npm start` compiled the 2.4 MB CLI
// script from scratch twice and saved its cache twice (about 300 ms of the 2.2 s on this VM).
//
// Nothing here can fail an install: a step that fails or hangs is reported in one line and the
// rest goes on; the cost of a cold cache is only speed. CASEBOOK_NO_WARM=1 skips it, and so does
// NODE_DISABLE_COMPILE_CACHE (Casebook then keeps no compiled code); `npm pack` and `npm publish`
// skip it silently.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/casebook.js');
const STEP_MS = 60_000;

/** The demo's committed caches (cards, images, diagrams) come along; what a build made does not. */
const KEPT_CACHES = new Set(['og', 'images', 'diagrams']);

const skip =
  process.env.CASEBOOK_NO_WARM && process.env.CASEBOOK_NO_WARM !== '0'
    ? 'CASEBOOK_NO_WARM is set'
    : process.env.NODE_DISABLE_COMPILE_CACHE
      ? 'NODE_DISABLE_COMPILE_CACHE is set: Casebook keeps no compiled code'
      : // `npm pack` and `npm publish` run prepare too: the tarball's users get no benefit from this machine's cache.
        process.env.npm_command === 'pack' || process.env.npm_command === 'publish'
        ? undefined
        : false;
if (skip !== false) {
  if (skip) process.stdout.write(`casebook: code cache not warmed (${skip})\n`);
  process.exit(0);
}

const started = performance.now();
let work;
try {
  work = await mkdtemp(join(tmpdir(), 'casebook-warm-'));
  const site = join(work, 'site');
  const demo = join(root, 'examples/demo');
  if (existsSync(join(demo, 'content'))) await copyDemo(demo, site);
  else await run(['init', site]);
  await run(['build', site, '--quiet']);
  await serveOnce(['preview', join(site, 'dist'), '--port', '0']);
  await serveOnce(['dev', site, '--port', '0']);
  process.stdout.write(`casebook: code cache warmed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
} catch (e) {
  process.stdout.write(`casebook: code cache not warmed (${e instanceof Error ? e.message : e}); the first run compiles the CLI instead\n`);
} finally {
  if (work) await rm(work, { recursive: true, force: true });
}

async function copyDemo(from, to) {
  await cp(from, to, {
    recursive: true,
    filter: (src) => {
      const rel = relative(from, src).split(sep);
      if (rel[0] === 'dist') return false;
      if (rel[0] === '.casebook' && rel[1] === 'cache' && rel.length > 2) return KEPT_CACHES.has(rel[2]);
      return true;
    },
  });
}

/** Runs one casebook command to its end. */
function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`casebook ${args[0]} ended with ${signal ?? code}${err ? `: ${err.trim().split('\n')[0]}` : ''}`));
    });
  });
}

/** Starts a serving command on a free port, asks it for / once, and stops it (it saves its cache as it stops). */
function serveOnce(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let asked = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && asked) resolve();
      else reject(new Error(`casebook ${args[0]} ended with ${signal ?? code}`));
    });
    child.stdout.on('data', (d) => {
      out += d;
      const url = /http:\/\/localhost:(\d+)\//.exec(out);
      if (!url || asked) return;
      asked = true;
      fetch(`http://127.0.0.1:${url[1]}/`)
        .then((r) => r.arrayBuffer())
        .catch(() => {})
        .finally(() => child.kill('SIGINT'));
    });
    child.stderr.resume();
  });
}
