import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeOldOutput } from './remove-old-output.js';
import { OUTPUT_MARKER, writeOutputMarker } from './output-marker.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

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

/** What is left under `dir` (sorted site paths) once deleting has stopped for half a second. */
async function leftWith(dir: string): Promise<string[]> {
  // A recursive listing fails when a folder goes between reading its parent and reading it: the
  // removal is still under way, so that counts as a change.
  const list = () => {
    try {
      return (readdirSync(dir, { recursive: true }) as string[]).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      return [`(changing: ${Math.random()})`];
    }
  };
  let before = list();
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = list();
    if (now.join('\0') === before.join('\0') && i > 1) return now;
    before = now;
  }
  return before;
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
    const outside = tempDir('casebook-outside-');
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

  it('never deletes through a folder swapped for a link while it deletes, here or in the background', async () => {
    const victim = mkdtempSync(join(tmpdir(), 'casebook-victim-'));
    dirs.push(victim);
    for (let i = 0; i < 5; i++) writeFileSync(join(victim, `precious-${i}.txt`), 'keep');
    for (const background of [true, false]) {
      const dir = oldOutput();
      // After the first folder is deleted, every folder not yet reached becomes a link to `victim`.
      const rmdir = fs.rmdirSync;
      let swapped = false;
      fs.rmdirSync = ((path: fs.PathLike) => {
        rmdir(path);
        if (swapped) return;
        swapped = true;
        for (const name of readdirSync(join(dir, 'writing'))) {
          rmSync(join(dir, 'writing', name), { recursive: true });
          symlinkSync(victim, join(dir, 'writing', name));
        }
      }) as typeof fs.rmdirSync;
      syncBuiltinESMExports();
      let failed = false;
      try {
        removeOldOutput(dir, background);
      } catch {
        failed = true;
      } finally {
        fs.rmdirSync = rmdir;
        syncBuiltinESMExports();
      }
      expect(swapped).toBe(true);
      if (background) expect(await gone(dir)).toBe(true);
      // Here (recover()'s way), the removal stops at the link and leaves the folder marked for the next build.
      else expect([failed, existsSync(join(dir, OUTPUT_MARKER))]).toEqual([true, true]);
      expect(readdirSync(victim).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `precious-${i}.txt`));
    }
  });

  it('never deletes a folder without the marker, nor one whose marker is a link to another', async () => {
    const real = oldOutput();
    for (const [background, linked] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const dir = oldOutput(false);
      if (linked) symlinkSync(join(real, OUTPUT_MARKER), join(dir, OUTPUT_MARKER));
      removeOldOutput(dir, background);
      await new Promise((r) => setTimeout(r, 300));
      expect(existsSync(join(dir, 'writing/p49/index.html'))).toBe(true);
    }
  });

  it('keeps the marker when part of the old output cannot be deleted, in the background', async () => {
    // An `rm` that cannot delete what is under a folder named "stuck", as rm fails on a read-only
    // folder or an immutable file: it deletes the rest and fails.
    const bin = mkdtempSync(join(tmpdir(), 'casebook-rm-'));
    dirs.push(bin);
    writeFileSync(
      join(bin, 'rm'),
      `#!/bin/sh\nfail=0\nfor a; do case "$a" in -*) ;; *) find "$a" -depth ! -path '*stuck*' -exec /bin/rm -df -- {} + 2>/dev/null; [ -e "$a" ] && fail=1;; esac; done\nexit $fail\n`,
      { mode: 0o755 },
    );
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const dir = oldOutput();
      mkdirSync(join(dir, 'writing/stuck'));
      writeFileSync(join(dir, 'writing/stuck/index.html'), 'kept');
      // 2,000 entries expected: handed straight to the background process.
      removeOldOutput(dir, true, 2000);
      expect(await leftWith(dir)).toEqual([OUTPUT_MARKER, 'writing', 'writing/stuck', 'writing/stuck/index.html']);
    } finally {
      process.env.PATH = path;
    }
  });

  it('keeps the marker when the build cannot delete all of a small old output (an immutable file, where chattr works)', async () => {
    const dir = oldOutput();
    const stuck = join(dir, 'writing/p7/index.html');
    if (spawnSync('chattr', ['+i', stuck]).status !== 0) return; // Not root, or a file system without the flag.
    try {
      removeOldOutput(dir, true);
      expect(await leftWith(dir)).toEqual([OUTPUT_MARKER, 'writing', 'writing/p7', 'writing/p7/index.html']);
    } finally {
      spawnSync('chattr', ['-i', stuck]);
    }
  });
});
