import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { BuildCache } from '../src/pipeline/cache.js';
import { registerKind, unregisterKind } from '../src/content/index.js';
import { runCli } from './helpers/cli.js';
import { talkKind } from './helpers/kinds.js';
import { snapshot } from './helpers/output.js';
import { addFiles, useTempSites } from './helpers/site.js';

const site = useTempSites();

/** A site whose author wrote their own /tags/ page, and a post with a tag. */
const OWN_TAGS_PAGE = `
-- content/pages/tags.md --
---
title: My own tags page
---
Handpicked.
-- content/writing/a.md --
---
title: A
date: 2024-01-01
tags: [go]
---
A.
`;
const text = (files: Map<string, Uint8Array | string> | undefined, path: string) => String(files?.get(path) ?? '');

describe('the page table', () => {
  it('fails before anything is written when a post, a page and an alias want one URL, naming all three (CLI)', async () => {
    const dir = await site(`
-- content/writing/first.md --
---
title: First
date: 2024-01-01
---
Fine.
`);
    const out = join(dir, 'out');
    expect((await runCli(['build', dir, '--out', out, '--skip', 'og,search'])).code).toBe(0);
    const before = await snapshot(out);
    await addFiles(
      dir,
      `
-- content/writing/hello.md --
---
title: Hello post
date: 2024-02-01
slug: hello
kind: page
---
A post turned page.
-- content/pages/hello.md --
---
title: Hello page
---
A page.
-- content/writing/other.md --
---
title: Other
date: 2024-03-01
aliases: [/hello/]
---
Other.
`,
    );
    const r = await runCli(['build', dir, '--out', out, '--skip', 'og,search']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB1600');
    for (const source of ['writing/hello.md', 'pages/hello.md', 'writing/other.md']) expect(r.stderr).toContain(source);
    expect(await snapshot(out)).toEqual(before);
  });

  it("keeps the author's own page on a URL Casebook would generate (/tags/, /cv/), with a warning", async () => {
    const dir = await site(OWN_TAGS_PAGE);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    expect(text(r.files, 'tags/index.html')).toContain('My own tags page');
    expect(r.files?.has('tags/go/index.html')).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain('CB1602');
  });

  it("publishes the site's own static 404.html instead of the generated one, with a warning", async () => {
    const dir = await site(`
-- static/404.html --
<!doctype html><title>Lost</title><p>My own not-found page.</p>
-- content/writing/a.md --
---
title: A
date: 2024-01-01
---
A.
`);
    const out = join(dir, 'out');
    const r = await runCli(['build', dir, '--out', out, '--skip', 'og,search']);
    expect(r.code).toBe(0);
    expect(r.stderr + r.stdout).toContain('CB1603');
    expect(readFileSync(join(out, '404.html'), 'utf8')).toContain('My own not-found page.');
  });

  it('refuses a post and a section index on one URL, naming both', async () => {
    const dir = await site(`
-- content/writing/notes.md --
---
title: Notes post
date: 2024-01-01
slug: notes
kind: page
---
A post.
-- content/pages/notes/_index.md --
---
title: Notes section
slug: notes
---
The section's own page.
`);
    const e = (await build({ site: dir, memory: true }).catch((x) => x)) as { errors: { code: string; message: string }[] };
    expect(e.errors[0]!.code).toBe('CB1601');
    expect(e.errors[0]!.message).toContain('writing/notes.md');
    expect(e.errors[0]!.message).toContain('pages/notes/_index.md');
  });
});

describe('the kind registry', () => {
  afterEach(() => unregisterKind('talk'));

  it('gives a kind registered like the built-ins its page, its place in a list and in the feeds', async () => {
    registerKind(talkKind({ label: 'kind.case-study' }));
    const dir = await site(`
-- content/talks/2024-05-01-scaling-queues.md --
---
title: Scaling queues
date: 2024-05-01
tags: [queues]
---
Slides and notes.
-- content/writing/2024-01-01-a.md --
---
title: An article
date: 2024-01-01
---
A.
`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const page = text(r.files, 'talks/scaling-queues/index.html');
    expect(page).toContain('<h1>Scaling queues</h1>');
    expect(page).toContain('"@type":"PresentationDigitalDocument"');
    expect(text(r.files, 'writing/index.html')).toContain('talks/scaling-queues/');
    expect(text(r.files, 'feed.xml')).toContain('talks/scaling-queues/');
    expect(text(r.files, 'tags/queues/feed.xml')).toContain('talks/scaling-queues/');
    expect(text(r.files, 'sitemap.xml')).toContain('talks/scaling-queues/');
  });

  it('keeps a kind that declares itself out of the feeds out of them', async () => {
    registerKind({ name: 'talk', url: 'talks/:slug/', list: 'writing', feed: false, layout: 'article', schemaType: 'BlogPosting' });
    const dir = await site(`
-- content/writing/t.md --
---
title: A talk
date: 2024-05-01
kind: talk
---
T.
`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    expect(r.files?.has('talks/t/index.html')).toBe(true);
    expect(text(r.files, 'writing/index.html')).toContain('talks/t/');
    expect(text(r.files, 'feed.xml')).not.toContain('talks/t/');
  });
});

describe('the page table in a dev session (one BuildCache across builds)', () => {
  const devBuild = (dir: string, cache: BuildCache) => build({ site: dir, memory: true, skip: ['og', 'search'], cache, deferPages: true });

  it('still reports a clash that an edit makes after a clean build, and a clash left unfixed on every build', async () => {
    const dir = await site(`
-- content/writing/a.md --
---
title: A
date: 2024-01-01
---
A.
-- content/writing/b.md --
---
title: B
date: 2024-02-01
---
B.
`);
    const cache = new BuildCache();
    await devBuild(dir, cache);
    // An edit that moves nothing: the same table as the clean one before.
    await addFiles(dir, '-- content/writing/a.md --\n---\ntitle: A again\ndate: 2024-01-01\n---\nA.\n');
    const again = await devBuild(dir, cache);
    const page = again.deferred?.get('writing/a/index.html') as (() => string) | undefined;
    expect(page?.()).toContain('A again');
    // An alias onto the other post: the table differs, and is checked.
    await addFiles(dir, '-- content/writing/a.md --\n---\ntitle: A\ndate: 2024-01-01\naliases: [/writing/b/]\n---\nA.\n');
    for (let i = 0; i < 2; i++) {
      const err = await devBuild(dir, cache).then(
        () => undefined,
        (e: unknown) => e as { errors?: { code: string }[] },
      );
      expect(err?.errors?.map((e) => e.code)).toContain('CB1023');
    }
    // A slug that takes the other post's URL, after a clean build again.
    await addFiles(dir, '-- content/writing/a.md --\n---\ntitle: A\ndate: 2024-01-01\n---\nA.\n');
    await devBuild(dir, cache);
    await addFiles(dir, '-- content/writing/a.md --\n---\ntitle: A\ndate: 2024-01-01\nslug: b\n---\nA.\n');
    await expect(devBuild(dir, cache)).rejects.toMatchObject({ errors: [expect.objectContaining({ code: 'CB1020' })] });
  });

  it('warns of a page that gives way on every build, not only the first', async () => {
    const dir = await site(OWN_TAGS_PAGE);
    const cache = new BuildCache();
    for (let i = 0; i < 2; i++) expect((await devBuild(dir, cache)).warnings.map((w) => w.code)).toContain('CB1602');
  });
});

describe('derived cache keys', () => {
  afterEach(() => unregisterKind('talk'));

  // What a page shows comes from its table entry; a kind whose cards show their own label changes
  // what every list that holds such a post shows, with no change to any cache code.
  it('re-renders a list when something its entry shows changes, in a warm disk build and a dev rebuild', async () => {
    const files = `
-- content/writing/2024-01-01-a.md --
---
title: A
date: 2024-01-01
kind: talk
---
A.
`;
    registerKind({ name: 'talk', url: 'writing/:slug/', list: 'writing', feed: true, layout: 'article', schemaType: 'BlogPosting' });
    const dir = await site(files);
    const out = join(dir, 'out');
    await build({ site: dir, out, skip: ['og', 'search'] });
    const cache = new BuildCache();
    await build({ site: dir, memory: true, cache, skip: ['og', 'search'] });
    // The kind's declaration changes what its posts' cards show: a label above the title.
    registerKind({
      name: 'talk',
      url: 'writing/:slug/',
      list: 'writing',
      feed: true,
      layout: 'case-study',
      label: 'kind.postmortem',
      schemaType: 'BlogPosting',
    });
    await addFiles(dir, `-- content/writing/2024-01-01-a.md --\n---\ntitle: A\ndate: 2024-01-01\nkind: talk\n---\nA.\n`);
    const warm = await build({ site: dir, out, skip: ['og', 'search'] });
    expect(warm.rendered).toContain('writing/');
    expect(readFileSync(join(out, 'writing/index.html'), 'utf8')).toContain('Postmortem');
    const dev = await build({ site: dir, memory: true, cache, skip: ['og', 'search'] });
    expect(dev.rendered).toContain('writing/');
    expect(text(dev.files, 'writing/index.html')).toContain('Postmortem');
    expect(existsSync(out)).toBe(true);
  });
});
