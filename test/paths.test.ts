import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changeShardEntries, shardFiles } from './helpers/cache-shards.js';
import { BIN, runCli } from './helpers/cli.js';
import { addFiles } from './helpers/site.js';
import { snapshot } from './helpers/output.js';

// What must never be published: a file outside the site whose text is unique to this run.
const SENTINEL = `casebook-sentinel-${randomUUID()}`;

const roots: string[] = [];
afterEach(async () => {
  while (roots.length) await rm(roots.pop()!, { recursive: true, force: true });
});

/** A temp folder holding `site/` (the txtar) and `outside/secret.txt` (the sentinel) beside it. */
async function fixture(txtar: string): Promise<{ root: string; site: string; outside: string; secret: string; dist: string }> {
  const root = await mkdtemp(join(tmpdir(), 'casebook-paths-'));
  roots.push(root);
  const site = join(root, 'site');
  const outside = join(root, 'outside');
  await mkdir(join(outside, 'nested'), { recursive: true });
  await writeFile(join(outside, 'secret.txt'), SENTINEL);
  await writeFile(join(outside, 'nested/secret.png'), SENTINEL);
  await mkdir(site);
  await addFiles(site, txtar);
  return { root, site, outside, secret: join(outside, 'secret.txt'), dist: join(site, 'dist') };
}

const GOOD = `
-- content/writing/a.md --
---
title: A
date: 2024-01-01
---
Hello.
-- content/writing/pic.png --
not really a png
`;

/** Every byte of every file under `dir` (following nothing): none may hold the sentinel. */
async function leaks(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && (await readFile(p)).includes(SENTINEL)) found.push(p);
      else if (e.isSymbolicLink()) found.push(`${p} (a symbolic link in the output)`);
    }
  }
  if (existsSync(dir)) await walk(dir);
  return found;
}

const build = (site: string) => runCli(['build', site, '--skip', 'og,search']);

/**
 * Builds the good site, then writes `post` (the body of content/writing/a.md) and any `extra`,
 * builds again and expects the refusal: exit 1, the code at file:line:column with a code frame,
 * the previous output byte for byte, and no byte of the outside file anywhere in it.
 */
async function refused(opts: { post?: string; extra?: (f: Awaited<ReturnType<typeof fixture>>) => Promise<void>; code: string; at: RegExp; frame?: string }) {
  const f = await fixture(GOOD);
  const first = await build(f.site);
  expect(first.stderr).not.toMatch(/error/);
  expect(first.code).toBe(0);
  const before = await snapshot(f.dist);
  if (opts.post !== undefined) await writeFile(join(f.site, 'content/writing/a.md'), opts.post);
  await opts.extra?.(f);
  const second = await build(f.site);
  expect(second.stderr).toContain(`error ${opts.code}:`);
  expect(second.stderr).toMatch(opts.at);
  if (opts.frame) expect(second.stderr).toContain(opts.frame);
  expect(second.stderr).toContain('Build failed; nothing was written.');
  expect(second.code).toBe(1);
  expect(await snapshot(f.dist)).toEqual(before);
  expect(await leaks(f.dist)).toEqual([]);
  expect(second.stdout + second.stderr).not.toContain(SENTINEL);
  return { ...f, result: second };
}

const post = (front: string, body: string) => `---\ntitle: A\ndate: 2024-01-01\n${front}---\nHello.\n\n${body}\n`;

