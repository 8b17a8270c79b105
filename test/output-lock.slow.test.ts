// Two or three builds into one output folder, on a 400-post site so that each build holds the lock
// long enough to be overtaken or killed. The lock's quick cases (a live holder, a stale one) are in
// output-safety.test.ts.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedSite } from '../bench/generate.js';
import { BIN, runCli, spawnCli } from './helpers/cli.js';
import { snapshot } from './helpers/output.js';
import { writeSite } from './helpers/site.js';

const FAST = ['--quiet', '--skip', 'og,search'];

/** Leftovers of a build beside `out`: temporary and old folders, the lock. */
async function siblings(parent: string): Promise<string[]> {
  return (await readdir(parent)).filter((e) => e.includes('.casebook-')).sort();
}

async function waitFor(ok: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('builds into one folder at the same time', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let reference: Map<string, string>;

  beforeAll(async () => {
    const s = await writeSite('-- casebook.config.yaml --\nbaseUrl: https://many.example.com/\n');
    dir = s.dir;
    cleanup = s.cleanup;
    await writeGeneratedSite(dir, 400);
    expect((await runCli(['build', dir, '--out', join(dir, 'reference'), ...FAST, '--no-cache'])).code).toBe(0);
    reference = await snapshot(join(dir, 'reference'));
  }, 120_000);
  afterAll(async () => cleanup());

  it('three concurrent builds all exit 0, one after another, and the output is the complete site', async () => {
    const out = join(dir, 'public');
    // Staggered, so later builds reach the output while earlier ones write it or swap it in.
    const runs = await Promise.all(
      [0, 400, 800].map(async (delay) => {
        await new Promise((r) => setTimeout(r, delay));
        return spawnCli(['build', dir, '--out', out, '--skip', 'og,search', '--no-cache']);
      }),
    );
    for (const r of runs) {
      expect(r.stderr).not.toContain('internal error');
      expect(r.code).toBe(0);
    }
    expect(runs.filter((r) => r.stderr.includes('Another build is writing to the output folder')).length).toBeGreaterThanOrEqual(1);
    expect(await snapshot(out)).toEqual(reference);
    await waitFor(async () => (await siblings(dir)).length === 0);
  }, 120_000);

  it('a build SIGKILLed while holding the lock does not block the next one', async () => {
    const out = join(dir, 'killed');
    const child = spawn(process.execPath, [BIN, 'build', dir, '--out', out, ...FAST, '--no-cache'], { stdio: 'ignore' });
    const lock = `${out}.casebook-lock`;
    await waitFor(async () => existsSync(lock));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: child.pid, host: hostname() });
    // With a 3 s wait, a lock taken for live would fail the build with CB4012.
    const next = await spawnCli(['build', dir, '--out', out, ...FAST, '--no-cache'], { CASEBOOK_LOCK_TIMEOUT: '3' });
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(await snapshot(out)).toEqual(reference);
  }, 60_000);
});
