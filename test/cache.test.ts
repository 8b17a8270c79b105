import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, BuildCache } from '../src/pipeline/index.js';
import { changeShardEntries, shardEntries, shardFiles } from './helpers/cache-shards.js';
import { snapshot } from './helpers/output.js';
import { addFiles, ageInputs, useTempSites } from './helpers/site.js';
import { spawnCli } from './helpers/cli.js';

const site = useTempSites();

const SITE = `
-- casebook.config.yaml --
baseUrl: https://cache.example.com/
-- content/writing/a.md --
---
title: A
date: 2024-01-01
---
Alpha with ![a box](./box.svg).
-- content/writing/box.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="20"></svg>
-- content/writing/b.md --
---
title: B
date: 2024-01-02
---
Bravo.
\`\`\`ts
const b = 2;
\`\`\`
`;

const opts = (dir: string, extra: object = {}) => ({ site: dir, skip: ['og', 'search'] as ('og' | 'search')[], ...extra });

/** The cache's entries: one metadata file per body (its HTML sits beside it in `<key>.html`). */
async function cacheFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const root = join(dir, '.casebook/cache/posts');
  for (const sub of await readdir(root).catch(() => [])) {
    if (sub.length !== 2) continue; // index-<n>.json: the entries the last build used, read in one go
    for (const f of await readdir(join(root, sub))) if (f.endsWith('.json')) out.push(join(root, sub, f));
  }
  return out;
}

describe('persistent render cache', () => {
  it('renders each body once, reuses it across processes, and gives byte-identical output', async () => {
    const dir = await site(SITE);
    const first = await build(opts(dir));
    expect(first.markdownRendered).toBe(2);
    const firstOut = await snapshot(join(dir, 'dist'));
    const warm = await build(opts(dir));
    expect(warm.markdownRendered).toBe(0);
    expect(await snapshot(join(dir, 'dist'))).toEqual(firstOut);
    expect(await cacheFiles(dir)).toHaveLength(2);
  });

  it('re-renders exactly the edited post', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    await addFiles(dir, '-- content/writing/b.md --\n---\ntitle: B\ndate: 2024-01-02\n---\nBravo, edited.\n');
    const r = await build(opts(dir));
    expect(r.markdownRendered).toBe(1);
    expect(await readFile(join(dir, 'dist/writing/b/index.html'), 'utf8')).toContain('Bravo, edited.');
  });

  it('re-renders a post whose image changed or disappeared', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    await writeFile(join(dir, 'content/writing/box.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"></svg>');
    await utimes(join(dir, 'content/writing/box.svg'), new Date(), new Date(Date.now() + 5000));
    const r = await build(opts(dir));
    expect(r.markdownRendered).toBe(1);
    expect(await readFile(join(dir, 'dist/writing/a/index.html'), 'utf8')).toContain('width="30" height="20"');
    await rm(join(dir, 'content/writing/box.svg'));
    await expect(build(opts(dir))).rejects.toMatchObject({ errors: [expect.objectContaining({ code: 'CB1030' })] });
  });

  it('is wiped when the config changes, ignored with noCache, and survives corrupt entries', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    await addFiles(dir, '-- casebook.config.yaml --\nbaseUrl: https://cache.example.com/blog/\n');
    const moved = await build(opts(dir));
    expect(moved.markdownRendered).toBe(2); // image URLs carry the base path
    expect(await cacheFiles(dir)).toHaveLength(2); // the old entries are gone, not only shadowed

    const none = await build(opts(dir, { noCache: true }));
    expect(none.markdownRendered).toBe(2);

    const shards = shardFiles(join(dir, '.casebook/cache/posts'), 'index-');
    expect(shards.length).toBeGreaterThan(0);
    for (const f of [...(await cacheFiles(dir)), ...shards]) await writeFile(f, '{"torn');
    const repaired = await build(opts(dir));
    expect(repaired.markdownRendered).toBe(2);
    const again = await build(opts(dir));
    expect(again.markdownRendered).toBe(0);
  });

  it('starts a dev server on the parses and bodies a build left, without wiping a cache kept for another base path', async () => {
    const dev = (dir: string) =>
      build({ site: dir, memory: true, drafts: true, future: true, skip: ['og'], cache: new BuildCache(), baseUrl: 'http://127.0.0.1:4321/' });
    const dir = await site(`${SITE}-- content/writing/untitled-note.md --\n---\ndate: 2024-01-05\n---\nNo title here.\n`);
    const built = await build(opts(dir));
    const first = await dev(dir);
    expect(first.markdownRendered).toBe(0);
    expect(first.files!.get('writing/b/index.html')).toContain('Bravo.');
    // The parse a build kept on disk brings its warnings along.
    expect(first.warnings.map((w) => [w.code, w.location?.file])).toEqual(
      built.warnings.filter((w) => w.code !== 'CB1105').map((w) => [w.code, w.location?.file]),
    );
    expect(first.warnings.map((w) => w.code)).toContain('CB1101');

    // Served under /blog/, the site's bodies differ from dev's (image URLs carry the base path).
    const blog = await site(SITE.replace('https://cache.example.com/', 'https://cache.example.com/blog/'));
    await build(opts(blog));
    expect((await dev(blog)).markdownRendered).toBe(2);
    expect((await build(opts(blog))).markdownRendered).toBe(0);

    // With no build yet, the dev server fills the cache a later one uses.
    const fresh = await site(SITE);
    expect((await dev(fresh)).markdownRendered).toBe(2);
    expect((await dev(fresh)).markdownRendered).toBe(0);
    expect((await build(opts(fresh))).markdownRendered).toBe(0);
  });

  it("is wiped when Casebook's code changes (the version field holds a digest of it)", async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    const meta = join(dir, '.casebook/cache/meta.json');
    await writeFile(meta, (await readFile(meta, 'utf8')).replace(/"version":"[^"]+"/, '"version":"0.0.0-older"'));
    expect((await build(opts(dir))).markdownRendered).toBe(2);
  });
});