describe('images and covers never read a file outside the site folder', () => {
  it('refuses ../ that climbs out of the site, with file:line:column and a code frame (CB1310)', async () => {
    await refused({
      post: post('', '![x](../../../outside/secret.txt)'),
      code: 'CB1310',
      at: /content\/writing\/a\.md:7:6\b/,
      frame: '> 7 | ![x](../../../outside/secret.txt)',
    });
  });

  it('refuses percent-encoded ../ (%2e%2e%2f, ..%2f and %2e%2e/)', async () => {
    await refused({ post: post('', '![x](%2e%2e%2f%2e%2e%2f%2e%2e%2foutside%2fsecret.txt)'), code: 'CB1310', at: /a\.md:7:6\b/ });
    await refused({ post: post('', 'Text first. ![x](..%2f..%2f..%2foutside%2fsecret.txt)'), code: 'CB1310', at: /a\.md:7:18\b/ });
    await refused({ post: post('', '![x](%2e%2e/%2e%2e/%2e%2e/outside/secret.txt?v=1#top)'), code: 'CB1310', at: /a\.md:7:6\b/ });
  });

  it('refuses backslashes, which browsers read as slashes', async () => {
    // In Markdown a literal backslash is written `\\`.
    await refused({ post: post('', '![x](..\\\\..\\\\..\\\\outside\\\\secret.txt)'), code: 'CB1310', at: /a\.md:7:6\b/ });
    await refused({ post: post('image: ..\\..\\..\\outside\\secret.txt\n', ''), code: 'CB1310', at: /a\.md:4:8\b/ });
  });

  it('refuses a path that climbs out even when nothing is there, so errors do not reveal what exists elsewhere', async () => {
    await refused({ post: post('', '![x](../../../outside/no-such-file.png)'), code: 'CB1310', at: /a\.md:7:6\b/ });
  });

  it('refuses a symbolic link inside the site that points outside it: a linked file and a linked folder', async () => {
    await refused({
      post: post('', '![x](leak.png)'),
      extra: async (f) => symlink(f.secret, join(f.site, 'content/writing/leak.png')),
      code: 'CB1310',
      at: /a\.md:7:6\b/,
    });
    await refused({
      post: post('', '![x](linked/nested/secret.png)'),
      extra: async (f) => symlink(f.outside, join(f.site, 'content/writing/linked')),
      code: 'CB1310',
      at: /a\.md:7:6\b/,
    });
  });

  it('refuses an image: or cover: front matter field that leads outside (CB1310 at the field)', async () => {
    await refused({
      post: post('image: ../../../outside/secret.txt\n', ''),
      code: 'CB1310',
      at: /a\.md:4:8\b/,
      frame: '> 4 | image: ../../../outside/secret.txt',
    });
    await refused({
      post: post('cover: leak.png\n', ''),
      extra: async (f) => symlink(f.secret, join(f.site, 'content/writing/leak.png')),
      code: 'CB1310',
      at: /a\.md:4:8\b/,
    });
  });

  it("takes a root-absolute path (/etc/…, or the sentinel's own absolute path) as a URL on the site: nothing is read from the filesystem root", async () => {
    const f = await fixture(GOOD);
    await writeFile(join(f.site, 'content/writing/a.md'), post(`image: ${f.secret}\n`, `![x](${f.secret})\n\n![h](/etc/hostname)`));
    const r = await build(f.site);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const html = await readFile(join(f.dist, 'writing/a/index.html'), 'utf8');
    expect(html).toContain(`<img src="${f.secret}"`);
    expect(html).toContain('<img src="/etc/hostname"');
    expect(await leaks(f.dist)).toEqual([]);
  });

  it('still publishes images inside the site: beside the post, in another folder (../), and through a link that stays inside', async () => {
    const f = await fixture(`${GOOD}
-- content/shared/diagram.png --
shared image
`);
    await symlink('../shared/diagram.png', join(f.site, 'content/writing/linked.png'));
    await writeFile(join(f.site, 'content/writing/a.md'), post('image: pic.png\n', '![a](pic.png) ![b](../shared/diagram.png) ![c](linked.png)'));
    const r = await build(f.site);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const files = await readdir(join(f.dist, 'writing/a'));
    expect(files).toContain('pic.png');
    expect(files).toContain('linked.png');
    expect(files.some((n) => n.endsWith('-diagram.png'))).toBe(true);
  });
});

describe('content files', () => {
  it('refuses a Markdown file that is a link to a file outside the site, naming the link (CB1313); a link inside the site is read', async () => {
    await refused({
      extra: async (f) => {
        await writeFile(join(f.outside, 'notes.md'), `---\ntitle: Notes\n---\n${SENTINEL}\n`);
        await symlink(join(f.outside, 'notes.md'), join(f.site, 'content/writing/notes.md'));
      },
      code: 'CB1313',
      at: /content\/writing\/notes\.md\b/,
    });
    const f = await fixture(`${GOOD}
-- drafts/inside.md --
---
title: Inside
---
Kept inside the site.
`);
    await symlink('../../drafts/inside.md', join(f.site, 'content/writing/inside.md'));
    const r = await build(f.site);
    expect(r.code).toBe(0);
    expect(await readFile(join(f.dist, 'writing/inside/index.html'), 'utf8')).toContain('Kept inside the site.');
  });
});

