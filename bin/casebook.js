#!/usr/bin/env node
import module from 'node:module';
import { existsSync } from 'node:fs';

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

if (answered !== undefined) process.exitCode = answered;
else {
  // The CLI bundle (scripts/compile.mjs) loads a few files instead of hundreds of modules; a
  // checkout compiled by an older compile script has only the one-file-per-module build.
  const bundle = new URL('../dist/bundle/main.js', import.meta.url);
  const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/cli/main.js');

  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`casebook: internal error: ${err?.stack ? err.stack : err}\n`);
      process.exitCode = 70;
    },
  );
}
