import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities } from '../util/escape.js';
import { firstParagraph, htmlHeadings, htmlToText } from './html-text.js';

/** The regular expressions the scanners replaced: the reference for what they must return. */
const reference = {
  htmlToText: (markup: string) =>
    decodeHtmlEntities(markup.replace(/<(script|style)[\s\S]*?<\/\1>/gi, '').replace(/<[^>]+>/g, ' '))
      .replace(/\s+/g, ' ')
      .trim(),
  firstParagraph: (markup: string) => /<p[\s>][\s\S]*?<\/p>/i.exec(markup)?.[0] ?? '',
  headings: (markup: string) =>
    [...markup.matchAll(/<h([23])[^>]*\sid="([^"]+)"[^>]*>([\s\S]*?)<\/h\1>/gi)].map((m) => ({ level: Number(m[1]), id: m[2]!, inner: m[3]! })),
};

const fragments = [
  '<',
  '>',
  '<p>',
  '</p>',
  '<P class="x">',
  '<script>',
  '</SCRIPT>',
  '<style',
  '</style>',
  '<h2 id="a">',
  '<h3 class="c" id="b">',
  '</h2>',
  '</h3>',
  '<h2>',
  'text',
  ' ',
  '\n',
  '&amp;',
  '&lt;',
  '<>',
  '<a href="x">',
  '</a>',
  'id="z"',
  '"',
];
const markup = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(''));

describe('html-text', () => {
  it('reads text and first paragraphs exactly as the regular expressions it replaced did', () => {
    fc.assert(
      fc.property(markup, (m) => {
        expect(htmlToText(m)).toBe(reference.htmlToText(m));
        expect(firstParagraph(m)).toBe(reference.firstParagraph(m));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the same headings in well-formed HTML', () => {
    const html = '<h2 id="one">One <em>x</em></h2><p>t</p><H3 class="c" id="two">Two</H3><h2>no id</h2><h4 id="four">4</h4><h2 id="three">3</h2>';
    expect(htmlHeadings(html)).toEqual(reference.headings(html));
    expect(htmlHeadings(html).map((h) => h.id)).toEqual(['one', 'two', 'three']);
  });

  it('stays linear on unclosed tags, scripts, paragraphs and headings', () => {
    const n = 200_000;
    for (const bad of ['<div ', '<script>', '<p ', '<h2 id="x">', '<style', '<h3 ']) {
      const text = `<p>start</p>${bad.repeat(n / bad.length)}`;
      const started = performance.now();
      htmlToText(text);
      firstParagraph(text.slice(12));
      htmlHeadings(text);
      // The regular expressions took minutes on these; a linear scan of 200 KB takes milliseconds.
      expect(performance.now() - started, bad).toBeLessThan(2000);
    }
  });
});