describe('theme files', () => {
  it('refuses a stylesheet under theme/ that is a link out of the site, since its text is published (CB1314)', async () => {
    await refused({
      extra: async (f) => {
        await mkdir(join(f.site, 'theme'), { recursive: true });
        await symlink(f.secret, join(f.site, 'theme/site.css'));
      },
      code: 'CB1314',
      at: /theme\/site\.css\b/,
    });
  });
});

describe('static folder: symbolic links', () => {
  it('refuses a linked file that points outside the site, naming the link (CB1311)', async () => {
    await refused({
      extra: async (f) => {
        await mkdir(join(f.site, 'static'), { recursive: true });
        await symlink(f.secret, join(f.site, 'static/leak.txt'));
      },
      code: 'CB1311',
      at: /static\/leak\.txt\b/,
    });
  });

  it('refuses a linked folder that points outside the site, and a static folder that is itself such a link', async () => {
    await refused({
      extra: async (f) => {
        await mkdir(join(f.site, 'static'), { recursive: true });
        await symlink(f.outside, join(f.site, 'static/assets'));
      },
      code: 'CB1311',
      at: /static\/assets\b/,
    });
    await refused({
      extra: async (f) => symlink(f.outside, join(f.site, 'static')),
      code: 'CB1311',
      at: /site\/static\n/,
    });
  });

  it('copies linked folders and files that stay inside the site (no EISDIR crash), and refuses a link back to a folder holding it', async () => {
    const f = await fixture(`${GOOD}
-- assets/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- assets/icons/a.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- static/robots-extra.txt --
extra
`);
    await symlink('../assets', join(f.site, 'static/brand'));
    await symlink('../assets/logo.svg', join(f.site, 'static/logo.svg'));
    const r = await build(f.site);
    expect(r.stderr).not.toMatch(/^error|internal/m);
    expect(r.code).toBe(0);
    expect(await readFile(join(f.dist, 'brand/logo.svg'), 'utf8')).toContain('<svg');
    expect(await readFile(join(f.dist, 'brand/icons/a.svg'), 'utf8')).toContain('<svg');
    expect(await readFile(join(f.dist, 'logo.svg'), 'utf8')).toContain('<svg');
    const before = await snapshot(f.dist);

    await symlink('..', join(f.site, 'static/up'));
    const loop = await build(f.site);
    expect(loop.stderr).toContain('error CB1033:');
    expect(loop.stderr).toMatch(/static\/up\b/);
    expect(loop.code).toBe(1);
    expect(await snapshot(f.dist)).toEqual(before);
  });
});

describe('sites made with another tool', () => {
  it('refuses a Hugo static link and a figure shortcode that lead outside', async () => {
    const hugo = `
-- hugo.toml --
title = "H"
baseURL = "https://h.example.com/"
-- content/posts/a.md --
---
title: A
date: 2024-01-01
---
Hello.
`;
    const f = await fixture(hugo);
    expect((await build(f.site)).code).toBe(0);
    const before = await snapshot(f.dist);
    await mkdir(join(f.site, 'static'), { recursive: true });
    await symlink(f.secret, join(f.site, 'static/leak.txt'));
    const linked = await build(f.site);
    expect(linked.stderr).toContain('error CB1311:');
    expect(linked.stderr).toMatch(/static\/leak\.txt\b/);
    expect(linked.code).toBe(1);
    await rm(join(f.site, 'static/leak.txt'));

    await writeFile(join(f.site, 'content/posts/a.md'), '---\ntitle: A\ndate: 2024-01-01\n---\nHello.\n\n{{< figure src="../../../outside/secret.txt" >}}\n');
    const figure = await build(f.site);
    expect(figure.stderr).toContain('error CB1310:');
    expect(figure.stderr).toMatch(/content\/posts\/a\.md:7:\d+/);
    expect(figure.code).toBe(1);
    expect(await snapshot(f.dist)).toEqual(before);
    expect(await leaks(f.dist)).toEqual([]);
  });
});

