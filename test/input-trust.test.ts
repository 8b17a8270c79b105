import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CasebookError, CasebookErrors } from '../src/errors/index.js';
import { build } from '../src/pipeline/index.js';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();
/** A valid 1×1 PNG. */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const CONFIG = 'title: Trust\nbaseUrl: https://example.com/\n';
const POST =
  '-- content/writing/hello.md --\n---\ntitle: Hello\ndate: 2024-01-01\ntags: [go]\n---\nHi.\n-- content/writing/other.md --\n---\ntitle: Other\ndate: 2024-01-02\n---\nHo.\n';

/** `casebook build` of a site made from `txtar`; og and search stay on unless `skip` says otherwise. */
async function buildSite(txtar: string, ...extra: string[]) {
  const dir = await site(txtar);
  const result = await runCli(['build', dir, ...extra]);
  return { dir, ...result };
}

describe('language tags', () => {
  it.each([
    ['en_US', 'en-US'],
    ['en-us', 'en-US'],
    ['pt_BR', 'pt-BR'],
    ['zh_Hans_CN', 'zh-Hans-CN'],
    ['de_DE.UTF-8', 'de-DE'],
  ])('config lang %s builds as %s', async (written, tag) => {
    const { dir, code, stderr } = await buildSite(`-- casebook.config.yaml --\n${CONFIG}lang: ${written}\n${POST}`, '--skip', 'og');
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(0);
    const home = await readFile(join(dir, 'dist/index.html'), 'utf8');
    expect(home).toContain(`<html lang="${tag}"`);
    expect(await readFile(join(dir, 'dist/feed.xml'), 'utf8')).toContain(`<language>${tag}</language>`);
  });

  it('an unknown language falls back to English with CB2010 at the config line', async () => {
    const { dir, code, stderr } = await buildSite(`-- casebook.config.yaml --\n${CONFIG}lang: english\n${POST}`, '--skip', 'og,search');
    expect(code).toBe(0);
    expect(stderr).toMatch(/CB2010/);
    expect(stderr).toMatch(/casebook\.config\.yaml:3/);
    expect(await readFile(join(dir, 'dist/index.html'), 'utf8')).toContain('<html lang="en"');
  });

  it('a post lang that is no language tag is dropped with CB1320 at its line', async () => {
    const { dir, code, stderr } = await buildSite(
      `-- casebook.config.yaml --\n${CONFIG}-- content/writing/x.md --\n---\ntitle: X\ndate: 2024-01-01\nlang: fr_FR.UTF-8@euro\n---\nx\n-- content/writing/y.md --\n---\ntitle: Y\ndate: 2024-01-01\nlang: "!!"\n---\ny\n`,
      '--skip',
      'og,search',
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/CB1320[\s\S]*y\.md:4/);
    expect(await readFile(join(dir, 'dist/writing/x/index.html'), 'utf8')).toMatch(/lang="fr-FR"/);
  });

  it('a Jekyll site with lang: zh_Hans_CN builds as zh-Hans-CN', async () => {
    const { dir, code, stderr } = await buildSite(
      '-- _config.yml --\ntitle: Old\nurl: https://old.example\nlang: zh_Hans_CN\n-- _posts/2020-01-01-hi.md --\n---\ntitle: Hi\n---\nHi\n',
      '--skip',
      'og,search',
    );
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(0);
    expect(await readFile(join(dir, 'dist/index.html'), 'utf8')).toContain('<html lang="zh-Hans-CN"');
  });
});

