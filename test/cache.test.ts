import { readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build/index.js';
import { snapshot } from './helpers/output.js';
import { addFiles, useTempSites } from './helpers/site.js';

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

async function cacheFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const root = join(dir, '.casebook/cache/posts');
  for (const sub of await readdir(root).catch(() => [])) for (const f of await readdir(join(root, sub))) out.push(join(root, sub, f));
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

    for (const f of await cacheFiles(dir)) await writeFile(f, '{"torn');
    const repaired = await build(opts(dir));
    expect(repaired.markdownRendered).toBe(2);
    const again = await build(opts(dir));
    expect(again.markdownRendered).toBe(0);
  });

  it('is wiped when the Casebook version changes', async () => {
    const dir = await site(SITE);
    await build(opts(dir));
    const meta = join(dir, '.casebook/cache/meta.json');
    await writeFile(meta, (await readFile(meta, 'utf8')).replace(/"version":"[^"]+"/, '"version":"0.0.0-older"'));
    expect((await build(opts(dir))).markdownRendered).toBe(2);
  });
});