const wxr = (items: string) => `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>W</title><link>https://w.example.com</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://w.example.com</wp:base_site_url><wp:base_blog_url>https://w.example.com</wp:base_blog_url>
${items}
</channel></rss>
`;
const item = (id: number, slug: string, html: string) => `<item><title>${slug}</title><link>https://w.example.com/${slug}/</link><dc:creator>d</dc:creator>
<content:encoded><![CDATA[${html}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>${id}</wp:post_id><wp:post_date>2024-01-0${id} 10:00:00</wp:post_date><wp:post_date_gmt>2024-01-0${id} 10:00:00</wp:post_date_gmt>
<wp:post_name>${slug}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>`;

describe('imported posts', () => {
  it('an imported <img src="file:///…"> stays a URL and ../ out of the site is refused at build; a --media link out of the folder is refused at import (CB1312)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'casebook-paths-import-'));
    roots.push(root);
    const secret = join(root, 'secret.txt');
    await writeFile(secret, SENTINEL);

    // file:// URLs are left to the browser, which will not load them from a web page: nothing is read.
    await writeFile(
      join(root, 'file-url.xml'),
      wxr(item(1, 'file-url', `<p>Hi <img src="file://${secret}" alt="s"> <img src="file:///etc/passwd" alt="p"></p>`)),
    );
    const site1 = join(root, 'site1');
    const imported1 = await runCli(['import', 'wordpress', join(root, 'file-url.xml'), '--out', site1]);
    expect(imported1.code).toBe(0);
    const built1 = await build(site1);
    expect(built1.code).toBe(0);
    expect(await leaks(join(site1, 'dist'))).toEqual([]);

    // ../ written in the old post: imported as written, refused when built.
    await writeFile(join(root, 'climb.xml'), wxr(item(2, 'climb', '<p>Hi</p><p><img src="../../../../secret.txt" alt="s"></p>')));
    const site2 = join(root, 'site2');
    expect((await runCli(['import', 'wordpress', join(root, 'climb.xml'), '--out', site2])).code).toBe(0);
    const built2 = await build(site2);
    expect(built2.stderr).toContain('error CB1310:');
    expect(built2.stderr).toMatch(/climb\.md:\d+:\d+/);
    expect(built2.code).toBe(1);
    expect(await leaks(site2)).toEqual([]);

    // An upload in the --media folder that is a link to a file elsewhere is not copied.
    const uploads = join(root, 'uploads');
    await mkdir(join(uploads, '2024'), { recursive: true });
    await symlink(secret, join(uploads, '2024/leak.png'));
    await writeFile(join(root, 'media.xml'), wxr(item(3, 'media', '<p><img src="https://w.example.com/wp-content/uploads/2024/leak.png" alt="l"></p>')));
    const site3 = join(root, 'site3');
    const imported3 = await runCli(['import', 'wordpress', join(root, 'media.xml'), '--out', site3, '--media', uploads]);
    expect(imported3.stderr).toContain('error CB1312:');
    expect(imported3.stderr).toContain(join(uploads, '2024/leak.png'));
    expect(imported3.code).toBe(1);
    expect(existsSync(join(site3, 'static/wp-content/uploads/2024/leak.png'))).toBe(false);
    expect(await leaks(site3)).toEqual([]);
  });
});

