import { describe, expect, it } from 'vitest';
import { escapedClose, inlineClose, typeset } from './math.js';
import { renderMarkdown, type RenderInput } from './render.js';

function render(body: string, over: Partial<RenderInput> = {}) {
  return renderMarkdown({ body, file: '/nowhere/post.md', source: body, bodyLine: 1, pagePath: 'writing/p/', base: '/', wordsPerMinute: 200, ...over });
}

/** The TeX sources KaTeX typeset, in order (from the MathML annotation it keeps). */
function formulas(html: string): string[] {
  return [...html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)].map((m) => m[1]!);
}

describe('formula placeholders', () => {
  it("leave the author's text that looks like one as written, with math in the body and without", () => {
    const marker = '\uE000abc:0\uE001';
    for (const body of [`Code \`${marker}\` and $x$.\n\n\`\`\`\n${marker}\n\`\`\`\n`, `Plain ${marker} text, no math.\n`]) {
      const r = render(body);
      expect(r.html.split(marker).length - 1).toBe(body.split(marker).length - 1);
    }
    // The formula itself is still put back.
    expect(formulas(render(`$y$ ${marker}`).html)).toEqual(['y']);
  });
});

describe('math delimiters', () => {
  it('typesets $…$, \\(…\\) and inline $$…$$, with MathML and HTML output', () => {
    const r = render('Energy $E = mc^2$, a ratio \\(a_1/b_2\\) and $$\\sum x$$ inline.');
    expect(formulas(r.html)).toEqual(['E = mc^2', 'a_1/b_2', '\\sum x']);
    expect(r.html).toContain('<span class="katex-html" aria-hidden="true">');
    expect(r.html).toContain('<span class="katex-display">');
    expect(r.math).toBe(true);
    expect(r.mathErrors).toEqual([]);
    // Display math inside a sentence stays inside its paragraph: a span box, no div or pre in a p.
    expect(r.html).toMatch(/^<p>Energy [\s\S]* and <span class="math-display" tabindex="0"><span class="katex-display">[\s\S]*<\/span> inline\.<\/p>\n$/);
    expect(r.html).not.toMatch(/<div|<pre/);
    const broken = render('A broken $$\\frac{1}{$$ display inline.');
    expect(broken.html).toBe('<p>A broken <code class="math-error">$$\\frac{1}{$$</code> display inline.</p>\n');
  });

  it('typesets $$ and \\[ blocks and ```math fences as display math in a focusable box', () => {
    const r = render('$$\nx_1 + x_2\n$$\n\n\\[\n\\int_0^1 f\n\\]\n\n```math\ne^{i\\pi} = -1\n```\n');
    expect(formulas(r.html)).toEqual(['x_1 + x_2', '\\int_0^1 f', 'e^{i\\pi} = -1']);
    expect(r.html.match(/<div class="math-display" tabindex="0"><span class="katex-display">/g)).toHaveLength(3);
    expect(r.html).not.toContain('$$');
    expect(r.html).not.toContain('\\[');
  });

  it('reads \\[ and \\] with paragraphs between them as escaped brackets, not one formula (an imported "[ … ]")', () => {
    const r = render('\\[\n\n<details>\n<summary>s</summary>\n\n\\]\n');
    expect(formulas(r.html)).toEqual([]);
    expect(r.html).toContain('<p>[</p>');
    expect(r.html).toContain('<p>]</p>');
    expect(r.html).toContain('<summary>s</summary>');
  });

  it('leaves "$5 and $10" as text (pandoc dollars rule) and marks no math', () => {
    const r = render('It costs $5 and $10, or $ 3 $, and $x $.');
    expect(r.html).toBe('<p>It costs $5 and $10, or $ 3 $, and $x $.</p>\n');
    expect(r.math).toBe(false);
    expect(inlineClose('$5 and $10', 0)).toBeUndefined();
    expect(inlineClose('$a$5 then $b$', 0)?.end).toBe(12);
  });

  it('finds where \\( and \\[ written with doubled backslashes close, reading backslash pairs as Markdown does', () => {
    expect(escapedClose('\\\\( x \\\\) y', 0)).toEqual({ open: '\\\\(', close: '\\\\)', end: 6 });
    expect(escapedClose('\\\\[ a \\\\ b \\\\] c', 0)).toEqual({ open: '\\\\[', close: '\\\\]', end: 11 });
    // An escaped bracket inside is not the close; an empty formula or one running into code is none.
    expect(escapedClose('\\\\( \\) \\\\)', 0)?.end).toBe(7);
    expect(escapedClose('\\\\(\\\\)', 0)).toBeUndefined();
    expect(escapedClose('\\\\( a `b \\\\)`', 0)).toBeUndefined();
    expect(escapedClose('\\( a \\)', 0)).toBeUndefined();
  });

  it('keeps an escaped \\$ as a dollar sign, outside and inside math', () => {
    expect(render('Set \\$HOME and \\$PATH.').html).toBe('<p>Set $HOME and $PATH.</p>\n');
    const r = render('Price $\\$5 + x$ here.');
    expect(formulas(r.html)).toEqual(['\\$5 + x']);
  });

  it('never reaches into code spans, and leaves $ in code as written', () => {
    const r = render('Run `echo $PATH$` then $5 and `cost: $x$`.\n\n```sh\necho "$HOME" $((1+2))$\n```\n');
    expect(r.math).toBe(false);
    expect(r.html).toContain('<code>echo $PATH$</code>');
    expect(r.html).toContain('<code>cost: $x$</code>');
    expect(r.html).toContain('$5 and');
  });

  it('shows TeX that does not typeset as escaped source in a code element, with the line and message', () => {
    const body = 'First line.\n\nSecond $\\frac{1}{<b>$ here.\n\n$$\n\\badcommand{x}\n$$\n';
    const r = render(body, { bodyLine: 5 });
    expect(r.html).toContain('<code class="math-error">$\\frac{1}{&lt;b&gt;$</code>');
    expect(r.html).toContain('<pre class="math-error"><code>$$\n\\badcommand{x}\n$$</code></pre>');
    expect(r.mathErrors).toEqual([
      { line: 7, message: expect.stringContaining('Unexpected end of input') },
      { line: 9, message: expect.stringContaining('\\badcommand') },
    ]);
    expect(r.math).toBe(false);
  });

  it('gives a formula in a later line of a paragraph its own line', () => {
    const r = render('One\ntwo\nthree $\\oops$', { bodyLine: 10 });
    expect(r.mathErrors?.[0]?.line).toBe(12);
  });

  it('keeps untrusted commands out: \\href to javascript: is not a link', () => {
    const out = typeset('\\href{javascript:alert(1)}{x}', false);
    expect('html' in out ? out.html : out.error).not.toContain('href="javascript');
  });

  it('renders the same bytes every time (workers and the main thread agree)', () => {
    const body = 'A $\\alpha^2$ and\n\n$$\n\\frac{a}{b}\n$$\n';
    expect(render(body).html).toBe(render(body).html);
  });

  it('keeps a formula in the summary as its TeX, without the MathML copy', () => {
    expect(render('The budget $B = (1-T)N$ is small.').summary).toBe('The budget B = (1-T)N is small.');
  });
});
