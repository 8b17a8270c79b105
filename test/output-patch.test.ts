import { existsSync, readdirSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, rename, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildUnlessUpToDate } from '../src/pipeline/build-command.js';
import { build } from '../src/pipeline/index.js';
import { snapshot } from './helpers/output.js';
import { addFiles, ageInputs, useTempSites } from './helpers/site.js';

const site = useTempSites();

const post = (slug: string, title: string, body: string, day = 1) =>
  `-- content/writing/${slug}.md --\n---\ntitle: ${title}\ndate: 2024-01-0${day}\ntags: [ops]\n---\n${body}\n`;

const SITE = `-- casebook.config.yaml --\nbaseUrl: https://patch.example.com/\n${post('a', 'Alpha', 'First post.')}${post('b', 'Bravo', 'Second post.', 2)}${post('c', 'Charlie', 'Third post.', 3)}`;

const opts = (dir: string, extra: object = {}) => ({ site: dir, skip: ['og', 'search'] as ('og' | 'search')[], ...extra });

/** The output's siblings a swap would leave or use: `<out>.casebook-(tmp|old)-*`. */
const siblings = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('dist.casebook-'));

describe('a rebuild that reuses pages updates the output in place', () => {
  it('writes only what changed, in the same folder, and ends byte-identical to a clean build', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    const out = join(dir, 'dist');
    const folder = (await stat(out)).ino;
    const untouched = (await stat(join(out, 'writing/a/index.html'))).ino;
    // Below the first paragraph: lists and neighbours show the summary, which stays the same.
    await addFiles(dir, post('b', 'Bravo', 'Second post.\n\nNow longer.', 2));
    const r = await build(opts(dir));
    expect(r.rendered).toContain('writing/b/');
    expect(r.rendered).not.toContain('writing/a/');
    // Same folder, the unchanged page the very same file; nothing beside the output.
    expect((await stat(out)).ino).toBe(folder);
    expect((await stat(join(out, 'writing/a/index.html'))).ino).toBe(untouched);
    expect(siblings(dir)).toEqual([]);
    expect(await readFile(join(out, 'writing/b/index.html'), 'utf8')).toContain('Now longer.');
    const scratch = await mkdtemp(join(tmpdir(), 'casebook-patch-'));
    await build(opts(dir, { out: join(scratch, 'out'), noCache: true }));
    expect(await snapshot(out)).toEqual(await snapshot(join(scratch, 'out')));
    await rm(scratch, { recursive: true, force: true });
  });

  it('deletes the pages of a removed post, stray files and leftovers of a killed patch, and keeps .git, CNAME and .nojekyll', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    const out = join(dir, 'dist');
    await mkdir(join(out, '.git'));
    await writeFile(join(out, '.git/HEAD'), 'ref: refs/heads/gh-pages\n');
    await writeFile(join(out, 'CNAME'), 'patch.example.com\n');
    await writeFile(join(out, 'stray.txt'), 'dropped here by hand');
    await writeFile(join(out, 'writing/a/index.html.casebook-tmp-99999'), 'half a page');
    await rm(join(dir, 'content/writing/c.md'));
    await build(opts(dir));
    expect(existsSync(join(out, 'writing/c'))).toBe(false);
    expect(existsSync(join(out, 'stray.txt'))).toBe(false);
    expect(existsSync(join(out, 'writing/a/index.html.casebook-tmp-99999'))).toBe(false);
    expect(await readFile(join(out, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/gh-pages\n');
    expect(await readFile(join(out, 'CNAME'), 'utf8')).toBe('patch.example.com\n');
    expect(await readFile(join(out, 'writing/index.html'), 'utf8')).not.toContain('Charlie');
  });

  it('leaves the output exactly as it was when the build fails', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    const out = join(dir, 'dist');
    const before = await snapshot(out);
    await addFiles(dir, post('b', 'Bravo', 'Edited.', 2) + '-- content/writing/d.md --\n---\ntitle: [unclosed\n---\nBroken.\n');
    await expect(build(opts(dir))).rejects.toMatchObject({ errors: [expect.objectContaining({ code: 'CB1001' })] });
    expect(await snapshot(out)).toEqual(before);
  });

  it('never writes through a folder of the output replaced by a link: the build swaps in a new folder instead', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    const out = join(dir, 'dist');
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'keep.txt'), 'mine');
    await rm(join(out, 'writing/b'), { recursive: true });
    await symlink(elsewhere, join(out, 'writing/b'));
    await addFiles(dir, post('b', 'Bravo', 'Edited again.', 2));
    await build(opts(dir));
    expect(readdirSync(elsewhere)).toEqual(['keep.txt']);
    expect((await stat(join(out, 'writing/b'))).isDirectory()).toBe(true);
    expect(await readFile(join(out, 'writing/b/index.html'), 'utf8')).toContain('Edited again.');

    // An unchanged page's folder moved out and linked back: the page is still the same file, but
    // the link is neither deleted with what it points at nor kept as part of the output.
    const moved = join(dir, 'moved-a');
    await rename(join(out, 'writing/a'), moved);
    await symlink(moved, join(out, 'writing/a'));
    await addFiles(dir, post('b', 'Bravo', 'Edited a third time.', 2));
    await build(opts(dir));
    expect(readdirSync(moved)).toEqual(['index.html']);
    expect((await lstat(join(out, 'writing/a'))).isDirectory()).toBe(true);
    expect(await readFile(join(out, 'writing/a/index.html'), 'utf8')).toContain('First post.');
  });
});

