import MarkdownIt from 'markdown-it';
import attrs from 'markdown-it-attrs';
import { describe, expect, it } from 'vitest';
import { attributeListsOnly } from './attribute-lists.js';
import { spanAttributesInOnePass, type AttrsOptions } from './span-attributes.js';

const md = new MarkdownIt({ typographer: true, linkify: true })
  .use(attrs, { allowedAttributes: ['id', 'class', 'width', 'reversed'], errorHandler: () => undefined })
  .use(attributeListsOnly);
const html = (src: string) => md.render(src).trim();

describe('attributeListsOnly', () => {
  it('leaves braces that are not an attribute list as text, wherever the plugin would read them', () => {
    expect(html('F = \\frac{a}{r^2}')).toBe('<p>F = \\frac{a}{r^2}</p>');
    expect(html('S = {a, b}')).toBe('<p>S = {a, b}</p>');
    expect(html('text {z}')).toBe('<p>text {z}</p>');
    expect(html('*x*{not a list} after')).toBe('<p><em>x</em>{not a list} after</p>');
    expect(html('| a |\n|---|\n| b |\n\n{a, b}')).toContain('<p>{a, b}</p>');
  });

  it('still applies real attribute lists, and the typographer and linkify still see the guarded text', () => {
    expect(html('A note {.note #n1}')).toBe('<p class="note" id="n1">A note</p>');
    expect(html('## Title {#custom}')).toBe('<h2 id="custom">Title</h2>');
    expect(html('*x*{.em} and {y}')).toBe('<p><em class="em">x</em> and {y}</p>');
    expect(html('![p](a.png){width=10}')).toBe('<p><img src="a.png" alt="p" width="10"></p>');
    expect(html('| a |\n|---|\n| b |\n\n{.wide}')).toContain('<table class="wide">');
    expect(html('"Quoted" at https://example.com and {q}')).toBe('<p>“Quoted” at <a href="https://example.com">https://example.com</a> and {q}</p>');
  });
});

describe('attributeListsOnly at both ends of one text', () => {
  it('applies the list at one end and keeps the other end as text', () => {
    expect(html('{y} and more {.cls}')).toBe('<p class="cls">{y} and more</p>');
    expect(html('*x*{.em} middle {z}')).toBe('<p><em class="em">x</em> middle {z}</p>');
    expect(html('*x*{not} middle {.cls}')).toBe('<p class="cls"><em>x</em>{not} middle</p>');
  });
});

describe('attributeListsOnly items', () => {
  it('takes ids and classes with dots in them, and `reversed` on an ordered list', () => {
    expect(html('## Release v1.2 {#v1.2}')).toBe('<h2 id="v1.2">Release v1.2</h2>');
    expect(html('## Head {.a.b}')).toBe('<h2 class="a.b">Head</h2>');
    expect(html('1. a\n2. b\n\n{reversed}')).toMatch(/<ol reversed(="")?>/);
  });

  it('reads items separated by commas as kramdown does, and leaves braces with commas that are no list', () => {
    expect(html('## Head {#id, .cls}')).toBe('<h2 id="id" class="cls">Head</h2>');
    expect(html('*x*{.a, .b} after')).toBe('<p><em class="a b">x</em> after</p>');
    expect(html('S = {a, b}')).toBe('<p>S = {a, b}</p>');
    expect(html('Pairs {#x, y z}')).toBe('<p>Pairs {#x, y z}</p>');
    expect(html('## Head {width="1, 2" .a}')).toBe('<h2 width="1, 2" class="a">Head</h2>');
    expect(html('## Head {#h, width="a, b"}')).toBe('<h2 id="h" width="a, b">Head</h2>');
  });
});

describe('attributeListsOnly on fences', () => {
  it("leaves a fence's meta that is no list to the fence, and still applies a real one", () => {
    const fence = (info: string) => md.parse(`\`\`\`${info}\nx\n\`\`\`\n`, {}).find((t) => t.type === 'fence')!;
    expect(fence('go {2}').info).toBe('go {2}');
    expect(fence('go {.wide}').attrGet('class')).toBe('wide');
  });
});

describe('span attribute lists in one pass', () => {
  const options: AttrsOptions = {
    leftDelimiter: '{',
    rightDelimiter: '}',
    allowedAttributes: ['id', 'class', 'title', 'width'],
    allowedAttributeValues: [],
    errorHandler: () => undefined,
  };
  const pluginOnly = new MarkdownIt({ typographer: true }).use(attrs, options).use(attributeListsOnly);
  const onePass = new MarkdownIt({ typographer: true }).use(attrs, options).use(attributeListsOnly).use(spanAttributesInOnePass, options);

  it('gives what markdown-it-attrs alone gives', () => {
    const cases = [
      '*x*{.a}{.b} after',
      '![i](a.png){.b} and ![j](b.png){.c}{width=3}',
      '`code`{.d} rest `more`{#m}',
      '[link](/u){.e title="T"} text',
      '**bold**{#id .k} and *a **b**{.s} c*{.e}',
      'plain {.end}',
      '*x*{.a} and {y} and *z*{.q}',
      '*x*\n{.soft}',
      '*x*{onclick=alert(1) .ok}',
      '![i](a.png){.only}',
      '*x*{not a list} *y*{.real}',
      '> *q*{.in-quote}\n\n- *item*{.li} text',
    ];
    for (const src of cases) expect(onePass.render(src), src).toBe(pluginOnly.render(src));
  });
});
