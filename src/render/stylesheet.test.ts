import { describe, expect, it } from 'vitest';
import { mathStylesheet } from './math-stylesheet.js';
import { stylesheet } from './stylesheet.js';

describe('stylesheet', () => {
  const site = ['.katex{font-size:1em}'];

  it('gives math pages one file: the post rules, then KaTeX, then the preset and the site CSS', () => {
    const katex = mathStylesheet().css;
    const css = stylesheet(':root{--accent:#123456}', site, '', true, katex);
    const math = css.math!.css;
    expect(css.math!.path).toMatch(/^assets\/casebook-math-[0-9a-f]{10}\.css$/);
    // Everything the post stylesheet holds, in the same order, with KaTeX's rules before the preset's and the site's.
    const at = (needle: string) => math.indexOf(needle);
    expect(at(':root{--accent:#123456}')).toBeGreaterThanOrEqual(0);
    expect(at(katex)).toBeGreaterThan(0);
    expect(at(site[0]!)).toBeGreaterThan(at(katex) + katex.length - 1);
    expect(math.replace(`${katex}\n`, '')).toBe(css.post.css);
  });

  it('makes no math stylesheet for a site without math, and a new name when its rules change', () => {
    expect(stylesheet('', site).math).toBeUndefined();
    const a = stylesheet('', site, '', false, mathStylesheet().css).math!.path;
    const b = stylesheet('', ['.katex{font-size:2em}'], '', false, mathStylesheet().css).math!.path;
    expect(a).not.toBe(b);
  });
});
