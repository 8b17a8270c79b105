import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from './helpers/cli.js';
import { snapshot } from './helpers/output.js';
import { tempDir } from './helpers/temp-dir.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

/** The build's warnings and errors, without the lines that differ from run to run (timings, thread counts). */
const reported = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => !/^\s+(config|discover|parse|markdown|model|render|emit|write)\b|^Built |bodies rendered/.test(l))
    .join('\n');

describe("bodies of another tool's site on the Markdown workers", () => {
  // Link tags to other posts, shortcodes of the site and its theme, Liquid includes, static and bundle images.
  it.each(['kept/hugo', 'kept/jekyll', 'foreign/zola'])(
    '%s: the same site and warnings as rendered on the main thread',
    async (fixture) => {
      const site = tempDir('casebook-foreign-pool-');
      await cp(join(FIXTURES, fixture), site, { recursive: true });
      const args = (out: string) => ['build', site, '--out', join(site, out), '--no-cache', '--skip', 'og,search', '--verbose'];
      const here = await spawnCli(args('_here'), { CASEBOOK_THREADS: '1' });
      // The pool from one body on, on two threads: every body but this thread's share renders on the worker.
      const pooled = await spawnCli(args('_pooled'), { CASEBOOK_THREADS: '2', CASEBOOK_POOL_BODIES: '1' });
      expect(here.code, here.stderr).toBe(0);
      expect(pooled.code, pooled.stderr).toBe(0);
      expect(here.stdout).toContain('on 1 thread');
      expect(pooled.stdout).toContain('on 2 threads');
      expect(reported(pooled.stderr)).toBe(reported(here.stderr));
      expect(await snapshot(join(site, '_pooled'))).toEqual(await snapshot(join(site, '_here')));
    },
    60_000,
  );
});
