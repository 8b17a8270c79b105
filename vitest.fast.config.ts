import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:fast`: the suite without the files whose name says they are slow. A test file is fast
 * unless its name ends in `.browser.test.ts` (drives Chromium) or `.slow.test.ts` (load tests,
 * time-budgeted fuzzing, large generated inputs, npm installs, tsc runs); `npm test` runs every file.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [...configDefaults.exclude, '**/*.browser.test.ts', '**/*.slow.test.ts'],
      // Vitest's default is one worker per core but one; on a 2-core machine that is a single file at
      // a time, while most whole-site tests wait on a child process, a server or the card workers.
      // Measured on the idle 2-core machine: 2 workers 84.9 s of vitest, 3 workers 73.3 s.
      maxWorkers: 3,
      // Files share one module cache per worker: the pipeline, its grammars and the CLI bundle load
      // once per worker, not once per file (summed import time 163 s -> 32 s in one measured run).
      isolate: false,
      // Read by test/helpers/browser.ts: browser tests inside fast files skip.
      env: { CASEBOOK_TEST_FAST: '1' },
    },
  }),
);
