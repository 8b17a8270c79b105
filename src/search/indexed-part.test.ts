import { describe, expect, it } from 'vitest';
import { indexedPart } from './indexed-part.js';

const page = (head: string, before: string, body: string) =>
  `<!doctype html>\n<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n${head}\n</head>\n<body>\n${before}\n<main>${body}</main>\n<footer>f</footer>\n</body>\n</html>\n`;

describe('indexedPart', () => {
  it('keeps the html tag, the title and everything from the body element on', () => {
    const html = page(
      '<title>A &amp; B</title><link rel="stylesheet" href="/x.css"><script>1</script>',
      '<nav>menu</nav>',
      '<article class="post" data-pagefind-body><h1>A</h1></article>',
    );
    expect(indexedPart(html)).toBe(
      '<!doctype html>\n<html lang="en" dir="ltr">\n<head><title>A &amp; B</title></head><body><article class="post" data-pagefind-body><h1>A</h1></article></main>\n<footer>f</footer>\n</body>\n</html>\n',
    );
  });

  it('keeps the whole page when a pagefind attribute stands before the body element', () => {
    const html = page('<title>A</title>', '<nav data-pagefind-filter="section:notes">menu</nav>', '<article data-pagefind-body><h1>A</h1></article>');
    expect(indexedPart(html)).toBe(html);
  });

  it('keeps the whole page when a heading or an image stands before the body element', () => {
    // Pagefind titles a result with the first <h1> on the page and takes the image after it.
    for (const before of ['<H1>Site</H1>', '<a href="/"><img src="/logo.png" alt="Site"></a>']) {
      const html = page('<title>A</title>', before, '<article data-pagefind-body><h1>A</h1></article>');
      expect(indexedPart(html)).toBe(html);
    }
    const h2 = page('<title>A</title>', '<h2>Site</h2>', '<article data-pagefind-body><h1>A</h1></article>');
    expect(indexedPart(h2).length).toBeLessThan(h2.length);
  });

  it('keeps the whole page without a body element, a title or the expected head', () => {
    const none = page('<title>A</title>', '', '<article><h1>A</h1></article>');
    expect(indexedPart(none)).toBe(none);
    const untitled = page('', '', '<article data-pagefind-body><h1>A</h1></article>');
    expect(indexedPart(untitled)).toBe(untitled);
    const headless = '<html lang="en"><body><article data-pagefind-body>x</article></body></html>';
    expect(indexedPart(headless)).toBe(headless);
  });

  it('keeps the whole page when text before the body element names the attribute', () => {
    // Escaped text can hold `data-pagefind-body&gt;` but never the marker itself; it is kept whole to be safe.
    const html = page('<title>Why data-pagefind-body&gt; matters</title>', '', '<article data-pagefind-body><h1>Why</h1></article>');
    expect(indexedPart(html)).toBe(html);
  });
});
