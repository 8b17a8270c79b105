import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, type RenderInput } from './render.js';
import { firstParagraph, htmlHeadings, htmlToText } from './html-text.js';

/*
 * Inputs shaped to find super-linear paths. The assertions are about SCALING, not speed:
 * four times the input may cost at most about four times as much (the bound is 8, twice linear;
 * a quadratic path costs 16 times as much, the paths fixed here more), and a body of repeats may
 * cost at most a small factor more than a body of the same size without repeats. Each figure is
 * the least CPU time of three runs, each after a full garbage collection, so neither other
 * processes on a busy machine nor garbage left by the run before weigh on it.
 */

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function render(body: string, over: Partial<RenderInput> = {}) {
  return renderMarkdown({ body, file: '/nowhere/post.md', source: body, bodyLine: 1, pagePath: 'writing/p/', base: '/', wordsPerMinute: 200, ...over });
}

function cpuTime(fn: () => unknown): number {
  gc();
  const before = process.cpuUsage();
  fn();
  const spent = process.cpuUsage(before);
  return spent.user + spent.system;
}

/** Least CPU time of `a` over least CPU time of `b` (five runs each: with three, one CI run read 9.9 for a linear input), after one warm-up run of each. */
function ratio(a: () => unknown, b: () => unknown, runs = 5): number {
  a();
  b();
  let ta = Infinity;
  let tb = Infinity;
  for (let i = 0; i < runs; i++) {
    ta = Math.min(ta, cpuTime(a));
    tb = Math.min(tb, cpuTime(b));
  }
  return ta / tb;
}

/** time(make(4n)) / time(make(n)): about 4 when linear, 16 when quadratic. */
function growth(make: (n: number) => string, n: number, run: (body: string) => unknown = render): number {
  const small = make(n);
  const large = make(4 * n);
  return ratio(
    () => run(large),
    () => run(small),
  );
}

/** time(same) / time(distinct): repeats cost (about) what distinct items do. */
function repeatRatio(same: string, distinct: string): number {
  return ratio(
    () => render(same),
    () => render(distinct),
  );
}

const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n\n') + '\n';
const identicalHeadings = (n: number) => lines(n, () => '## Same heading');
const distinctHeadings = (n: number) => lines(n, (i) => `## Heading ${i}`);
/** Many references to one footnote: one note with n back links. */
const refsToOneNote = (n: number) => lines(n, () => 'Text[^a].') + '\n[^a]: The note.\n';
/** n notes, each referenced once. */
const distinctNotes = (n: number) => lines(n, (i) => `Text[^n${i}].`) + '\n' + lines(n, (i) => `[^n${i}]: Note ${i}.`);
const foreign = (format: 'markdown' | 'html'): Partial<RenderInput> => ({
  foreign: {
    body: { family: 'liquid', format, excerptSeparator: undefined, contentRel: '_posts/p.html', page: {} },
    site: {},
    origin: 'https://example.com',
    resolve: () => undefined,
    staticFile: () => false,
  },
});

