import { describe, expect, it } from 'vitest';
import { checkPage, pageFacts, scanTags, srcsetUrls, type SiteFiles } from './page-rules.js';

describe('srcsetUrls', () => {
  it('reads every candidate URL as HTML parses a srcset', () => {
    expect(srcsetUrls('a.png 1x, b.png 2x')).toEqual(['a.png', 'b.png']);
    expect(srcsetUrls('/p/a-480.avif 480w,/p/a-736.avif 736w')).toEqual(['/p/a-480.avif', '/p/a-736.avif']);
    expect(srcsetUrls(' one.png, two.png,, three.png ')).toEqual(['one.png', 'two.png', 'three.png']);
    // A comma inside a URL does not split it; descriptors with parentheses are skipped whole.
    expect(srcsetUrls('/a,b.png 2x, /c.png (x, y) 3x, /d.png')).toEqual(['/a,b.png', '/c.png', '/d.png']);
    expect(srcsetUrls('')).toEqual([]);
  });
});

describe('checkPage', () => {
  const site: SiteFiles = {
    files: new Map<string, string | true>([
      ['writing/p/index.html', ''],
      ['writing/p/a.png', true],
      ['writing/p/a-480.webp', true],
    ]),
    base: '/',
    origin: 'https://example.com',
  };
  const findings = (body: string) => {
    const html = `<!doctype html><html lang="en"><head><title>P</title></head><body>${body}</body></html>`;
    const tags = scanTags(html);
    const facts = new Map([['writing/p/index.html', pageFacts(html, tags)]]);
    return checkPage({ file: 'writing/p/index.html', html, tags, site, facts, external: new Map() });
  };

  it('reports every srcset candidate of <img> and <source> that names no file, as a missing image', () => {
    const out = findings(
      '<picture><source srcset="/writing/p/a-480.webp 480w, /writing/p/a-736.webp 736w"><img src="a.png" srcset="a.png 1x, ./a@2x.png 2x, https://cdn.example.org/a.png 3x" alt="a"></picture>',
    );
    expect(out.map((f) => [f.rule, f.message])).toEqual([
      ['missing-image', '/writing/p/a-736.webp leads nowhere: no file for /writing/p/a-736.webp.'],
      ['missing-image', './a@2x.png leads nowhere: no file for /writing/p/a@2x.png.'],
    ]);
  });

  it('finds nothing when every candidate exists', () => {
    expect(findings('<img src="a.png" srcset="a.png 1x, /writing/p/a-480.webp 480w" alt="a">')).toEqual([]);
  });
});
