import { appendFile, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildUnlessUpToDate, type BuildOutcome } from '../src/pipeline/build-command.js';
import { upToDateByShortcut } from '../src/pipeline/up-to-date.js';
import { sameCode } from '../src/util/code-digest.js';
import { build, type BuildOptions } from '../src/pipeline/index.js';
import { snapshot } from './helpers/output.js';
import { addFiles, ageInputs, useTempSites } from './helpers/site.js';

const site = useTempSites();

const SITE = `
-- casebook.config.yaml --
baseUrl: https://stamp.example.com/
-- content/writing/a.md --
---
title: Alpha
date: 2024-01-01
---
Alpha with ![a box](./box.svg).
-- content/writing/box.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="20"></svg>
-- content/writing/b.md --
---
title: Bravo
date: 2024-01-02
tags: [go]
---
Bravo.
-- static/robots-extra.txt --
hello
`;

const HOUR = 3600_000;

const opts = (dir: string, extra: Partial<BuildOptions> = {}): BuildOptions => ({ site: dir, skip: ['og', 'search'], ...extra });

async function run(dir: string, extra: Partial<BuildOptions> = {}): Promise<BuildOutcome> {
  return buildUnlessUpToDate(opts(dir, extra));
}

/** A built site whose files are all older than the build, so its stamp is trusted. */
async function builtSite(txtar = SITE, extra: Partial<BuildOptions> = {}): Promise<string> {
  const dir = await site(txtar);
  await ageInputs(dir);
  const first = await run(dir, extra);
  expect(first.upToDate).toBe(false);
  return dir;
}

