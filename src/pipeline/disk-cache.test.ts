import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderedBody } from '../markdown/render.js';
import { RenderCache } from './disk-cache.js';
import { CacheWrites } from './cache-writes.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'casebook-render-cache-'));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

/** The index's shard files (`index-<n>.json`) in `dir`. */
const shardFiles = (dir: string, prefix: string) =>
  readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && n.endsWith('.json'))
    .map((n) => join(dir, n));

const body = (html: string) =>
  ({
    html,
    digest: createHash('sha1').update(html).digest('hex'),
    excerptHtml: undefined,
    summary: '',
    toc: [],
    words: 1,
    readingMinutes: 1,
    assets: [],
    unknownLanguages: [],
  }) as unknown as RenderedBody;
const SITE = ['/blog/', 230, 'UTC'];
const fail = (): string => {
  throw new Error('rendered again');
};
const DEV = ['/', 230, 'UTC'];

describe('RenderCache shared by a dev server and builds', () => {
  it('never gives a build a body a dev server rendered for another base path into the same folder', () => {
    const dev = new RenderCache(root, DEV, 'share'); // First on a new cache: it takes it.
    new RenderCache(root, SITE, 'own'); // A build clears it and takes it over …
    dev.set('post-digest', 'writing/a/', body('<img src="/a/x.png">')); // … while dev keeps writing.
    const next = new RenderCache(root, SITE, 'own');
    expect(next.get('post-digest', 'writing/a/', fail)).toBeUndefined();
    next.set('post-digest', 'writing/a/', body('<img src="/blog/writing/a/x.png">'));
    expect(new RenderCache(root, SITE, 'own').get('post-digest', 'writing/a/', fail)?.html).toBe('<img src="/blog/writing/a/x.png">');
  });

  it('leaves a posts/ folder it did not create (no meta.json), clears its own by setting it aside, and does not fail when it vanishes', () => {
    mkdirSync(join(root, 'posts'));
    writeFileSync(join(root, 'posts/notes.txt'), "not the cache's");
    const first = new RenderCache(root, SITE, 'own'); // No meta.json: the folder is not known to be the cache's.
    expect(readdirSync(join(root, 'posts'))).toContain('notes.txt');
    new RenderCache(root, DEV, 'own'); // Kept for SITE by this cache: cleared, set aside first.
    expect(readdirSync(root).filter((n) => n.startsWith('posts'))).toEqual([]);
    expect(() => first.set('d', 'p/', body('x'))).not.toThrow();
  });
});

describe('RenderCache bodies', () => {
  it("reads a body's HTML from disk only when it is used, and renders it again if the file went missing meanwhile", () => {
    const cache = new RenderCache(root, SITE, 'own');
    cache.set('d1', 'writing/a/', body('<p>first</p>'));
    cache.set('d2', 'writing/b/', body('<p>second</p>'));
    const reader = new RenderCache(root, SITE, 'own');
    const a = reader.get('d1', 'writing/a/', fail)!;
    let rerendered = 0;
    const b = reader.get('d2', 'writing/b/', () => `<p>again ${++rerendered}</p>`)!;
    expect(a.summary).toBe('');
    // Both files gone after the metadata was read: the first body's HTML was never read, the second's is made again.
    new RenderCache(root, DEV, 'own');
    expect(() => a.html).toThrow('rendered again');
    expect(b.html).toBe('<p>again 1</p>');
    expect(b.html).toBe('<p>again 1</p>');
    expect(rerendered).toBe(1);
  });

  it('gives the HTML as written, with the metadata, to JSON and to a later reader', () => {
    const cache = new RenderCache(root, SITE, 'own');
    cache.set('d', 'writing/a/', { ...body('<p>x</p>'), summary: 'S' } as RenderedBody);
    const got = new RenderCache(root, SITE, 'own').get('d', 'writing/a/', fail)!;
    expect(JSON.parse(JSON.stringify(got))).toMatchObject({ html: '<p>x</p>', summary: 'S', words: 1 });
  });
});

