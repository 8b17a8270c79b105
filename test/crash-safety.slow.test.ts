import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedSite } from '../bench/generate.js';
import { BIN, runCli } from './helpers/cli.js';
import { snapshot } from './helpers/output.js';
import { writeSite } from './helpers/site.js';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const s = await writeSite('-- .keep --\n');
  dir = s.dir;
  cleanup = s.cleanup;
  await writeGeneratedSite(dir, 400);
});
afterAll(async () => cleanup());

/** Starts a build and SIGKILLs it after `ms`, as a power cut or OOM killer would. */
function killAfter(ms: number, out: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'build', dir, '--out', out, '--quiet', '--skip', 'og,search'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('a killed build', () => {
  it('leaves the previous output byte-for-byte intact at any moment, and the next build cleans up', async () => {
    const out = join(dir, 'public');
    expect((await runCli(['build', dir, '--out', out, '--quiet', '--skip', 'og,search'])).code).toBe(0);
    const before = await snapshot(out);
    // Kill points spread over the whole build: parsing, rendering, writing and the swap.
    for (const ms of [60, 150, 250, 350, 450, 550, 700, 900]) {
      await killAfter(ms, out);
      const now = existsSync(out) ? await snapshot(out) : undefined;
      // Either the previous build, or (if the kill came after the swap) a complete new one,
      // which is byte-identical because the input did not change.
      if (now) expect(now).toEqual(before);
      else {
        // Killed between the two renames: the previous output waits beside it to be restored.
        expect((await readdir(dirname(out))).some((e) => e.startsWith('public.casebook-old-'))).toBe(true);
      }
    }
    expect((await runCli(['build', dir, '--out', out, '--quiet', '--skip', 'og,search'])).code).toBe(0);
    expect(await snapshot(out)).toEqual(before);
    const leftovers = (await readdir(dirname(out))).filter((e) => e.includes('.casebook-'));
    expect(leftovers).toEqual([]);
  });

  it('after an edit, killed while it updates the output in place, leaves every file whole and the next build repairs the rest', async () => {
    const out = join(dir, 'patched');
    expect((await runCli(['build', dir, '--out', out, '--quiet', '--skip', 'og,search'])).code).toBe(0);
    const post = join(dir, 'content/writing', (await readdir(join(dir, 'content/writing'))).sort().pop()!);
    const text = await readFile(post, 'utf8');
    for (const [i, ms] of [150, 250, 350, 450, 550, 700].entries()) {
      await writeFile(post, `${text}\nEdit number ${i}.\n`);
      await killAfter(ms, out);
      // No page is ever cut short: each file is the old one or the new one.
      for (const page of (await readdir(out, { recursive: true })).filter((f) => f.endsWith('.html')))
        expect(await readFile(join(out, page), 'utf8')).toMatch(/<\/html>\s*$/);
    }
    expect((await runCli(['build', dir, '--out', out, '--quiet', '--skip', 'og,search'])).code).toBe(0);
    const clean = join(dir, 'clean');
    expect((await runCli(['build', dir, '--out', clean, '--quiet', '--skip', 'og,search', '--no-cache'])).code).toBe(0);
    expect(await snapshot(out)).toEqual(await snapshot(clean));
    expect((await readdir(out, { recursive: true })).filter((f) => f.includes('.casebook-tmp'))).toEqual([]);
    await writeFile(post, text);
  });
});
