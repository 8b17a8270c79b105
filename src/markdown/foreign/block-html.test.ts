import { describe, expect, it } from 'vitest';
import { markdownInHtml } from './block-html.js';

const opts = (parseBlockHtml: boolean) => ({ parseBlockHtml, inline: (s: string) => `[${s}]` });

describe('markdownInHtml', () => {
  it('pairs nested elements of the same name with their own closing tags', () => {
    const text = '<div markdown="1">\n  *a*\n  <div>\n  inner\n  </div>\n  *b*\n</div>\n\nafter <span markdown="span">*s*</span>';
    expect(markdownInHtml(text, opts(false))).toBe('<div>\n\n*a*\n<div>\ninner\n</div>\n*b*\n\n</div>\n\nafter <span markdown="span">*s*</span>');
    expect(markdownInHtml('<section>\nplain *x*\n</section>\n<section>\n<p>html</p>\n</section>', opts(true))).toBe(
      '<section>\n\nplain *x*\n\n</section>\n<section>\n<p>html</p>\n</section>',
    );
  });

  it('leaves unclosed elements as written, in linear time: 20,000 unclosed markdown="1" divs in well under seconds', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `<div markdown="1">\nline *${i}*\n`).join('\n');
    const started = Date.now();
    expect(markdownInHtml(text, opts(true))).toBe(text);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
