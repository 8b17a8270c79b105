import { describe, expect, it } from 'vitest';
import type { ForeignBody } from '../../foreign-types/index.js';
import { renderMarkdown } from '../render.js';
import { splitCode } from './code-regions.js';
import type { ForeignContext, RefKind } from './context.js';
import { preprocessForeign } from './preprocess.js';

function ctx(family: ForeignBody['family'], format: ForeignBody['format'] = 'markdown', page: Record<string, string> = { title: 'The Title' }): ForeignContext {
  return {
    body: { family, format, excerptSeparator: undefined, contentRel: 'posts/a.md', page },
    site: { title: 'Site', url: 'https://ex.com', author: 'Ann' },
    origin: 'https://ex.com',
    base: '/',
    resolve: (kind: RefKind, t: string) => (/other|2020-01-01-b|b\.md/.test(t) ? `/${kind}/b/` : undefined),
    image: (src) => ({ url: `/img/${src}` }),
    exists: (src) => /^(?:\/static\/)?shot\.png$/.test(src),
    inline: (s) => s.replace(/\*(.+?)\*/g, '<em>$1</em>'),
    notes: [],
    bodyLine: 5,
  };
}

describe('code regions', () => {
  it('splits a paragraph of 70,000 code spans (spreading them into one push overflowed the call stack)', () => {
    const text = '`c` x '.repeat(70_000);
    expect(splitCode(text).filter((s) => s.code)).toHaveLength(70_000);
  });

  it('finds fences, indented blocks outside lists and code spans, and rebuilds the text exactly', () => {
    const text = 'a `x {{y}}` b\n\n```\n{{z}}\n```\n\n    code\n\n- item\n\n    continued\n';
    const segs = splitCode(text);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.code).map((s) => s.text.trim())).toEqual(['`x {{y}}`', '```\n{{z}}\n```', 'code']);
  });
});

describe('Hugo shortcodes', () => {
  it('renders the built-ins and keeps the content of unknown paired ones, noting them once each', () => {
    const c = ctx('hugo');
    const out = preprocessForeign(
      [
        '[x]({{< relref "other.md#sec" >}}) [y]({{< ref "missing.md" >}})',
        '{{< figure src="a.png" caption="A *b*" >}}',
        '{{% notice tip %}}Inner **text**{{% /notice %}}',
        '{{< youtube id="abcdefghijk" >}}',
        '{{< highlight go >}}x := {{< ref "z" >}}{{< /highlight >}}',
        '{{< unknown >}}',
        '```\n{{</* figure src="q" */>}}\n```',
      ].join('\n\n'),
      c,
    );
    expect(out).toContain('[x](/hugo/b/#sec)');
    expect(out).toContain('[y](#)');
    expect(out).toContain('<figure><img src="/img/a.png" alt="A b" loading="lazy" decoding="async"><figcaption>A <em>b</em></figcaption></figure>');
    expect(out).toContain('Inner **text**');
    expect(out).toContain('youtube-nocookie.com/embed/abcdefghijk');
    expect(out).toContain('```go\nx := {{< ref "z" >}}\n```');
    expect(out).toContain('{{< figure src="q" >}}');
    expect(c.notes.map((n) => [n.kind, n.construct, n.line])).toEqual([
      ['unresolved', 'missing.md', 5],
      ['removed', '{{< notice >}}', 9],
      ['removed', '{{< unknown >}}', 15],
    ]);
  });

  it("reads the site addresses Hugo leaves as text (Jekyll's site.url, .Site.BaseURL): a root path as a destination, the full address elsewhere, code untouched", () => {
    const c = { ...ctx('hugo'), site: {}, origin: 'https://blog.example', base: '/notes/' };
    const out = preprocessForeign(
      [
        '![Shot]({{ site.url }}/assets/shot.png) ![b]({{ site.baseurl }}/b.png) ![i]({{ site.url }}{{ site.baseurl }}/assets/i.png)',
        '[home]({{ .Site.BaseURL }}) [about]({{.Site.BaseURL}}/about/) [x]({{ site.BaseURL }}x/) [y](<{{ site.url }}/y z/>)',
        'Visit {{ site.url }} today, or <{{ site.url }}/about>.',
        '{{< figure src="{{ site.url }}/shot.png" alt="A shot" >}}',
        'In code: `{{ site.url }}` stays.',
        '```\n<img src="{{ .Site.BaseURL }}">\n```',
        'Other template text {{ .Title }} stays as Hugo showed it.',
        'Escaped, \\{{ site.url }} is shown as written.',
      ].join('\n\n'),
      c,
    );
    // Root paths: the renderer looks them up and adds the base path, as for any root path.
    expect(out).toContain('![Shot](/assets/shot.png) ![b](/b.png) ![i](/assets/i.png)');
    expect(out).toContain('[home](/) [about](/about/) [x](/x/) [y](</y z/>)');
    expect(out).toContain('Visit https://blog.example/notes/ today, or <https://blog.example/notes/about>.');
    expect(out).toContain('<img src="/img//shot.png" alt="A shot"');
    expect(out).toContain('`{{ site.url }}` stays');
    expect(out).toContain('<img src="{{ .Site.BaseURL }}">');
    expect(out).toContain('{{ .Title }}');
    expect(out).toContain('Escaped, \\{{ site.url }} is shown');
    expect(c.notes).toEqual([]);
  });
});

