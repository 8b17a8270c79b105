import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { runCli } from './helpers/cli.js';
import { pageInfo, servedFile, templateLeaks, useFixtureCopies } from './helpers/foreign.js';
import { addFiles, useTempSites } from './helpers/site.js';

const copy = useFixtureCopies();
const site = useTempSites();
const outs: string[] = [];
afterAll(async () => {
  for (const d of outs) await rm(d, { recursive: true, force: true });
});

interface Expected {
  tool: string;
  name: string;
  /** Old URL → title of the post that must answer it (as its page, or by redirecting to it). */
  urls: Record<string, string>;
  /** Files the old tool did not publish; no page may carry these titles. */
  unpublished: string[];
}

const FIXTURES: Expected[] = [
  {
    tool: 'jekyll',
    name: 'Jekyll',
    urls: {
      '/meta/update/2019/03/05/welcome-to-the-blog.html': 'Welcome to the blog',
      '/distributed%20systems/2019/04/10/consistent-hashing.html': 'Consistent hashing, explained',
      '/hashing/': 'Consistent hashing, explained',
      '/2020/01/15/Tabs-And-Dates.html': 'Tabs, dates and other quirks',
      '/2020/06/01/no-title-here.html': 'No title here',
      '/2021/02/28/html-post.html': 'An HTML post',
      '/2021/05/09/bad-date.html': 'A post with a broken date',
      '/2021/07/04/duplicate-keys.html': 'Duplicated keys, last wins',
      '/engineering/2022/10/10/%C3%9Cber-Caching.html': 'Über caching (folder categories, spaces and Unicode)',
      '/about/': 'About',
    },
    unpublished: ['Unfinished thoughts'],
  },
  {
    tool: 'hugo',
    name: 'Hugo',
    urls: {
      '/2023/02/finding-goroutine-leaks-in-production/': 'Finding goroutine leaks in production',
      '/old/goroutines.html': 'Finding goroutine leaks in production',
      '/2022/11/kubernetes-probes-liveness-is-not-readiness/': 'Kubernetes probes: liveness is not readiness',
      '/2021/07/a-page-bundle-with-its-own-image/': 'A page bundle with its own image',
      '/legacy/custom-url-post/': 'A post with its own URL',
      '/0001/01/notes-without-front-matter/': 'Notes without front matter',
      '/notes/quick-note/': 'Quick note: Upper case and spaces',
      '/about/': 'About me',
    },
    unpublished: ['Draft post', 'Headless resource'],
  },
  {
    tool: 'zola',
    name: 'Zola',
    urls: {
      '/blog/ownership/': 'Ownership without tears',
      '/blog/lifetimes-explained/': 'Lifetimes, the rule',
      '/posts/lifetimes/': 'Lifetimes, the rule',
      '/blog/photo-essay/': 'A photo essay',
      '/blog/2023/async-traits/': 'Async traits are stable',
      '/2020/02/custom/': 'A page with a custom path',
      '/blog/undated/': 'An undated note',
      '/about/': 'About',
    },
    unpublished: [],
  },
  {
    tool: 'astro',
    name: 'Astro',
    urls: {
      '/posts/how-to-configure-astropaper/': 'How to configure AstroPaper theme',
      '/posts/adding-new-post/': 'Adding new posts in AstroPaper theme',
      '/posts/mdx-components/': 'Using components in MDX',
      '/posts/custom-slug/': 'A nested post with its own slug',
      '/about/': 'About',
    },
    unpublished: ['A draft', 'Ignored by the glob pattern'],
  },
  {
    tool: 'eleventy',
    name: 'Eleventy',
    urls: {
      '/blog/firstpost/': 'This is my first post.',
      '/blog/secondpost/': 'This is my second post with a much longer title.',
      '/archive/thirdpost/': 'This is my third post.',
      '/blog/fourthpost/': 'This is a very long post title that goes on and on, the fourth.',
      '/blog/fifth/': 'This is a fifth post (with an image).',
      '/blog/2024-01-01-dated-file/': 'A file name with a date',
      '/about/': 'About Me',
    },
    unpublished: ['Not written'],
  },
  {
    tool: 'next',
    name: 'Next.js',
    urls: {
      '/posts/hello-world': 'Learn How to Pre-render Pages Using Static Generation with Next.js',
      '/posts/dynamic-routing': 'Dynamic Routing and Static Generation',
      '/posts/mdx-in-next': 'Components in a Next.js MDX post',
      '/posts/no-date': 'A post the starter sorted last',
      '/posts/offset-no-colon': 'Offsets without a colon',
    },
    unpublished: [],
  },
];

