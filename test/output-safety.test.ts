import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, type RunResult } from './helpers/cli.js';
import { snapshot } from './helpers/output.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();
const FAST = ['--quiet', '--skip', 'og,search'];

const SMALL = `-- casebook.config.yaml --
title: Safety
baseUrl: https://safety.example.com/
-- content/writing/2024-01-01-first.md --
---
title: First
---
Hello.
-- content/posts/2024-02-01-second.md --
---
title: Second
---
World.
-- static/robots-extra.txt --
extra
`;

function build(dir: string, ...args: string[]): Promise<RunResult> {
  return runCli(['build', dir, ...FAST, ...args]);
}

/** Leftovers of a build beside `out`: temporary and old folders, the lock. */
async function siblings(parent: string): Promise<string[]> {
  return (await readdir(parent)).filter((e) => e.includes('.casebook-')).sort();
}

describe('--out only replaces a folder Casebook made', () => {
  it('refuses a non-empty folder it did not write (CB4010, exit 1, files intact); --replace-out takes it once', async () => {
    const dir = await site(SMALL);
    const out = join(dir, 'notes');
    await mkdir(out);
    await writeFile(join(out, 'todo.txt'), 'my notes');
    const refused = await build(dir, '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error CB4010: Output folder holds files Casebook did not write');
    expect(refused.stderr).toContain('todo.txt');
    expect(refused.stderr).toContain('--replace-out');
    expect(await readFile(join(out, 'todo.txt'), 'utf8')).toBe('my notes');
    expect(await readdir(out)).toEqual(['todo.txt']);

    const forced = await build(dir, '--out', out, '--replace-out');
    expect(forced.code).toBe(0);
    expect(existsSync(join(out, 'todo.txt'))).toBe(false);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(readFileSync(join(out, '.casebook-output'), 'utf8')).toContain('casebook build');
    // From now on the folder is Casebook's: no flag needed.
    expect((await build(dir, '--out', out, '--base-url', 'https://other.example.com/')).code).toBe(0);
  });

  it('refuses an output folder replaced by a link to a folder of other files, at the output or a folder above it', async () => {
    const dir = await site(SMALL);
    expect((await build(dir)).code).toBe(0);
    const elsewhere = await mkdtemp(join(tmpdir(), 'casebook-elsewhere-'));
    await writeFile(join(elsewhere, 'keep.txt'), 'mine');
    await rm(join(dir, 'dist'), { recursive: true });
    await symlink(elsewhere, join(dir, 'dist'));
    for (const extra of [[], ['--no-cache']]) {
      const r = await build(dir, ...extra);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error CB4010');
      expect(await readdir(elsewhere)).toEqual(['keep.txt']);
    }
    // A link one folder up: `--out <dir>/up/dist` built, then `up` pointed at someone else's folder.
    const up = await mkdtemp(join(tmpdir(), 'casebook-up-'));
    await mkdir(join(up, 'dist'));
    await writeFile(join(up, 'dist/keep.txt'), 'mine');
    expect((await build(dir, '--out', join(dir, 'up/dist'))).code).toBe(0);
    await rm(join(dir, 'up'), { recursive: true });
    await symlink(up, join(dir, 'up'));
    const r = await build(dir, '--out', join(dir, 'up/dist'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error CB4010');
    expect(await readdir(join(up, 'dist'))).toEqual(['keep.txt']);
    await rm(elsewhere, { recursive: true, force: true });
    await rm(up, { recursive: true, force: true });
  });

  it("never takes a record in the site's cache as proof that a folder is its output (a cloned site can forge one)", async () => {
    const victim = await mkdtemp(join(tmpdir(), 'casebook-victim-'));
    await writeFile(join(victim, 'keep.txt'), 'mine');
    const dir = await site(SMALL);
    await mkdir(join(dir, '.casebook/cache'), { recursive: true });
    await writeFile(join(dir, '.casebook/cache/pages.json'), JSON.stringify({ outDir: victim }));
    await writeFile(join(dir, '.casebook/cache/build-stamp.json'), JSON.stringify({ request: JSON.stringify({ outDir: victim }) }));
    for (const extra of [[], ['--no-cache']]) {
      const r = await build(dir, '--out', victim, ...extra);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error CB4010');
      expect(await readdir(victim)).toEqual(['keep.txt']);
    }
    await rm(victim, { recursive: true, force: true });
  });

  it('builds into an empty folder and into a new one, and writes the marker into both', async () => {
    const dir = await site(SMALL);
    await mkdir(join(dir, 'empty'));
    expect((await build(dir, '--out', join(dir, 'empty'))).code).toBe(0);
    expect((await build(dir, '--out', join(dir, 'new/deep/out'))).code).toBe(0);
    for (const out of ['empty', 'new/deep/out']) {
      expect(existsSync(join(dir, out, 'index.html'))).toBe(true);
      expect(existsSync(join(dir, out, '.casebook-output'))).toBe(true);
    }
  });

  it('recognises an output of an older Casebook (no marker) by its pages, but not a look-alike folder', async () => {
    const dir = await site(SMALL);
    const out = join(dir, 'dist');
    expect((await build(dir)).code).toBe(0);
    await rm(join(out, '.casebook-output'));
    await rm(join(dir, '.casebook'), { recursive: true }); // No cache record either: only the pages say it.
    const again = await build(dir, '--base-url', 'https://b.example.com/');
    expect(again.code).toBe(0);
    expect(existsSync(join(out, '.casebook-output'))).toBe(true);

    const lookalike = join(dir, 'public');
    await mkdir(lookalike);
    await writeFile(join(lookalike, 'index.html'), '<!doctype html><meta name="generator" content="Hugo 0.120">');
    expect((await build(dir, '--out', lookalike)).code).toBe(1);
    expect(await readFile(join(lookalike, 'index.html'), 'utf8')).toContain('Hugo');
  });

  it('refuses the site, its content/ and theme/ reached through symbolic links (CB4001), by real path', async () => {
    const dir = await site(`${SMALL}-- theme/components/footer.ts --\nexport {};\n`);
    const links = await mkdtemp(join(tmpdir(), 'casebook-links-'));
    try {
      await symlink(dir, join(links, 'site-link'));
      await symlink(join(dir, 'content'), join(links, 'content-link'));
      const before = await snapshot(dir);
      for (const out of [join(links, 'site-link'), join(links, 'content-link'), join(links, 'site-link/theme'), join(links, 'content-link/writing/out')]) {
        const r = await build(dir, '--out', out);
        expect(r.code, out).toBe(1);
        expect(r.stderr).toContain('error CB4001: Unsafe output folder');
        expect(r.stderr).toContain(`(really ${dir}`);
      }
      const theme = await build(dir, '--out', join(dir, 'theme'));
      expect(theme.stderr).toContain('it is its theme/ folder');
      expect(await snapshot(dir)).toEqual(before);
    } finally {
      await rm(links, { recursive: true, force: true });
    }
  });

  it('builds through a link to an output folder: the link stays, the folder it points at is replaced', async () => {
    const dir = await site(SMALL);
    const target = join(dir, 'real-out');
    expect((await build(dir, '--out', target)).code).toBe(0);
    await symlink(target, join(dir, 'out-link'));
    expect((await build(dir, '--out', join(dir, 'out-link'), '--base-url', 'https://link.example.com/')).code).toBe(0);
    expect(lstatSync(join(dir, 'out-link')).isSymbolicLink()).toBe(true);
    expect(await readFile(join(target, 'index.html'), 'utf8')).toContain('https://link.example.com/');
  });

  it('never replaces a file named as the output (CB4015), nor builds below one', async () => {
    const dir = await site(SMALL);
    const file = join(dir, 'report.pdf');
    await writeFile(file, 'not a folder');
    for (const out of [file, join(file, 'sub')]) {
      const r = await build(dir, '--out', out);
      expect(r.code, out).toBe(1);
      expect(r.stderr).toContain('error CB4015: Output path cannot be a folder');
    }
    expect(await readFile(file, 'utf8')).toBe('not a folder');
    expect(await siblings(dir)).toEqual([]);
  });

  it('keeps .git, CNAME and .nojekyll of a gh-pages worktree in the output across builds', async () => {
    const dir = await site(SMALL);
    const out = join(dir, 'gh-pages');
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
    const gitIn = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', env });
    const git = (...args: string[]) => gitIn(out, ...args);
    // The site is a repository; the output is a worktree of it on an orphan gh-pages branch (its .git is a file).
    gitIn(dir, 'init', '-q');
    gitIn(dir, 'commit', '-q', '--allow-empty', '-m', 'site');
    gitIn(dir, 'worktree', 'add', '-q', '--detach', out);
    git('switch', '-q', '--orphan', 'gh-pages');
    expect(lstatSync(join(out, '.git')).isFile()).toBe(true);
    await writeFile(join(out, 'CNAME'), 'blog.example.com\n');
    await writeFile(join(out, '.nojekyll'), '');
    expect((await build(dir, '--out', out)).code).toBe(0);
    git('add', '-A');
    git('commit', '-qm', 'first deploy');
    // A second build with different output, then a third with a post removed.
    expect((await build(dir, '--out', out, '--base-url', 'https://blog.example.com/')).code).toBe(0);
    await rm(join(dir, 'content/posts'), { recursive: true });
    expect((await build(dir, '--out', out, '--base-url', 'https://blog.example.com/')).code).toBe(0);
    expect(await readFile(join(out, 'CNAME'), 'utf8')).toBe('blog.example.com\n');
    expect(existsSync(join(out, '.nojekyll'))).toBe(true);
    expect(git('log', '--format=%s')).toBe('first deploy\n');
    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('gh-pages\n');
    const status = git('status', '--porcelain');
    expect(status).toContain(' M index.html');
    expect(status).toMatch(/ D writing\/second\/index\.html/);
    // Wait for the background removal of the previous output, then nothing is left beside it.
    await waitFor(async () => (await siblings(dir)).length === 0);
  });

  it('never deletes a folder beside the output that only looks like a leftover', async () => {
    const dir = await site(SMALL);
    for (const name of ['dist.casebook-old-1-2', 'dist.casebook-tmp-3-4', 'dist.casebook-old-mine']) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, 'keep.txt'), name);
    }
    expect((await build(dir)).code).toBe(0);
    expect((await build(dir, '--base-url', 'https://again.example.com/')).code).toBe(0);
    for (const name of ['dist.casebook-old-1-2', 'dist.casebook-tmp-3-4', 'dist.casebook-old-mine']) {
      expect(await readFile(join(dir, name, 'keep.txt'), 'utf8')).toBe(name);
    }
  });
});

