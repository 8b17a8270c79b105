#!/usr/bin/env node
import module from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Node 22.1+ keeps the compiled code of the modules it loads on disk: later runs skip parsing
// and compiling them. Node 20 has no such cache; there the call is skipped.
if (typeof module.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) module.enableCompileCache();

// `casebook build` with nothing to do is answered from the build stamp before the CLI bundle
// loads (src/cli/build-shortcut.ts); anything in doubt runs the command as usual.
const shortcut = new URL('../dist/bundle/build-shortcut.js', import.meta.url);
let answered;
if (process.argv[2] === 'build' && existsSync(shortcut)) {
  try {
    answered = (await import(shortcut.href)).buildShortcut(process.argv.slice(2), process.stdout);
  } catch {
    answered = undefined;
  }
}

// Commands that run until stopped.
const SERVES = ['dev', 'preview', 'analytics'];

if (answered !== undefined) process.exitCode = answered;
else {
  const { main, save } = await loadMain();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // A failed run may have compiled too little of its command to be worth caching.
      if (code === 0) save();
      // In the next turn: a write to standard output or error that failed (a full disk, a reader
      // gone) has reported its error by then, and the command ends as it did before.
      if (!SERVES.includes(process.argv[2])) setImmediate(exitIfDone);
    },
    (err) => {
      process.stderr.write(`casebook: internal error: ${err?.stack ? err.stack : err}\n`);
      process.exitCode = 70;
    },
  );
  // dev, preview and the analytics collector run until stopped: their cache is saved once the
  // first build or request has compiled what they use.
  if (SERVES.includes(process.argv[2])) setTimeout(save, 5000).unref();
}

/**
 * Ends a finished command as soon as nothing of it is left but standard output and error with
 * nothing more to write. Left to itself, Node first lets V8 finish the garbage collection under
 * way: a few milliseconds of a 100-post build, more on a large heap. Anything else still open (a
 * timer, a file request, a child's pipe, a reader of standard input) lets the command end as usual.
 */
function exitIfDone() {
  const stdio = [process.stdout, process.stderr];
  if (stdio.some((s) => s.writableLength > 0 || s.errored)) return;
  let quietStdio = stdio.length;
  for (const kind of process.getActiveResourcesInfo()) {
    if ((kind === 'PipeWrap' || kind === 'TTYWrap') && quietStdio > 0) quietStdio--;
    else return;
  }
  process.exit();
}

/** The CLI's main(), from the bundle that loads fastest on this Node. */
async function loadMain() {
  const none = () => {};
  // Node 20 has no compile cache for ES modules: there the CLI runs as one script with V8's code
  // cache (src/cli/code-cache.ts), unless NODE_DISABLE_COMPILE_CACHE is set.
  const script = new URL('../dist/bundle/main.vm.js', import.meta.url);
  const loader = new URL('../dist/bundle/code-cache.js', import.meta.url);
  // With --enable-source-maps the ES module bundle runs: its stack traces map to src/.
  const direct = typeof module.enableCompileCache === 'function' || process.env.NODE_DISABLE_COMPILE_CACHE || process.sourceMapsEnabled;
  if (!direct && existsSync(script) && existsSync(loader)) {
    try {
      const { loadWithCodeCache } = await import(loader.href);
      // Help and the version compile little of any command: they have a cache of their own.
      const help = process.argv.slice(2).some((a) => a === '--help' || a === '-h' || a === '--version' || a === '-v');
      return loadWithCodeCache(fileURLToPath(script), help ? 'help' : process.argv[2]);
    } catch {
      // An unreadable or damaged script (a broken install) costs only speed: the ES module bundle runs.
    }
  }
  // The CLI bundle (scripts/compile.mjs) loads a few files instead of hundreds of modules; a
  // checkout compiled by an older compile script has only the one-file-per-module build.
  const bundle = new URL('../dist/bundle/main.js', import.meta.url);
  const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/cli/main.js');
  return { main, save: none };
}