describe('posts and aliases on files the site generates', () => {
  it.each(['feed.xml', 'robots.txt', 'sitemap.xml', '404.html', 'index.html', 'resume.json'])(
    'a page with slug %s is CB1321 at its slug line',
    async (slug) => {
      const { code, stderr } = await buildSite(
        `-- casebook.config.yaml --\n${CONFIG}${POST}-- content/pages/p.md --\n---\ntitle: P\nslug: ${slug}\n---\nx\n`,
        '--skip',
        'og,search',
      );
      expect(code).toBe(1);
      expect(stderr).toMatch(/CB1321/);
      expect(stderr).toMatch(/pages\/p\.md:3/);
      expect(stderr).toContain(`Casebook writes /${slug}`);
    },
  );

  it('an article with slug og.png would sit where a social card goes: CB1321', async () => {
    const { code, stderr } = await buildSite(
      `-- casebook.config.yaml --\n${CONFIG}${POST}-- content/writing/p.md --\n---\ntitle: P\nslug: og.png\n---\nx\n`,
      '--skip',
      'og,search',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/CB1321[\s\S]*writing\/og\.png/);
  });

  it.each([
    ['/feed.xml', 'feed.xml'],
    ['/robots.txt', 'robots.txt'],
    ['/sitemap.xml', 'sitemap.xml'],
    ['/pagefind/pagefind.js', 'pagefind/'],
    ['/writing/other/og.png', 'writing/other/og.png'],
    ['/tags/go/feed.xml', 'tags/go/feed.xml'],
    ['/assets/site.css', 'assets/'],
  ])('alias %s is CB1322 naming the post line and /%s', async (alias, generated) => {
    const { dir, code, stderr } = await buildSite(
      `-- casebook.config.yaml --\n${CONFIG}-- content/writing/hello.md --\n---\ntitle: Hello\ndate: 2024-01-01\ntags: [go]\naliases: [${alias}]\n---\nHi.\n-- content/writing/other.md --\n---\ntitle: Other\n---\nHo.\n`,
    );
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(1);
    expect(stderr).toMatch(/CB1322/);
    expect(stderr).toMatch(/hello\.md:5/);
    expect(stderr).toContain(`Casebook writes /${generated}`);
    // Nothing was written, and no temporary folder was left beside the output.
    expect((await readdir(dir)).filter((n) => n.startsWith('dist'))).toEqual([]);
  });

  it('an old redirect of a Jekyll site onto /feed.xml is dropped with CB1324 and the site builds', async () => {
    const { dir, code, stderr } = await buildSite(
      '-- _config.yml --\ntitle: Old\nurl: https://old.example\n-- _posts/2020-01-01-hi.md --\n---\ntitle: Hi\nredirect_from: [/feed.xml, /old-hi/]\n---\nHi\n',
      '--skip',
      'og,search',
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/CB1324/);
    expect(await readFile(join(dir, 'dist/feed.xml'), 'utf8')).toMatch(/<rss/);
    expect(await readFile(join(dir, 'dist/old-hi/index.html'), 'utf8')).toMatch(/refresh/);
  });

  it('a Jekyll post whose permalink is /feed.xml/ moves to its Casebook URL with CB1206', async () => {
    const { dir, code, stderr } = await buildSite(
      '-- _config.yml --\ntitle: Old\nurl: https://old.example\n-- _posts/2020-01-01-hi.md --\n---\ntitle: Hi\npermalink: /feed.xml/\n---\nHi\n',
      '--skip',
      'og,search',
    );
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(0);
    expect(stderr).toMatch(/CB1206/);
    expect(await readFile(join(dir, 'dist/feed.xml'), 'utf8')).toMatch(/<rss/);
  });

  it.each(['..\\\\..\\\\x', '/a/%2e%2e/%2e%2e/%2e%2e/b', 'C:\\\\Windows'])('alias %s is CB1323: it leaves the site', async (alias) => {
    const { dir, code, stderr } = await buildSite(
      `-- casebook.config.yaml --\n${CONFIG}-- content/writing/hello.md --\n---\ntitle: Hello\ndate: 2024-01-01\naliases: ["${alias}"]\n---\nHi.\n`,
      '--skip',
      'og,search',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/CB1323[\s\S]*hello\.md:4/);
    expect((await readdir(dir)).filter((n) => n.startsWith('dist'))).toEqual([]);
  });

  it('an alias with backslashes inside the site becomes a normal redirect folder', async () => {
    const { dir, code } = await buildSite(
      `-- casebook.config.yaml --\n${CONFIG}-- content/writing/hello.md --\n---\ntitle: Hello\ndate: 2024-01-01\naliases: ["old\\\\\\\\hello"]\n---\nHi.\n`,
      '--skip',
      'og,search',
    );
    expect(code).toBe(0);
    expect(await readFile(join(dir, 'dist/old/hello/index.html'), 'utf8')).toMatch(/refresh/);
  });
});

