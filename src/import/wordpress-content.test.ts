import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../markdown/render.js';
import { createConverter } from './html-to-markdown.js';
import { autop, parseShortcodeAttributes, prepareWordPressContent, type Attachment } from './wordpress-content.js';

const attachments = new Map<string, Attachment>([
  ['7', { url: 'https://wp.test/a.jpg', alt: 'A', title: 'a', caption: 'First', parent: '5' }],
  ['8', { url: 'https://wp.test/b.jpg', alt: '', title: 'b', caption: '', parent: '5' }],
]);
const prepare = (raw: string) => prepareWordPressContent(raw, { postId: '5', attachments });
const toMd = (raw: string) => createConverter().convert(prepare(raw).html);

describe('shortcode attributes', () => {
  it('reads quoted, unquoted and positional values the way WordPress does', () => {
    expect(parseShortcodeAttributes(' id="a" width=300 title=\'T &amp; U\' https://x.test/v')).toEqual({
      attrs: { id: 'a', width: '300', title: 'T & U' },
      positional: ['https://x.test/v'],
    });
    expect(parseShortcodeAttributes('=https://youtu.be/x&w=2').positional).toEqual(['https://youtu.be/x&w=2']);
  });
});

describe('WordPress content', () => {
  it('turns [caption] into a figure with its caption', () => {
    expect(toMd('[caption id="attachment_7" align="alignnone" width="300"]<img src="https://wp.test/a.jpg" alt="A" /> The first <em>one</em>[/caption]')).toBe(
      '![A](https://wp.test/a.jpg)\n\n_The first *one*_\n',
    );
    expect(toMd('[caption caption="From the attribute"]<a href="https://wp.test/big.jpg"><img src="https://wp.test/a.jpg" alt="A"></a>[/caption]')).toBe(
      '[![A](https://wp.test/a.jpg)](https://wp.test/big.jpg)\n\n_From the attribute_\n',
    );
  });

  it("turns every code shortcode into a fenced block with its language, decoding the editor's entities once", () => {
    expect(toMd('[code lang="js"]\nif (a &lt; b) go();\n[/code]')).toBe('```js\nif (a < b) go();\n```\n');
    expect(toMd('[sourcecode language="python"]print("<b>")[/sourcecode]')).toBe('```python\nprint("<b>")\n```\n');
    expect(toMd('[php]<?php echo 1; ?>[/php]')).toBe('```php\n<?php echo 1; ?>\n```\n');
    expect(toMd('[code]plain[/code]')).toBe('```\nplain\n```\n');
  });

  it('leaves shortcode-looking text inside code alone', () => {
    expect(toMd('<pre><code class="language-php">[gallery ids="7"]</code></pre>')).toBe('```php\n[gallery ids="7"]\n```\n');
    expect(toMd('Write <code>[caption]</code> to caption.')).toBe('Write `[caption]` to caption.\n');
  });

  it('expands [gallery] from the attachments, by ids or by parent post', () => {
    expect(toMd('[gallery ids="8,7"]')).toBe('![b](https://wp.test/b.jpg)\n\n![A](https://wp.test/a.jpg)\n\n_First_\n');
    expect(toMd('[gallery]')).toContain('![A](https://wp.test/a.jpg)');
  });

  it('turns embeds into links and media into players', () => {
    expect(toMd('[embed]https://vimeo.com/1[/embed]')).toBe('<https://vimeo.com/1>\n');
    expect(toMd('[youtube https://www.youtube.com/watch?v=abc]')).toBe('<https://www.youtube.com/watch?v=abc>\n');
    expect(toMd('[youtube=https://www.youtube.com/watch?v=abc&w=640]')).toBe('<https://www.youtube.com/watch?v=abc&w=640>\n');
    expect(toMd('[gist id="user/123"]')).toBe('<https://gist.github.com/user/123>\n');
    expect(toMd('[video mp4="https://wp.test/v.mp4"][/video]')).toContain('<video controls="" preload="none" src="https://wp.test/v.mp4">');
  });

  it('unwraps unknown shortcodes, reports them, and leaves prose brackets and escaped shortcodes as text', () => {
    const out = prepare('[vc_row][vc_column]Hello[/vc_column][/vc_row] [contact-form-7 id="3"] [newsletter /] items[index] and [[gallery]]');
    expect(out.removed.sort()).toEqual(['contact-form-7', 'newsletter', 'vc_column', 'vc_row']);
    expect(createConverter().convert(out.html)).toBe('Hello items\\[index\\] and \\[gallery\\]\n');
  });

  it('adds paragraphs to classic-editor content but not to block-editor content', () => {
    expect(autop('One\nstill one\n\nTwo\n<h2>Head</h2>\nThree')).toBe('<p>One<br>\nstill one</p>\n<p>Two</p>\n<h2>Head</h2>\n<p>Three</p>');
    expect(toMd('One\n\n<pre>a\n\nb</pre>\n\nTwo')).toBe('One\n\n```\na\n\nb\n```\n\nTwo\n');
    expect(prepare('<!-- wp:paragraph -->\n<p>x\ny</p>\n<!-- /wp:paragraph -->').html).not.toContain('<br>');
  });

  it("moves a block-editor code block's language from its comment onto the <pre>", () => {
    expect(
      toMd(
        '<!-- wp:syntaxhighlighter/code {"language":"bash","lineNumbers":false} -->\n<pre class="wp-block-syntaxhighlighter-code">ls -la</pre>\n<!-- /wp:syntaxhighlighter/code -->',
      ),
    ).toBe('```bash\nls -la\n```\n');
  });
});

describe('arbitrary WordPress content', () => {
  const piece = fc.constantFrom(
    '[caption id="a"]',
    '[/caption]',
    '<img src="https://wp.test/a.jpg" alt="A">',
    '[code lang="js"]',
    '[/code]',
    '<pre>',
    '</pre>',
    '[gallery ids="7,8"]',
    '[[gallery]]',
    '[embed]https://x.test/v[/embed]',
    '[unknown a="1"]',
    '[/unknown]',
    'text',
    'a < b',
    '&amp;',
    '\n',
    '\n\n',
    '<p>',
    '</p>',
    '<!-- wp:paragraph -->',
    '<em>',
    '</em>',
  );
  it('never fails, and never shows paragraph or figure markup as text outside code', () => {
    const convert = createConverter().convert;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (pieces) => {
        const markdown = convert(prepare(pieces.join('')).html);
        const html = renderMarkdown({
          body: markdown,
          file: '/s/content/a.md',
          source: markdown,
          bodyLine: 1,
          pagePath: 'writing/a/',
          base: '/',
          wordsPerMinute: 230,
        }).html;
        // Inside a [code] shortcode or <pre>, markup is code and is shown as written.
        const prose = html.replace(/<pre[^]*?<\/pre>/g, '').replace(/<code>[^]*?<\/code>/g, '');
        expect(prose).not.toMatch(/&lt;\/?(p|figure|figcaption|img|em)\b/);
      }),
      { numRuns: 400 },
    );
  });
});
