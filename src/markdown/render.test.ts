import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countWordsIn, highlightedLater, missingFileMessage, renderMarkdown, withCodeHighlighted, type RenderInput } from './render.js';
import { highlightStats } from './highlight.js';
import { sanitizeContentHtml } from './html-policy.js';

function render(body: string, over: Partial<RenderInput> = {}) {
  return renderMarkdown({ body, file: '/nowhere/post.md', source: body, bodyLine: 1, pagePath: 'writing/p/', base: '/', wordsPerMinute: 200, ...over });
}

describe('renderMarkdown', () => {
  it('renders GFM: tables, task lists, strikethrough, autolinks', () => {
    const { html } = render('| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ https://example.com\n');
    expect(html).toContain('<table>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('<label><input class="task-list-item-checkbox" checked="" disabled="" type="checkbox"> done</label>');
    expect(html).toContain('<s>old</s>');
    expect(html).toContain('<a href="https://example.com">https://example.com</a>');
  });

  it("applies the raw HTML policy to the author's HTML and reports each removal at its line", () => {
    const body =
      'Intro.\n\n<details open ontoggle="alert(1)"><summary>More</summary>\n\nText with <kbd>K</kbd>.\n\n</details>\n\nInline <img src="/a.png" onerror="alert(2)" alt="a"> and <script>alert(3)</script>\n';
    const r = render(body);
    expect(r.html).toContain('<details open><summary>More</summary>');
    expect(r.html).toContain('<kbd>K</kbd>');
    expect(r.html).not.toMatch(/onerror|ontoggle|<script|alert/);
    expect(r.htmlRemovals).toEqual([
      { code: 'CB1300', message: 'An inline <script> removed.', line: 9 },
      { code: 'CB1301', message: 'The event handler ontoggle on <details> removed.', line: 3 },
      { code: 'CB1301', message: 'The event handler onerror on <img> removed.', line: 9 },
    ]);
  });

  it('writes only markup the HTML policy keeps as it is, so posts without raw HTML can skip it', () => {
    const body = [
      '# T',
      '## Part `x`',
      'Text[^n] with **b**, *i*, ~~s~~, `c`, <https://example.com> and [l](/a/ "t").',
      '[^n]: Note.',
      '> [!NOTE]\n> Alert.',
      '> [!CAUTION]\n> Stop.',
      '- [x] done\n- [ ] todo',
      '1. one\n2. two',
      '| a | b |\n|:-|-:|\n| 1 | 2 |',
      '```ts\nconst a: number = 1; // c\n```',
      '    indented',
      '---',
      '![alt](https://example.com/i.png "t")',
    ].join('\n\n');
    const { html, htmlRemovals } = render(body);
    expect(htmlRemovals).toBeUndefined();
    const again = sanitizeContentHtml(html);
    expect(again.removals).toEqual([]);
    // Same markup; only attribute spelling may differ (checked="" → checked).
    const norm = (h: string) =>
      h
        .replace(/=""/g, '')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'");
    expect(norm(again.html)).toBe(norm(html));
  });

  it('renders footnotes and GitHub alerts', () => {
    const { html } = render('Text[^n].\n\n[^n]: Note.\n\n> [!WARNING]\n> Careful.\n');
    expect(html).toContain('class="footnotes"');
    expect(html).toContain('markdown-alert-warning');
    expect(html).toContain('Careful.');
  });

  it('gives headings ids and anchor links and builds a table of contents', () => {
    const r = render('## First part\n\ntext\n\n### Sub `code`\n\n## First part\n\n#### Deep\n');
    expect(r.html).toContain('<h2 id="first-part"><a class="header-anchor" href="#first-part">First part</a></h2>');
    expect(r.toc).toEqual([
      { level: 2, id: 'first-part', text: 'First part' },
      { level: 3, id: 'sub-code', text: 'Sub code' },
      { level: 2, id: 'first-part-1', text: 'First part' },
    ]);
  });

  it('highlights known languages once, and renders unknown ones as plain code without failing', () => {
    const r = render('```ts\nconst a = 1;\n```\n\n```klingon\n<b>x</b>\n```\n\n```\nplain\n```\n');
    expect(r.html).toContain('<span class="hljs-keyword">const</span>');
    expect(r.html).toContain('data-lang="klingon"');
    expect(r.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(r.unknownLanguages).toEqual(['klingon']);
  });

  it("leaves code for later when asked, with every other field as the highlighted body's", () => {
    const body =
      'Intro with *words*.\n\n## Setup\n\n```rust\nfn later() -> u8 { 1 }\n```\n\n```klingon\nqapla\n```\n\n```rust {2}\nlet a = 1;\nlet b = 2;\n```\n';
    const plain = render(body, { highlight: 'later' });
    const full = render(body);
    expect(highlightedLater(plain)).toBe(true);
    expect(highlightedLater(full)).toBe(false);
    expect(plain.html).toContain('fn later() -&gt; u8 { 1 }');
    expect(plain.html).not.toContain('hljs');
    expect(full.html).toContain('<span class="hljs-keyword">fn</span>');
    // Marked lines are split the same way, without the highlighting's spans.
    expect(plain.html).toContain('<mark class="line marked">let b = 2;\n</mark>');
    const { html: _a, digest: _b, ...plainRest } = plain;
    const { html: _c, digest: _d, ...fullRest } = full;
    expect(plainRest).toEqual(fullRest);
    // Highlighted in place, it is the highlighted render's HTML.
    expect(withCodeHighlighted(plain)).toBe(full.html);
    expect(withCodeHighlighted(full)).toBe(full.html);
    expect(plain.unknownLanguages).toEqual(['klingon']);
    // Code highlighted earlier in the process is used at once: nothing is left for later.
    const again = render('```rust\nfn later() -> u8 { 1 }\n```\n', { highlight: 'later' });
    expect(highlightedLater(again)).toBe(false);
    expect(again.html).toContain('<span class="hljs-keyword">fn</span>');
    expect(highlightedLater(render('```\nno language\n```\n\n```klingon\nqapla\n```\n', { highlight: 'later' }))).toBe(false);
    // Text shaped like math's placeholders (which the last step takes out) is highlighted at once.
    const odd = '```rust\nlet s = "x\uE000ab:0\uE001y";\n```\n';
    const oddLater = render(odd, { highlight: 'later' });
    expect(highlightedLater(oddLater)).toBe(false);
    expect(oddLater.html).toBe(render(odd).html);
    expect(oddLater.html).toContain('<span class="hljs-keyword">let</span>');
  });

  it('highlights a block once per process: the same code in another post, or after an edit elsewhere, is reused', () => {
    const block = '```go\nfunc main() { fmt.Println("once") }\n```\n';
    const before = { ...highlightStats };
    const first = render(`Intro.\n\n${block}`);
    const edited = render(`Intro, edited.\n\n${block}\n\`\`\`go\nvar other = 2\n\`\`\`\n`);
    expect(highlightStats.highlighted - before.highlighted).toBe(2);
    expect(highlightStats.reused - before.reused).toBe(1);
    const html = (r: { html: string }) => r.html.slice(r.html.indexOf('<pre'), r.html.indexOf('</pre>'));
    expect(html(edited)).toBe(html(first));
    expect(html(first)).toContain('<span class="hljs-keyword">func</span>');
  });

  it('splits the excerpt at <!--more--> and counts words for reading time', () => {
    const words = Array.from({ length: 450 }, (_, i) => `word${i}`).join(' ');
    const r = render(`Intro here.\n\nSecond *part* &amp; more.\n\n<!--more-->\n\n${words}\n`);
    expect(r.excerptHtml).toBe('<p>Intro here.</p>\n<p>Second <em>part</em> &amp; more.</p>\n');
    expect(r.summary).toBe('Intro here. Second part & more.');
    expect(render('First para.\n\nSecond para.').summary).toBe('First para.');
    expect(r.words).toBe(455);
    expect(r.readingMinutes).toBe(3);
    expect(render('short').readingMinutes).toBe(1);
  });

  it('copies relative images beside the page with their size, and errors on missing ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-md-'));
    await writeFile(join(dir, 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"></svg>');
    const file = join(dir, 'post.md');
    const r = render('![A pic](./pic.svg "T")', { file, base: '/blog/' });
    // The first image of a body is fetched at once; an SVG passes through without variants.
    expect(r.html).toBe('<p><img src="/blog/writing/p/pic.svg" alt="A pic" title="T" width="120" height="80" fetchpriority="high" decoding="async"></p>\n');
    expect(r.assets).toEqual([{ from: join(dir, 'pic.svg'), to: 'writing/p/pic.svg' }]);
    const body = 'Line one.\n\nSee ![gone](missing.png).\n';
    expect(() => render(body, { file, source: `---\ntitle: x\n---\n${body}`, bodyLine: 4 })).toThrow(
      expect.objectContaining({ code: 'CB1030', location: expect.objectContaining({ line: 6, column: 13 }) }),
    );
    // A path with letters beyond ASCII is named and pointed at as written, not percent-encoded.
    const cyrillic = 'Intro.\n\nSee ![x](./схема.png) here.\n';
    expect(() => render(cyrillic, { file, source: `---\ntitle: x\n---\n${cyrillic}`, bodyLine: 4 })).toThrow(
      expect.objectContaining({
        code: 'CB1030',
        message: 'The image "./схема.png" does not exist next to post.md.',
        location: expect.objectContaining({ line: 6, column: 10 }),
      }),
    );
    // The column is the path's own, not an earlier mention of the same name on the line; an
    // image on a paragraph's second line, or named by a reference, is found where it is written.
    const at = (body: string) => {
      try {
        render(body, { file, source: `---\ntitle: x\n---\n${body}`, bodyLine: 4 });
      } catch (e) {
        return (e as { location: { line?: number; column?: number } }).location;
      }
      return undefined;
    };
    expect(at('![missing.png](missing.png)\n')).toMatchObject({ line: 4, column: 16 });
    expect(at('First line of a paragraph,\nthen ![x](./gone.png) on the second.\n')).toMatchObject({ line: 5, column: 11 });
    expect(at('Look ![x][ref] here.\n\n[ref]: ./missing-ref.png\n')).toMatchObject({ line: 6, column: 8 });
    expect(at('![p](./my%20pic.png)\n')).toMatchObject({ line: 4, column: 6 });
  });

  it('publishes a raw <img> beside the post like a Markdown image, and refuses a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-md-'));
    await writeFile(join(dir, 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="8"></svg>');
    const file = join(dir, 'post.md');
    const body =
      'Text.\n\n<img src="./pic.svg" alt="Block" width="300">\n\nInline <img src=\'pic.svg\' alt="Inline"> too, and <img src="https://example.com/x.png" alt="Remote">.\n';
    const r = render(body, { file, base: '/blog/', siteRoot: dir });
    expect(r.html).toContain('<img src="/blog/writing/p/pic.svg" alt="Block" width="300">');
    expect(r.html).toContain('<img src="/blog/writing/p/pic.svg" alt="Inline">');
    expect(r.html).toContain('<img src="https://example.com/x.png" alt="Remote">');
    expect(r.assets).toContainEqual({ from: join(dir, 'pic.svg'), to: 'writing/p/pic.svg' });
    const missing = 'Text.\n\n<img src="./gone.png" alt="Gone">\n';
    expect(() => render(missing, { file, source: `---\ntitle: x\n---\n${missing}`, bodyLine: 4, siteRoot: dir })).toThrow(
      expect.objectContaining({ code: 'CB1030', location: expect.objectContaining({ line: 6, column: 11 }) }),
    );
    expect(() => render('<img src="../../../etc/passwd" alt="x">\n', { file, siteRoot: dir })).toThrow(expect.objectContaining({ code: 'CB1310' }));
    // In a code span or block it is text, not an image.
    expect(render('`<img src="./gone.png">`\n', { file, siteRoot: dir }).html).toContain('&lt;img src=&quot;./gone.png&quot;&gt;');
    // Every candidate of a srcset, on <img> and on <source>, is published too, and must exist.
    await writeFile(join(dir, 'pic@2x.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="16"></svg>');
    const picture = render(
      '<picture><source srcset="pic@2x.svg 2x" type="image/svg+xml"><img src="pic.svg" srcset="pic.svg 1x, ./pic@2x.svg 2x" alt="P"></picture>\n',
      {
        file,
        siteRoot: dir,
      },
    );
    expect(picture.html).toContain('<source srcset="/writing/p/pic%402x.svg 2x" type="image/svg+xml">');
    expect(picture.html).toContain('srcset="/writing/p/pic.svg 1x, /writing/p/pic%402x.svg 2x"');
    expect(picture.assets).toContainEqual({ from: join(dir, 'pic@2x.svg'), to: 'writing/p/pic@2x.svg' });
    // A missing candidate is CB1030 at the attribute that names it, not at an earlier mention of the name.
    const mentioned = 'The file gone.png is described below.\n\n<img src="pic.svg" srcset="gone.png 2x" alt="x">\n';
    expect(() => render(mentioned, { file, source: `---\ntitle: x\n---\n${mentioned}`, bodyLine: 4, siteRoot: dir })).toThrow(
      expect.objectContaining({ code: 'CB1030', location: expect.objectContaining({ line: 6, column: 28 }) }),
    );
    // Nor at an earlier mention of the whole element in a code span: at the element itself.
    const shown = 'Write `<img src="gone.png">` like this.\n\nText.\n\n<img src="gone.png" alt="x">\n';
    expect(() => render(shown, { file, source: `---\ntitle: x\n---\n${shown}`, bodyLine: 4, siteRoot: dir })).toThrow(
      expect.objectContaining({ code: 'CB1030', location: expect.objectContaining({ line: 8, column: 11 }) }),
    );
    // Also when the element writes its path with character references.
    const encoded = 'Write `<img src="gone.png">` like this.\n\nText.\n\n<img alt="x" src="g&#111;ne.png">\n';
    expect(() => render(encoded, { file, source: `---\ntitle: x\n---\n${encoded}`, bodyLine: 4, siteRoot: dir })).toThrow(
      expect.objectContaining({ code: 'CB1030', location: expect.objectContaining({ line: 8 }) }),
    );
  });

  it('publishes files that Markdown links name beside the page, and leaves links to pages as written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-md-'));
    await writeFile(join(dir, 'slides.pdf'), '%PDF');
    await writeFile(join(dir, 'data.csv'), 'a,b\n');
    await mkdir(join(dir, 'notes.v2'));
    const file = join(dir, 'post.md');
    const body =
      'See the [slides](./slides.pdf), [page 3](slides.pdf#page=3) and [data][d].\n\n' +
      'Also [another post](../other-post/), [its source](./other.md), [no extension](../other-post), [a bundle](notes.v2), [top](#top) and [q](?x=1).\n\n' +
      '[d]: data.csv\n';
    const r = render(body, { file, base: '/blog/', siteRoot: dir });
    expect(r.html).toContain(
      '<a href="/blog/writing/p/slides.pdf">slides</a>, <a href="/blog/writing/p/slides.pdf#page=3">page 3</a> and <a href="/blog/writing/p/data.csv">data</a>',
    );
    expect(r.html).toContain(
      '<a href="../other-post/">another post</a>, <a href="./other.md">its source</a>, <a href="../other-post">no extension</a>, <a href="notes.v2">a bundle</a>, <a href="#top">top</a> and <a href="?x=1">q</a>',
    );
    // Linked twice, published once per post.
    expect(r.assets).toEqual([
      { from: join(dir, 'slides.pdf'), to: 'writing/p/slides.pdf' },
      { from: join(dir, 'data.csv'), to: 'writing/p/data.csv' },
    ]);
  });

  it('refuses a linked file that is missing (CB1035) or outside the site (CB1315), at its line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-md-'));
    await mkdir(join(dir, 'site'));
    await writeFile(join(dir, 'secret.txt'), 'x');
    await symlink(join(dir, 'secret.txt'), join(dir, 'site', 'linked.txt'));
    const file = join(dir, 'site', 'post.md');
    const located = (body: string) => {
      try {
        render(body, { file, source: `---\ntitle: x\n---\n${body}`, bodyLine: 4, siteRoot: join(dir, 'site') });
      } catch (e) {
        const { code, message, location } = e as { code: string; message: string; location: { line?: number; column?: number } };
        return { code, message, line: location.line, column: location.column };
      }
      return undefined;
    };
    expect(located('Intro.\n\nThe [data.csv](./data.csv) file.\n')).toEqual({
      code: 'CB1035',
      message: 'The file "./data.csv" does not exist next to post.md.',
      line: 6,
      column: 16,
    });
    expect(located('First line,\nthen [d][ref].\n\n[ref]: ./gone.zip\n')).toMatchObject({ code: 'CB1035', line: 7, column: 8 });
    expect(located('See [x](../secret.txt).\n')).toMatchObject({ code: 'CB1315', line: 4, column: 9 });
    expect(located('See [x](linked.txt).\n')).toMatchObject({ code: 'CB1315', line: 4, column: 9 });
    expect(located('See [x](..%2fsecret.txt).\n')).toMatchObject({ code: 'CB1315' });
    // In code it is text, not a link.
    expect(located('`[x](./gone.pdf)`\n')).toBeUndefined();
  });

  it("publishes the files of a post's raw HTML: links, video and audio sources, posters, tracks", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-md-'));
    for (const f of ['slides.pdf', 'clip.mp4', 'clip.webm', 'talk.ogg', 'subs.vtt']) await writeFile(join(dir, f), f);
    await writeFile(join(dir, 'still.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>');
    const file = join(dir, 'post.md');
    const body =
      'Text.\n\n<a href="./slides.pdf">raw link</a> and <a href="../other-post/">a post</a>\n\n' +
      '<video src="./clip.mp4#t=5" poster="still.svg" controls><source src="clip.webm" type="video/webm"><track src="subs.vtt" kind="captions" srclang="en"></video>\n\n' +
      '<audio src="talk.ogg" controls></audio>\n';
    const r = render(body, { file, base: '/blog/', siteRoot: dir });
    expect(r.html).toContain('<a href="/blog/writing/p/slides.pdf">raw link</a> and <a href="../other-post/">a post</a>');
    expect(r.html).toContain(
      '<video src="/blog/writing/p/clip.mp4#t=5" poster="/blog/writing/p/still.svg" controls><source src="/blog/writing/p/clip.webm" type="video/webm"><track src="/blog/writing/p/subs.vtt" kind="captions" srclang="en"></video>',
    );
    expect(r.html).toContain('<audio src="/blog/writing/p/talk.ogg" controls></audio>');
    expect(r.assets.map((a) => a.to).sort()).toEqual(['clip.mp4', 'clip.webm', 'slides.pdf', 'still.svg', 'subs.vtt', 'talk.ogg'].map((f) => `writing/p/${f}`));
    const at = (body: string) => {
      try {
        render(body, { file, source: `---\ntitle: x\n---\n${body}`, bodyLine: 4, siteRoot: dir });
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(at('The clip.mp4 of the talk:\n\n<video src="gone.mp4" controls></video>\n')).toMatchObject({
      code: 'CB1035',
      location: { line: 6, column: 13 },
    });
    expect(at('<a href="gone.pdf">x</a>\n')).toMatchObject({ code: 'CB1035', location: { line: 4, column: 10 } });
    // A poster is an image: a missing one is CB1030.
    expect(at('<video src="clip.mp4" poster="gone.png"></video>\n')).toMatchObject({ code: 'CB1030', location: { line: 4, column: 31 } });
    expect(at('<audio src="../../../etc/passwd.ogg"></audio>\n')).toMatchObject({ code: 'CB1315' });
  });

  it('prefixes root-relative links with the base path', () => {
    expect(render('[x](/writing/y/)', { base: '/blog/' }).html).toContain('href="/blog/writing/y/"');
    expect(render('[x](/writing/y/)').html).toContain('href="/writing/y/"');
  });

  it('passes raw HTML through: authors are trusted', () => {
    expect(render('<details><summary>More</summary>Hidden</details>').html).toContain('<details><summary>More</summary>');
  });
});