describe('Liquid', () => {
  it('renders raw, highlight, post_url, site and page values and filters; removes and notes the rest', () => {
    const c = ctx('liquid');
    const out = preprocessForeign(
      [
        '{% raw %}{{ kept }}{% endraw %}',
        '[b]({{ site.baseurl }}{% post_url 2020-01-01-b %}) on {{ site.title }}: {{ page.title | upcase }}',
        '![i]({{ "/x.png" | absolute_url }})',
        '{% highlight js %}let a = 1;{% endhighlight %}',
        '{% include foo.html %}{% include foo.html %}{% comment %}gone{% endcomment %}{% assign a = 1 %}',
        '{% if x %}first{% else %}second{% endif %}',
        '{% for p in site.posts %}{{ p.title }}{% endfor %}',
      ].join('\n\n'),
      c,
    );
    expect(out).toContain('{{ kept }}');
    expect(out).toContain('[b](/post_url/b/) on Site: THE TITLE');
    expect(out).toContain('![i](https://ex.com/x.png)');
    expect(out).toContain('```js\nlet a = 1;\n```');
    expect(out).toContain('first');
    expect(out).not.toMatch(/second|gone|\{%/);
    expect(c.notes.map((n) => n.construct)).toEqual(['{% include foo.html %}', '{% include foo.html %}', '{% if %}', '{% for %}']);
  });
});

describe('Zola and MDX', () => {
  it('Zola: shortcodes and @/ links outside code only', () => {
    const c = ctx('zola');
    const out = preprocessForeign('[a](@/b.md#x) {{ vimeo(id="123") }}\n\n`{{ vimeo(id="1") }}`\n\n{% tip() %}\nbody\n{% end %}\n', c);
    expect(out).toContain('[a](/zola/b/#x)');
    expect(out).toContain('player.vimeo.com/video/123');
    expect(out).toContain('`{{ vimeo(id="1") }}`');
    expect(out).toContain('\nbody\n');
    expect(c.notes.map((n) => n.construct)).toEqual(['{% tip() %}']);
  });

  it('MDX: module lines, comments, components and expressions', () => {
    const c = ctx('mdx', 'mdx');
    const out = preprocessForeign(
      'import A from "a";\nexport const meta = {\n  x: 1,\n};\n\n{/* hidden */}\n\n<Box kind="x">\nKid\n</Box>\n\n<Gone />\n\n{frontmatter.title} {props.unknown}\n\n$\\frac{a}{b}$\n\n```jsx\n<Box />\n```\n',
      c,
    );
    expect(out).not.toMatch(/import|export|hidden|<Box kind|<Gone|props/);
    expect(out).toContain('Kid');
    expect(out).toContain('The Title');
    expect(out).toContain('$\\frac{a}{b}$');
    expect(out).toContain('```jsx\n<Box />\n```');
    expect(c.notes.map((n) => n.construct)).toEqual(['<Box>', '<Gone>', '{props.unknown}']);
  });

  it('MDX: HTML elements with JSX attributes render as React rendered them; code-valued attributes are removed and noted', () => {
    const c = ctx('mdx', 'mdx');
    const out = preprocessForeign(
      '<span style={{wordBreak: "keep-all", zIndex: 2, marginTop: 8}} className="w">a</span> <b title={"hi"} onClick={() => go()}>b</b> <i style={{color: theme.ink}}>c</i>\n\n```jsx\n<p style={{x: 1}} />\n```\n',
      c,
    );
    expect(out).toContain('<span style="word-break:keep-all;z-index:2;margin-top:8px" class="w">a</span>');
    expect(out).toContain('<b title="hi">b</b>');
    expect(out).toContain('<i>c</i>');
    expect(out).toContain('```jsx\n<p style={{x: 1}} />\n```');
    expect(c.notes.map((n) => n.construct)).toEqual(['onClick={…}', 'style={…}']);
  });
});

describe('the foreign renderer', () => {
  const render = (body: string, family: ForeignBody['family'] = 'liquid', format: ForeignBody['format'] = 'markdown') =>
    renderMarkdown({
      body,
      file: '/site/_posts/a.md',
      source: body,
      bodyLine: 1,
      pagePath: 'a/',
      base: '/',
      wordsPerMinute: 200,
      foreign: {
        body: { family, format, excerptSeparator: undefined, contentRel: 'a.md', page: { title: 'T' } },
        site: {},
        origin: 'https://ex.com',
        resolve: () => undefined,
        staticFile: () => false,
      },
    });

  it('applies or drops kramdown attribute lists, never prints them', () => {
    const out = render('Para\n{: .note}\n\n## Head {#custom}\n\n- a\n- b\n\n{: .list}\n\nText {:.x} end\n').html;
    expect(out).toContain('<p class="note">Para</p>');
    expect(out).toContain('id="custom"');
    expect(out).toContain('<ul class="list">');
    expect(out).not.toContain('{');
  });

  it('typesets math at build time, renders fence meta and Mermaid, and HTML posts as HTML', () => {
    const math = render('A $a_1 + b_2$ and \\(x\\) but $5 and $6.');
    expect(math.html).toMatch(/^<p>A <span class="katex"><span class="katex-mathml"><math [^>]*><semantics><mrow><msub><mi>a<\/mi><mn>1<\/mn><\/msub>/);
    expect(math.html).toContain('<annotation encoding="application/x-tex">x</annotation>');
    expect(math.html).toMatch(/ but \$5 and \$6\.<\/p>\n$/);
    expect(math.math).toBe(true);
    expect(render('```ts {1,3} title="a.ts"\nlet x = 1;\n```').html).toMatch(
      /^<figure class="code-block"><figcaption class="code-title">a.ts<\/figcaption>\n<pre class="code lines" data-lang="ts" tabindex="0"><code class="language-ts"><mark class="line marked">/,
    );
    // Mermaid becomes a placeholder that the build's diagram phase replaces with the drawing.
    const mermaid = render('```mermaid\nA-->B\n```');
    expect(mermaid.html).toMatch(
      /^<figure class="diagram" data-diagram="[0-9a-f]{20}"><pre class="code" data-lang="mermaid" tabindex="0"><code class="language-mermaid">A--&gt;B\n<\/code><\/pre><figcaption class="diagram-caption">A--&gt;B<\/figcaption><\/figure>\n$/,
    );
    expect(mermaid.diagrams?.map((d) => [d.lang, d.source])).toEqual([['mermaid', 'A-->B\n']]);
    const h = render('<p>One {{ page.title }}</p>\n<!-- more -->\n<p>Two</p>', 'liquid', 'html');
    expect(h.html).toBe('<p>One T</p>\n<!--more-->\n<p>Two</p>');
    expect(h.summary).toBe('One T');
  });

  it('leaves a missing image as written with a note instead of failing', () => {
    const r = render('![x](nowhere.png)');
    expect(r.html).toContain('src="nowhere.png"');
    expect(r.foreignNotes).toEqual([{ kind: 'missing-image', construct: 'nowhere.png', line: 1 }]);
  });
});

describe('content the old site showed (issue 17)', () => {
  it('a site shortcode whose parameter names an existing image becomes a figure; one naming no file is removed and noted', () => {
    const c = ctx('hugo');
    const out = preprocessForeign('{{< screenshot file="shot.png" caption="The *menu*" >}}\n\n{{< banner image="nowhere.png" >}}\n', c);
    expect(out).toContain(
      '<figure><img src="/img/shot.png" alt="The menu" loading="lazy" decoding="async"><figcaption>The <em>menu</em></figcaption></figure>',
    );
    expect(c.notes.map((n) => n.construct)).toEqual(['{{< banner >}}']);
  });

  it('kramdown markdown="1" reads blocks inside the element, markdown="span" one inline line, markdown="0" none', () => {
    const c = ctx('liquid');
    const out = preprocessForeign('<section markdown="1">\n  - one\n  - *two*\n</section>\n\n<p markdown="span">a *b*</p>\n\n<div markdown="0">*c*</div>\n', c);
    expect(out).toContain('<section>\n\n- one\n- *two*\n\n</section>');
    expect(out).toContain('<p>a <em>b</em></p>');
    expect(out).toContain('<div>*c*</div>');
  });

  it('without parse_block_html, an element without markdown= is left as CommonMark reads it', () => {
    const c = ctx('liquid');
    expect(preprocessForeign('<div class="x">\n**y**\n</div>\n', c)).toBe('<div class="x">\n**y**\n</div>\n');
    expect(preprocessForeign('<div class="x">\n**y**\n</div>\n', { ...c, parseBlockHtml: true })).toBe('<div class="x">\n\n**y**\n\n</div>\n');
  });
});

describe('Hugo shortcode templates of the site', () => {
  it('evaluates a template that only prints its arguments, escaped; leaves one with other actions to removal', () => {
    const c = {
      ...ctx('hugo'),
      shortcodeTemplates: {
        clip: '<div class="clip">\n  <iframe src="https://player.vimeo.com/video/{{ .Get 0 }}" title="{{ .Get "t" }}"></iframe>\n</div>',
        cond: '{{ if .Get 0 }}x{{ end }}',
      },
    };
    const out = preprocessForeign('{{< clip 42 t="a\\"b<c" >}}\n\n{{< cond 1 >}}\n', c);
    expect(out).toContain('<div class="clip">\n<iframe src="https://player.vimeo.com/video/42" title="a&quot;b&lt;c"></iframe>\n</div>');
    expect(c.notes.map((n) => n.construct)).toEqual(['{{< cond >}}']);
  });
});