describe('code blocks kept between builds', () => {
  const cli = async (dir: string, ...args: string[]) => {
    const r = await spawnCli(['build', dir, '--quiet', '--skip', 'og,search', ...args]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  };
  const page = (dir: string, out = 'dist') => readFile(join(dir, out, 'writing/b/index.html'), 'utf8');
  const editB = async (dir: string, from: string, to: string) => {
    const file = join(dir, 'content/writing/b.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(from, to));
  };

  it("takes an edited post's unchanged blocks from the cache, never a block whose text changed, with the output of a clean build", async () => {
    const dir = await site(SITE);
    await cli(dir);
    const shards = join(dir, '.casebook/cache/posts');
    const kept = await shardEntries<Record<string, string>>(shards, 'code-');
    expect(Object.keys(kept)).toEqual(['writing/b/']);
    expect(Object.values(kept['writing/b/']!)[0]).toContain('hljs-keyword');
    // Marked where it is kept: the page of a new process shows the mark only if the block came from there.
    await changeShardEntries<Record<string, string>>(shards, 'code-', (_, blocks) => {
      for (const k of Object.keys(blocks)) blocks[k] = blocks[k]!.replace('const', 'const<!--kept-->');
    });
    await editB(dir, 'Bravo.', 'Bravo, edited.');
    await cli(dir);
    expect(await page(dir)).toContain('const<!--kept-->');
    // The code edited: highlighted afresh, and the kept record replaced.
    await editB(dir, 'const b = 2;', 'const b = 3;');
    await cli(dir);
    expect(await page(dir)).not.toContain('<!--kept-->');
    expect(JSON.stringify(await shardEntries(shards, 'code-'))).not.toContain('<!--kept-->');
    await editB(dir, 'Bravo, edited.', 'Bravo, edited twice.');
    await cli(dir);
    await cli(dir, '--no-cache', '--out', join(dir, 'clean'));
    expect(await snapshot(join(dir, 'dist'))).toEqual(await snapshot(join(dir, 'clean')));
  });
});

describe('pages taken from the previous output', () => {
  it('renders nothing on an unchanged rebuild, links every page, and gives byte-identical output', async () => {
    const dir = await site(SITE);
    const first = await build(opts(dir));
    const before = await snapshot(join(dir, 'dist'));
    const warm = await build(opts(dir));
    expect(warm.pagesRendered).toBe(0);
    expect(await snapshot(join(dir, 'dist'))).toEqual(before);
    expect(first.pagesRendered).toBeGreaterThan(10);
  });

  it('renders exactly the edited post and the pages that show what changed', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    // Below the first paragraph: the summary every card shows stays the same.
    await addFiles(dir, '-- content/writing/a.md --\n---\ntitle: A\ndate: 2024-01-01\n---\nAlpha with ![a box](./box.svg).\n\nA second paragraph.\n');
    const r = await build(opts(dir));
    expect(r.rendered.sort()).toEqual(['atom.xml', 'feed.json', 'feed.xml', 'writing/a/']);
    expect(await readFile(join(dir, 'dist/writing/a/index.html'), 'utf8')).toContain('A second paragraph.');
    // A new title shows on every card and neighbour link of it.
    await addFiles(dir, '-- content/writing/a.md --\n---\ntitle: A renamed\ndate: 2024-01-01\n---\nAlpha with ![a box](./box.svg).\n');
    const renamed = await build(opts(dir));
    expect(renamed.rendered).toEqual(expect.arrayContaining(['writing/a/', 'writing/b/', 'writing/', '']));
    expect(await readFile(join(dir, 'dist/writing/b/index.html'), 'utf8')).toContain('A renamed');
  });

  it('renders a page again when its output file was changed by hand or deleted', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    const b = join(dir, 'dist/writing/b/index.html');
    const good = await readFile(b, 'utf8');
    await writeFile(b, 'tampered');
    await rm(join(dir, 'dist/writing/a/index.html'));
    const r = await build(opts(dir));
    expect(r.rendered.sort()).toEqual(['writing/a/', 'writing/b/']);
    expect(await readFile(b, 'utf8')).toBe(good);
  });

  it('leaves the previous output intact when a build fails after taking pages from it', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    const before = await snapshot(join(dir, 'dist'));
    // A static file that collides with a generated page fails the build (the page table's check, before anything renders).
    await addFiles(dir, '-- static/writing/b/index.html --\nclash\n');
    await expect(build(opts(dir))).rejects.toMatchObject({ errors: [expect.objectContaining({ code: 'CB4002' })] });
    expect(await snapshot(join(dir, 'dist'))).toEqual(before);
    await rm(join(dir, 'static'), { recursive: true });
    expect((await build(opts(dir))).pagesRendered).toBe(0);
  });

  it('is not used with noCache or for another output folder', async () => {
    const dir = await site(SITE);
    const first = await build(opts(dir));
    expect((await build(opts(dir, { noCache: true }))).pagesRendered).toBe(first.pagesRendered);
    expect((await build(opts(dir, { out: join(dir, 'elsewhere') }))).pagesRendered).toBe(first.pagesRendered);
  });
});