describe('names longer than a file name allows', () => {
  it('a 90-character CJK tag, category and series (270 bytes each) build, each to a distinct folder under 255 bytes', async () => {
    const a = '漢'.repeat(90);
    const b = '漢'.repeat(89) + '字';
    const { dir, code, stderr } = await buildSite(
      `-- casebook.config.yaml --\n${CONFIG}-- content/writing/hello.md --\n---\ntitle: Hello\ndate: 2024-01-01\ntags: [${a}, ${b}]\ncategories: [${a}]\nseries: ${a}\n---\nHi.\n`,
    );
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(0);
    const tags = (await readdir(join(dir, 'dist/tags'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(tags).toHaveLength(2);
    for (const t of tags) expect(Buffer.byteLength(t)).toBeLessThanOrEqual(200);
    expect(tags[0]).not.toBe(tags[1]);
    expect((await readdir(join(dir, 'dist/categories'))).some((n) => n.startsWith('漢漢'))).toBe(true);
    expect((await readdir(join(dir, 'dist/series'))).some((n) => n.startsWith('漢漢'))).toBe(true);
  });

  it('an explicit 300-byte slug is shortened with CB1325 and the page is written', async () => {
    const slug = 'é'.repeat(150);
    const { dir, code, stderr } = await buildSite(
      `-- casebook.config.yaml --\n${CONFIG}-- content/writing/hello.md --\n---\ntitle: Hello\ndate: 2024-01-01\nslug: ${slug}\n---\nHi.\n`,
      '--skip',
      'og,search',
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/CB1325[\s\S]*hello\.md:4/);
    const [folder] = (await readdir(join(dir, 'dist/writing'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(Buffer.byteLength(folder!)).toBeLessThanOrEqual(200);
    expect(folder!.startsWith('éé')).toBe(true);
  });

  it('an alias with a 300-byte segment redirects from a shortened folder', async () => {
    const { dir, code } = await buildSite(
      `-- casebook.config.yaml --\n${CONFIG}-- content/writing/hello.md --\n---\ntitle: Hello\ndate: 2024-01-01\naliases: [/old/${'語'.repeat(100)}/]\n---\nHi.\n`,
      '--skip',
      'og,search',
    );
    expect(code).toBe(0);
    const [folder] = await readdir(join(dir, 'dist/old'));
    expect(Buffer.byteLength(folder!)).toBeLessThanOrEqual(200);
  });
});

describe('baseUrl', () => {
  it.each(['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd'])('config baseUrl %s is CB2011 at its line', async (url) => {
    const { code, stderr } = await buildSite(`-- casebook.config.yaml --\ntitle: T\nbaseUrl: "${url}"\n${POST}`, '--skip', 'og,search');
    expect(code).toBe(1);
    expect(stderr).toMatch(/CB2011/);
    expect(stderr).toMatch(/casebook\.config\.yaml:2/);
  });
});

describe('--host and --port', () => {
  async function serveArgs(...args: string[]) {
    const dir = await site('-- index.html --\n<!doctype html><title>x</title>\n');
    return runCli(['preview', dir, ...args]);
  }

  it.each(['999.1.1.1', 'a b', '', 'http://localhost'])('--host %j is a usage error (exit 2, CB3170)', async (host) => {
    const { code, stderr } = await serveArgs('--host', host, '--port', '0');
    expect(code).toBe(2);
    expect(stderr).toMatch(/CB3170/);
  });

  it('--host of an address this machine does not have is CB3171 (exit 1)', async () => {
    // 192.0.2.1 is TEST-NET-1: never assigned to a machine; binding fails without sending anything.
    const { code, stderr } = await serveArgs('--host', '192.0.2.1', '--port', '0');
    expect(code).toBe(1);
    expect(stderr).toMatch(/CB3171/);
  });

  it.each(['1e3', '0x10', ''])('--port %j is a usage error (exit 2, CB3002), not read as a number', async (port) => {
    const { code, stderr } = await serveArgs('--port', port);
    expect(code).toBe(2);
    expect(stderr).toMatch(/CB3002/);
  });

  it('a port in use is CB3003 (exit 1), for dev too', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = String((blocker.address() as { port: number }).port);
    try {
      const preview = await serveArgs('--host', '127.0.0.1', '--port', port);
      expect(preview.code).toBe(1);
      expect(preview.stderr).toMatch(/CB3003/);
      const dir = await site(`-- casebook.config.yaml --\n${CONFIG}${POST}`);
      const dev = await runCli(['dev', dir, '--host', '999.1.1.1']);
      expect(dev.code).toBe(2);
      expect(dev.stderr).toMatch(/CB3170/);
    } finally {
      blocker.close();
    }
  });
});

describe('files of the site swapped after the build checked them', () => {
  /** Builds `dir` into `out`, replacing `victim` by a link to `target` when the first page renders (after static files and images were checked, before they are copied). */
  async function buildSwapping(dir: string, out: string, victim: string, target: string, memory = false) {
    let swapped = false;
    return build({
      site: dir,
      ...(memory ? { memory: true } : { out }),
      noCache: true,
      skip: ['og', 'search'],
      onProgress: (e) => {
        if (swapped || e.phase !== 'render') return;
        swapped = true;
        rmSync(victim, { recursive: true });
        symlinkSync(target, victim);
      },
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
  }

  const SITE = `
-- casebook.config.yaml --
title: Swap
baseUrl: https://swap.example.com/
-- content/writing/trip/index.md --
---
title: Trip
date: 2024-01-01
---
![Harbour](harbour.png) and the [notes](notes.txt).
-- content/writing/trip/notes.txt --
notes of the trip
-- static/files/cv.txt --
the CV
`;

  it('are not read through the link: CB1316, nothing written, the previous output kept', async () => {
    for (const [victim, memory] of [
      ['static/files/cv.txt', false],
      ['content/writing/trip/notes.txt', false],
      ['static/files', false],
      ['content/writing/trip/notes.txt', true],
      // Written on the output writer's thread (large sites), the copy is refused there.
      ['static/files/cv.txt', 'threaded'],
    ] as const) {
      const dir = await site(SITE);
      await writeFile(join(dir, 'content/writing/trip/harbour.png'), Buffer.from(PNG_1X1, 'base64'));
      const secret = join(dir, '..', `secret-${Math.random().toString(36).slice(2)}`);
      await mkdir(secret);
      await writeFile(join(secret, 'cv.txt'), 'private');
      const out = join(dir, '..', `out-${Math.random().toString(36).slice(2)}`);
      await build({ site: dir, out, noCache: true, skip: ['og', 'search'] });
      const before = await readFile(join(out, 'writing/trip/index.html'), 'utf8');
      const target = victim === 'static/files' ? secret : join(secret, 'cv.txt');
      if (memory === 'threaded') process.env.CASEBOOK_WRITER_THREAD_POSTS = '1';
      const err = await buildSwapping(dir, out, join(dir, victim), target, memory === true).finally(() => delete process.env.CASEBOOK_WRITER_THREAD_POSTS);
      expect(err, victim).toBeInstanceOf(CasebookError);
      expect((err as CasebookError).code).toBe('CB1316');
      expect((err as CasebookError).message).toMatch(/outside the site folder/);
      if (memory !== true) {
        expect(await readFile(join(out, 'writing/trip/index.html'), 'utf8')).toBe(before);
        const copied = victim.startsWith('static') ? join(out, 'files/cv.txt') : join(out, 'writing/trip/notes.txt');
        expect(await readFile(copied, 'utf8')).not.toBe('private');
      }
    }
  });
});

/** A site of one post, `content/writing/a.md`. */
function onePost(title: string): string {
  return `
-- casebook.config.yaml --
title: ${title}
baseUrl: https://${title.toLowerCase()}.example.com/
-- content/writing/a.md --
---
title: A post
date: 2024-01-01
---
Body.
`;
}

describe('files of the site that go away after the build checked them', () => {
  it('are CB1033 naming the file, not an internal error, on the main thread and the writer thread', async () => {
    for (const threaded of [false, true]) {
      const dir = await site(`${onePost('Gone')}-- static/files/cv.txt --
the CV
`);
      const victim = join(dir, 'static/files/cv.txt');
      if (threaded) process.env.CASEBOOK_WRITER_THREAD_POSTS = '1';
      const err = await build({
        site: dir,
        out: join(dir, '..', `out-${Math.random().toString(36).slice(2)}`),
        noCache: true,
        skip: ['og', 'search'],
        onProgress: (e) => {
          if (e.phase === 'render') rmSync(victim, { force: true });
        },
      })
        .then(
          () => undefined,
          (e: unknown) => e,
        )
        .finally(() => delete process.env.CASEBOOK_WRITER_THREAD_POSTS);
      expect(err, `threaded ${threaded}`).toBeInstanceOf(CasebookError);
      expect((err as CasebookError).code).toBe('CB1033');
      expect((err as CasebookError).location?.file).toBe(victim);
    }
  });
});

describe('a post swapped for a link after the build checked it', () => {
  it('is not read through the link (CB1313), with and without the cache', async () => {
    for (const noCache of [true, false]) {
      const dir = await site(onePost('Swap'));
      const secret = join(dir, '..', `secret-${Math.random().toString(36).slice(2)}.md`);
      await writeFile(secret, '---\ntitle: Private\ndate: 2024-01-01\n---\nNot for the site.\n');
      const victim = join(dir, 'content/writing/a.md');
      let swapped = false;
      const err = await build({
        site: dir,
        memory: true,
        noCache,
        skip: ['og', 'search'],
        // After the listing and its check for links out of the site, before the posts are read.
        onProgress: (e) => {
          if (swapped || e.phase !== 'discover') return;
          swapped = true;
          rmSync(victim);
          symlinkSync(secret, victim);
        },
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(swapped).toBe(true);
      const codes = err instanceof CasebookErrors ? err.errors.map((e) => e.code) : [(err as CasebookError).code];
      expect(codes, `noCache ${noCache}`).toEqual(['CB1313']);
    }
  });
});

describe('the profile', () => {
  it('is not read through a link out of the site (CB1317), nor from a FIFO (CB1033)', async () => {
    const dir = await site(`
-- casebook.config.yaml --
title: Profile
baseUrl: https://profile.example.com/
`);
    const outside = join(dir, '..', `resume-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(outside, '{"basics":{"name":"Someone Else"}}');
    symlinkSync(outside, join(dir, 'resume.json'));
    const err = await build({ site: dir, memory: true, skip: ['og', 'search'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as CasebookError).code).toBe('CB1317');
    rmSync(join(dir, 'resume.json'));
    execFileSync('mkfifo', [join(dir, 'resume.json')]);
    const fifo = await build({ site: dir, memory: true, skip: ['og', 'search'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((fifo as CasebookError).code).toBe('CB1033');
    expect((fifo as CasebookError).message).toContain('not a regular file');
  });
});