describe('Markdown that scales linearly', { timeout: 180_000 }, () => {
  it('gives 3,000 identical headings unique ids as fast as 3,000 distinct ones, and four times as many in at most about four times the time', () => {
    const r = render(identicalHeadings(3));
    expect(r.toc.map((t) => t.id)).toEqual(['same-heading', 'same-heading-1', 'same-heading-2']);
    expect(repeatRatio(identicalHeadings(3000), distinctHeadings(3000))).toBeLessThan(3);
    expect(growth(identicalHeadings, 1500)).toBeLessThan(8);
    expect(growth(distinctHeadings, 1500)).toBeLessThan(8);
  });

  it('lists thousands of footnotes, and one footnote referenced thousands of times, in linear time', () => {
    const notes = render(distinctNotes(3)).html;
    expect(notes.match(/class="footnote-item"/g)).toHaveLength(3);
    expect(render(refsToOneNote(3)).html.match(/class="footnote-backref"/g)).toHaveLength(3);
    expect(growth(distinctNotes, 1000)).toBeLessThan(8);
    expect(growth(refsToOneNote, 2000)).toBeLessThan(8);
    expect(repeatRatio(refsToOneNote(2000), distinctNotes(2000))).toBeLessThan(3);
  });

  it('reads the summary of an excerpt full of unclosed raw HTML in linear time', () => {
    const excerpt = (n: number) => `Intro.\n\n<div ${'<span '.repeat(n)}\n\n<!--more-->\n\nRest.\n`;
    // The raw-HTML policy drops the broken tags, so the summary is the text around them.
    expect(render(excerpt(2)).summary).toBe('Intro.');
    expect(growth(excerpt, 15_000)).toBeLessThan(8);
  });

  it('reads the summary and headings of a foreign HTML post with unclosed tags in linear time', () => {
    const post = (n: number) => `${'<p <h2 id="x">'.repeat(n)}<h3 id="y">Title</h3>`;
    const r = render(post(2), foreign('html'));
    expect(r.toc).toEqual([{ level: 3, id: 'y', text: 'Title' }]);
    expect(growth(post, 20_000, (b) => render(b, foreign('html')))).toBeLessThan(8);
    const scripts = (n: number) => `<p>x</p>${'<script><style '.repeat(n)}`;
    expect(growth(scripts, 20_000, (b) => htmlToText(b) + firstParagraph(b) + htmlHeadings(b).length)).toBeLessThan(8);
  });

  it("applies a foreign paragraph's span attribute lists (`*x*{.a}`, 10,000 took 38 s) in linear time", () => {
    const spans = (n: number) => Array.from({ length: n }, (_, i) => `*w${i}*{.a} \`c\`{.b}`).join(' ') + '\n';
    const html = render(spans(3), foreign('markdown')).html;
    expect(html.match(/<em class="a">/g)).toHaveLength(3);
    expect(html.match(/<code class="b">/g)).toHaveLength(3);
    expect(growth(spans, 1000, (b) => render(b, foreign('markdown')))).toBeLessThan(8);
    // Written against each other, each list after a code span or image takes its whole text token.
    const packed = (n: number) => Array.from({ length: n }, () => '`c`{.b}![i](a.png){.d}').join('') + '\n';
    expect(render(packed(2), foreign('markdown')).html.match(/<code class="b">/g)).toHaveLength(2);
    expect(growth(packed, 1000, (b) => render(b, foreign('markdown')))).toBeLessThan(8);
    // A long run of spaces inside braces (the comma reading is one pass).
    const spaced = (n: number) => `x {${' '.repeat(n)}a, b}\n`;
    expect(growth(spaced, 10_000, (b) => render(b, foreign('markdown')))).toBeLessThan(8);
    const commas = (n: number) => `## H {${'.a,'.repeat(n)}.b}\n`;
    expect(growth(commas, 5_000, (b) => render(b, foreign('markdown')))).toBeLessThan(8);
  });

  it('gives repeated author-written heading ids of a foreign post unique ids in linear time', () => {
    const ids = (n: number) => lines(n, () => '## Part {#part}');
    expect(render(ids(3), foreign('markdown')).toc.map((t) => t.id)).toEqual(['part', 'part-1', 'part-2']);
    expect(growth(ids, 1000, (b) => render(b, foreign('markdown')))).toBeLessThan(8);
  });

  // Shapes that were already linear (markdown-it bounds them); kept so a regression shows.
  it('stays linear on links with one text, emphasis delimiters, HTML blocks, deep nesting and long lines', () => {
    expect(growth((n) => '[same text](https://example.com/x) '.repeat(n) + '\n', 4000)).toBeLessThan(8);
    expect(growth((n) => '*a _b '.repeat(n) + '\n', 4000)).toBeLessThan(8);
    expect(growth((n) => lines(n, () => '<div>\nx\n</div>'), 4000)).toBeLessThan(8);
    expect(growth((n) => 'word '.repeat(n) + '\n\n<!--more-->\n\nrest\n', 15_000)).toBeLessThan(8);
    // markdown-it stops nesting at 100 levels (maxNesting): deeper markers are text, not recursion.
    const quotes = render('>'.repeat(50_000) + ' deep\n').html;
    expect(quotes.match(/<blockquote>/g)!.length).toBeLessThanOrEqual(100);
    expect(growth((n) => '>'.repeat(n) + ' deep\n' + 'x\n'.repeat(n), 5000)).toBeLessThan(8);
  });
});