describe('a cloned site cannot smuggle a file out through its render cache', () => {
  it('a disk-cache entry whose image is outside the site is not used: the post renders afresh and nothing leaks', async () => {
    const f = await fixture(GOOD);
    await writeFile(join(f.site, 'content/writing/a.md'), post('', '![a](pic.png)'));
    expect((await build(f.site)).code).toBe(0);
    const before = await snapshot(f.dist);
    const cacheDir = join(f.site, '.casebook/cache/posts');
    const entries: string[] = [];
    for (const d of await readdir(cacheDir)) {
      if (d.length !== 2) continue; // index-<n>.json, tampered with below as well
      for (const e of await readdir(join(cacheDir, d))) if (e.endsWith('.json')) entries.push(join(cacheDir, d, e));
    }
    expect(entries.length).toBe(1);
    // The entry still matches the post; only its image now names the outside file (size and time as stored).
    const { statSync } = await import('node:fs');
    const st = statSync(f.secret);
    const entry = JSON.parse(await readFile(entries[0]!, 'utf8')) as {
      body: { assets: { from: string }[] };
      assets: { from: string; size: number; mtimeMs: number }[];
    };
    const pic = resolve(f.site, 'content/writing/pic.png');
    expect(entry.body.assets[0]!.from).toBe(pic);
    entry.body.assets[0]!.from = f.secret;
    entry.assets = [{ from: f.secret, size: st.size, mtimeMs: st.mtimeMs }];
    await writeFile(entries[0]!, JSON.stringify(entry));
    // The index of the entries the last build used says the same.
    expect(shardFiles(cacheDir, 'index-').length).toBeGreaterThan(0);
    await changeShardEntries<Record<string, unknown>>(cacheDir, 'index-', (_, e) => Object.assign(e, entry));
    // Another file changes, so the build is not skipped as up to date.
    await writeFile(join(f.site, 'content/writing/b.md'), post('', 'Other.'));
    const r = await build(f.site);
    expect(r.code, r.stderr).toBe(0);
    // The page shows the post's own image again, from inside the site.
    expect((await snapshot(f.dist)).get('writing/a/pic.png')).toEqual(before.get('writing/a/pic.png'));
    expect(await leaks(f.dist)).toEqual([]);
  });

  it('a cache entry that names an output path outside the output, or has fields of the wrong type, is a miss: nothing is written elsewhere and the build does not crash', async () => {
    const f = await fixture(GOOD);
    await writeFile(join(f.site, 'content/writing/a.md'), post('', '![a](pic.png)'));
    expect((await build(f.site)).code).toBe(0);
    const before = await snapshot(f.dist);
    const cacheDir = join(f.site, '.casebook/cache/posts');
    const tamper = async (change: (entry: { body: Record<string, unknown>; assets: unknown[] }) => void) => {
      expect(shardFiles(cacheDir, 'index-').length).toBeGreaterThan(0);
      await changeShardEntries<{ body: Record<string, unknown>; assets: unknown[] }>(cacheDir, 'index-', (_, e) => change(e));
      for (const d of await readdir(cacheDir)) {
        if (d.length !== 2) continue;
        for (const name of await readdir(join(cacheDir, d))) {
          if (!name.endsWith('.json')) continue;
          const entry = JSON.parse(await readFile(join(cacheDir, d, name), 'utf8')) as { body: Record<string, unknown>; assets: unknown[] };
          change(entry);
          await writeFile(join(cacheDir, d, name), JSON.stringify(entry));
        }
      }
    };
    const pic = resolve(f.site, 'content/writing/pic.png');
    const changes: ((e: { body: Record<string, unknown>; assets: unknown[] }) => void)[] = [
      (e) => {
        e.body.assets = [{ from: pic, to: '../../escaped.png' }];
        e.assets = []; // the image's stamp left out, so its check would not run
      },
      (e) => {
        e.body.assets = [{ from: pic, to: '/tmp/escaped.png' }];
      },
      (e) => {
        e.body.assets = null;
      },
      (e) => {
        e.body.toc = 5;
        e.body.summary = {};
      },
      // A diagram key goes into a regular expression and an attribute; a removal's code is looked up in the catalog.
      (e) => {
        e.body.diagrams = [{ key: '(', lang: 'dot', source: 'digraph { a -> b }', title: 'x' }];
      },
      (e) => {
        e.body.diagrams = [{ key: 'a'.repeat(20), lang: 'x" onload="alert(1)', source: 'graph TD; a-->b', title: 'x' }];
      },
      (e) => {
        e.body.htmlRemovals = [{ code: 'CB9999', message: 'x', line: 1 }];
      },
    ];
    for (const [i, change] of changes.entries()) {
      await tamper(change);
      await writeFile(join(f.site, 'content/writing/b.md'), post('', `Other ${i}.`));
      const r = await build(f.site);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(join(f.root, 'escaped.png')) || existsSync(join(f.site, 'escaped.png')) || existsSync('/tmp/escaped.png')).toBe(false);
      expect((await snapshot(f.dist)).get('writing/a/pic.png')).toEqual(before.get('writing/a/pic.png'));
    }
  });

  it("a site moved to another folder with its cache builds: the old folder's renderings are misses", async () => {
    const f = await fixture(GOOD);
    await writeFile(join(f.site, 'content/writing/a.md'), post('', '![a](pic.png)'));
    expect((await build(f.site)).code).toBe(0);
    const moved = `${f.site}-moved`;
    const { rename } = await import('node:fs/promises');
    await rename(f.site, moved);
    try {
      const r = await runCli(['build', moved, '--out', join(moved, 'dist2')]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('CB1310');
    } finally {
      await rename(moved, f.site);
    }
  });
});