describe('the output writer thread', () => {
  it('writes the same files, bytes and links as writing on the main thread', async () => {
    const dir = await site(
      `${SMALL}-- static/img/dot.bin --\n\u0000\u0001binary\n-- content/writing/2024-03-01-third.md --\n---\ntitle: Dritter Beitrag · naïve café\ntags: [go, rust]\n---\nText mit Umlauten: äöü.\n`,
    );
    const threaded = await spawnCli(['build', dir, ...FAST, '--no-cache', '--out', join(dir, 'threaded')], { CASEBOOK_WRITER_THREAD_POSTS: '0' });
    const here = await spawnCli(['build', dir, ...FAST, '--no-cache', '--out', join(dir, 'here')], { CASEBOOK_WRITER_THREAD_POSTS: '100000' });
    expect([threaded.code, here.code]).toEqual([0, 0]);
    const a = await snapshot(join(dir, 'threaded'));
    expect(a.size).toBeGreaterThan(20);
    expect(a).toEqual(await snapshot(join(dir, 'here')));
  });
});

describe('files inside a folder the build writes whole', () => {
  it('a static file inside pagefind/ is CB1606 with exit 1 when search is on, and is published with search off', async () => {
    const dir = await site(`${SMALL}-- static/pagefind/fragment --\nan index another tool built\n`);
    const out = join(dir, 'out');
    const r = await spawnCli(['build', dir, '--quiet', '--skip', 'og', '--no-cache', '--out', out], { CASEBOOK_WRITER_THREAD_POSTS: '0' });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error CB1606');
    expect(r.stderr).toContain('static/pagefind/fragment');
    expect(existsSync(out)).toBe(false);
    expect((await build(dir, '--out', out)).code).toBe(0);
    expect(readFileSync(join(out, 'pagefind/fragment'), 'utf8')).toBe('an index another tool built\n');
  });
});

