import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DevSession } from '../src/dev/session.js';
import { highlightStats } from '../src/markdown/highlight.js';
import { highlightedLater } from '../src/markdown/render.js';
import { build } from '../src/pipeline/index.js';
import { startDevServer } from '../src/dev/server.js';
import { watchSite } from '../src/dev/watcher.js';
import { writeGeneratedSite } from '../bench/generate.js';
import { freePort } from '../bench/first-response.js';
import { useTempSites } from './helpers/site.js';
import { BIN } from './helpers/cli.js';
import { tempDir } from './helpers/temp-dir.js';

const site = useTempSites();
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const stops: (() => void)[] = [];

/** How many rendered bodies the site's disk cache holds (0 before it exists). */
function cachedBodies(dir: string): number {
  try {
    return readdirSync(join(dir, '.casebook/cache/posts'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).length;
  } catch {
    return 0;
  }
}
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function serve(dir: string, watch = true): Promise<{ session: DevSession; base: string; server: Server }> {
  const session = new DevSession({ site: dir });
  const server = await startDevServer(session, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  session.baseUrl = `${base}/`;
  await session.rebuild();
  const watcher = watch ? watchSite({ root: dir, ignore: ['dist', '.casebook'], onChange: (files) => void session.rebuild(files) }) : undefined;
  stops.push(() => {
    watcher?.close();
    session.close();
    server.close();
    server.closeAllConnections();
  });
  return { session, base, server };
}

/** Like an editor that saves by writing a temp file and renaming it over the original. */
async function saveLikeAnEditor(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp~`, text);
  await rename(`${file}.tmp~`, file);
}

async function waitFor(check: () => Promise<boolean>, ms = 2000): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < ms) {
    if (await check()) return performance.now() - start;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`not true within ${ms} ms`);
}

const text = async (url: string) => (await fetch(url)).text();

const THREE = `
-- casebook.config.yaml --
paginate: 1
search: false
-- content/writing/a.md --
---
title: Post A
date: 2024-01-01
---
Alpha.
-- content/writing/b.md --
---
title: Post B
date: 2024-02-01
---
Bravo.
-- content/writing/c.md --
---
title: Post C
date: 2024-03-01
---
Charlie.
`;

describe('casebook dev', () => {
  it('shows an edited title on /writing/ within 2 s on a 50-post site', async () => {
    const dir = await site('-- .keep --\n');
    const posts = await writeGeneratedSite(dir, 50);
    const { base } = await serve(dir);
    const newest = posts[posts.length - 1]!;
    const file = join(dir, 'content/writing', newest.file);
    const source = await readFile(file, 'utf8');
    await saveLikeAnEditor(file, source.replace(`title: "${newest.title}"`, 'title: "A freshly edited title"'));
    const ms = await waitFor(async () => (await text(`${base}/writing/`)).includes('A freshly edited title'));
    expect(ms).toBeLessThan(2000);
    // A second save of the same file is seen too (editors replace files by rename).
    await saveLikeAnEditor(file, source.replace(`title: "${newest.title}"`, 'title: "Edited twice"'));
    await waitFor(async () => (await text(`${base}/writing/`)).includes('Edited twice'));
  });

  it('re-renders exactly the post and the pages and feeds that show it', async () => {
    const dir = await site(THREE);
    // No watcher: a rebuild it started would replace the result this test reads.
    const { session } = await serve(dir, false);
    // Pages render when first requested; asking for every one shows which needed rendering.
    const renderAll = () => {
      for (const data of session.files.values()) if (typeof data === 'function') data();
      return [...session.lastResult!.rendered].sort();
    };
    expect(session.lastResult!.pagesRendered).toBe(0);
    expect(renderAll().length).toBeGreaterThan(10);
    await session.rebuild();
    expect(renderAll()).toEqual([]); // nothing changed, nothing rendered

    await writeFile(join(dir, 'content/writing/b.md'), '---\ntitle: Post B, revised\ndate: 2024-02-01\n---\nBravo.\n');
    await session.rebuild();
    expect(session.lastResult!.pagesRendered).toBe(0);
    expect(renderAll()).toEqual([
      '', // home: latest writing
      '404.html', // recent posts
      'atom.xml',
      'feed.json',
      'feed.xml',
      'writing/a/', // neighbour and related list name B
      'writing/b/',
      'writing/c/',
      'writing/page/2/', // the list page that shows B (one post per page)
    ]);
  });

  it('looks only at the files the watcher reported, and finds what it missed on disk soon after', async () => {
    const dir = await site(THREE);
    const { base, session } = await serve(dir, false);
    const file = (name: string) => join(dir, 'content/writing', name);
    expect(await text(`${base}/feed.xml`)).toContain('<title>Post B</title>');
    await writeFile(file('b.md'), '---\ntitle: Post B, reported\ndate: 2024-02-01\n---\nBravo.\n');
    await session.rebuild([file('b.md')]);
    expect(await text(`${base}/writing/b/`)).toContain('Post B, reported');
    // Feeds are bytes built from entries made once per build: the new title, not the last build's.
    expect(await text(`${base}/feed.xml`)).toContain('<title>Post B, reported</title>');
    expect(await text(`${base}/atom.xml`)).toContain('<title type="text">Post B, reported</title>');

    // A new post and a deleted one are reported like edits; the folder is listed again.
    await writeFile(file('d.md'), '---\ntitle: Post D\ndate: 2024-04-01\n---\nDelta.\n');
    await session.rebuild([file('d.md')]);
    expect(await text(`${base}/writing/d/`)).toContain('Post D');
    await rm(file('a.md'));
    await session.rebuild([file('a.md')]);
    expect((await fetch(`${base}/writing/a/`)).status).toBe(404);

    // An edit the watcher never reported: the next build trusts the report, then the check on disk catches up.
    await writeFile(file('c.md'), '---\ntitle: Post C, missed\ndate: 2024-03-01\n---\nCharlie.\n');
    await writeFile(file('b.md'), '---\ntitle: Post B, again\ndate: 2024-02-01\n---\nBravo.\n');
    await session.rebuild([file('b.md')]);
    expect(await text(`${base}/writing/b/`)).toContain('Post B, again');
    await waitFor(async () => (await text(`${base}/writing/c/`)).includes('Post C, missed'));
  });

  it('after a failed build, looks at every file again', async () => {
    const dir = await site(THREE);
    const { base, session } = await serve(dir, false);
    const file = (name: string) => join(dir, 'content/writing', name);
    await writeFile(file('a.md'), '---\ntitle: Post A\ndate: 2024-02-31\n---\nBroken.\n');
    await session.rebuild([file('a.md')]);
    expect(session.errors.map((e) => e.code)).toEqual(['CB1012']);
    // Only b is reported, but a is still broken on disk: the build must not take a's last good parse.
    await writeFile(file('b.md'), '---\ntitle: Post B, edited\ndate: 2024-02-01\n---\nBravo.\n');
    await session.rebuild([file('b.md')]);
    expect(session.errors.map((e) => e.code)).toEqual(['CB1012']);
    await writeFile(file('a.md'), '---\ntitle: Post A, fixed\ndate: 2024-01-01\n---\nAlpha.\n');
    await session.rebuild([file('a.md')]);
    expect(session.errors).toEqual([]);
    expect(await text(`${base}/writing/a/`)).toContain('Post A, fixed');
    expect(await text(`${base}/writing/b/`)).toContain('Post B, edited');
  });

  it('renders a post again when the folder or static file that left its link as written changes', async () => {
    const dir = await site(THREE);
    const post = join(dir, 'content/writing/a.md');
    await mkdir(join(dir, 'static/files'), { recursive: true });
    await writeFile(join(dir, 'static/files/cv.pdf'), '%PDF cv');
    await mkdir(join(dir, 'content/writing/notes.v2'));
    await writeFile(post, '---\ntitle: Post A\ndate: 2024-01-01\n---\nThe [CV](../../files/cv.pdf) and the [notes](notes.v2).\n');
    const { base, session } = await serve(dir, false);
    expect(await text(`${base}/writing/a/`)).toContain('href="notes.v2"');

    // The folder becomes a file: the watcher reports the file, and the link now points at its copy.
    await rm(join(dir, 'content/writing/notes.v2'), { recursive: true });
    await writeFile(join(dir, 'content/writing/notes.v2'), 'notes');
    await session.rebuild([join(dir, 'content/writing/notes.v2')]);
    expect(await text(`${base}/writing/a/`)).toContain('href="/writing/a/notes.v2"');
    expect(await text(`${base}/writing/a/notes.v2`)).toBe('notes');

    // The static file goes: the link names nothing now, as a clean build would say.
    await rm(join(dir, 'static/files/cv.pdf'));
    await session.rebuild([join(dir, 'static/files/cv.pdf')]);
    expect(session.errors.map((e) => e.code)).toEqual(['CB1035']);
  });

  it('renders a post again when a file it reached changes, also when the site is served through a link to its folder', async () => {
    const dir = await site(THREE);
    await mkdir(join(dir, 'static/files'), { recursive: true });
    await writeFile(join(dir, 'static/files/cv.pdf'), '%PDF cv');
    await writeFile(join(dir, 'content/writing/a.md'), '---\ntitle: Post A\ndate: 2024-01-01\n---\nThe [CV](../../files/cv.pdf).\n');
    // A build by the folder's own name fills the disk cache; dev is then started through a link.
    await build({ site: dir, skip: ['og', 'search'] });
    const linked = `${dir}-link`;
    await symlink(dir, linked);
    stops.push(() => void rm(linked, { force: true }));
    const { session } = await serve(linked, false);
    expect(session.errors).toEqual([]);
    await rm(join(dir, 'static/files/cv.pdf'));
    await session.rebuild([join(linked, 'static/files/cv.pdf')]);
    expect(session.errors.map((e) => e.code)).toEqual(['CB1035']);
  });

  it('keeps serving the last good build with an overlay naming the file, and recovers', async () => {
    const dir = await site(THREE);
    const { base, session } = await serve(dir);
    const version = session.version;
    await saveLikeAnEditor(join(dir, 'content/writing/b.md'), '---\ntitle: Post B\ndate: 2024-02-31\n---\nBravo.\n');
    await waitFor(async () => session.version > version);
    const res = await fetch(`${base}/writing/b/`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>Post B</h1>'); // the last good build
    expect(page).toContain('id="casebook-overlay" role="alertdialog"');
    expect(page).toContain('error CB1012: Invalid date');
    expect(page).toMatch(/content\/writing\/b\.md:3:1/);
    expect(page).toContain('&gt; 3 | date: 2024-02-31');
    expect(await text(`${base}/`)).toContain('casebook-overlay'); // on every page

    await saveLikeAnEditor(join(dir, 'content/writing/b.md'), '---\ntitle: Post B fixed\ndate: 2024-02-01\n---\nBravo.\n');
    await waitFor(async () => (await text(`${base}/writing/b/`)).includes('Post B fixed'));
    expect(await text(`${base}/writing/b/`)).not.toContain('casebook-overlay');
  });

  it('answers a request made before the first build is done with the built page, not a 404', async () => {
    const dir = await site(THREE);
    const session = new DevSession({ site: dir });
    const server = await startDevServer(session, 0, '127.0.0.1');
    stops.push(() => {
      session.close();
      server.close();
      server.closeAllConnections();
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    session.baseUrl = `${base}/`;
    // Asked while nothing is built: the answer waits for the build the server was bound for.
    const early = fetch(`${base}/writing/b/`);
    const missing = fetch(`${base}/no/such/page/`);
    await new Promise((r) => setTimeout(r, 50));
    await session.rebuild();
    const page = await early;
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Post B');
    expect((await missing).status).toBe(404);
  });

  it('says nothing is built yet when the first build fails, and the last good build once one succeeded', async () => {
    const dir = await site(THREE.replace('date: 2024-02-01', 'date: 2024-02-31'));
    const child = spawn(process.execPath, [BIN, 'dev', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    stops.push(() => child.kill('SIGTERM'));
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    await waitFor(async () => /Dev server at http:\/\/localhost:\d+\//.test(out), 15000);
    const base = `http://127.0.0.1:${/localhost:(\d+)\//.exec(out)![1]}`;
    expect(err).toContain('CB1012');
    expect(err).toContain('Nothing built yet: every page shows these errors until a build succeeds');
    expect(err).not.toContain('last good build');
    const page = await text(`${base}/writing/a/`);
    expect(page).toContain('1 error: nothing is built yet');
    expect(page).not.toContain('last good build');

    await saveLikeAnEditor(join(dir, 'content/writing/b.md'), '---\ntitle: Post B\ndate: 2024-02-01\n---\nBravo.\n');
    await waitFor(async () => /Rebuilt in/.test(out), 15000);
    const before = err.length;
    await saveLikeAnEditor(join(dir, 'content/writing/b.md'), '---\ntitle: Post B\ndate: 2024-02-30\n---\nBravo.\n');
    await waitFor(async () => err.slice(before).includes('Still serving the last good build'), 15000);
    expect(await text(`${base}/writing/b/`)).toContain('1 error: the site shows the last good build');
    // The same failure again (an editor saving twice) prints nothing new; a different one does.
    await saveLikeAnEditor(join(dir, 'content/writing/b.md'), '---\ntitle: Post B\ndate: 2024-02-30\n---\nBravo.\n');
    // Apart from the next save, so the watcher reports it on its own and it is built on its own.
    await new Promise((r) => setTimeout(r, 300));
    await saveLikeAnEditor(join(dir, 'content/writing/b.md'), '---\ntitle: Post B\ndate: 2024-02-31\n---\nBravo!\n');
    await waitFor(async () => err.slice(before).includes('2024-02-31'), 15000);
    expect(err.slice(before).split('Still serving the last good build')).toHaveLength(3);
  });

  it('writes the build cache once its first build is served, and the next dev server starts from it', async () => {
    const dir = await site(THREE);
    const cacheFolder = join(dir, '.casebook/cache');
    const first = new DevSession({ site: dir });
    await first.rebuild();
    // Pages waiting for this build are answered in this turn; the cache is written in the next.
    expect(first.lastResult!.markdownRendered).toBe(3);
    expect(existsSync(join(cacheFolder, 'posts'))).toBe(false);
    expect(existsSync(join(cacheFolder, 'parsed'))).toBe(false);
    const html = () => readdirSync(join(cacheFolder, 'posts'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
    await waitFor(async () => existsSync(join(cacheFolder, 'parsed')) && html().length === 3);
    first.close();
    const next = new DevSession({ site: dir });
    await next.rebuild();
    next.close();
    expect(next.lastResult!.markdownRendered).toBe(0);
  });

  it('answers its first page before highlighting code, and shows every post highlighted as a build does', async () => {
    const dir = await site(`
-- casebook.config.yaml --
search: false
-- content/writing/code.md --
---
title: With code
date: 2024-01-01
---
Some text.

\`\`\`ocaml
let later_value = 42
\`\`\`
-- content/writing/excerpt.md --
---
title: With an excerpt
date: 2024-02-01
---
\`\`\`elixir
IO.puts("later")
\`\`\`

<!--more-->

More.
-- content/writing/trip/index.md --
---
title: With a picture
date: 2024-03-01
---
![The harbour](./harbour.png)

\`\`\`scala
object Later extends App
\`\`\`
`);
    const picture = join(dir, 'content/writing/trip/harbour.png');
    await writeFile(picture, Buffer.from(PNG_1X1, 'base64'));
    const highlighted = highlightStats.highlighted;
    const session = new DevSession({ site: dir });
    await session.rebuild();
    const dev = session.lastResult!;
    const page = (path: string) => {
      const made = dev.deferred!.get(path)!;
      return Buffer.from(typeof made === 'function' ? made() : made).toString('utf8');
    };
    // A body with raw HTML (`<!--more-->` is) is highlighted at once: its excerpt's text, the
    // summary, is then the build's (highlight.js's spans leave spaces in it).
    const home = page('index.html');
    expect(highlightStats.highlighted).toBe(highlighted + 1);
    // The model's bodies carry no list of blocks left for later (it would stay in memory).
    expect(dev.model.posts.filter((p) => highlightedLater(p.rendered))).toEqual([]);
    // The other two are not highlighted for the home page.
    expect(home).toContain('With code');
    // Highlighted in place when a page reads them, also once a file the post uses is gone (the
    // page is then the last good build's).
    await rm(picture);
    const posts = ['writing/code/index.html', 'writing/trip/index.html'].map((path) => ({ path, html: page(path) }));
    expect(highlightStats.highlighted).toBe(highlighted + 3);
    session.close();
    await writeFile(picture, Buffer.from(PNG_1X1, 'base64'));
    const built = join(dir, 'out');
    await build({ site: dir, out: built, noCache: true, skip: ['og'] });
    const fromBuild = (path: string) => readFile(join(built, path), 'utf8');
    const summary = (html: string) => /<p class="card-summary" dir="auto">([^<]*)<\/p>/.exec(html)?.[1];
    expect(summary(home)).toBe(summary(await fromBuild('index.html')));
    const pre = (html: string) => html.slice(html.indexOf('<pre'), html.indexOf('</pre>') + 6);
    for (const { path, html } of posts) {
      expect(pre(html)).toContain('<span class="hljs-');
      expect(pre(html)).toBe(pre(await fromBuild(path)));
    }
  });

  it('writes bodies whose code it left for later to the disk cache highlighted, after the first page', async () => {
    const dir = await site(`
-- casebook.config.yaml --
search: false
-- content/writing/code.md --
---
title: With code
date: 2024-01-01
---
\`\`\`haskell
main = putStrLn "later"
\`\`\`
-- content/writing/plain.md --
---
title: Without code
date: 2024-02-01
---
Just text.
`);
    const posts = join(dir, '.casebook/cache/posts');
    const bodies = () => (existsSync(posts) ? readdirSync(posts, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).length : 0);
    const session = new DevSession({ site: dir });
    await session.rebuild();
    const dev = session.lastResult!;
    expect(bodies()).toBe(0);
    // No page read the post with code: writing the cache highlights it.
    expect(dev.flushCacheWrites().done).toBe(true);
    expect(bodies()).toBe(2);
    session.close();
    const cached = await build({ site: dir, out: join(dir, 'out-cached'), skip: ['og'] });
    expect(cached.markdownRendered).toBe(0);
    const clean = await build({ site: dir, out: join(dir, 'out-clean'), noCache: true, skip: ['og'] });
    expect(clean.markdownRendered).toBe(2);
    for (const path of ['writing/code/index.html', 'writing/plain/index.html', 'index.html', 'feed.xml', 'atom.xml', 'feed.json']) {
      expect(await readFile(join(dir, 'out-cached', path), 'utf8'), path).toBe(await readFile(join(dir, 'out-clean', path), 'utf8'));
    }
    expect(await readFile(join(dir, 'out-cached', 'writing/code/index.html'), 'utf8')).toContain('<span class="hljs-');
  });

  it("writes a large first build's cache a slice at a time, and drops what is left when it stops", async () => {
    const dir = await site('');
    await writeGeneratedSite(dir, 400);
    const bodies = () => cachedBodies(dir);
    const stopped = new DevSession({ site: dir });
    await stopped.rebuild();
    stopped.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(bodies()).toBe(0);
    const running = new DevSession({ site: dir });
    await running.rebuild();
    // Slices leave turns of the event loop between them: a timer set now fires before all is written.
    let whenTimerFired = -1;
    setTimeout(() => (whenTimerFired = bodies()), 0);
    await waitFor(async () => bodies() === 400, 15000);
    running.close();
    expect(whenTimerFired).toBeGreaterThanOrEqual(0);
    expect(whenTimerFired).toBeLessThan(400);
  });

  it('writes no cache while a rebuild runs, and goes on writing once it is done', async () => {
    const dir = await site('');
    const posts = await writeGeneratedSite(dir, 400);
    const bodies = () => cachedBodies(dir);
    const session = new DevSession({ site: dir });
    stops.push(() => session.close());
    await session.rebuild();
    // An edit saved while the first build's cache is still being written.
    const file = join(dir, 'content/writing', posts[0]!.file);
    await writeFile(file, `${await readFile(file, 'utf8')}\nOne more paragraph.\n`);
    const before = bodies();
    await session.rebuild([file]);
    expect(bodies()).toBe(before);
    expect(before).toBeLessThan(400);
    // The first build's 400 bodies and the edited one.
    await waitFor(async () => bodies() === 401, 15000);
  });

  it('writes nothing to the cache for a rebuild that ends after the session closed', async () => {
    const dir = await site('');
    const posts = await writeGeneratedSite(dir, 60);
    const session = new DevSession({ site: dir });
    await session.rebuild();
    const bodies = () => cachedBodies(dir);
    await waitFor(async () => bodies() === 60);
    const file = join(dir, 'content/writing', posts[0]!.file);
    await writeFile(file, `${await readFile(file, 'utf8')}\nOne more paragraph.\n`);
    const rebuilt = session.rebuild([file]);
    session.close();
    await rebuilt;
    await new Promise((r) => setTimeout(r, 200));
    expect(bodies()).toBe(60);
  });

  it('stops cleanly on a signal sent the moment the first page is served', async () => {
    // The page is served while the command still sets up the watcher; a signal then used to kill
    // the process outright (no clean stop, and on Node 20 no compiled code kept for the next start).
    const dir = await site('');
    await writeGeneratedSite(dir, 60);
    const xdg = await mkdtemp(join(tmpdir(), 'casebook-dev-signal-'));
    stops.push(() => void rm(xdg, { recursive: true, force: true }));
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const port = await freePort();
      const child = spawn(process.execPath, [BIN, 'dev', dir, '--port', String(port)], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, XDG_CACHE_HOME: xdg },
      });
      stops.push(() => child.kill('SIGKILL'));
      const ended = new Promise<[number | null, string | null]>((done) => child.on('exit', (code, sig) => done([code, sig])));
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined))?.status === 200, 15000);
      child.kill(signal);
      expect(await ended).toEqual([0, null]);
    }
    // bin/casebook.js keeps compiled code on Node 20 only (Node 22+ has a cache of its own).
    if (typeof (module as { enableCompileCache?: unknown }).enableCompileCache !== 'function') {
      expect((await readdir(join(xdg, 'casebook/code'))).filter((f) => f.endsWith('-dev.v8'))).toHaveLength(1);
    }
  });

  it('reloads open pages through server-sent events after a rebuild', async () => {
    const dir = await site(THREE);
    const { base } = await serve(dir);
    const page = await text(`${base}/writing/a/`);
    expect(page).toContain('<script src="/__casebook/client.js"></script></body>');
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(`${base}/__casebook/events`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        res.on('data', async (chunk: string) => {
          events.push(...chunk.split('\n').filter((l) => l.startsWith('data: ')));
          if (events.length === 1) await saveLikeAnEditor(join(dir, 'content/writing/a.md'), '---\ntitle: Post A2\ndate: 2024-01-01\n---\nAlpha.\n');
          if (events.length === 2) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', (e) => (events.length >= 2 ? resolve() : reject(e)));
      req.end();
    });
    expect(Number(events[1]!.slice(6))).toBeGreaterThan(Number(events[0]!.slice(6)));
  });

  it('shows drafts and scheduled posts, marked, and listens on loopback only', async () => {
    const dir = await site(`${THREE}
-- content/writing/d.md --
---
title: Unfinished
draft: true
---
-- content/writing/e.md --
---
title: Next year
date: 2099-01-01
---
`);
    const { base, server } = await serve(dir);
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
    expect(await text(`${base}/writing/d/`)).toContain('<span class="status status-draft">Draft</span>');
    expect(await text(`${base}/writing/e/`)).toContain('<span class="status status-scheduled">Scheduled</span>');
  });

  it('keeps the search page, indexes in the background, and re-reads a replaced image', async () => {
    const svg = (w: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="50"></svg>`;
    const dir = await site(`
-- content/writing/pic/index.md --
---
title: With a picture
date: 2024-01-01
---
![A box](./box.svg)
-- content/writing/pic/box.svg --
${svg(100)}
-- content/writing/elsewhere.md --
---
title: Image in a subfolder
date: 2024-01-02
---
![A box](./img/deep/box.svg)
-- content/writing/img/deep/box.svg --
${svg(40)}
`);
    const { base } = await serve(dir);
    expect(await text(`${base}/search/`)).toContain('data-search');
    expect(await text(`${base}/writing/pic/`)).toContain('<form class="site-search"');
    // Indexed in the background, by Pagefind's own process: slower when the machine is loaded.
    await waitFor(async () => (await fetch(`${base}/pagefind/pagefind.js`)).status === 200, 15000);
    expect(await text(`${base}/writing/pic/`)).toContain('width="100" height="50"');
    await saveLikeAnEditor(join(dir, 'content/writing/pic/box.svg'), svg(300));
    await waitFor(async () => (await text(`${base}/writing/pic/`)).includes('width="300" height="50"'));
    expect(await text(`${base}/writing/elsewhere/`)).toContain('width="40" height="50"');
    await saveLikeAnEditor(join(dir, 'content/writing/img/deep/box.svg'), svg(80));
    await waitFor(async () => (await text(`${base}/writing/elsewhere/`)).includes('width="80" height="50"'));
  });

  it('serves a file a post links from the disk, with ranges, and keeps no copy of it in memory', async () => {
    const dir = await site(`
-- content/writing/talk/index.md --
---
title: The talk
date: 2024-01-01
---
The [recording](./talk.mp4) and [a static page](/about.html).
-- static/about.html --
<!doctype html><html lang="en"><head><title>About</title></head><body><p>Static about page.</p></body></html>
`);
    // Four megabytes of bytes that each say where they are.
    const video = Buffer.alloc(4 << 20);
    for (let i = 0; i < video.length; i += 4) video.writeUInt32BE(i, i);
    await writeFile(join(dir, 'content/writing/talk/talk.mp4'), video);
    const { session, base } = await serve(dir, false);
    const page = await text(`${base}/writing/talk/`);
    expect(page).toContain('href="/writing/talk/talk.mp4"');
    // The build kept the path of the copy, not its bytes.
    expect([...session.files.values()].some((f) => f instanceof Uint8Array && f.length === video.length)).toBe(false);
    const whole = await fetch(`${base}/writing/talk/talk.mp4`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await whole.arrayBuffer()).equals(video)).toBe(true);
    const part = await fetch(`${base}/writing/talk/talk.mp4`, { headers: { Range: 'bytes=1048576-1048583' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1048576-1048583/${video.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(video.subarray(1048576, 1048584));
    // A static HTML page still gets the live-reload script.
    expect(await text(`${base}/about.html`)).toMatch(/Static about page[\s\S]*<script/);
    // Swapped for a link to a file outside the site since the build: not followed.
    const outside = join(tempDir('casebook-outside-'), 'secret.txt');
    await writeFile(outside, 'secret');
    await rm(join(dir, 'content/writing/talk/talk.mp4'));
    await symlink(outside, join(dir, 'content/writing/talk/talk.mp4'));
    const swapped = await fetch(`${base}/writing/talk/talk.mp4`);
    expect(swapped.status).toBe(404);
    expect(await swapped.text()).not.toContain('secret');
    // Gone from the disk since the build: a 404, not a crash.
    await rm(join(dir, 'content/writing/talk/talk.mp4'));
    expect((await fetch(`${base}/writing/talk/talk.mp4`)).status).toBe(404);
    // A copy whose real path lies outside the site and Casebook's folder (a link swapped in
    // before the sink took it) is never sent, whatever path the sink recorded.
    session.files.set('planted.txt', { copiedFrom: outside });
    expect((await fetch(`${base}/planted.txt`)).status).toBe(404);
    // A static HTML page replaced by a FIFO: a 404 at once, not a request left hanging.
    await rm(join(dir, 'static/about.html'));
    execFileSync('mkfifo', [join(dir, 'static/about.html')]);
    expect((await fetch(`${base}/about.html`, { signal: AbortSignal.timeout(3000) })).status).toBe(404);
  });

  it('refuses path traversal in every encoding', async () => {
    const dir = await site(THREE);
    const { base } = await serve(dir);
    for (const p of [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%252e%252e/etc/passwd',
      '/..%5c..%5cetc/passwd',
      '/a/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${base}${p}`, { path: p }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status, p).toBe(400);
    }
    expect((await fetch(`${base}/no/such/page/`)).status).toBe(404);
    // Every answer tells the browser to keep nothing, refusals too.
    for (const method of ['POST', 'DELETE']) {
      const refused = await fetch(`${base}/`, { method });
      expect([refused.status, refused.headers.get('allow'), refused.headers.get('cache-control')]).toEqual([405, 'GET, HEAD', 'no-store']);
    }
  });
});