/** One raw HTTP/1.1 request, the path sent exactly as given (no client normalises it). */
function rawGet(port: number, path: string): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', fail);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      done({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}

describe('casebook dev', () => {
  it('serves nothing from outside the site: raw traversal requests, /proc, absolute paths, and the URLs a refused image or static link would have had', async () => {
    const f = await fixture(GOOD);
    const envSentinel = `casebook-env-${randomUUID()}`;
    const child = spawn(process.execPath, [BIN, 'dev', f.site, '--port', '0'], {
      env: { ...process.env, CASEBOOK_PATHS_TEST: envSentinel },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    try {
      const until = async (check: () => boolean, what: string) => {
        for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
        if (!check()) throw new Error(`${what} did not happen; stdout: ${out}\nstderr: ${err}`);
      };
      await until(() => /Dev server at http:\/\/localhost:\d+\//.test(out), 'the server start');
      const port = Number(/localhost:(\d+)\//.exec(out)![1]);
      expect((await rawGet(port, '/writing/a/')).status).toBe(200);

      const probe = async () => {
        for (const target of traversals(f)) {
          const r = await rawGet(port, target);
          expect([400, 403, 404], `${target} → ${r.status}`).toContain(r.status);
          expect(r.text, target).not.toContain(SENTINEL);
          expect(r.text, target).not.toContain(envSentinel);
        }
      };

      // The post now shows an image out of the site: refused, and the overlay says why.
      await writeFile(join(f.site, 'content/writing/a.md'), post('', '![x](../../../outside/secret.txt)'));
      await until(() => err.includes('CB1310'), 'the refused image');
      expect((await rawGet(port, '/writing/a/')).text).toContain('CB1310');
      await probe();
      // Then static/ links to the outside file and folder.
      await writeFile(join(f.site, 'content/writing/a.md'), post('', 'Fixed.'));
      await mkdir(join(f.site, 'static'), { recursive: true });
      await symlink(f.secret, join(f.site, 'static/leak.txt'));
      await symlink(f.outside, join(f.site, 'static/outside'));
      await until(() => err.includes('CB1311'), 'the refused static links');
      expect((await rawGet(port, '/writing/a/')).text).toContain('CB1311');
      await probe();
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    }
    expect(err).not.toContain('internal error');
  });
});

/** Request paths that would reach the outside file, /proc or the image a refused post would have published. */
function traversals(f: { site: string; secret: string }): string[] {
  const digest = createHash('sha256')
    .update(resolve(f.site, 'content/writing', '../../../outside/secret.txt'))
    .digest('hex')
    .slice(0, 8);
  const rel = f.secret.slice(1);
  return [
    `/writing/a/${digest}-secret.txt`,
    '/leak.txt',
    '/outside/secret.txt',
    '/outside/nested/secret.png',
    '/proc/self/environ',
    '//proc/self/environ',
    '/../../../../../proc/self/environ',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/proc/self/environ',
    '/..%2f..%2f..%2f..%2fproc%2fself%2fenviron',
    '/%252e%252e/%252e%252e/proc/self/environ',
    '/..\\..\\..\\..\\proc\\self\\environ',
    `/${rel}`,
    `//${rel}`,
    '/../outside/secret.txt',
    '/writing/a/../../../outside/secret.txt',
    '/writing/a/%2e%2e/%2e%2e/%2e%2e/outside/secret.txt',
    `/${encodeURIComponent(f.secret)}`,
    '/proc/self/environ%00.html',
  ];
}