describe('RenderCache bodies highlighted later (dev)', () => {
  it('asks for the highlighted body when it writes, after the first page, and keeps nothing when there is none', () => {
    const writes = new CacheWrites(true);
    const cache = new RenderCache(root, DEV, 'share', true, writes);
    let asked = 0;
    cache.set('a-digest', 'writing/a/', body('<pre>plain</pre>'), () => {
      asked++;
      return body('<pre><span class="hljs-keyword">highlighted</span></pre>');
    });
    cache.set('b-digest', 'writing/b/', body('<pre>plain b</pre>'), () => undefined);
    expect(asked).toBe(0);
    expect(writes.flushFor()).toBe(true);
    expect(asked).toBe(1);
    const next = new RenderCache(root, DEV, 'share');
    expect(next.get('a-digest', 'writing/a/', fail)?.html).toBe('<pre><span class="hljs-keyword">highlighted</span></pre>');
    expect(next.get('b-digest', 'writing/b/', fail)).toBeUndefined();
  });
});

describe('RenderCache index', () => {
  it('reads the entries the last build used from its index shards, and writes a shard again only when its entries change', () => {
    const first = new RenderCache(root, SITE, 'own');
    expect(first.get('d1', 'writing/a/', fail)).toBeUndefined();
    first.set('d1', 'writing/a/', body('<p>a</p>'));
    first.set('d2', 'writing/b/', body('<p>b</p>'));
    first.saveIndex();
    // Per-entry metadata files gone: the index alone answers (the HTML files stay).
    for (const sub of readdirSync(join(root, 'posts')).filter((n) => n.length === 2))
      for (const f of readdirSync(join(root, 'posts', sub))) if (f.endsWith('.json')) rmSync(join(root, 'posts', sub, f));
    const shards = shardFiles(join(root, 'posts'), 'index-');
    expect(shards.length).toBeGreaterThan(0);
    expect(shards.length).toBeLessThanOrEqual(2);
    const second = new RenderCache(root, SITE, 'own');
    expect(second.get('d1', 'writing/a/', fail)?.html).toBe('<p>a</p>');
    expect(second.get('d2', 'writing/b/', fail)?.html).toBe('<p>b</p>');
    const past = new Date(Math.floor(statSync(shards[0]!).mtimeMs) - 10_000);
    for (const f of shards) utimesSync(f, past, past);
    second.saveIndex();
    for (const f of shards) expect(Math.round(statSync(f).mtimeMs)).toBe(past.getTime());
    // One body fewer (a deleted post): the index drops it, rewriting only the shard that held it.
    const third = new RenderCache(root, SITE, 'own');
    third.get('d1', 'writing/a/', fail);
    third.saveIndex();
    const entries = shards.map((f) => Object.keys((JSON.parse(readFileSync(f, 'utf8')) as { entries: object }).entries).length);
    expect(entries.reduce((a, b) => a + b)).toBe(1);
    if (shards.length === 2) expect(shards.filter((f) => Math.round(statSync(f).mtimeMs) === past.getTime())).toHaveLength(1);
    // Kept for other settings: neither read nor trusted.
    expect(new RenderCache(root, DEV, 'own').get('d1', 'writing/a/', fail)).toBeUndefined();
  });

  it('deletes the one-file index of an older Casebook when it writes its shards', () => {
    mkdirSync(join(root, 'posts'), { recursive: true });
    writeFileSync(join(root, 'posts/index.json'), '{"scope":"old","entries":{}}');
    const cache = new RenderCache(root, SITE, 'own');
    cache.get('d1', 'writing/a/', fail);
    cache.set('d1', 'writing/a/', body('<p>a</p>'));
    cache.saveIndex();
    expect(existsSync(join(root, 'posts/index.json'))).toBe(false);
    expect(new RenderCache(root, SITE, 'own').get('d1', 'writing/a/', fail)?.html).toBe('<p>a</p>');
  });
});

describe('RenderCache without its index (a dev rebuild)', () => {
  it('reads entries one file each and leaves the index a build wrote as it was', () => {
    const build = new RenderCache(root, SITE, 'own');
    build.get('d1', 'writing/a/', fail);
    build.set('d1', 'writing/a/', body('<p>a</p>'));
    build.set('d2', 'writing/b/', body('<p>b</p>'));
    build.saveIndex();
    const index = () => shardFiles(join(root, 'posts'), 'index-').map((f) => [f, readFileSync(f, 'utf8')]);
    const written = index();
    expect(written.length).toBeGreaterThan(0);
    const dev = new RenderCache(root, SITE, 'share', false);
    expect(dev.get('d1', 'writing/a/', fail)?.html).toBe('<p>a</p>');
    dev.set('d3', 'writing/c/', body('<p>c</p>'));
    dev.saveIndex();
    expect(index()).toEqual(written);
  });
});