describe('parsed front matter on disk', () => {
  it('does not use an entry of the wrong shape, even with a matching stamp: the file is parsed again', async () => {
    const dir = await site(SITE);
    await ageInputs(dir);
    await build(opts(dir));
    const before = await snapshot(join(dir, 'dist'));
    const parsed = join(dir, '.casebook/cache/parsed');
    const breaks: ((e: Record<string, unknown>) => void)[] = [
      (e) => (e.fields = 'str'),
      (e) => ((e.fields as Record<string, unknown>).tags = 5),
      (e) => ((e.fields as Record<string, unknown>).caseStudy = null),
      (e) => Object.assign(e, { body: -99, lines: null, warnings: 5 }),
      (e) => ((e.fields as Record<string, unknown>).date = { year: 'x' }),
      // Found by a hostile session: each ended the build with exit 70.
      (e) =>
        ((e.fields as Record<string, unknown>).date = {
          year: -1000000,
          month: 1,
          day: 1,
          hour: 0,
          minute: 0,
          second: 0,
          offset: 0,
          epoch: -1e14,
          dateOnly: true,
        }),
      (e) => (e.warnings = [{ code: 'CB9999', message: 'x' }]),
      (e) => Object.defineProperty(e.fields, '__proto__', { value: { polluted: true }, enumerable: true }),
    ];
    for (const change of breaks) {
      await build(opts(dir, { noCache: false })); // Entries as Casebook writes them again.
      await changeShardEntries<Record<string, unknown>>(parsed, '', (_, e) => change(e));
      await rm(join(dir, 'dist'), { recursive: true });
      const r = await build(opts(dir));
      expect(r.warnings).toEqual([]);
      expect(await snapshot(join(dir, 'dist'))).toEqual(before);
    }
  });

  it('reuses the parse of unchanged files, replays their warnings, and keeps error positions', async () => {
    const dir = await site(SITE + '-- content/writing/c.md --\n---\ntitle: C\ntitle: C again\ndate: 2024-01-03\nseries: S\nseriesPart: 1\n---\nCharlie.\n');
    const first = await build(opts(dir));
    const before = await snapshot(join(dir, 'dist'));
    expect(first.warnings.map((w) => w.code)).toContain('CB1103');
    const stored = await shardEntries(join(dir, '.casebook/cache/parsed'), '');
    expect(Object.keys(stored).sort()).toEqual(['writing/a.md', 'writing/b.md', 'writing/c.md']);

    await rm(join(dir, 'dist'), { recursive: true });
    const warm = await build(opts(dir));
    expect(warm.warnings.map((w) => w.code)).toEqual(first.warnings.map((w) => w.code));
    expect(await snapshot(join(dir, 'dist'))).toEqual(before);

    // A later error about a key of a cached post still points at its line: a new, older part 1
    // makes the cached c.md the second part 1, and the error names c.md's seriesPart line.
    await addFiles(dir, '-- content/writing/d.md --\n---\ntitle: D\ndate: 2023-01-01\nseries: S\nseriesPart: 1\n---\nDelta.\n');
    const clash = await build(opts(dir)).then(
      () => undefined,
      (e: { errors: { code: string; location: { file: string; line?: number } }[] }) => e.errors[0],
    );
    expect(clash).toMatchObject({ code: 'CB1022', location: { file: join(dir, 'content/writing/c.md'), line: 6 } });
  });

  it('parses an edited file again', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    await addFiles(dir, '-- content/writing/b.md --\n---\ntitle: B renamed\ndate: 2024-01-02\n---\nBravo.\n');
    await build(opts(dir));
    expect(await readFile(join(dir, 'dist/writing/b/index.html'), 'utf8')).toContain('B renamed');
  });
});

