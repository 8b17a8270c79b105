import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeOldOutput } from './remove-old-output.js';
import { OUTPUT_MARKER, writeOutputMarker } from './output-marker.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A folder like an old output: pages in nested folders, and the marker unless `marked` is false. */
function oldOutput(marked = true, pages = 50): string {
  const root = mkdtempSync(join(tmpdir(), 'casebook-old-'));
  dirs.push(root);
  const dir = join(root, 'out.casebook-old-1-1');
  for (let i = 0; i < pages; i++) {
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

  it('deletes a small output before it returns, and hands a large one to a process that deletes the marker last', async () => {
    // A folder outside, linked from inside: the links go, never what they lead to.
    const outside = mkdtempSync(join(tmpdir(), 'casebook-outside-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'keep.txt'), 'keep');
    const small = oldOutput();
    symlinkSync(outside, join(small, 'writing/p0/outside'));
    symlinkSync(outside, join(small, 'outside'));
    removeOldOutput(small, true);
    expect(existsSync(small)).toBe(false);
    // 1,200 pages: 2,400 entries, more than the build deletes itself.
    const large = oldOutput(true, 1200);
    symlinkSync(outside, join(large, 'writing/p0/outside'));
    removeOldOutput(large, true);
    // Part of it may be gone already; the marker is not while anything else is left.
    const left = existsSync(large) ? readdirSync(large) : [];
    if (left.length) expect(left).toContain(OUTPUT_MARKER);
    expect(await gone(large)).toBe(true);
    expect(readdirSync(outside)).toEqual(['keep.txt']);
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
