import { mkdtemp, mkdir, readdir, writeFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * Writes a whole fixture site from one string in txtar style (as Hugo's integration tests do):
 *   -- content/writing/a.md --
 *   ---
 *   title: A
 *   ---
 * Returns the folder; `cleanup` removes it.
 */
export async function writeSite(txtar: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'casebook-site-'));
  await addFiles(dir, txtar);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function addFiles(dir: string, txtar: string): Promise<void> {
  const parts = txtar.split(/^-- (.+?) --$/m);
  for (let i = 1; i < parts.length; i += 2) {
    const file = join(dir, parts[i]!.trim());
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, parts[i + 1]!.replace(/^\n/, ''));
  }
}

/** `site(txtar)` for a test file: every site it writes is removed after each test. */
export function useTempSites(): (txtar: string) => Promise<string> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return async (txtar) => {
    const s = await writeSite(txtar);
    cleanups.push(s.cleanup);
    return s.dir;
  };
}

/**
 * Dates every input file and folder of a site an hour back, as they are when a build runs long
 * after the last save (a stamp taken within the file clock's tick of a save is not trusted).
 * Output and cache folders are left alone.
 */
export async function ageInputs(dir: string): Promise<void> {
  const past = new Date(Date.now() - 3600_000);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (/^(dist|elsewhere|\.casebook)/.test(e.name)) continue;
    if (e.isDirectory()) await ageInputs(p);
    else await utimes(p, past, past);
  }
  await utimes(dir, past, past);
}
