import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderedBody } from '../markdown/render.js';
import { RenderCache } from './disk-cache.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'casebook-render-cache-'));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const body = (html: string) =>
  ({
    html,
    digest: html,
    excerptHtml: undefined,
    summary: '',
    toc: [],
    words: 1,
    readingMinutes: 1,
    assets: [],
    unknownLanguages: [],
  }) as unknown as RenderedBody;
const SITE = ['/blog/', 230, 'UTC'];
const DEV = ['/', 230, 'UTC'];

describe('RenderCache shared by a dev server and builds', () => {
  it('never gives a build a body a dev server rendered for another base path into the same folder', () => {
    const dev = new RenderCache(root, DEV, 'share'); // First on a new cache: it takes it.
    new RenderCache(root, SITE, 'own'); // A build clears it and takes it over …
    dev.set('post-digest', 'writing/a/', body('<img src="/a/x.png">')); // … while dev keeps writing.
    const next = new RenderCache(root, SITE, 'own');
    expect(next.get('post-digest', 'writing/a/')).toBeUndefined();
    next.set('post-digest', 'writing/a/', body('<img src="/blog/writing/a/x.png">'));
    expect(new RenderCache(root, SITE, 'own').get('post-digest', 'writing/a/')?.html).toBe('<img src="/blog/writing/a/x.png">');
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