describe('countWordsIn', () => {
  it('counts runs of letters and digits in any script, keeping contractions and hyphenated words whole', () => {
    expect(countWordsIn("It's a well-known fact — p99 is 340 ms.")).toBe(8);
    expect(countWordsIn('Größe café naïve résumé')).toBe(4);
    expect(countWordsIn('Привет, мир! 你好')).toBe(3);
    expect(countWordsIn('  \n\t ')).toBe(0);
    expect(countWordsIn('snake_case and -- dashes')).toBe(3);
  });

  it('counts a body as its text reads: a word split by emphasis is one, a line break or a new block separates', () => {
    // "re*use*" is one word, "`npm ci`" two, the soft break between "fast" and "again" separates,
    // each list item and the code block count on their own, and link targets are not words.
    const r = render('A re*use*d `npm ci` step, fast\nagain [docs](https://example.com/a-b-c).\n\n- one\n- two\n\n```sh\nnpm test\n```\n');
    expect(r.words).toBe(countWordsIn('A reused npm ci step, fast again docs.') + 2 + 2);
    expect(r.words).toBe(12);
  });
});

describe('typeset math next to raw HTML', () => {
  it('keeps KaTeX output whole when the post also has HTML the policy cleans, and a forged marker as the text it is', () => {
    const r = renderMarkdown({
      body: 'A $a_1$ and <details><summary>More</summary>x</details> with \uE000forged:0\uE001\n\n$$\\frac{1}{2}$$\n\n<img src=https://x.invalid/x onerror=alert(1)>\n',
      file: '/tmp/site/content/writing/m.md',
      source: '',
      bodyLine: 1,
      pagePath: '/writing/m/',
      base: '/',
      wordsPerMinute: 200,
    });
    expect(r.html).toContain(
      '<span class="katex-mathml"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><msub><mi>a</mi><mn>1</mn></msub></mrow>',
    );
    expect(r.html).toContain('<div class="math-display" tabindex="0"><span class="katex-display">');
    expect(r.html).toContain('<details><summary>More</summary>x</details>');
    expect(r.html).not.toContain('onerror');
    // The author's marker-shaped text stays text (it cannot carry this render's nonce); the real markers are all replaced.
    expect(r.html.split('\uE000')).toHaveLength(2);
    expect(r.html).toContain('with \uE000forged:0\uE001');
    expect((r.htmlRemovals ?? []).map((x) => x.code)).toEqual(['CB1301']);
  });
});

describe('missingFileMessage (CB1035)', () => {
  it('names the file without the query or fragment it was linked with', () => {
    expect(missingFileMessage('notes.pdf#page=3', 'index.md')).toBe('The file "notes.pdf" (linked as "notes.pdf#page=3") does not exist next to index.md.');
    expect(missingFileMessage('data.csv', 'post.md')).toBe('The file "data.csv" does not exist next to post.md.');
  });

  it('calls a host name written without its scheme a web address, not a file extension that happens to be a domain', () => {
    expect(missingFileMessage('example.com', 'index.md')).toBe(
      'The file "example.com" does not exist next to index.md. "example.com" looks like a web address: write https://example.com.',
    );
    expect(missingFileMessage('www.example.org', 'index.md')).toContain('write https://www.example.org.');
    expect(missingFileMessage('install.sh', 'index.md')).not.toContain('web address');
    expect(missingFileMessage('../docs/notes.txt', 'index.md')).not.toContain('web address');
  });
});