describe('casebook build when nothing changed', () => {
  it('checks instead of building, prints the same summary and warnings, and leaves the output as it was', async () => {
    const dir = await site(SITE.replace('baseUrl: https://stamp.example.com/\n', 'title: No base URL\n'));
    await ageInputs(dir);
    const first = await run(dir);
    if (first.upToDate) throw new Error('first build cannot be up to date');
    const before = await snapshot(join(dir, 'dist'));
    const again = await run(dir);
    if (!again.upToDate) throw new Error('expected an up-to-date check');
    expect(again.summary).toMatchObject({ pages: first.result.pages, posts: 2, fileCount: first.result.fileCount });
    expect(again.summary.warnings.map((w) => w.code)).toEqual(first.result.warnings.map((w) => w.code));
    expect(again.summary.warnings.map((w) => w.code)).toContain('CB1105');
    expect(again.outDir).toBe(join(dir, 'dist'));
    expect(await snapshot(join(dir, 'dist'))).toEqual(before);
  });

  it('builds when a post is edited, added or deleted, or a static file changes', async () => {
    const dir = await builtSite();
    await addFiles(dir, '-- content/writing/b.md --\n---\ntitle: Bravo\ndate: 2024-01-02\n---\nBravo, edited.\n');
    expect((await run(dir)).upToDate).toBe(false);
    expect(await readFile(join(dir, 'dist/writing/b/index.html'), 'utf8')).toContain('Bravo, edited.');

    await ageInputs(dir);
    expect((await run(dir)).upToDate).toBe(false); // dating files back touched every one: one real build
    expect((await run(dir)).upToDate).toBe(true);
    await addFiles(dir, '-- content/writing/c.md --\n---\ntitle: Charlie\ndate: 2024-01-03\n---\nNew.\n');
    expect((await run(dir)).upToDate).toBe(false);
    expect(await readFile(join(dir, 'dist/writing/c/index.html'), 'utf8')).toContain('Charlie');

    await ageInputs(dir);
    await run(dir);
    await rm(join(dir, 'content/writing/c.md'));
    expect((await run(dir)).upToDate).toBe(false);
    await expect(stat(join(dir, 'dist/writing/c/index.html'))).rejects.toThrow();

    await ageInputs(dir);
    await run(dir);
    await appendFile(join(dir, 'static/robots-extra.txt'), 'more\n');
    expect((await run(dir)).upToDate).toBe(false);
    expect(await readFile(join(dir, 'dist/robots-extra.txt'), 'utf8')).toBe('hello\nmore\n');
  });

  it('builds when an image a post uses changes, or a new top-level file (theme, config) appears', async () => {
    const dir = await builtSite();
    await writeFile(join(dir, 'content/writing/box.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="40"></svg>');
    expect((await run(dir)).upToDate).toBe(false);
    expect(await readFile(join(dir, 'dist/writing/a/index.html'), 'utf8')).toContain('width="30"');

    await ageInputs(dir);
    await run(dir);
    await addFiles(dir, '-- theme/site.css --\nbody { margin: 0 }\n');
    expect((await run(dir)).upToDate).toBe(false);

    await ageInputs(dir);
    await run(dir);
    await addFiles(dir, '-- profile.yaml --\nbasics:\n  name: Ada Example\n');
    expect((await run(dir)).upToDate).toBe(false);
  });

  it('builds when the output was touched: a file edited by hand, deleted, or added', async () => {
    const dir = await builtSite();
    const page = join(dir, 'dist/writing/a/index.html');
    const original = await readFile(page, 'utf8');
    await writeFile(page, original.replace('Alpha', 'Alpha'.toUpperCase()));
    expect((await run(dir)).upToDate).toBe(false);
    expect(await readFile(page, 'utf8')).toBe(original);

    expect((await run(dir)).upToDate).toBe(true);
    await rm(join(dir, 'dist/tags/go'), { recursive: true });
    expect((await run(dir)).upToDate).toBe(false);
    expect((await stat(join(dir, 'dist/tags/go/index.html'))).isFile()).toBe(true);

    expect((await run(dir)).upToDate).toBe(true);
    await writeFile(join(dir, 'dist/writing/stray.html'), 'left by hand');
    expect((await run(dir)).upToDate).toBe(false);
    await expect(stat(join(dir, 'dist/writing/stray.html'))).rejects.toThrow();

    expect((await run(dir)).upToDate).toBe(true);
    await rm(join(dir, 'dist'), { recursive: true });
    expect((await run(dir)).upToDate).toBe(false);
    expect(await readFile(page, 'utf8')).toBe(original);
  });

  it('builds when asked for something else: drafts, future posts, other skips, base URL, output folder, --no-cache', async () => {
    const dir = await builtSite();
    expect((await run(dir)).upToDate).toBe(true);
    expect((await run(dir, { drafts: true })).upToDate).toBe(false);
    expect((await run(dir, { drafts: true })).upToDate).toBe(true);
    expect((await run(dir, { future: true })).upToDate).toBe(false);
    expect((await run(dir, { skip: ['og'] })).upToDate).toBe(false);
    expect((await run(dir, { baseUrl: 'https://other.example.com/' })).upToDate).toBe(false);
    const other = join(dir, 'elsewhere');
    expect((await run(dir, { out: other })).upToDate).toBe(false);
    expect((await run(dir, { out: other })).upToDate).toBe(true);
    expect((await run(dir, { out: other, noCache: true })).upToDate).toBe(false);
  });

  it('is up to date again after a --no-cache build replaced the output and a cached build patched it', async () => {
    const dir = await builtSite();
    await build(opts(dir, { noCache: true }));
    expect((await run(dir)).upToDate).toBe(false);
    expect((await run(dir)).upToDate).toBe(true);
  });

  it('builds once a scheduled post falls due, and then shows it', async () => {
    const dir = await site(`${SITE}-- content/writing/later.md --\n---\ntitle: Later\ndate: 2030-06-01\n---\nNot yet.\n`);
    await ageInputs(dir);
    const june2029 = Date.parse('2029-06-01T00:00:00Z');
    const first = await run(dir, { now: june2029 });
    if (first.upToDate) throw new Error('first build cannot be up to date');
    expect(first.result.warnings.map((w) => w.code)).toContain('CB1102');
    await expect(stat(join(dir, 'dist/writing/later/index.html'))).rejects.toThrow();
    const same = await run(dir, { now: june2029 + HOUR });
    expect(same.upToDate).toBe(true);
    expect(same.upToDate && same.summary.warnings.map((w) => w.code)).toContain('CB1102');
    expect((await run(dir, { now: Date.parse('2030-06-02T00:00:00Z') })).upToDate).toBe(false);
    expect(await readFile(join(dir, 'dist/writing/later/index.html'), 'utf8')).toContain('Not yet.');
  });

  it("does not trust files saved within the file clock's tick of the build: the next run builds again", async () => {
    const dir = await site(SITE);
    expect((await run(dir)).upToDate).toBe(false);
    expect((await run(dir)).upToDate).toBe(false);
  });

  it('reports a missing site folder as CB2006, with or without the check', async () => {
    const missing = join(await site('-- .keep --\n'), 'no-such-site');
    await expect(run(missing)).rejects.toMatchObject({ code: 'CB2006' });
    await expect(build(opts(missing))).rejects.toMatchObject({ code: 'CB2006' });
  });

  it('keeps the previous output and checks again after a failed build', async () => {
    const dir = await builtSite();
    const before = await snapshot(join(dir, 'dist'));
    await addFiles(dir, '-- content/writing/b.md --\n---\ntitle: Bravo\ndate: 2024-13-45\n---\nBad date.\n');
    await expect(run(dir)).rejects.toThrow(/date/i);
    await expect(run(dir)).rejects.toThrow(/date/i);
    expect(await snapshot(join(dir, 'dist'))).toEqual(before);
  });
});

describe('the build stamp and links out of the site', () => {
  it('does not follow a link to a folder outside the site (the build publishes nothing through it)', async () => {
    const dir = await site(SITE);
    const elsewhere = await site(`
-- private/diary-entry-one.md --
not the site's
`);
    await symlink(elsewhere, join(dir, 'elsewhere'));
    await symlink('/', join(dir, 'machine'));
    await ageInputs(dir);
    expect((await run(dir)).upToDate).toBe(false);
    const stamp = await readFile(join(dir, '.casebook/cache/build-stamp.json'), 'utf8');
    expect(stamp).toContain('content/writing');
    expect(stamp).not.toContain('diary-entry-one');
    expect(stamp).not.toContain('machine/');
    expect((await run(dir)).upToDate).toBe(true);
  });
});

describe('the up-to-date shortcut (the build stamp alone, before the config and the build load)', () => {
  const line = (dir: string, ...extra: string[]) => ({ cwd: process.cwd(), args: [dir, '--skip', 'og,search', ...extra] });
  const cacheOf = (dir: string) => join(dir, '.casebook/cache');
  const shortcut = (dir: string, ...extra: string[]) => upToDateByShortcut(cacheOf(dir), line(dir, ...extra), Date.now());

  async function builtWithCommandLine(txtar = SITE): Promise<string> {
    const dir = await site(txtar);
    await ageInputs(dir);
    const first = await run(dir, { commandLine: line(dir) });
    expect(first.upToDate).toBe(false);
    return dir;
  }

  it('answers the command line the last build ran, with its summary, and nothing else', async () => {
    const dir = await builtWithCommandLine();
    expect(shortcut(dir)).toMatchObject({ outDir: join(dir, 'dist'), summary: { posts: 2, warnings: [] } });
    // Another command line (even one asking for the same build) or another working folder.
    expect(shortcut(dir, '--quiet')).toBeUndefined();
    expect(upToDateByShortcut(cacheOf(dir), { cwd: dir, args: line(dir).args }, Date.now())).toBeUndefined();
    // The full check records the new command line, for the next run.
    expect((await run(dir, { commandLine: line(dir, '--quiet') })).upToDate).toBe(true);
    expect(shortcut(dir, '--quiet')).toBeDefined();
  });

  it('does not answer once a post, the config or an output file changed, or a scheduled post fell due', async () => {
    const dir = await builtWithCommandLine();
    await appendFile(join(dir, 'content/writing/b.md'), '\nMore.\n');
    expect(shortcut(dir)).toBeUndefined();
    const again = await builtWithCommandLine();
    await appendFile(join(again, 'casebook.config.yaml'), 'title: Renamed\n');
    expect(shortcut(again)).toBeUndefined();
    const out = await builtWithCommandLine();
    await appendFile(join(out, 'dist/index.html'), '<!-- by hand -->');
    expect(shortcut(out)).toBeUndefined();
    const scheduled = await builtWithCommandLine(`${SITE}-- content/writing/later.md --\n---\ntitle: Later\ndate: 2999-01-01\n---\nLater.\n`);
    expect(shortcut(scheduled)).toBeDefined();
    expect(upToDateByShortcut(cacheOf(scheduled), line(scheduled), Date.UTC(2999, 0, 2))).toBeUndefined();
  });

  it('checks the newest inputs first from a small hint; a missing, torn or edited hint never makes it answer wrongly', async () => {
    const dir = await builtWithCommandLine();
    const hint = join(cacheOf(dir), 'build-stamp-newest.json');
    const stored = JSON.parse(await readFile(hint, 'utf8')) as { root: string; newest: [string, number, number, number, number][] };
    expect(stored.root).toBe(dir);
    expect(stored.newest.length).toBeGreaterThan(0);
    expect(stored.newest.length).toBeLessThanOrEqual(16);
    expect(shortcut(dir)).toBeDefined();
    for (const text of ['{"torn', '{"root":5,"newest":[]}', JSON.stringify({ root: dir, newest: [] })]) {
      await writeFile(hint, text);
      expect(shortcut(dir)).toBeDefined();
    }
    await rm(hint);
    expect(shortcut(dir)).toBeDefined();
    // A hint that says a file changed sends the run to the full check, which finds it up to date.
    await writeFile(hint, JSON.stringify({ root: dir, newest: [['content/writing/a.md', 1, 1, 1, 1]] }));
    expect(shortcut(dir)).toBeUndefined();
    expect((await run(dir, { commandLine: line(dir) })).upToDate).toBe(true);
    // ...and writes a true hint again for the next run.
    expect(shortcut(dir)).toBeDefined();
    // A hint that holds an edited file's old stamp: no answer.
    await appendFile(join(dir, 'content/writing/b.md'), '\nMore.\n');
    expect(shortcut(dir)).toBeUndefined();
  });

  it('sees a file rewritten in place at the same size with its modification time set back (its change time moved)', async () => {
    const dir = await builtWithCommandLine();
    const post = join(dir, 'content/writing/b.md');
    const before = await stat(post);
    const text = await readFile(post, 'utf8');
    const edited = text.replace('Bravo.', 'Brave!');
    expect(edited.length).toBe(text.length);
    await writeFile(post, edited); // in place: the same inode
    await utimes(post, before.atime, before.mtime);
    const after = await stat(post);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    expect(shortcut(dir)).toBeUndefined();
    expect((await run(dir, { commandLine: line(dir) })).upToDate).toBe(false);
    expect(await readFile(join(dir, 'dist/writing/b/index.html'), 'utf8')).toContain('Brave!');
  });

  it('treats a tampered or foreign stamp as no answer, without throwing', async () => {
    const dir = await builtWithCommandLine();
    const file = join(cacheOf(dir), 'build-stamp.json');
    const stored = JSON.parse(await readFile(file, 'utf8'));
    for (const broken of [
      { ...stored, shortcut: { ...stored.shortcut, code: 'x' } },
      { ...stored, shortcut: { ...stored.shortcut, exclude: null } },
      { ...stored, summary: { pages: 'many' } },
      { ...stored, request: '{' },
      { ...stored, inputs: null },
      { ...stored, shortcut: { ...stored.shortcut, cacheDir: '/elsewhere' } },
    ]) {
      await writeFile(file, JSON.stringify(broken));
      expect(shortcut(dir)).toBeUndefined();
    }
    await writeFile(file, '{"shortcut":');
    expect(shortcut(dir)).toBeUndefined();
    // The full check too: each is no stamp, and the build that follows succeeds.
    for (const broken of [
      null,
      { ...stored, inputs: [5] },
      { ...stored, outputs: [null] },
      { ...stored, request: 'null' },
      { ...stored, summary: { ...stored.summary, warnings: [7] } },
    ]) {
      await writeFile(file, JSON.stringify(broken));
      expect((await run(dir, { commandLine: line(dir) })).upToDate).toBe(false);
      expect((await run(dir, { commandLine: line(dir) })).upToDate).toBe(true);
    }
  });

  it('answers only for the code that is running: files of another install, or one added or touched, take the full check', async () => {
    const dir = await builtWithCommandLine();
    const file = join(cacheOf(dir), 'build-stamp.json');
    const stored = JSON.parse(await readFile(file, 'utf8'));
    const code: [string, number, number, number][] = stored.shortcut.code;
    expect(sameCode(code)).toBe(true);
    const elsewhere = code.map(([p, ...rest]) => [p.replace(/\/(src|dist)\//, '/other-install/$1/'), ...rest] as [string, number, number, number]);
    expect(sameCode(elsewhere)).toBe(false);
    // A file added to the code since (a new locale): the recorded list lacks it.
    const lastLocale = code.map(([p]) => /\/locales\//.test(p)).lastIndexOf(true);
    expect(sameCode(code.filter((_, i) => i !== lastLocale))).toBe(false);
    // A dependency updated since (its manifest rewritten).
    const dependency = code.findIndex(([p]) => /\/node_modules\/katex\/package\.json$/.test(p));
    expect(sameCode(code.map((c, i) => (i === dependency ? ([c[0], c[1] + 1, c[2], c[3]] as typeof c) : c)))).toBe(false);
    const touched = code.map((c, i) => (i === 0 ? ([c[0], c[1], c[2] - 1000, c[3]] as typeof c) : c));
    await writeFile(file, JSON.stringify({ ...stored, shortcut: { ...stored.shortcut, code: touched } }));
    expect(shortcut(dir)).toBeUndefined();
    // The full check finds the site up to date and records the code as it is now.
    expect((await run(dir, { commandLine: line(dir) })).upToDate).toBe(true);
    expect(shortcut(dir)).toBeDefined();
  });

  it('is up to date for an output named through a link to the site folder', async () => {
    const dir = await builtWithCommandLine();
    const link = `${dir}-link`;
    await symlink(dir, link);
    try {
      const out = join(link, 'public');
      expect((await run(dir, { out })).upToDate).toBe(false);
      expect((await run(dir, { out })).upToDate).toBe(true);
    } finally {
      await rm(link);
    }
  });
  // Last: the module bundler's list of files it read is process-wide, and a build stamps every
  // file in it, so builds after this one in the same process also stamp this site's config.
  it('stamps only the modules bundled for its own site, not those of a site built earlier in the same process and deleted since', async () => {
    const other = await site(
      SITE.replace(
        '-- casebook.config.yaml --\nbaseUrl: https://stamp.example.com/\n',
        '-- casebook.config.ts --\nexport default { baseUrl: "https://other.example.com/" };\n',
      ),
    );
    await run(other);
    await rm(other, { recursive: true, force: true });
    const dir = await site(SITE);
    await ageInputs(dir);
    expect((await run(dir)).upToDate).toBe(false);
    expect((await run(dir)).upToDate).toBe(true);
  });

  it('is never recorded for a config that is code, whose values may come from the environment', async () => {
    const dir = await builtWithCommandLine(
      `${SITE.replace('-- casebook.config.yaml --\nbaseUrl: https://stamp.example.com/\n', '-- casebook.config.mjs --\nexport default { baseUrl: process.env.SITE_URL ?? "https://stamp.example.com/" };\n')}`,
    );
    expect((await run(dir, { commandLine: line(dir) })).upToDate).toBe(true);
    expect(shortcut(dir)).toBeUndefined();
  });
});
