import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers/cli.js';

/**
 * Files a post of Casebook's own site links or plays by a relative path (the bundle's slides,
 * data, clip, captions; a note beside two posts) are published beside each page and the links
 * point at the copies; a missing one stops the build at its line and column, and the previous
 * output stays. They were left as written, so every one of them was a 404 after a clean build.
 */
const FIXTURE = new URL('./fixtures/local-files/', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function copyFixture(): Promise<{ site: string; out: string; build: () => ReturnType<typeof runCli> }> {
  const root = await mkdtemp(join(tmpdir(), 'casebook-local-files-'));
  dirs.push(root);
  const site = join(root, 'site');
  await cp(FIXTURE, site, { recursive: true });
  const out = join(root, 'out');
  return { site, out, build: () => runCli(['build', site, '--out', out, '--no-cache', '--skip', 'og,search']) };
}

/** The local URLs a page's body loads or links (href, src, poster), fragment and query dropped. */
function localUrls(html: string): string[] {
  const body = html.slice(html.indexOf('<article'), html.indexOf('</article>'));
  return [...body.matchAll(/\s(?:href|src|poster)="(\/writing\/[^"#?]+\.[a-z0-9]+)(?:[#?][^"]*)?"/g)].map((m) => m[1]!);
}

describe('files linked from a native post', () => {
  it('are copied beside each page that links them, and every rewritten URL is that copy', async () => {
    const { site, out, build } = await copyFixture();
    const run = await build();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 warnings');
    const page = (p: string) => readFileSync(join(out, p, 'index.html'), 'utf8');
    const bundle = page('writing/bundle-post');
    expect(bundle).toContain('<a href="/writing/bundle-post/slides.pdf">slides</a>');
    expect(bundle).toContain('<a href="/writing/bundle-post/slides.pdf#page=3">page 3 of them</a>');
    expect(bundle).toContain('<a href="/writing/bundle-post/data.csv">data</a>');
    expect(bundle).toContain('<a href="/writing/bundle-post/slides.pdf">raw link</a>');
    expect(bundle).toMatch(
      /<video src="\/writing\/bundle-post\/clip\.mp4" poster="\/writing\/bundle-post\/poster\.svg" controls><track src="\/writing\/bundle-post\/captions\/en\.vtt"/,
    );
    expect(bundle).toContain('<source src="/writing/bundle-post/talk.ogg" type="audio/ogg">');
    // Links to pages and anchors are as written.
    expect(bundle).toContain('<a href="../first/">first post</a>');
    expect(bundle).toContain('<a href="#the-talk">anchor</a>');
    expect(page('writing/first')).toContain('<a href="../bundle-post/">bundle post</a>');
    // A link to a file of static/, written relative to the page: it works as written.
    expect(page('writing/first')).toContain('<a href="../../files/cv.pdf">CV</a>');
    expect(readFileSync(join(out, 'files/cv.pdf'), 'utf8')).toContain('the CV kept in static/');

    // Each URL names a file of the output with the bytes of the file the post named.
    const sources: Record<string, string> = {
      'writing/bundle-post/slides.pdf': 'content/writing/bundle/slides.pdf',
      'writing/bundle-post/data.csv': 'content/writing/bundle/data.csv',
      'writing/bundle-post/clip.mp4': 'content/writing/bundle/clip.mp4',
      'writing/bundle-post/poster.svg': 'content/writing/bundle/poster.svg',
      'writing/bundle-post/captions/en.vtt': 'content/writing/bundle/captions/en.vtt',
      'writing/bundle-post/talk.ogg': 'content/writing/bundle/talk.ogg',
      'writing/first/notes.txt': 'content/writing/notes.txt',
      'writing/second/notes.txt': 'content/writing/notes.txt',
    };
    const linked = new Set(['writing/bundle-post', 'writing/first', 'writing/second'].flatMap((p) => localUrls(page(p))));
    const notesInBundle = [...linked].find((u) => /^\/writing\/bundle-post\/[0-9a-f]{8}-notes\.txt$/.test(u));
    expect(notesInBundle).toBeDefined();
    sources[notesInBundle!.slice(1)] = 'content/writing/notes.txt';
    expect([...linked].sort()).toEqual(
      Object.keys(sources)
        .map((p) => `/${p}`)
        .sort(),
    );
    for (const [to, from] of Object.entries(sources)) {
      expect(readFileSync(join(out, to)), to).toEqual(readFileSync(join(site, from)));
    }
    // A file linked twice from one post is one file; the pages' links all resolve.
    expect(page('writing/second').match(/href="\/writing\/second\/notes\.txt"/g)).toHaveLength(2);
    const check = await runCli(['check', out]);
    expect(check.stdout).toContain('0 errors');
    expect(check.code).toBe(0);
  });

  it('stop the build when missing (CB1035) or outside the site (CB1315), at the line and column, and keep the previous output', async () => {
    const { site, out, build } = await copyFixture();
    expect((await build()).code).toBe(0);
    const before = readFileSync(join(out, 'writing/bundle-post/index.html'), 'utf8');
    const bundle = join(site, 'content/writing/bundle');

    await rm(join(bundle, 'data.csv'));
    const missing = await build();
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error CB1035: Linked file not found');
    expect(missing.stderr).toMatch(/content\/writing\/bundle\/index\.md:19:8\n\s+The file "data\.csv" does not exist next to index\.md\./);
    await writeFile(join(bundle, 'data.csv'), 'minute,requests\n');

    await rm(join(bundle, 'clip.mp4'));
    const video = await build();
    expect(video.code).toBe(1);
    expect(video.stderr).toMatch(/CB1035[\s\S]*index\.md:15:13\n\s+The file "\.\/clip\.mp4" does not exist/);
    await writeFile(join(bundle, 'clip.mp4'), 'clip');

    const elsewhere = join(site, '..', 'slides-elsewhere.pdf');
    await writeFile(elsewhere, '%PDF private');
    await rm(join(bundle, 'slides.pdf'));
    await symlink(elsewhere, join(bundle, 'slides.pdf'));
    const outside = await build();
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/error CB1315: Linked file outside the site folder[\s\S]*index\.md:7:18\n/);

    // Nothing of the failed builds reached the output.
    expect(readFileSync(join(out, 'writing/bundle-post/index.html'), 'utf8')).toBe(before);
    expect(readFileSync(join(out, 'writing/bundle-post/slides.pdf'), 'utf8')).toBe('%PDF-1.4 slides of the talk\n');
    expect(existsSync(join(out, 'writing/bundle-post/data.csv'))).toBe(true);
  });

  it('missing or outside, are all named by one build, in the order of their lines, each once', async () => {
    const { site, build } = await copyFixture();
    const index = join(site, 'content/writing/bundle/index.md');
    const source = readFileSync(index, 'utf8');
    await writeFile(
      index,
      `${source}\n![gone](gone.png) and the [report](report.pdf).\n\n<video src="clip-2.mp4"></video>\n\n[key](../../../../../etc/hostname.txt)\n`,
    );
    const run = await build();
    expect(run.code).toBe(1);
    const reported = [...run.stderr.matchAll(/error (CB\d{4})[^\n]*\n\s+--> [^\n]*index\.md:(\d+):\d+/g)].map((m) => `${m[1]}@${m[2]}`);
    const lines = readFileSync(index, 'utf8').split('\n');
    const at = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    expect(reported).toEqual([`CB1030@${at('gone.png')}`, `CB1035@${at('report.pdf')}`, `CB1035@${at('clip-2.mp4')}`, `CB1315@${at('hostname.txt')}`]);

    // Hundreds of them: the first 25 and a count, not megabytes of errors.
    await writeFile(index, `${source}\n${Array.from({ length: 300 }, (_, i) => `[f${i}](missing-${i}.pdf)`).join('\n\n')}\n`);
    const many = await build();
    expect(many.stderr.match(/error CB1035/g)).toHaveLength(25);
    expect(many.stderr).toContain('(275 more images and files of this post are not shown; fix these and build again.)');
  });

  it('reach a file of static/ only as the browser reads the link under the base path, encoded slashes not climbing', async () => {
    const { site, out, build } = await copyFixture();
    const config = join(site, 'casebook.config.yaml');
    await writeFile(config, readFileSync(config, 'utf8').replace('baseUrl: https://notes.example.org/', 'baseUrl: https://notes.example.org/blog/'));
    expect((await build()).code).toBe(0);
    expect(readFileSync(join(out, 'writing/first/index.html'), 'utf8')).toContain('href="../../files/cv.pdf"');
    const bundle = join(site, 'content/writing/bundle/index.md');
    const source = readFileSync(bundle, 'utf8');
    // From /blog/writing/bundle-post/, three levels up leaves /blog/: the browser asks /files/cv.pdf, which the site does not hold.
    for (const link of ['../../../files/cv.pdf', '..%2F..%2Ffiles%2Fcv.pdf']) {
      await writeFile(bundle, `${source}\nThe [other CV](${link}).\n`);
      const run = await build();
      expect(run.code, link).toBe(1);
      expect(run.stderr, link).toContain('error CB1035');
    }
  });

  it('in static/, named by their path on disk, are linked at their URL and not copied again', async () => {
    const { site, out, build } = await copyFixture();
    const second = join(site, 'content/writing/second.md');
    await writeFile(second, `${readFileSync(second, 'utf8')}\nThe [CV](../../static/files/cv.pdf#page=2).\n`);
    expect((await build()).code).toBe(0);
    expect(readFileSync(join(out, 'writing/second/index.html'), 'utf8')).toContain('href="/files/cv.pdf#page=2"');
    expect(readdirSync(join(out, 'writing/second')).filter((n) => n.endsWith('cv.pdf'))).toEqual([]);
    expect(existsSync(join(out, 'files/cv.pdf'))).toBe(true);
  });

  it('outside the post folder get the same published name wherever the site folder is', async () => {
    const names: string[] = [];
    for (const copy of [await copyFixture(), await copyFixture()]) {
      expect((await copy.build()).code).toBe(0);
      names.push(readdirSync(join(copy.out, 'writing/bundle-post')).filter((n) => n.endsWith('-notes.txt'))[0]!);
    }
    expect(names[0]).toMatch(/^[0-9a-f]{8}-notes\.txt$/);
    expect(names[1]).toBe(names[0]);
  });

  it('missing, name a file of the folder whose name differs only in letter case (CB1035, CB1030)', async () => {
    const { site, build } = await copyFixture();
    const bundle = join(site, 'content/writing/bundle');
    await rm(join(bundle, 'data.csv'));
    await writeFile(join(bundle, 'Data.CSV'), 'minute,requests\n');
    const file = await build();
    expect(file.code).toBe(1);
    expect(file.stderr).toMatch(
      /CB1035[\s\S]*The file "data\.csv" does not exist next to index\.md\. Did you mean "Data\.CSV"\? Letter case counts on most hosts\./,
    );
    await writeFile(join(bundle, 'data.csv'), 'minute,requests\n');
    await cp(join(bundle, 'poster.svg'), join(bundle, 'captions/Poster.svg'));
    await writeFile(join(bundle, 'index.md'), `${readFileSync(join(bundle, 'index.md'), 'utf8')}\n![again](captions/poster.svg)\n`);
    const image = await build();
    expect(image.stderr).toMatch(/CB1030[\s\S]*Did you mean "captions\/Poster\.svg"\?/);
  });

  it('are published by a cached rebuild once a folder or static file a link named gives way to a file, as a clean build would', async () => {
    const { site, out } = await copyFixture();
    // With the render cache: the second build reuses the first post's rendering unless what left its links as written changed.
    const cached = () => runCli(['build', site, '--out', out, '--skip', 'og,search']);
    const writing = join(site, 'content/writing');
    const first = join(writing, 'first.md');
    await writeFile(first, `${readFileSync(first, 'utf8')}\nThe [old release](release.v2) notes.\n`);
    await mkdir(join(writing, 'release.v2'));
    expect((await cached()).code).toBe(0);
    const page = () => readFileSync(join(out, 'writing/first/index.html'), 'utf8');
    expect(page()).toContain('href="release.v2"');

    // The folder becomes a file: published, and the link points at the copy.
    await rm(join(writing, 'release.v2'), { recursive: true });
    await writeFile(join(writing, 'release.v2'), 'the release notes\n');
    expect((await cached()).code).toBe(0);
    expect(page()).toContain('href="/writing/first/release.v2"');
    expect(readFileSync(join(out, 'writing/first/release.v2'), 'utf8')).toBe('the release notes\n');

    // The static file the CV link reached goes: a missing file (CB1035) as in a clean build, not a link left to a 404.
    await rm(join(site, 'static/files/cv.pdf'));
    const gone = await cached();
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/error CB1035[\s\S]*first\.md:\d+:\d+\n\s+The file "\.\.\/\.\.\/files\/cv\.pdf" does not exist/);
  });

  it('whose names differ only in letter case are a clash (CB1600), never one of them dropped in silence', async () => {
    const { site, out, build } = await copyFixture();
    expect((await build()).code).toBe(0);
    const before = readFileSync(join(out, 'writing/bundle-post/index.html'), 'utf8');
    const bundle = join(site, 'content/writing/bundle');
    const index = join(bundle, 'index.md');
    const source = readFileSync(index, 'utf8');
    // Both spellings exist and both are named: one would overwrite the other on a host that
    // ignores case, and was left out of the output while the page still linked it.
    await writeFile(join(bundle, 'Data.csv'), 'another table\n');
    await writeFile(index, `${source}\n[The other table](Data.csv)\n`);
    const linked = await build();
    expect(linked.code).toBe(1);
    expect(linked.stderr).toContain('error CB1600: Several sources want one URL');
    expect(linked.stderr).toMatch(
      /\/writing\/bundle-post\/(data|Data)\.csv is wanted by 2 different files whose names differ only in letter case: the file \S+\.csv; the file \S+\.csv\./,
    );
    expect(readFileSync(join(out, 'writing/bundle-post/index.html'), 'utf8')).toBe(before);

    await writeFile(index, `${source}\n![The other poster](Poster.svg)\n`);
    await writeFile(join(bundle, 'Poster.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>');
    const image = await build();
    expect(image.code).toBe(1);
    expect(image.stderr).toMatch(/CB1600[\s\S]*the image \S+oster\.svg; the image \S+oster\.svg/);
    await rm(join(bundle, 'Poster.svg'));

    // Wide pictures are published in several sizes: the clash is still one error, not one per size.
    const picture = (background: string) =>
      sharp({ create: { width: 1600, height: 900, channels: 3, background } })
        .png()
        .toBuffer();
    await writeFile(join(bundle, 'Chart.png'), await picture('#123'));
    await writeFile(join(bundle, 'chart.png'), await picture('#456'));
    await writeFile(index, `${source}\n![Chart](Chart.png) and ![the same, lower case](chart.png)\n`);
    const sized = await build();
    expect(sized.code).toBe(1);
    expect(sized.stderr.match(/error CB1600/g)).toHaveLength(1);
    expect(sized.stderr).toMatch(/2 different files whose names differ only in letter case: the image \S+hart\.png; the image \S+hart\.png\./);
    await rm(join(bundle, 'Chart.png'));
    await rm(join(bundle, 'chart.png'));

    // A static file at the name a post's file takes, with other content: a clash too.
    await writeFile(index, source);
    await rm(join(bundle, 'Data.csv'));
    await mkdir(join(site, 'static/writing/bundle-post'), { recursive: true });
    await writeFile(join(site, 'static/writing/bundle-post/slides.pdf'), '%PDF-1.4 an older deck\n');
    const staticClash = await build();
    expect(staticClash.code).toBe(1);
    expect(staticClash.stderr).toMatch(
      /CB1600[\s\S]*\/writing\/bundle-post\/slides\.pdf is wanted by 2 different files: the static file \S+; the file \S+slides\.pdf\./,
    );

    // Each name once again: the build goes through and publishes every file.
    await rm(join(site, 'static/writing'), { recursive: true });
    expect((await build()).code).toBe(0);
    expect(readFileSync(join(out, 'writing/bundle-post/slides.pdf'), 'utf8')).toBe('%PDF-1.4 slides of the talk\n');
  });

  it('are a catalogued error, never an internal one, for paths no file system takes, and a media source must be a file', async () => {
    const cases: [string, (site: string) => Promise<void>, RegExp][] = [
      ['[x](a%00b.pdf)', async () => {}, /error CB1035[\s\S]*index\.md:21:5/],
      [`[x](${'a'.repeat(300)}.pdf)`, async () => {}, /error CB1035/],
      ['[x](slides.pdf/x.txt)', async () => {}, /error CB1035/],
      ['[x](loop.pdf)', (site) => symlink('loop.pdf', join(site, 'content/writing/bundle/loop.pdf')), /error CB1035/],
      ['<video src="clips.mp4"></video>', (site) => mkdir(join(site, 'content/writing/bundle/clips.mp4')), /error CB1035/],
    ];
    for (const [line, setup, expected] of cases) {
      const { site, build } = await copyFixture();
      await setup(site);
      const index = join(site, 'content/writing/bundle/index.md');
      const text = readFileSync(index, 'utf8');
      await writeFile(index, `${text}\n${line}\n`);
      const run = await build();
      expect(run.code, line).toBe(1);
      expect(run.stderr, line).toMatch(expected);
      expect(run.stderr, line).not.toContain('internal error');
    }
  });

  /** A build of the fixture by the user nobody, with `unreadable` (a path in the site) made unreadable. */
  async function buildAsNobody(unreadable: string, cache = false): Promise<ReturnType<typeof spawnSync>> {
    const { site, out } = await copyFixture();
    const root = join(site, '..');
    await mkdir(dirname(join(site, unreadable)), { recursive: true });
    if (!existsSync(join(site, unreadable))) await mkdir(join(site, unreadable));
    await chmod(join(site, unreadable), 0o000);
    execFileSync('chown', ['-R', 'nobody', root]);
    const args = ['build', site, '--out', out, ...(cache ? [] : ['--no-cache']), '--skip', 'og,search'];
    return spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, BIN, ...args], {
      encoding: 'utf8',
      env: { ...process.env, HOME: root, XDG_CACHE_HOME: join(root, 'cache') },
    });
  }
  const asRoot = process.getuid?.() === 0 && existsSync('/usr/sbin/runuser');

  it.skipIf(!asRoot)('that cannot be read stop the build with CB1033 at the link, not an internal error', async () => {
    const run = await buildAsNobody('content/writing/bundle/slides.pdf');
    expect(run.status).toBe(1);
    expect(String(run.stderr)).toMatch(/error CB1033: File cannot be read[\s\S]*index\.md:7:18\n\s+The file "\.\/slides\.pdf" cannot be read \(EACCES\)/);
  });

  it.skipIf(!asRoot)('a folder of the site that cannot be listed does not make a cached build an internal error', async () => {
    // The build stamp's walk lists the whole site folder; a private folder beside content/ is not the build's business.
    const run = await buildAsNobody('notes-private');
    expect(String(run.stderr)).toBe('');
    expect(run.status).toBe(0);
    const cached = await buildAsNobody('notes-private', true);
    expect(String(cached.stderr)).not.toContain('internal error');
    expect(cached.status).toBe(0);
  });

  it.skipIf(!asRoot)('a folder of static/ or content/ that cannot be listed is CB1033 naming it, not an internal error', async () => {
    for (const folder of ['static/locked', 'content/writing/locked']) {
      const run = await buildAsNobody(folder);
      expect(run.status, folder).toBe(1);
      expect(String(run.stderr), folder).toMatch(new RegExp(`error CB1033: File cannot be read[\\s\\S]*${folder.replace('/', '\\/')}[\\s\\S]*\\(EACCES\\)`));
      expect(String(run.stderr), folder).not.toContain('internal error');
    }
  });

  it.skipIf(!asRoot)('a static file that cannot be read is CB1033 before anything is written, not an internal error', async () => {
    const run = await buildAsNobody('static/files/cv.pdf');
    expect(run.status).toBe(1);
    expect(String(run.stderr)).toMatch(
      /error CB1033: File cannot be read[\s\S]*static\/files\/cv\.pdf[\s\S]*The static file cannot be read: there is no permission to read it/,
    );
    expect(String(run.stderr)).not.toContain('internal error');
  });
});