describe('a build that fails before it writes', () => {
  it('exits with CB4019, never hangs on its idle writer thread, when its image scratch folder cannot be made', async () => {
    const dir = await site(SMALL);
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '../bin/casebook.js'), 'build', dir, ...FAST, '--no-cache', '--out', join(dir, 'out')], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, TMPDIR: join(dir, 'missing'), CASEBOOK_WRITER_THREAD_POSTS: '0' },
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error CB4019');
    expect(r.stderr).not.toContain('internal error');
    expect(await siblings(dir)).toEqual([]);
  });
});

describe('the lock file', () => {
  it('is not published by a Jekyll site, whose root-level files are static files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'casebook-jekyll-'));
    try {
      await cp(join(import.meta.dirname, 'fixtures/foreign/jekyll'), dir, { recursive: true });
      const r = await build(dir);
      expect(r.code).toBe(0);
      const published = [...(await snapshot(join(dir, 'dist'))).keys()];
      expect(published).toContain('robots.txt.bak'); // A root-level file is copied …
      expect(published.filter((f) => f.includes('casebook-lock'))).toEqual([]); // … but not the lock.
      expect(existsSync(join(dir, 'dist.casebook-lock'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('cacheDir', () => {
  it('refuses a cacheDir in content/, at the site root, or in the output (CB4011), and wipes nothing', async () => {
    for (const cacheDir of ['content', '.', 'dist', 'static/cache', '..']) {
      const dir = await site(SMALL.replace('title: Safety', `title: Safety\ncacheDir: ${JSON.stringify(cacheDir)}`));
      const before = await snapshot(dir);
      const r = await build(dir);
      expect(r.code, cacheDir).toBe(1);
      expect(r.stderr).toContain('error CB4011: Unsafe cache folder');
      expect(r.stderr).toContain('casebook.config.yaml');
      expect(await snapshot(dir)).toEqual(before);
    }
  });

  it('an output path through looping links or with a name too long is CB4015, not an internal error', async () => {
    const dir = await site(SMALL);
    await symlink(join(dir, 'loop-b'), join(dir, 'loop-a'));
    await symlink(join(dir, 'loop-a'), join(dir, 'loop-b'));
    for (const out of [join(dir, 'loop-a/sub'), join(dir, 'x'.repeat(260))]) {
      const r = await runCli(['build', dir, '--out', out, ...FAST]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('error CB4015');
      // A first build: no "previous output" to speak of.
      expect(r.stderr).toContain('There was no previous output');
    }
  });

  it('says CB4011 when the cache folder is a file, for builds in memory (check) as on disk, not an internal error', async () => {
    const dir = await site(SMALL);
    await mkdir(join(dir, '.casebook'));
    await writeFile(join(dir, '.casebook/cache'), 'a file');
    for (const args of [
      ['check', dir],
      ['build', dir],
    ]) {
      const r = await runCli(args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('error CB4011');
      expect(r.stderr).toContain('a file stands where the folder should be');
    }
    expect(readFileSync(join(dir, '.casebook/cache'), 'utf8')).toBe('a file');
  });

  it("refuses a cacheDir that holds the author's files, even one that looks like a cache (CB4011); adopts an empty one and its own", async () => {
    const mine = await mkdtemp(join(tmpdir(), 'casebook-user-'));
    await mkdir(join(mine, 'posts'));
    await writeFile(join(mine, 'meta.json'), '{"mine":true}');
    await writeFile(join(mine, 'posts/thesis.txt'), 'keep');
    const dir = await site(SMALL.replace('title: Safety', `title: Safety\ncacheDir: ${JSON.stringify(mine)}`));
    const before = await snapshot(mine);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('error CB4011');
    expect(r.stderr).toContain('holds files Casebook did not write');
    expect(await snapshot(mine)).toEqual(before);
    // An empty folder becomes a cache (marked), which later builds keep using.
    const empty = await mkdtemp(join(tmpdir(), 'casebook-cache-'));
    const ok = await site(SMALL.replace('title: Safety', `title: Safety\ncacheDir: ${JSON.stringify(empty)}`));
    expect((await build(ok)).code).toBe(0);
    expect(existsSync(join(empty, '.casebook-cache'))).toBe(true);
    const again = await build(ok, '--no-cache');
    expect(again.code).toBe(0);
    expect((await build(ok)).code).toBe(0);
    await rm(mine, { recursive: true, force: true });
    await rm(empty, { recursive: true, force: true });
  });
});

async function waitFor(ok: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a build waiting for another', () => {
  it('waits for a live build, then refuses with CB4012 when it does not finish in time', async () => {
    const small = await site(SMALL);
    const out = join(small, 'dist');
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await writeFile(`${out}.casebook-lock`, JSON.stringify({ pid: holder.pid, host: hostname(), started: Date.now() }));
      const r = await spawnCli(['build', small, '--skip', 'og,search'], { CASEBOOK_LOCK_TIMEOUT: '1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('waiting for it to finish');
      expect(r.stderr).toContain('error CB4012: Another build is writing to the output folder');
      expect(r.stderr).toContain(`process ${holder.pid}`);
      expect(existsSync(out)).toBe(false);
    } finally {
      holder.kill();
    }
    // The holder is gone: its lock is stale and the build goes ahead.
    expect((await build(small)).code).toBe(0);
  }, 30_000);
});

/** Root can mount a small tmpfs here; elsewhere these cases cannot be set up. */
function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = join(tmpdir(), `casebook-mount-probe-${process.pid}`);
  spawnSync('mkdir', ['-p', probe]);
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  spawnSync('rmdir', [probe]);
  return ok;
}

describe.runIf(canMount())('output errors on a real small or read-only disk', () => {
  async function withTmpfs(size: string, run: (mnt: string) => Promise<void>): Promise<void> {
    const mnt = await mkdtemp(join(tmpdir(), 'casebook-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mnt]);
    try {
      await run(mnt);
    } finally {
      execFileSync('umount', [mnt]);
      await rm(mnt, { recursive: true, force: true });
    }
  }

  /** A site built onto a 2 MB disk, then given a 3 MB static file: every later build runs out of space. */
  async function onFullDisk(run: (dir: string, out: string, mnt: string) => Promise<void>): Promise<void> {
    const dir = await site(SMALL);
    await withTmpfs('2m', async (mnt) => {
      const out = join(mnt, 'site');
      expect((await build(dir, '--out', out)).code).toBe(0);
      const before = await snapshot(out);
      await writeFile(join(dir, 'static/big.bin'), Buffer.alloc(3 * 1024 * 1024, 7));
      await run(dir, out, mnt);
      expect(await snapshot(out)).toEqual(before);
      expect(await siblings(mnt)).toEqual([]);
    });
  }

  /** `first`: there was no previous output, and the error says so rather than calling it unchanged. */
  function expectNoSpace(r: RunResult, first = false): void {
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error CB4013: No space left on the disk');
    expect(r.stderr).toContain(first ? 'There was no previous output' : 'is unchanged.');
    expect(r.stderr).toContain('Build failed; the output folder was not changed.');
    // The file that did not fit is named where it was being written, not where it was copied from.
    expect(r.stderr).not.toContain('/static/big.bin');
  }

  it('a full disk is CB4013 with exit 1, and the previous output is intact', async () => {
    await onFullDisk(async (dir, out) => expectNoSpace(await build(dir, '--out', out)));
  });

  it('a full disk during a clean build (written on the writer thread) is CB4013 with exit 1, every time', async () => {
    await onFullDisk(async (dir, out, mnt) => {
      // The writer's failure once raced its thread's exit: the process could end with code 0 and say nothing.
      for (let i = 0; i < 3; i++) {
        expectNoSpace(await spawnCli(['build', dir, ...FAST, '--out', out, '--no-cache'], { CASEBOOK_WRITER_THREAD_POSTS: '0' }));
        expect(await siblings(mnt)).toEqual([]);
      }
    });
  });

  it('a disk without room for the lock file is CB4013, and leaves no empty lock that would stall the next build', async () => {
    const dir = await site(SMALL);
    await withTmpfs('1m', async (mnt) => {
      // Filled to the last byte: the lock's file can be made, its content not written.
      await writeFile(join(mnt, 'filler'), Buffer.alloc(2 * 1024 * 1024)).catch(() => undefined);
      expectNoSpace(await build(dir, '--out', join(mnt, 'site')), true);
      expect(await siblings(mnt)).toEqual([]);
    });
  });

  it('a read-only output disk is CB4014 with exit 1, and the previous output is intact', async () => {
    const dir = await site(SMALL);
    await withTmpfs('4m', async (mnt) => {
      const out = join(mnt, 'site');
      expect((await build(dir, '--out', out)).code).toBe(0);
      const before = await snapshot(out);
      execFileSync('mount', ['-o', 'remount,ro', mnt]);
      await writeFile(join(dir, 'content/writing/2024-03-01-third.md'), '---\ntitle: Third\n---\nNew.\n');
      const r = await build(dir, '--out', out);
      expect(r.stderr).not.toContain('internal error');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error CB4014: Output folder is not writable');
      expect(r.stderr).toContain('read-only file system');
      expect(await snapshot(out)).toEqual(before);
    });
  });

  it('an output that is a mount point is CB4016 with exit 1, not an internal error', async () => {
    const dir = await site(SMALL);
    await withTmpfs('4m', async (mnt) => {
      const r = await build(dir, '--out', mnt);
      expect(r.stderr).not.toContain('internal error');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error CB4016');
      expect(await readdir(mnt)).toEqual([]);
    });
  });
});