describe('related posts kept between builds', () => {
  const tagged = (slug: string, day: number, tags: string, body = 'Text.') =>
    `-- content/writing/${slug}.md --\n---\ntitle: ${slug.toUpperCase()}\ndate: 2024-02-0${day}\ntags: [${tags}]\n---\n${body}\n`;
  const SITE3 = `-- casebook.config.yaml --\nbaseUrl: https://related.example.com/\n${tagged('p1', 1, 'db')}${tagged('p2', 2, 'db, ops')}${tagged('p3', 3, 'ops')}${tagged('p4', 4, 'ui')}`;
  const relatedOf = async (out: string, slug: string) => {
    const html = await readFile(join(out, `writing/${slug}/index.html`), 'utf8');
    const box = html.slice(html.indexOf('class="related'));
    return [...box.matchAll(/href="\/writing\/(p\d)\/"/g)].map((m) => m[1]).slice(0, 3);
  };

  it('reuses the assignment after an edit that changes no tag, and scores again when tags change, as a clean build does', async () => {
    const dir = await site(SITE3);
    await build(opts(dir));
    const file = join(dir, '.casebook/cache/related.json');
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    await utimes(file, past, past);
    await addFiles(dir, tagged('p2', 2, 'db, ops', 'Text, edited.'));
    await build(opts(dir));
    expect(Math.round((await stat(file)).mtimeMs)).toBe(past.getTime());
    expect(await relatedOf(join(dir, 'dist'), 'p4')).toEqual(['p3', 'p2', 'p1']);

    await addFiles(dir, tagged('p4', 4, 'db'));
    await build(opts(dir));
    expect(Math.round((await stat(file)).mtimeMs)).not.toBe(past.getTime());
    const clean = join(dir, 'clean');
    await build(opts(dir, { out: clean, noCache: true }));
    for (const slug of ['p1', 'p2', 'p3', 'p4']) expect(await relatedOf(join(dir, 'dist'), slug)).toEqual(await relatedOf(clean, slug));
    expect(await relatedOf(join(dir, 'dist'), 'p4')).toEqual(['p2', 'p1', 'p3']);
  });
});

describe('parsed posts trusted by their file stamp', () => {
  it('does not read a file whose size, times and inode are as parsed, refuses text that changed under that stamp (CB1034) without touching the output, and reads the file on the next build', async () => {
    const dir = await site(SITE);
    const file = join(dir, 'content/writing/b.md');
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
    await utimes(file, past, past);
    await build(opts(dir)); // Parsed and stamped (its mtime is well in the past).
    const before = await snapshot(join(dir, 'dist'));
    // The file changes, and the parse cache is left holding a stamp that matches the new file
    // with the old text's digest: what a save between the stat and the read of a build, or a
    // clock that cannot tell two saves apart, leaves. The body's rendering is dropped, so the
    // build must read the text to render it, and finds it is not what was parsed.
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('Bravo.', 'Brave!'));
    await utimes(file, past, past);
    const st = await stat(file);
    await changeShardEntries<{ stamp: number[] }>(join(dir, '.casebook/cache/parsed'), '', (rel, entry) => {
      if (rel === 'writing/b.md') entry.stamp = [st.size, st.mtimeMs, st.ino, st.ctimeMs];
    });
    await rm(join(dir, '.casebook/cache/posts'), { recursive: true });
    await expect(build(opts(dir))).rejects.toMatchObject({ code: 'CB1034', location: { file } });
    expect(await snapshot(join(dir, 'dist'))).toEqual(before);
    // Not stuck on it: the stamp that vouched for the old text is dropped, so the next build reads the file.
    await build(opts(dir));
    expect(await readFile(join(dir, 'dist/writing/b/index.html'), 'utf8')).toContain('Brave!');
    await writeFile(file, text);
    // Saved as editors save (a new mtime): read, parsed and rendered again.
    await utimes(file, new Date(), new Date(past.getTime() + 60_000));
    await build(opts(dir));
    expect(await readFile(join(dir, 'dist/writing/b/index.html'), 'utf8')).toContain('Bravo.');
  });
});
