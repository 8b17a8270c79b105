import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyInside, openInside, readInside } from './open-inside.js';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});

/** A site folder with a file, a link to it and a folder, and a secret beside the site. */
async function fixture(): Promise<{ root: string; site: string; real: string }> {
  const root = await mkdtemp(join(tmpdir(), 'cb-inside-'));
  dirs.push(root);
  const site = join(root, 'site');
  await mkdir(join(site, 'static/sub'), { recursive: true });
  await writeFile(join(site, 'static/a.txt'), 'inside');
  await symlink('a.txt', join(site, 'static/linked.txt'));
  await writeFile(join(root, 'secret.txt'), 'outside');
  return { root, site, real: realpathSync(site) };
}

describe('openInside, readInside, copyInside', () => {
  it('read and copy a file of the site, also through a link that stays in it, a megabyte at a time', async () => {
    const { site, real } = await fixture();
    expect(readInside(join(site, 'static/a.txt'), real).toString()).toBe('inside');
    expect(readInside(join(site, 'static/linked.txt'), real).toString()).toBe('inside');
    const big = Buffer.alloc(3 * (1 << 20) + 5, 7);
    await writeFile(join(site, 'static/big.bin'), big);
    copyInside(join(site, 'static/big.bin'), join(site, 'copy.bin'), real);
    expect(readFileSync(join(site, 'copy.bin')).equals(big)).toBe(true);
    closeSync(openInside(join(site, 'static/a.txt'), real));
  });

  it('read a file whose name ends as the kernel marks a removed one (" (deleted)"), and refuse one out of the site by that name too', async () => {
    const { root, site, real } = await fixture();
    await writeFile(join(site, 'static/notes (deleted)'), 'kept');
    expect(readInside(join(site, 'static/notes (deleted)'), real).toString()).toBe('kept');
    await writeFile(join(root, 'gone (deleted)'), 'outside');
    await symlink(join(root, 'gone (deleted)'), join(site, 'static/away.txt'));
    expect(() => readInside(join(site, 'static/away.txt'), real)).toThrow(expect.objectContaining({ code: 'EOUTSIDE' }));
  });

  it('refuse a link to a folder beside the site whose name is not UTF-8 where the site has U+FFFD', async () => {
    // Node reads a path that is not UTF-8 with U+FFFD in place of the bad byte: the outside
    // folder `…-\xff` must not pass for the site folder `…-\u{FFFD}`.
    const root = await mkdtemp(join(tmpdir(), 'cb-inside-'));
    dirs.push(root);
    const site = join(root, 'site-\uFFFD');
    await mkdir(site);
    const outside = Buffer.concat([Buffer.from(`${root}/site-`), Buffer.from([0xff])]);
    mkdirSync(outside);
    writeFileSync(Buffer.concat([outside, Buffer.from('/secret.md')]), 'outside');
    symlinkSync(Buffer.concat([outside, Buffer.from('/secret.md')]), join(site, 'evil.md'));
    await writeFile(join(site, 'own.md'), 'inside');
    const real = realpathSync(site);
    expect(readInside(join(site, 'own.md'), real).toString()).toBe('inside');
    expect(() => readInside(join(site, 'evil.md'), real)).toThrow();
    rmSync(outside, { recursive: true });
  });

  it('refuse a file swapped for a link out of the site, or reached through a folder swapped for one (EOUTSIDE), and write nothing', async () => {
    const { root, site, real } = await fixture();
    await rm(join(site, 'static/a.txt'));
    await symlink(join(root, 'secret.txt'), join(site, 'static/a.txt'));
    expect(() => readInside(join(site, 'static/a.txt'), real)).toThrow(expect.objectContaining({ code: 'EOUTSIDE', path: join(site, 'static/a.txt') }));
    expect(() => copyInside(join(site, 'static/a.txt'), join(site, 'out.txt'), real)).toThrow(expect.objectContaining({ code: 'EOUTSIDE' }));
    expect(existsSync(join(site, 'out.txt'))).toBe(false);
    await rm(join(site, 'static/sub'), { recursive: true });
    await symlink(root, join(site, 'static/sub'));
    expect(() => readInside(join(site, 'static/sub/secret.txt'), real)).toThrow(expect.objectContaining({ code: 'EOUTSIDE' }));
  });

  it('refuse what is not a regular file any more (ECHANGED), without hanging on a FIFO', async () => {
    const { site, real } = await fixture();
    expect(() => readInside(join(site, 'static/sub'), real)).toThrow(expect.objectContaining({ code: 'ECHANGED' }));
    execFileSync('mkfifo', [join(site, 'static/pipe')]);
    expect(() => readInside(join(site, 'static/pipe'), real)).toThrow(expect.objectContaining({ code: 'ECHANGED' }));
    // Gone: the file system's own error, which the build reports as before.
    expect(() => readInside(join(site, 'static/none.txt'), real)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
