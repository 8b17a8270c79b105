import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
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
