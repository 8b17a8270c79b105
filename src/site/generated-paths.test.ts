import { describe, expect, it } from 'vitest';
import { GENERATED_FILES, generatedClash, isGeneratedPath, PAGE_FILES, TERM_FILES } from './generated-paths.js';

describe('generatedClash', () => {
  it.each([
    ['feed.xml/', 'feed.xml'],
    ['feed.xml', 'feed.xml'],
    ['Robots.TXT/', 'robots.txt'],
    ['404.html', '404.html'],
    ['index.html/', 'index.html'],
    ['writing/og.png/', 'writing/og.png'],
    ['writing/x/og.png', 'writing/x/og.png'],
    ['tags/go/feed.xml/', 'tags/go/feed.xml'],
    ['categories/web/atom.xml', 'categories/web/atom.xml'],
    ['pagefind/', 'pagefind/'],
    ['pagefind/pagefind.js', 'pagefind/'],
    ['assets/x/', 'assets/'],
  ])('%s collides with /%s', (path, generated) => {
    expect(generatedClash(path)).toBe(generated);
  });

  it.each(['writing/feed.xml/', '2019/05/old/', 'about/', 'blog/index.html', 'old.html', 'index.xml/', 'tags/go/'])('%s is free', (path) => {
    expect(generatedClash(path)).toBeUndefined();
  });

  it('a folder path without a dot or underscore is free, outside assets/ and pagefind/ (the fast path every page takes)', () => {
    // The fast path's premise: no name the build writes at a page's level lacks both.
    for (const name of [...GENERATED_FILES, ...PAGE_FILES, ...TERM_FILES]) expect(name, name).toMatch(/[._]/);
    expect(generatedClash('writing/a-post/')).toBeUndefined();
    expect(generatedClash('ASSETS/x/')).toBe('assets/');
    expect(generatedClash('PageFind/')).toBe('pagefind/');
    expect(generatedClash('tags/go/Feed.XML/')).toBe('tags/go/feed.xml');
    expect(generatedClash('x/_redirects/')).toBeUndefined();
    expect(generatedClash('_redirects/')).toBe('_redirects');
  });

  it('the importer also keeps clear of folders of generated pages', () => {
    expect(isGeneratedPath('tags/anything/')).toBe(true);
    expect(isGeneratedPath('feed.xml/')).toBe(true);
    expect(isGeneratedPath('')).toBe(true);
    expect(isGeneratedPath('2019/old/')).toBe(false);
  });
});
