#!/usr/bin/env node
// CommonJS (bin/package.json), as are the two files it loads from dist/bundle: a command that
// starts without Node's ES module loader starts sooner (a 100-post clean build by 20 ms).
const nodeModule = require('node:module');
const { existsSync, writeSync } = require('node:fs');
const { availableParallelism } = require('node:os');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const bundleDir = join(__dirname, '../dist/bundle');

// Node 22.1+ keeps the compiled code of the modules it loads on disk: later runs skip parsing
// and compiling them. Node 20 has no such cache; there the call is skipped. The folder is
// Casebook's private one (src/cli/code-cache.ts), not Node's default in the shared temporary
// folder; a user's own NODE_COMPILE_CACHE has already turned it on, and stays.
if (typeof nodeModule.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    const dir = require(join(bundleDir, 'code-cache.cjs')).nodeCompileCacheDir();
    if (dir) nodeModule.enableCompileCache(dir);
  } catch {
    // No compiled loader (a broken install) or no private folder: no compile cache, only speed lost.
  }
}

// Standard output closed early (`casebook check --json | head -1`) or on a full disk
// (`> /dev/full`): Node throws the failed write as an uncaught exception, a stack trace in the
// middle of the command's output. The command runs to its end instead, and fails (exit 1), since
// not all of its output arrived; a reader that stopped reading is not news, a full disk is.
let lostOutput;
process.stdout.on('error', (e) => (lostOutput ??= e));
process.stderr.on('error', () => {});
process.on('exit', (code) => {
  if (!lostOutput) return;
  if (lostOutput.code !== 'EPIPE') {
    try {
      writeSync(2, `casebook: cannot write to standard output (${lostOutput.code ?? lostOutput.message})\n`);
    } catch {
      // Standard error is gone too: the exit code still says it.
    }
  }
  if (code === 0) process.exitCode = 1;
});

// `casebook build` with nothing to do is answered from the build stamp before the CLI bundle
// loads (src/cli/build-shortcut.ts); anything in doubt runs the command as usual.
const shortcut = join(bundleDir, 'build-shortcut.cjs');
let answered;
// A build that runs takes the code cache of its kind: clean, or from a previous build's cache.
let cacheKind = process.argv[2];
if (process.argv[2] === 'build' && existsSync(shortcut)) {
  try {
    const { buildShortcut, buildCacheKind } = require(shortcut);
    answered = buildShortcut(process.argv.slice(2), process.stdout);
    if (answered === undefined) cacheKind = buildCacheKind(process.argv.slice(2));
  } catch {
    answered = undefined;
  }
}

const internalError = (err) => {
  process.stderr.write(`casebook: internal error: ${err?.stack ? err.stack : err}\n`);
  process.exitCode = 70;
};
if (answered !== undefined) process.exitCode = answered;
else run().catch(internalError);

async function run() {
  // The thread costs about 100 ms of CPU of its own (a Node environment starting): worth it only
  // on a core the build's thread is not using.
  if (['build', 'dev', 'check', 'cv'].includes(process.argv[2]) && availableParallelism() > 1) warmIcu();
  let loaded;
  try {
    loaded = await loadMain();
  } catch (e) {
    // Not a bug of the command: the install lacks its compiled code (dist/ missing or damaged).
    process.stderr.write(
      `casebook: cannot load its compiled code (${e?.message ?? e}).\nReinstall Casebook; in a clone of its repository, run \`npm run compile\`.\n`,
    );
    process.exitCode = 1;
    return;
  }
  const { main, save } = loaded;
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // A failed run may have compiled too little of its command to be worth caching.
    if (code === 0) save();
    if (process.argv[2] === 'build') exitNow();
  }, internalError);
  // dev, preview and the analytics collector run until stopped: their cache is saved once the
  // first build or request has compiled what they use.
  if (['dev', 'preview', 'analytics'].includes(process.argv[2])) setTimeout(save, 5000).unref();
}

/**
 * Ends the process now that its work is done. Left to end by itself, Node tore down its heap a
 * page at a time and stopped the ICU thread: 26 ms after a 100-post build had written everything
 * (one with --no-cache 491 -> 475 ms, 15 alternating runs). Only when nothing waits to be written
 * to standard output or error (pipes are asynchronous on macOS); otherwise it ends as before.
 * process.exit runs the 'exit' handler above, which still fails a run whose output was lost.
 */
function exitNow() {
  // After the current tick: a failed write to standard output reports its error on the next
  // one, and the 'exit' handler must have seen it.
  setImmediate(() => {
    if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
  });
}

/**
 * ICU's start-up (its data, locale and time zone tables) is done once per process and costs the
 * first date formatter, number formatter and collator about 12 ms together. A thread that makes
 * one of each while the bundle loads leaves them ready for the build's thread (0.3 ms there),
 * which otherwise paid for them in its config check and first page: 7–9 ms of a 100-post clean
 * build and of a one-post edit at 1,000 posts, medians of 15 alternating runs on tmpfs.
 */
function warmIcu() {
  try {
    const code =
      "new Intl.DateTimeFormat('en', { timeZone: 'UTC' }).format(0); new Intl.NumberFormat('en').format(1); new Intl.Collator('en').compare('a', 'b');";
    // A thread that fails to start emits 'error'; unheard, that would end the command.
    // Required here, not at the top: loading worker_threads (and the stream modules it pulls in)
    // was 3 ms of an up-to-date build, which the shortcut answers without a thread.
    const { Worker } = require('node:worker_threads');
    new Worker(code, { eval: true, stdout: true, stderr: true }).on('error', () => {}).unref();
  } catch {
    // No threads to spare (or none at all): the build's thread starts ICU itself, as it always did.
  }
}

/** The CLI's main(), from the bundle that loads fastest on this Node. */
async function loadMain() {
  const none = () => {};
  // Node 20 has no compile cache for ES modules: there the CLI runs as one script with V8's code
  // cache (src/cli/code-cache.ts), unless NODE_DISABLE_COMPILE_CACHE is set.
  const script = join(bundleDir, 'main.vm.js');
  const loader = join(bundleDir, 'code-cache.cjs');
  // With --enable-source-maps the ES module bundle runs: its stack traces map to src/.
  const direct = typeof nodeModule.enableCompileCache === 'function' || process.env.NODE_DISABLE_COMPILE_CACHE || process.sourceMapsEnabled;
  if (!direct && existsSync(script) && existsSync(loader)) {
    try {
      const { loadWithCodeCache } = require(loader);
      // Help and the version compile little of any command: they have a cache of their own.
      const help = process.argv.slice(2).some((a) => a === '--help' || a === '-h' || a === '--version' || a === '-v');
      return loadWithCodeCache(script, help ? 'help' : cacheKind);
    } catch {
      // An unreadable or damaged script (a broken install) costs only speed: the ES module bundle runs.
    }
  }
  // The CLI bundle (scripts/compile.mjs) loads a few files instead of hundreds of modules; a
  // checkout compiled by an older compile script has only the one-file-per-module build.
  const bundle = join(bundleDir, 'main.js');
  const { main } = await import(existsSync(bundle) ? pathToFileURL(bundle).href : pathToFileURL(join(__dirname, '../dist/cli/main.js')).href);
  return { main, save: none };
}