function jekyllWarnings(result: { warnings: { code: string }[] }, code: string) {
  return result.warnings.filter((w) => w.code === code);
}

describe.each(FIXTURES)('a $name repository', (f) => {
  it('builds with exit 0, reports the tool, gives every post a page at its old URL, and leaks no template syntax', async () => {
    const dir = await copy(f.tool);
    const out = await mkdtemp(join(tmpdir(), `casebook-out-${f.tool}-`));
    outs.push(out);
    const r = await runCli(['build', dir, '--out', out, '--skip', 'og,search']);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Detected ${f.name.replace('.', '\\.')} site \\(`, 'm'));

    for (const [url, title] of Object.entries(f.urls)) {
      const file = servedFile(out, url);
      expect(file, `${url} resolves`).toBeDefined();
      const info = pageInfo(file!);
      if (info.redirect) {
        // Resolved as a browser resolves it from the old page (the redirect names the page by its path).
        const target = servedFile(out, new URL(info.redirect, new URL(url, 'https://site.invalid/')).pathname);
        expect(target, `${url} redirects to an existing page`).toBeDefined();
        expect(pageInfo(target!).h1).toBe(title);
      } else {
        expect(info.h1, url).toBe(title);
      }
    }
    const titles = new Set<string>();
    for (const file of execFileSync('find', [out, '-name', '*.html']).toString().trim().split('\n')) {
      const h1 = pageInfo(file).h1;
      if (h1) titles.add(h1);
    }
    for (const title of f.unpublished) expect(titles.has(title), title).toBe(false);
    expect(await templateLeaks(out)).toEqual([]);
  });
});

describe('foreign posts in detail', () => {
  it('reads dates the way the old tools wrote them and sorts undated posts last with a warning', async () => {
    const result = await build({ site: await copy('next'), memory: true, skip: ['og', 'search'] });
    const byTitle = new Map(result.model.posts.map((p) => [p.title, p]));
    expect(byTitle.get('Offsets without a colon')!.date).toMatchObject({ year: 2022, month: 5, day: 5, hour: 18, offset: 330 });
    expect(result.model.articles.at(-1)!.title).toBe('A post the starter sorted last');
    expect(result.warnings.filter((w) => w.code === 'CB1203').map((w) => w.location?.file)).toEqual([expect.stringMatching(/no-date\.md$/)]);

    const jekyll = await build({ site: await copy('jekyll'), memory: true, skip: ['og', 'search'] });
    const posts = new Map(jekyll.model.posts.map((p) => [p.title, p]));
    expect(posts.get('Tabs, dates and other quirks')!.tags).toEqual(['quirks', 'yaml']);
    expect(posts.get('Tabs, dates and other quirks')!.date).toMatchObject({ hour: 9, minute: 30, offset: -300 });
    expect(posts.get('A post with a broken date')!.date).toMatchObject({ year: 2021, month: 5, day: 9 });
    expect(posts.get('Consistent hashing, explained')!.categories).toEqual(['Distributed Systems']);
    expect(posts.get('Welcome to the blog')!.categories).toEqual(['meta', 'update']);
    expect(posts.get('Über caching (folder categories, spaces and Unicode)')!.categories).toEqual(['engineering']);
    // about.md is a standalone page: at its old URL, outside the writing list and the feeds.
    expect(jekyll.model.pages.map((p) => [p.title, p.path])).toEqual([['About', 'about/']]);
    expect(String(jekyll.files!.get('feed.xml'))).not.toContain('<title>About</title>');
    const warned = (code: string) => jekyll.warnings.filter((w) => w.code === code);
    expect(warned('CB1202')[0]).toMatchObject({ location: { line: 3 } });
    expect(warned('CB1103')[0]!.message).toContain('"title"');
    expect(warned('CB1200').map((w) => w.message)).toContainEqual(expect.stringContaining('Did you mean "title"?'));
  });

  it('renders Liquid, kramdown and HTML posts: excerpt separator, post_url, attribute lists, definition lists, abbreviations, math', async () => {
    const result = await build({ site: await copy('jekyll'), memory: true, skip: ['og', 'search'] });
    const page = (p: string) => String(result.files!.get(p));
    const welcome = page('meta/update/2019/03/05/welcome-to-the-blog.html');
    expect(welcome).toContain('href="/distributed%20systems/2019/04/10/consistent-hashing.html">the next one</a>');
    expect(welcome).toContain('<pre class="code" data-lang="ruby"');
    expect(welcome).toContain('{{ page.title }}</span>');
    const welcomePost = result.model.posts.find((p) => p.title === 'Welcome to the blog')!;
    expect(welcomePost.rendered.excerptHtml).toContain('The excerpt ends here.');
    expect(welcomePost.rendered.excerptHtml).not.toContain('Later paragraphs');
    const hashing = page('distributed systems/2019/04/10/consistent-hashing.html');
    expect(hashing).toContain('<p class="lead">Keys and nodes live on the same ring.</p>');
    expect(hashing).toContain('<dt>Virtual nodes</dt>');
    expect(hashing).toContain('<abbr title="Hyper Text Markup Language">HTML</abbr>');
    expect(hashing).toContain('<annotation encoding="application/x-tex">h(k) \\bmod n</annotation>');
    expect(hashing).toMatch(/<link rel="stylesheet" href="[^"]*assets\/casebook-math-[0-9a-f]{10}\.css">/);
    expect(hashing).toContain('\\sum_{i=0}^{n} w_i = 1');
    expect(hashing).not.toContain('TOC');
    const html = page('2021/02/28/html-post.html');
    expect(html).toContain("on Ada's Notebook.</p>");
    expect(html).toContain('<details><summary>More</summary>');
    // Posts never run scripts (docs/security.md, "Raw HTML and embeds"): the old site's inline script goes, with a warning at its line.
    expect(html).not.toContain('console.log("kept")');
    expect(html).toContain('<iframe src="https://www.youtube-nocookie.com/embed/abcdefghijk" title="Talk" loading="lazy"');
    expect(jekyllWarnings(result, 'CB1300')).toEqual([
      { code: 'CB1300', message: 'An inline <script> removed.', location: { file: expect.stringMatching(/_posts\/2021-02-28-html-post\.html$/), line: 8 } },
    ]);
    // The site's own include is rendered with Liquid (issue 17), not removed.
    expect(hashing).toContain('<aside class="note">A ring hides the cost of adding a node.</aside>');
    expect(result.warnings.filter((w) => w.code === 'CB1205').map((w) => w.message)).not.toContainEqual(expect.stringContaining('note.html'));
    expect(page('engineering/2022/10/10/Über-Caching.html')).toContain('By Ada Lovelace.');
    expect(result.config).toMatchObject({
      title: "Ada's Notebook",
      timezone: 'Europe/Berlin',
      baseUrl: 'https://ada.example.org/',
      author: { name: 'Ada Lovelace' },
    });
  });

  it('renders Hugo shortcodes and links between posts', async () => {
    const result = await build({ site: await copy('hugo'), memory: true, skip: ['og', 'search'] });
    const page = String(result.files!.get('2023/02/finding-goroutine-leaks-in-production/index.html'));
    expect(page).toContain('<a href="https://gopher.example.com/2022/11/kubernetes-probes-liveness-is-not-readiness/">the Kubernetes post</a>');
    expect(page).toContain('<a href="/2021/07/a-page-bundle-with-its-own-image/">the bundle</a>');
    expect(page).toContain('<figcaption><strong>The gopher</strong> Drawn by <em>Renee French</em>.</figcaption>');
    expect(page).toContain('https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc');
    expect(page).toContain('<p>Always <strong>close</strong> your channels.</p>');
    expect(page).toContain('{{&lt; figure src=');
    const bundle = String(result.files!.get('2021/07/a-page-bundle-with-its-own-image/index.html'));
    expect(bundle).toContain('src="/2021/07/a-page-bundle-with-its-own-image/chart.png"');
    expect(result.files!.has('2021/07/a-page-bundle-with-its-own-image/chart.png')).toBe(true);
    const leaks = result.model.posts.find((p) => p.title.startsWith('Finding'))!;
    expect(leaks).toMatchObject({ series: { name: 'Go in production' }, description: 'pprof, goleak and the one channel nobody closed.' });
    expect(result.model.posts.find((p) => p.title.startsWith('Kubernetes'))!.tags).toEqual(['kubernetes', 'reliability']);
    expect(result.model.posts.find((p) => p.title.startsWith('Quick note'))!.description).toBe('Taken from the params table.');
    expect(result.warnings.map((w) => w.code)).toContain('CB1209');
    expect(result.config).toMatchObject({ title: 'Gopher Field Notes', timezone: 'America/New_York', lang: 'en-US' });
  });

  it('renders Zola shortcodes and @/ links outside code only', async () => {
    const result = await build({ site: await copy('zola'), memory: true, skip: ['og', 'search'] });
    const page = String(result.files!.get('blog/ownership/index.html'));
    expect(page).toContain('<a href="/blog/lifetimes-explained/#the-rule">lifetimes</a>');
    expect(page).toContain('<p>Borrow <strong>immutably</strong> when you can.</p>');
    // The raw HTML policy re-serialises the body: a quote in text may come back as " (the same text).
    expect(page).toMatch(/<code>\{\{ gist\(url=(?:&quot;|")x(?:&quot;|")\) \}\}<\/code>/);
    expect(result.model.posts.find((p) => p.title === 'Ownership without tears')!).toMatchObject({
      tags: ['rust', 'memory'],
      categories: ['Languages'],
      date: { year: 2021, month: 3, day: 14 },
    });
  });

  it('strips MDX imports and exports and renders unknown components as their children', async () => {
    const result = await build({ site: await copy('astro'), memory: true, skip: ['og', 'search'] });
    const page = String(result.files!.get('posts/mdx-components/index.html'));
    expect(page).toContain('<p>This post is titled Using components in MDX.</p>');
    expect(page).toContain('<p>Children of unknown components are <strong>kept</strong>.</p>');
    expect(page).toContain('<annotation encoding="application/x-tex">e^{i\\pi} + 1 = 0</annotation>');
    expect(page).not.toContain('answer');
    // Mermaid is drawn at build time, as on Casebook's own sites.
    expect(String(result.files!.get('posts/custom-slug/index.html'))).toMatch(
      /<figure class="diagram" role="img" aria-label="graph TD; A--&gt;B;"><div class="diagram-light"><svg/,
    );
    expect(result.config).toMatchObject({ title: 'AstroPaper Notes', timezone: 'Asia/Bangkok', baseUrl: 'https://paper.example.dev/' });
    const configure = String(result.files!.get('posts/how-to-configure-astropaper/index.html'));
    // Its `{2-3}` marks lines 2 and 3, as expressive-code did (not a list of attributes).
    expect(configure).toContain('<figure class="code-block"><figcaption class="code-title">src/config.ts</figcaption>\n<pre class="code lines" data-lang="js"');
    expect(configure.match(/<mark class="line marked">/g)).toHaveLength(2);
    expect(configure).toMatch(/<mark class="line marked">\s*<span class="hljs-attr">website<\/span>/);
  });
});

describe('lenient only where the old tool was', () => {
  it('keeps a Casebook site strict: an unknown field still fails the build', async () => {
    const dir = await site(`
-- casebook.config.yaml --
title: Mine
-- content/writing/a.md --
---
title: A
mood: happy
---
Body.
`);
    await expect(build({ site: dir, memory: true })).rejects.toMatchObject({ errors: [expect.objectContaining({ code: 'CB1010' })] });
  });

  it('turns the same field into a warning in a Jekyll repository, and casebook.config.* overrides the old config', async () => {
    const dir = await site(`
-- _config.yml --
title: Old title
permalink: pretty
-- casebook.config.yaml --
title: New title
-- _posts/2024-02-03-a.md --
---
title: A
mood: happy
date: not a date
---
Body.
-- about.md --
---
title: About
---
Page.
`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    expect(r.config.title).toBe('New title');
    expect(r.files!.has('2024/02/03/a/index.html')).toBe(true);
    expect(r.files!.has('about/index.html')).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['CB1200', 'CB1202']));
    expect(r.foreign).toMatchObject({ name: 'Jekyll', configFile: '_config.yml', permalinks: '/:categories/:year/:month/:day/:title/' });
  });

  it('falls back to the last git commit date when a date is unreadable and the file name has none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'casebook-git-'));
    try {
      await addFiles(
        dir,
        `
-- hugo.toml --
title = "Git dated"
-- content/posts/undated-name.md --
---
title: Undated name
date: the day after
---
Body.
`,
      );
      const git = (...args: string[]) =>
        execFileSync('git', args, {
          cwd: dir,
          env: { ...process.env, GIT_AUTHOR_DATE: '2015-06-07T08:09:10+02:00', GIT_COMMITTER_DATE: '2015-06-07T08:09:10+02:00' },
        });
      git('init', '-q');
      git('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'add', '-A');
      git('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-qm', 'posts');
      const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
      expect(r.model.posts[0]!.date).toMatchObject({ year: 2015, month: 6, day: 7, hour: 8, offset: 120 });
      expect(r.warnings.find((w) => w.code === 'CB1202')!.message).toContain('from the last git commit');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('publishes one of two bundle files whose names differ only in letter case, and says which (CB1607)', async () => {
    const dir = await site(`
-- hugo.toml --
title = "Case"
-- content/posts/trip/index.md --
---
title: Trip
date: 2024-03-01
---
![Harbour](Harbour.png) and ![harbour at night](harbour.png)
-- content/posts/trip/Harbour.png --
first picture
-- content/posts/trip/harbour.png --
second picture
`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const warned = r.warnings.filter((w) => w.code === 'CB1607');
    expect(warned).toHaveLength(1);
    expect(warned[0]!.message).toMatch(
      /is wanted by 2 different files whose names differ only in letter case: the image \S+Harbour\.png; the image \S+harbour\.png\. The image \S+Harbour\.png is published; a reference to the other finds it only on a host that ignores letter case\./,
    );
    const published = [...r.files!.keys()].filter((f) => /harbour\.png$/i.test(f));
    expect(published).toEqual(['posts/trip/Harbour.png']);
  });

  it('finds an image added after a build that had lost it, with the cache on', async () => {
    const dir = await site(`
-- hugo.toml --
title = "Later"
-- content/posts/trip/index.md --
---
title: Trip
date: 2024-03-01
---
![Harbour](harbour.svg)
`);
    const out = join(dir, 'public');
    const first = await build({ site: dir, out, skip: ['og', 'search'] });
    expect(first.warnings.map((w) => w.code)).toContain('CB1540');
    await addFiles(dir, '-- content/posts/trip/harbour.svg --\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n');
    const again = await build({ site: dir, out, skip: ['og', 'search'] });
    expect(again.warnings.map((w) => w.code)).not.toContain('CB1540');
    expect(existsSync(join(out, 'posts/trip/harbour.svg'))).toBe(true);
  });

  it('moves a post whose old URL another post already has, with a warning', async () => {
    const dir = await site(`
-- _config.yml --
title: Clash
-- _posts/2024-01-01-a.md --
---
title: First
permalink: /same/
---
One.
-- _posts/2024-01-02-b.md --
---
title: Second
permalink: /same/
---
Two.
`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    expect(r.warnings.find((w) => w.code === 'CB1206')!.message).toContain('/same/ is also the URL of _posts/2024-01-01-a.md');
    expect(r.files!.has('same/index.html')).toBe(true);
    expect(r.files!.has('writing/b/index.html')).toBe(true);
  });
});