describe('a rebuild run as casebook build (up-to-date check first, its stamp then recorded)', () => {
  /** As `casebook build` runs: the check first, whose stamp the build then uses and records. */
  const checked = async (dir: string, extra: object = {}) => {
    await ageInputs(dir);
    const r = await buildUnlessUpToDate(opts(dir, extra));
    expect(r.upToDate).toBe(false);
  };
  const sameAsClean = async (dir: string) => {
    const scratch = await mkdtemp(join(tmpdir(), 'casebook-patch-'));
    await build(opts(dir, { out: join(scratch, 'out'), noCache: true }));
    expect(await snapshot(join(dir, 'dist'))).toEqual(await snapshot(join(scratch, 'out')));
    await rm(scratch, { recursive: true, force: true });
  };

  it("removes a deleted post's pages and a stray file, also after a --no-cache build in between", async () => {
    const dir = await site(SITE);
    await checked(dir);
    const out = join(dir, 'dist');
    await rm(join(dir, 'content/writing/c.md'));
    await checked(dir);
    expect(existsSync(join(out, 'writing/c'))).toBe(false);
    // A --no-cache build replaces the output and records no stamp; the builds after it still patch right.
    await addFiles(dir, post('b', 'Bravo', 'Second post.\n\nNow longer.', 2));
    await checked(dir, { noCache: true });
    for (const n of [1, 2]) {
      await addFiles(dir, post('a', 'Alpha', `First post.\n\nEdit ${n}.`));
      await writeFile(join(out, 'writing/a/stray.html'), 'by hand');
      await checked(dir);
      expect(existsSync(join(out, 'writing/a/stray.html'))).toBe(false);
      await sameAsClean(dir);
    }
  });

  it("never writes through a link put in the output, even with its folder's time set back", async () => {
    const dir = await site(SITE);
    await checked(dir);
    const out = join(dir, 'dist');
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'keep.txt'), 'mine');
    const before = await stat(join(out, 'writing'));
    await symlink(elsewhere, join(out, 'writing/d'));
    await utimes(join(out, 'writing'), before.atime, before.mtime);
    await addFiles(dir, post('d', 'Delta', 'A new post where the link is.', 4));
    await checked(dir);
    expect(readdirSync(elsewhere)).toEqual(['keep.txt']);
    expect((await lstat(join(out, 'writing/d'))).isDirectory()).toBe(true);
    expect(await readFile(join(out, 'writing/d/index.html'), 'utf8')).toContain('A new post where the link is.');
  });
});
