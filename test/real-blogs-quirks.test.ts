import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

/**
 * Issue 17, a new user's run over real blogs: quirks of the old tools that Casebook read
 * differently from them. Every fixture is written here, in its own words, in the shape of a
 * real repository.
 */
const site = useTempSites();
const build = (dir: string) => runCli(['build', dir, '--skip', 'og,search', '--no-cache']);
const read = (dir: string, path: string) => readFileSync(join(dir, 'dist', path), 'utf8');

describe('Hugo front matter keys are read whatever their case', () => {
  it('Title, Description, Tags, a Topics taxonomy from the old [indexes] table, Slug, Date and params keys are read; no "not a field" warnings', async () => {
    const dir = await site(`-- config.toml --
baseurl = "https://kiln.example/"
title = "Kiln log"
[indexes]
  tag = "tags"
  topic = "topics"
-- content/post/first-firing.md --
---
Title: The first firing of the season
Description: Cones bent, nothing cracked.
Slug: first-firing-2019
Date: 2019-04-02
Tags:
- glaze
Topics:
- stoneware
disqus_title: The first firing of the season
disqus_url: https://kiln.example/post/first-firing-2019/
---
Cone 10 reached by evening.
-- content/post/second-firing.md --
+++
TITLE = "Reduction at dawn"
date = 2019-05-06
[Params]
  Description = "Less air, redder copper."
+++
The damper went in at sunrise.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).not.toContain('CB1200');
    expect(out).not.toContain('CB1101');
    const first = read(dir, 'post/first-firing-2019/index.html');
    expect(first).toContain('<title>The first firing of the season');
    expect(first).toContain('Cones bent, nothing cracked.');
    expect(first).toContain('2019-04-02');
    expect(read(dir, 'tags/glaze/index.html')).toContain('/post/first-firing-2019/');
    expect(read(dir, 'tags/stoneware/index.html')).toContain('/post/first-firing-2019/');
    const second = read(dir, 'post/second-firing/index.html');
    expect(second).toContain('<title>Reduction at dawn');
    expect(second).toContain('Less air, redder copper.');
  });
});

describe('a Casebook site keeps strict front matter keys', () => {
  it('`Title:` on a native post is still refused as an unknown field', async () => {
    const dir = await site(`-- casebook.config.json --
{ "title": "Strict", "baseUrl": "https://strict.example" }
-- content/posts/loose-key.md --
---
Title: Capitalised
title: Lower case
date: 2024-01-02
---
Body.
`);
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB1010');
    expect(r.stderr).toContain('Title');
  });
});

describe('Hugo prints `$` as written unless math is enabled', () => {
  const posts = `-- content/post/templates.md --
---
title: Ranging in templates
date: 2020-01-01
---
Write {{ range $item := .posts }} and print $item.Name with the cost in $5 and $6 bills.

Then run PATH=$HOME/go/bin:$PATH and {{ $x := \\\\ }}{{ $x }} again.
-- content/post/areas.md --
---
title: Areas
date: 2020-02-02
math: true
---
A circle covers $\\pi r^2$.
`;
  it('without math in the config, dollars stay text and no math error is reported; a post with `math: true` is typeset', async () => {
    const dir = await site(`-- hugo.toml --
baseURL = "https://ledger.example/"
title = "Ledger"
${posts}`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('CB1400');
    const plain = read(dir, 'post/templates/index.html');
    expect(plain).not.toContain('math-error');
    expect(plain).not.toContain('class="katex');
    expect(plain).toContain('$item.Name with the cost in $5 and $6 bills');
    expect(plain).toContain('PATH=$HOME/go/bin:$PATH');
    expect(read(dir, 'post/areas/index.html')).toContain('class="katex');
  });

  it('with the Goldmark passthrough extension enabled, `$…$` is typeset on every post', async () => {
    const dir = await site(`-- hugo.toml --
baseURL = "https://ledger.example/"
title = "Ledger"
[markup.goldmark.extensions.passthrough]
  enable = true
-- content/post/sums.md --
---
title: Sums
date: 2020-03-03
---
The total is $a + b$, and for MathJax \\\\( a\\_1 \\\\) with Goldmark's escapes.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const page = read(dir, 'post/sums/index.html');
    expect(page).toContain('class="katex');
    expect(page).toContain('<annotation encoding="application/x-tex"> a_1 </annotation>');
  });
});

describe('kramdown sites that load MathJax: \\\\( … \\\\) and \\\\[ … \\\\] are formulas', () => {
  // kramdown eats one backslash of each pair, so MathJax on the old page saw \( … \) and \[ … \].
  const post = `-- _posts/2022-06-01-orbits.md --
---
title: Orbits
---
The period grows with \\\\( a^{3/2} \\\\) and a drift of \\\\( \\sum_k v\\_k \\\\) adds up, while \`\\\\( kept \\\\)\` is code.

\\\\[
  T^2 = \\frac{4\\pi^2}{G M} a^3
\\\\]

Energy is $$ E = -\\frac{G M m}{2a} $$ on a closed orbit.
`;
  const tex = (html: string) => [...html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)].map((m) => m[1]!.trim());

  it('with `mathjax: true` in _config.yml, both are typeset like $$ … $$, the escapes kramdown reads taken out; code spans stay code', async () => {
    const dir = await site(`-- _config.yml --
title: Almanac
url: https://almanac.example
mathjax: true
${post}`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('CB1400');
    const page = read(dir, '2022/06/01/orbits.html');
    expect(tex(page)).toEqual(['a^{3/2}', '\\sum_k v_k', 'T^2 = \\frac{4\\pi^2}{G M} a^3', 'E = -\\frac{G M m}{2a}']);
    expect(page.match(/<div class="math-display" tabindex="0">/g)).toHaveLength(1);
    expect(page).toContain('<code>\\\\( kept \\\\)</code>');
    expect(page).toContain('The period grows with <span class="katex">');
    expect(page).not.toContain('\\[');
  });

  it('with a math switch in the post or an unguarded MathJax script in a layout, they are typeset too', async () => {
    const switched = await site(`-- _config.yml --
title: Almanac
${post.replace('title: Orbits', 'title: Orbits\nuse_math: true')}`);
    const r = await build(switched);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('CB1200');
    expect(tex(read(switched, '2022/06/01/orbits.html'))).toHaveLength(4);
    const layout = await site(`-- _config.yml --
title: Almanac
-- _layouts/default.html --
<html><head><script async src="https://cdn.example/mathjax@3/tex-chtml.js"></script></head><body>{{ content }}</body></html>
${post}`);
    expect((await build(layout)).code).toBe(0);
    expect(tex(read(layout, '2022/06/01/orbits.html'))).toHaveLength(4);
  });

  it('without math on the site, they stay the text kramdown printed; $$ … $$ is still typeset', async () => {
    const dir = await site(`-- _config.yml --
title: Almanac
${post}`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const page = read(dir, '2022/06/01/orbits.html');
    expect(tex(page)).toEqual(['E = -\\frac{G M m}{2a}']);
    expect(page).toContain('grows with \\( a^{3/2} \\) and');
    expect(page).toContain('<p>\\[\nT^2');
  });
});

describe('Next.js App Router: the root layout names the site', () => {
  const posts = `-- package.json --
{ "name": "quill", "dependencies": { "next": "15.0.0", "gray-matter": "4.0.3" } }
-- posts/ink-wells.md --
---
title: Ink wells
date: '2024-03-04'
---
Glass or pewter.
`;
  it('`metadataBase: new URL(…)` and a `{ default, template }` title give the base URL and the title', async () => {
    const dir = await site(`${posts}-- app/layout.tsx --
import type { Metadata } from "next";
import "./global.css";

export const metadata: Metadata = {
  metadataBase: new URL("https://quill.example"),
  title: { default: "Quill and ink", template: "%s | Quill and ink" },
  openGraph: { title: "Not the site title" },
  description: "Notes on writing by hand, with \\"real\\" pens.",
};

export default function RootLayout({ children }) {
  return <html><body>{children}</body></html>;
}
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const home = read(dir, 'index.html');
    expect(home).toContain('<title>Quill and ink');
    expect(home).not.toContain('My site');
    expect(home).toContain('Notes on writing by hand, with &quot;real&quot; pens.');
    expect(read(dir, 'feed.xml')).toContain('https://quill.example/');
    expect(read(dir, 'feed.xml')).not.toContain('localhost');
  });

  it('a title constant exported by a file the layout imports is followed; a computed title is not guessed', async () => {
    const dir = await site(`${posts}-- app/layout.jsx --
import { SITE_TITLE as NAME } from "../lib/names";
const BASE = "https://nib.example";
export const metadata = { title: NAME, metadataBase: new URL(BASE) };
export default function RootLayout({ children }) { return children; }
-- lib/names.js --
// The name of the site.
export const SITE_TITLE = "Nib";
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, 'index.html')).toContain('<title>Nib');
    expect(read(dir, 'feed.xml')).toContain('https://nib.example/');

    const computed = await site(`${posts}-- app/layout.tsx --
const names = ["Blot"];
export const metadata = { title: names.join(" "), metadataBase: new URL(process.env.SITE) };
export default function RootLayout({ children }) { return children; }
`);
    const c = await build(computed);
    expect(c.code, c.stderr).toBe(0);
    expect(read(computed, 'index.html')).not.toContain('<title>Blot');
  });
});

describe('casebook new with a kind it does not know', () => {
  it('says the kind given is unknown and lists the kinds, rather than asking for a kind', async () => {
    const dir = await site(`-- casebook.config.json --
{ "title": "Drafts", "baseUrl": "https://drafts.example" }
`);
    const r = await runCli(['new', 'essay', 'On margins', '--site', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CB1527');
    expect(r.stderr).toContain('unknown kind "essay"; the kinds are: article, case-study, retrospective, postmortem.');
    expect(r.stderr).not.toContain('needs a kind');
    expect(existsSync(join(dir, 'content'))).toBe(false);

    const typo = await runCli(['new', 'artcle', 'On margins', '--site', dir]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean "article"?');

    const none = await runCli(['new', '--site', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('new needs a kind: article, case-study, retrospective, postmortem.');
  });
});

describe('a cover named by a root path on a Hugo site', () => {
  it('is shown when the static files have it, and left out with CB1210 when they do not (no broken <img>)', async () => {
    const dir = await site(`-- config.toml --
baseurl = "https://kiln.example/"
title = "Kiln log"
-- static/images/kiln.png --
not really a png, but a file
-- content/post/with-cover.md --
---
Title: With a cover
Date: 2019-04-02
Thumbnail: /images/kiln.png
---
Body.
-- content/post/lost-cover.md --
---
Title: Lost cover
Date: 2019-04-03
Thumbnail: /images/gone.png
---
Body.
`);
    const r = await build(dir);
    expect(r.code).toBe(0);
    expect(r.stderr + r.stdout).toContain('The cover image "/images/gone.png" is not among the static files; the post has no cover.');
    const all = read(dir, 'index.html') + read(dir, 'post/lost-cover/index.html') + read(dir, 'post/with-cover/index.html');
    expect(all).not.toContain('/images/gone.png');
    expect(read(dir, 'post/with-cover/index.html')).toContain('/images/kiln.png');
  });
});

describe('braces that are not an attribute list stay text on sites of other tools', () => {
  it('a line ending in `{…}` keeps it (formulas, sets), while `{.class}`, `{#id}`, `{width=…}` and kramdown `{: …}` still apply', async () => {
    const dir = await site(`-- hugo.toml --
baseURL = "https://orbits.example/"
title = "Orbits"
-- content/post/gravity.md --
---
title: Gravity in one line
date: 2021-05-05
---
Newton wrote F = \\\\frac{G m_1 m_2}{r^2}

The moons form the set S = {io, europa}

A unit vector \\\\hat{n}

| body | mass |
|------|------|
| moon | small |

{mass, radius}

## Escape speed {#escape}

Keep a margin. {.margin-note}
-- content/post/gallery.md --
---
title: Gallery
date: 2021-06-06
---
**Heavy**{.weight} and ![a dot](dot.svg){width=12} in one line.
-- content/post/dot.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const page = read(dir, 'post/gravity/index.html');
    expect(page).toContain('F = \\frac{G m_1 m_2}{r^2}');
    expect(page).toContain('S = {io, europa}');
    expect(page).toContain('\\hat{n}');
    expect(page).toContain('<p>{mass, radius}</p>');
    expect(page).toMatch(/<h2 id="escape"/);
    expect(page).toContain('<p class="margin-note">Keep a margin.</p>');
    const gallery = read(dir, 'post/gallery/index.html');
    expect(gallery).toContain('<strong class="weight">Heavy</strong>');
    // Taken as the image's attributes (its file's own size is what the page shows), not left as text.
    expect(gallery).toMatch(/<img [^>]*alt="a dot"[^>]*> in one line/);
  });

  it('keeps `{:…}` that is not an attribute list (Elixir and Ruby code in prose), never across paragraphs, and reads dotted ids, `{reversed}` and a span list after emphasis', async () => {
    const dir = await site(`-- hugo.toml --
baseURL = "https://atoms.example/"
title = "Atoms"
-- content/post/atoms.md --
---
title: Atoms
date: 2022-02-02
---
A call answers {:ok, pid} or {:error, reason}.

A map {:a => 1}, an empty {:} and a lone {:ok} stay.

Open with {: and go on.

Nothing to see in this one.

Close here } for good.

## Release v2.4 {#v2.4}

## Layered {.outer.inner}

1. first
2. second

{reversed}

A *warm*{: .hot} word.

A template {{ .Title }} printed as written.

Braces written escaped, \\{.not-a-list\\}, are text.

## Commas {#commas, .listed}

\`\`\`go {2}
a := 1
b := 2
\`\`\`
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const page = read(dir, 'post/atoms/index.html');
    expect(page).toContain('A call answers {:ok, pid} or {:error, reason}.');
    expect(page).toContain('A map {:a =&gt; 1}, an empty {:} and a lone {:ok} stay.');
    expect(page).toContain('<p>Open with {: and go on.</p>');
    expect(page).toContain('<p>Nothing to see in this one.</p>');
    expect(page).toContain('<p>Close here } for good.</p>');
    expect(page).toMatch(/<h2 id="v2\.4">/);
    expect(page).toMatch(/<h2 class="outer\.inner"/);
    expect(page).toContain('<ol reversed>');
    expect(page).toContain('A <em class="hot">warm</em> word.');
    expect(page).toContain('A template {{ .Title }} printed as written.');
    expect(page).toContain('Braces written escaped, {.not-a-list}, are text.');
    expect(page).toMatch(/<h2 id="commas" class="listed"/);
    // The fence's `{2}` is its marked line, not a list of attributes.
    expect(page).toMatch(/<mark class="line marked">b := /);
  });

  it('on a Jekyll site, `{: .class}` applies and a bare reference to an attribute-list definition goes', async () => {
    const dir = await site(`-- _config.yml --
title: Tides
url: https://tides.example
-- _posts/2020-07-07-neap.md --
---
title: Neap tides
---
{:callout: .boxed}

Half the range of a spring tide.
{: .callout-text}

The ratio stays near {1, 2}

Read this twice.
{: callout}

## Contents
{: .no\\_toc }

Tide tables {: title="High, then low"} follow.

## Tables {title="Spring, neap"}

## Tide table
{: #tide-table }

Spring tides are -- as ever -- large.

{: .notice--info}

Written with entities, a &#123;.not-a-list&#125; stays.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const page = read(dir, '2020/07/07/neap.html');
    // An escape inside a list is read as kramdown reads it; a comma in a quoted value is the value's.
    expect(page).toMatch(/<h2 (?=[^>]*id="contents")(?=[^>]*class="no_toc")/);
    expect(page).not.toContain('no_toc }');
    expect(page).not.toContain('<p></p>');
    expect(page).toMatch(/<h2 title="Spring, neap"/);
    // The id below a heading is the one its link and the table of contents use.
    expect(page).toMatch(/<h2 id="tide-table"><a class="header-anchor" href="#tide-table">/);
    // Read as written, not as the typographer left it (`--` is no dash inside a list).
    expect(page).toContain('<p class="notice--info">Spring tides are');
    expect(page).toContain('a {.not-a-list} stays.');
    expect(page).toContain('<p class="callout-text">Half the range of a spring tide.</p>');
    expect(page).toContain('The ratio stays near {1, 2}');
    expect(page).toContain('<p>Read this twice.</p>');
    expect(page).not.toContain('callout}');
  });
});

describe('a Hugo figure shortcode with a root-path src', () => {
  it('is checked like a Markdown image of the same address: found in static/ it is published, missing it is CB1210 at its line', async () => {
    const dir = await site(`-- hugo.toml --
baseURL = "https://loom.example/"
title = "Loom notes"
-- static/images/warp.png --
stands in for a picture of the warp
-- content/post/a.md --
---
title: Threading the heddles
date: 2022-03-04
---
The warp, wound on the beam:

{{< figure src="/images/warp.png" caption="Warp on the *beam*" >}}

The weft I never photographed:

{{< figure src="/images/weft.png" alt="Weft" >}}

![weft again](/images/weft-md.png)

And one beside the post that is not there either:

{{< figure src="shuttle.png" >}}
`);
    const r = await build(dir);
    const out = r.stdout + r.stderr;
    // A missing Markdown image is a warning, not a failure; the figure's is the same.
    expect(r.code, out).toBe(0);
    const page = read(dir, 'post/a/index.html');
    expect(page).toMatch(/<figure><img src="\/images\/warp\.png" alt="Warp on the beam"[^>]*><figcaption>Warp on the <em>beam<\/em><\/figcaption><\/figure>/);
    expect(existsSync(join(dir, 'dist', 'images', 'warp.png'))).toBe(true);
    expect(out).not.toContain('"/images/warp.png"');
    // The catalogued warning a Markdown image with that address gets, at the line of the file that names it.
    expect(out).toContain('warning CB1210: Image not found; its address is kept as written (3)');
    expect(out).toContain('content/post/a.md:11: The image "/images/weft.png" exists neither beside the post nor in the static files.');
    expect(out).toContain('The image "/images/weft-md.png" exists neither beside the post nor in the static files.');
    expect(out).toContain('content/post/a.md:17: The image "shuttle.png" exists neither beside the post nor in the static files.');
    expect(out).toContain('lost 3 images (/images/weft.png, shuttle.png, /images/weft-md.png)');
    // Kept as written, as the Markdown image is.
    expect(page).toContain('<img src="/images/weft.png" alt="Weft"');
    expect(page).toContain('<img src="/images/weft-md.png" alt="weft again"');
  });

  it('under a base path, the found one is linked below the base like a Markdown image, and the missing one still warned', async () => {
    const dir = await site(`-- hugo.toml --
baseURL = "https://loom.example/notes/"
title = "Loom notes"
-- static/images/warp.png --
stands in for a picture of the warp
-- content/post/a.md --
---
title: Threading the heddles
date: 2022-03-04
---
{{< figure src="/images/warp.png" alt="Warp" >}}

![Warp too](/images/warp.png)

{{< figure src="/images/weft.png" alt="Weft" >}}
`);
    const r = await build(dir);
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(0);
    const page = read(dir, 'post/a/index.html');
    expect(page).toContain('<img src="/notes/images/warp.png" alt="Warp"');
    expect(page).toContain('<img src="/notes/images/warp.png" alt="Warp too"');
    expect(existsSync(join(dir, 'dist', 'images', 'warp.png'))).toBe(true);
    expect(out).toContain('content/post/a.md:9: The image "/images/weft.png" exists neither beside the post nor in the static files.');
  });
});

describe('Jekyll addresses left in Hugo posts', () => {
  it.each([
    ['', '/'],
    [' under a base path', '/pools/'],
  ])('reads `{{ site.url }}` and `{{ .Site.BaseURL }}` as the site root%s: a static image is found, a missing one reported', async (_, base) => {
    const dir = await site(`-- hugo.toml --
baseURL = "https://tidepool.example${base}"
title = "Tide pools"
-- static/assets/images/anemone.png --
not really a png, only a file
-- content/posts/low-tide.md --
---
title: Low tide
date: 2013-03-15
---
![An anemone]({{ site.url }}/assets/images/anemone.png)

![A crab]({{ site.url }}/assets/images/crab.png)

Back to [the front page]({{ .Site.BaseURL }}).
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const page = read(dir, 'posts/low-tide/index.html');
    expect(page).not.toContain('{{');
    expect(page).toContain(`<img src="${base}assets/images/anemone.png"`);
    expect(page).toContain(`<a href="${base}">the front page</a>`);
    expect(r.stderr).toMatch(/CB1210[\s\S]*low-tide\.md:7: The image "\/assets\/images\/crab\.png"/);
  });
});

describe("Jekyll posts that write out the site's own address", () => {
  it('look up `{{ site.baseurl }}/…` and `{{ site.url }}{{ site.baseurl }}/…` images among the static files: a missing one is reported', async () => {
    const dir = await site(`-- _config.yml --
title: Compilers
url: "https://compilers.example.net"
baseurl: "/blog"
-- assets/img/here.png --
a picture, or near enough
-- _posts/2019-05-11-parsing.md --
---
title: Parsing
---
![here]({{ site.baseurl }}/assets/img/here.png)

![gone]({{ site.baseurl }}/assets/img/gone.png)

![far]({{ site.url }}{{ site.baseurl }}/assets/img/far.png)
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const warned = r.stderr.split('\n').filter((l) => l.includes('exists neither beside the post nor in the static files'));
    expect(warned.map((l) => /:(\d+): The image "([^"]+)"/.exec(l)?.slice(1))).toEqual([
      ['6', '/assets/img/gone.png'],
      ['8', '/assets/img/far.png'],
    ]);
    const page = readFileSync(join(dir, 'dist', '2019/05/11/parsing.html'), 'utf8');
    expect(page).toContain('src="/blog/assets/img/here.png"');
    expect(page).toContain('src="https://compilers.example.net/blog/assets/img/far.png"');
  });
});

describe('a Hugo section whose posts have dated permalinks', () => {
  it('still answers at /<section>/ (Hugo lists the folder there, and its kept feed links to it): a redirect to /writing/', async () => {
    const dir = await site(`-- hugo.toml --
baseURL = "https://kiln.example/"
title = "Kiln"
[permalinks]
  posts = "/:year/:month/:slug/"
-- content/posts/first.md --
---
title: First firing
date: 2020-01-01
---
Cone 6.
-- content/posts/second.md --
---
title: Second firing
date: 2020-02-01
---
Cone 10.
`);
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'dist', '2020/01/first-firing/index.html'))).toBe(true);
    expect(readFileSync(join(dir, 'dist', '_redirects'), 'utf8')).toContain('/posts/ /writing/ 301');
    expect(read(dir, 'posts/index.html')).toContain('/writing/');
  });
});
