// Run by `npm ci` (the prepare script) after scripts/compile.mjs: builds a throwaway copy of the
// demo (or, where there is no demo, `casebook init`'s starter site) in the temporary folder and
// serves it once with `casebook preview` and once with `casebook dev`, so the compiled code of
// those commands (src/cli/code-cache.ts on Node 20, Node's compile cache on 22.1+) exists before
// the first real run. Without it the first `npm start` compiled the 2.4 MB CLI script from
// scratch twice and saved its cache twice (about 300 ms of the 2.2 s on this VM).
//
// Nothing here can fail an install: the first step that fails or hangs ends the warm-up with one
// line, the copy is removed, and the cost of a cold cache is only speed. CASEBOOK_NO_WARM=1
// skips it, and so does NODE_DISABLE_COMPILE_CACHE (Casebook then keeps no compiled code);
// `npm pack` and `npm publish` skip it silently.
import { spawn } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
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
  if (skip) say(`not warmed (${skip})`);
  process.exit(0);
}

const started = Date.now();
let work;
/** src/util/site-bounds.ts's: whether a real path is a folder's or below it. */
let isWithin;
/** The command running now, stopped with the warm-up. */
let child;
/** Set once interrupted: no further command starts while the process ends. */
let stopping = false;

// Interrupted (Ctrl-C on npm ci, a kill): the command running goes, and the copy with it; then
// the process ends by the same signal, as its parent expects.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    stopping = true;
    child?.kill('SIGKILL');
    removeWork();
    process.kill(process.pid, signal);
  });
}

function start(args, stdio) {
  if (stopping) throw new Error('interrupted');
  child = spawn(process.execPath, [bin, ...args], { cwd: work, stdio });
  return child;
}

try {
  ({ isWithin } = await import(pathToFileURL(join(root, 'dist/util/site-bounds.js')).href));
  const temp = tmpdir();
  // A relative TMPDIR, or one inside this project, would put the copy (and, after an
  // interruption, its remains) among the project's files.
  if (!isAbsolute(temp)) throw new Error(`the temporary folder ${temp} is not an absolute path`);
  if (isWithin(realpathSync(root), realpathSync(temp))) throw new Error(`the temporary folder ${temp} is inside the project`);
  // Made synchronously: a signal handled between an asynchronous mkdtemp and this assignment
  // left the empty folder behind.
  work = mkdtempSync(join(temp, 'casebook-warm-'));
  const site = join(work, 'site');
  const demo = join(root, 'examples/demo');
  if (existsSync(join(demo, 'content'))) await copyDemo(demo, site);
  else await run(['init', site]);
  await run(['build', site, '--quiet']);
  await serveOnce(['preview', join(site, 'dist'), '--port', '0']);
  await serveOnce(['dev', site, '--port', '0']);
  // On Node 20 the commands say nothing when they cannot write their cache (an unwritable or
  // shared cache folder): this says it instead of claiming a warm cache.
  if (nodeHasCompileCache()) {
    if (!nodeCacheWritten()) throw new Error("Node's compile cache could not be kept in the cache folder");
  } else {
    const missing = ['build', 'preview', 'dev'].filter((command) => !cacheWritten(command));
    if (missing.length) throw new Error(`no code cache of ${missing.join(', ')} could be written to the cache folder`);
  }
  say(`warmed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  say(`not warmed (${e instanceof Error ? e.message : e}); the first run compiles the CLI instead`);
} finally {
  removeWork();
}

function say(what) {
  process.stdout.write(`casebook: code cache ${what}\n`);
}

/** Node 22.1+ keeps its own compile cache (bin/casebook.js) instead of Casebook's files. */
function nodeHasCompileCache() {
  return typeof module.enableCompileCache === 'function';
}

/** The compiled code cache module (src/cli/code-cache.ts), as bin/casebook.js loads it. */
function loader() {
  return module.createRequire(import.meta.url)(join(root, 'dist/bundle/code-cache.cjs'));
}

/** Whether the cache file a run of `command` reads for this install's CLI script exists. */
function cacheWritten(command) {
  const file = loader().codeCacheFile(join(root, 'dist/bundle/main.vm.js'), command);
  return file !== undefined && existsSync(file);
}

/** Whether Node 22's compile cache has a private folder, as bin/casebook.js asks, with something in it. */
function nodeCacheWritten() {
  const dir = loader().nodeCompileCacheDir();
  return dir !== undefined && readdirSync(dir).length > 0;
}

/** The copy, removed even where it holds read-only folders (the demo's modes are copied with it). */
function removeWork() {
  if (!work) return;
  const folder = work;
  work = undefined;
  try {
    rmSync(folder, { recursive: true, force: true });
  } catch {
    try {
      writable(folder);
      rmSync(folder, { recursive: true, force: true });
    } catch (e) {
      say(`warm-up could not remove its copy ${folder} (${e instanceof Error ? e.message : e})`);
    }
  }
}

function writable(dir) {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) writable(join(dir, entry.name));
}

async function copyDemo(from, to) {
  const inside = realpathSync(from);
  await cp(from, to, {
    recursive: true,
    // A link stays a link to what it named, not to the project's file (cp's default makes it
    // absolute). Only a relative link that stays inside the demo is copied: any other would lead
    // the copy's build to read or write the project's files, or files elsewhere.
    verbatimSymlinks: true,
    filter: (src) => {
      const rel = relative(from, src).split(sep);
      if (rel[0] === 'dist') return false;
      if (rel[0] === '.casebook' && rel[1] === 'cache' && rel.length > 2 && !KEPT_CACHES.has(rel[2])) return false;
      if (!lstatSync(src).isSymbolicLink()) return true;
      try {
        return !isAbsolute(readlinkSync(src)) && isWithin(inside, realpathSync(src));
      } catch {
        return false;
      }
    },
  });
}

/** Runs one casebook command to its end. */
function run(args) {
  return new Promise((resolve, reject) => {
    const running = start(args, ['ignore', 'ignore', 'pipe']);
    let err = '';
    running.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => running.kill('SIGKILL'), STEP_MS);
    running.on('error', reject);
    running.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`casebook ${args[0]} ended with ${signal ?? code}${err ? `: ${err.trim().split('\n')[0]}` : ''}`));
    });
  });
}

/** Starts a serving command on a free port, asks it for / once, and stops it (it saves its cache as it stops). */
function serveOnce(args) {
  return new Promise((resolve, reject) => {
    const running = start(args, ['ignore', 'pipe', 'pipe']);
    let out = '';
    let asked = false;
    const timer = setTimeout(() => running.kill('SIGKILL'), STEP_MS);
    running.on('error', reject);
    running.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && asked) resolve();
      else reject(new Error(`casebook ${args[0]} ended with ${signal ?? code}`));
    });
    running.stdout.on('data', (d) => {
      out += d;
      const url = /http:\/\/localhost:(\d+)\//.exec(out);
      if (!url || asked) return;
      asked = true;
      fetch(`http://127.0.0.1:${url[1]}/`)
        .then((r) => r.arrayBuffer())
        .catch(() => {})
        .finally(() => running.kill('SIGINT'));
    });
    running.stderr.resume();
  });
}
