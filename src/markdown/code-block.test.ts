import { describe, expect, it } from 'vitest';
import { parseCodeMeta, parseLineRanges, renderCodeBlock, splitHighlightedLines } from './code-block.js';
import { highlightCode } from './highlight.js';

describe('code block meta', () => {
  it('reads the language, a title, marked lines, ins/del, diff and line numbers in any order', () => {
    const m = parseCodeMeta('ts title="budget.ts" {2-3} showLineNumbers');
    expect(m).toMatchObject({ lang: 'ts', title: 'budget.ts', diff: false, lineNumbers: true });
    expect([...m.marked]).toEqual([2, 3]);
    const d = parseCodeMeta("js{1,4-6} ins={3} del={2,7-8} filename='app.js' diff");
    expect(d.lang).toBe('js');
    expect(d.title).toBe('app.js');
    expect([...d.marked]).toEqual([1, 4, 5, 6]);
    expect([...d.inserted]).toEqual([3]);
    expect([...d.deleted]).toEqual([2, 7, 8]);
    expect(d.diff).toBe(true);
    expect(parseCodeMeta('title="only a title.txt"')).toMatchObject({ lang: '', title: 'only a title.txt' });
    expect(parseCodeMeta('')).toMatchObject({ lang: '', title: undefined, diff: false, lineNumbers: false });
  });

  it('parses line ranges, ignoring nonsense and capping huge ranges', () => {
    expect([...parseLineRanges('1,4-6, 9')]).toEqual([1, 4, 5, 6, 9]);
    expect([...parseLineRanges('x,0,-3,2')]).toEqual([2]);
    expect(parseLineRanges('1-999999999').size).toBe(10_001);
  });
});

describe('highlighted lines', () => {
  it('closes spans at line ends and reopens them on the next line', () => {
    const { html } = highlightCode('/* one\ntwo */\nlet x;\n', 'js');
    const lines = splitHighlightedLines(html.replace(/\n$/, ''));
    expect(lines).toEqual(['<span class="hljs-comment">/* one</span>', '<span class="hljs-comment">two */</span>', '<span class="hljs-keyword">let</span> x;']);
  });
});

describe('renderCodeBlock', () => {
  it('keeps a plain block one <pre><code>, unchanged', () => {
    const { html, known } = renderCodeBlock('let a = 1;\n', parseCodeMeta('ts'));
    expect(known).toBe(true);
    expect(html).toBe(
      '<pre class="code" data-lang="ts" tabindex="0"><code class="language-ts"><span class="hljs-keyword">let</span> a = <span class="hljs-number">1</span>;\n</code></pre>\n',
    );
  });

  it('puts a title in a figcaption and marks lines with <mark>, escaping the title', () => {
    const { html } = renderCodeBlock('a\nb\nc\n', parseCodeMeta('text title="<x>.ts" {2}'));
    expect(html).toBe(
      '<figure class="code-block"><figcaption class="code-title">&lt;x&gt;.ts</figcaption>\n' +
        '<pre class="code lines" data-lang="text" tabindex="0"><code class="language-text"><span class="line">a\n</span><mark class="line marked">b\n</mark><span class="line">c\n</span></code></pre></figure>\n',
    );
  });

  it('marks diff lines with <ins>/<del>, hidden "added"/"removed" text and a gutter sign, and removes the sign from the code', () => {
    const { html } = renderCodeBlock(' keep();\n-old();\n+new();\n', parseCodeMeta('js diff'));
    expect(html).toContain('<span class="line"><span class="hljs-title function_">keep</span>();\n</span>');
    expect(html).toContain(
      '<del class="line removed"><span class="diff-sign" aria-hidden="true">-</span><span class="visually-hidden">removed: </span><span class="hljs-title function_">old</span>();\n</del>',
    );
    expect(html).toContain(
      '<ins class="line added"><span class="diff-sign" aria-hidden="true">+</span><span class="visually-hidden">added: </span><span class="hljs-title function_">new</span>();\n</ins>',
    );
    expect(html).toMatch(/^<pre class="code lines has-gutter"/);
  });

  it('marks lines of a ```diff block by their sign, keeping the sign in the text', () => {
    const { html } = renderCodeBlock('--- a\n+++ b\n context\n-gone\n+here\n', parseCodeMeta('diff'));
    expect(html).toContain('<del class="line removed"><span class="visually-hidden">removed: </span><span class="hljs-deletion">-gone</span>\n</del>');
    expect(html).toContain('<ins class="line added"><span class="visually-hidden">added: </span><span class="hljs-addition">+here</span>\n</ins>');
    expect(html).not.toContain('diff-sign');
    // File headers are not changes.
    expect(html.match(/<(ins|del) /g)).toHaveLength(2);
  });

  it('marks lines added and removed by number with ins= and del=', () => {
    const { html } = renderCodeBlock('a\nb\nc\n', parseCodeMeta('text ins={3} del={1}'));
    expect(html).toContain(
      '<del class="line removed"><span class="diff-sign" aria-hidden="true">-</span><span class="visually-hidden">removed: </span>a\n</del>',
    );
    expect(html).toContain('<span class="line">b\n</span>');
    expect(html).toContain('<ins class="line added"><span class="diff-sign" aria-hidden="true">+</span><span class="visually-hidden">added: </span>c\n</ins>');
  });

  it('numbers lines on request', () => {
    const { html } = renderCodeBlock('a\nb\n', parseCodeMeta('text showLineNumbers'));
    expect(html).toBe(
      '<pre class="code lines numbered" data-lang="text" tabindex="0"><code class="language-text"><span class="line">a\n</span><span class="line">b\n</span></code></pre>\n',
    );
  });

  it('highlights PromQL and HCL (Terraform) with their own grammars', () => {
    const prom = renderCodeBlock('sum by (le) (rate(x_bucket{job="api"}[5m]))\n', parseCodeMeta('promql'));
    expect(prom.known).toBe(true);
    expect(prom.html).toContain('<span class="hljs-built_in">sum</span> <span class="hljs-keyword">by</span>');
    expect(prom.html).toContain('<span class="hljs-attr">job</span>');
    expect(prom.html).toContain('<span class="hljs-number">5m</span>');
    for (const lang of ['hcl', 'terraform', 'tf']) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform source, whose ${...} the highlighter must mark
      const tf = renderCodeBlock('resource "aws_s3_bucket" "b" {\n  bucket = "x-${var.env}"\n}\n', parseCodeMeta(lang));
      expect(tf.known, lang).toBe(true);
      expect(tf.html).toContain('<span class="hljs-keyword">resource</span> <span class="hljs-string">&quot;aws_s3_bucket&quot;</span>');
      expect(tf.html).toContain('<span class="hljs-attr">bucket</span>');
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the highlighted Terraform interpolation, as text
      expect(tf.html).toContain('<span class="hljs-subst">${var.env}</span>');
    }
  });

  it('knows the common infrastructure languages', () => {
    for (const lang of ['dockerfile', 'nginx', 'yaml', 'toml', 'ini', 'graphql', 'protobuf', 'nix', 'promql', 'hcl', 'diff', 'bash', 'sql']) {
      expect(highlightCode('x\n', lang).known, lang).toBe(true);
    }
  });
});
