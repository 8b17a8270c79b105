import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers/cli.js';
import { KIND_ORDER, mutate, prng, type SiteFiles } from './helpers/mutate-site.js';

/** Runs `casebook build` on a site written from `files`; resolves with its exit code, signal and stderr. */
async function buildMutated(
  files: SiteFiles,
  skip: string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; timedOut: boolean }> {
  const dir = await mkdtemp(join(tmpdir(), 'casebook-fuzz-'));
  try {
    for (const [rel, data] of files) {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await writeFile(join(dir, rel), data);
    }
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'build', dir, '--quiet', '--no-cache', ...skip], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      // A build still running after 25 s on a loaded machine is stopped and counted as slow, not as a crash.
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, 25_000);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stderr, timedOut });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('fuzzing the CLI over mutated sites', () => {
  const SEED = Number(process.env.CASEBOOK_FUZZ_SEED ?? 20261205);
  const RUNS = Number(process.env.CASEBOOK_FUZZ_RUNS ?? 60);
  // Stops starting builds after this long, so a loaded machine keeps the test bounded.
  const BUDGET_MS = 15_000;

  it(`seed ${SEED}: every build exits 0, or 1 with a CB code; never 70, never a signal`, async () => {
    const r = prng(SEED);
    const mutations = Array.from({ length: RUNS }, (_, i) => mutate(r, KIND_ORDER[i % KIND_ORDER.length]));
    const started = Date.now();
    const failures: string[] = [];
    let next = 0;
    let ran = 0;
    const slow: string[] = [];
    const worker = async () => {
      while (next < mutations.length && Date.now() - started < BUDGET_MS) {
        const i = next++;
        const m = mutations[i]!;
        // Social cards and the search index on every eighth build: they are the slow part.
        const { code, signal, stderr, timedOut } = await buildMutated(m.files, i % 8 === 0 ? [] : ['--skip', 'og,search']);
        if (timedOut) {
          slow.push(m.name);
          continue;
        }
        ran++;
        const ok = signal === null && (code === 0 || (code === 1 && /\bCB\d{4}\b/.test(stderr))) && !/internal error/.test(stderr);
        if (!ok) failures.push(`${m.name}: exit ${code} signal ${signal}\n${stderr.slice(0, 600)}`);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    console.log(
      `fuzz: ${ran} of ${RUNS} mutations built in ${((Date.now() - started) / 1000).toFixed(1)} s${slow.length ? `; stopped as slow: ${slow.join(', ')}` : ''}`,
    );
    expect(failures).toEqual([]);
    // The first mutations always run, however slow the machine (a test that built nothing proves nothing).
    expect(ran).toBeGreaterThanOrEqual(Math.min(RUNS, 3));
  }, 60_000);
});
