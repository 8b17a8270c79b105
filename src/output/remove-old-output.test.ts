import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeOldOutput } from './remove-old-output.js';
import { writeOutputMarker } from './output-marker.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A folder like an old output: pages in nested folders, and the marker unless `marked` is false. */
function oldOutput(marked = true): string {
  const root = mkdtempSync(join(tmpdir(), 'casebook-old-'));
  dirs.push(root);
  const dir = join(root, 'out.casebook-old-1-1');
  for (let i = 0; i < 50; i++) {
    mkdirSync(join(dir, `writing/p${i}`), { recursive: true });
    writeFileSync(join(dir, `writing/p${i}/index.html`), `<p>${i}</p>`);
  }
  if (marked) writeOutputMarker(dir);
  return dir;
}

async function gone(path: string): Promise<boolean> {
  for (let i = 0; i < 100 && existsSync(path); i++) await new Promise((r) => setTimeout(r, 50));
  return !existsSync(path);
}

describe('removeOldOutput', () => {
  it('deletes a marked folder, here or in the background', async () => {
    const now = oldOutput();
    removeOldOutput(now, false);
    expect(existsSync(now)).toBe(false);
    const later = oldOutput();
    removeOldOutput(later, true);
    expect(await gone(later)).toBe(true);
  });

  it('never deletes a folder without the marker', async () => {
    for (const background of [false, true]) {
      const dir = oldOutput(false);
      removeOldOutput(dir, background);
      await new Promise((r) => setTimeout(r, 300));
      expect(existsSync(join(dir, 'writing/p49/index.html'))).toBe(true);
    }
  });
});
