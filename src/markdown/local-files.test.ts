import { describe, expect, it } from 'vitest';
import { isFileLink, rewriteLocalRefs, suffixOf, type LocalRefKind } from './local-files.js';
import { isRelativeAsset } from './images.js';

describe('isFileLink', () => {
  it('takes a relative path whose name has an extension for a file', () => {
    for (const href of ['./slides.pdf', 'data.csv', 'sub/clip.mp4', '../shared/deck.key', 'slides.pdf#page=3', 'notes.txt?v=2', 'my%20file.tar.gz', 'x.7z']) {
      expect(isFileLink(href), href).toBe(true);
    }
  });

  it('leaves page links as they are: other posts, folders, names without an extension, anchors, queries, URLs', () => {
    for (const href of [
      '../other-post/',
      '../other-post',
      './other.md',
      'other.markdown#part',
      '../other/index.html',
      'page.htm',
      '#anchor',
      '?q=1',
      '/files/x.pdf',
      '//cdn.example.com/x.pdf',
      'https://example.com/x.pdf',
      'mailto:a@example.com',
      '../release-1.2',
      '../node-v20.10',
      '.',
      '..',
      '',
    ]) {
      expect(isFileLink(href), href).toBe(false);
    }
  });
});

describe('suffixOf', () => {
  it('is the query and fragment a published URL keeps', () => {
    expect(suffixOf('slides.pdf#page=3')).toBe('#page=3');
    expect(suffixOf('clip.mp4?x=1#t=10')).toBe('?x=1#t=10');
    expect(suffixOf('data.csv')).toBe('');
  });
});

describe('rewriteLocalRefs', () => {
  const seen: [string, LocalRefKind][] = [];
  const publish = (src: string, kind: LocalRefKind) => {
    seen.push([src, kind]);
    return `/p/${src.replace(/^\.\//, '')}`;
  };

  it('publishes what links and media elements name, each as an image or a file', () => {
    seen.length = 0;
    const html =
      '<p><a href="./slides.pdf">s</a> <a href="../other/">o</a> <a href="x.md">m</a> <a href="#top">t</a></p>\n' +
      '<video src="./clip.mp4" poster="still.png" controls><source src="clip.webm" type="video/webm"><track src="subs.vtt" kind="captions"></video>\n' +
      '<audio src="talk.ogg" controls></audio><map><area href="map.pdf" alt="m"></map>\n' +
      '<picture><source srcset="a.webp 1x, https://x.example/b.webp 2x"><img src="a.png" alt="a"></picture>\n';
    const out = rewriteLocalRefs(html, publish);
    expect(out).toContain('<a href="/p/slides.pdf">s</a> <a href="../other/">o</a> <a href="x.md">m</a> <a href="#top">t</a>');
    expect(out).toContain(
      '<video src="/p/clip.mp4" poster="/p/still.png" controls><source src="/p/clip.webm" type="video/webm"><track src="/p/subs.vtt" kind="captions">',
    );
    expect(out).toContain('<audio src="/p/talk.ogg" controls></audio><map><area href="/p/map.pdf" alt="m">');
    expect(out).toContain('<source srcset="/p/a.webp 1x, https://x.example/b.webp 2x"><img src="/p/a.png" alt="a">');
    expect(seen).toEqual([
      ['./slides.pdf', 'link'],
      ['./clip.mp4', 'file'],
      ['still.png', 'image'],
      ['clip.webm', 'file'],
      ['subs.vtt', 'file'],
      ['talk.ogg', 'file'],
      ['map.pdf', 'link'],
      ['a.webp', 'image'],
      ['a.png', 'image'],
    ]);
  });

  it('reads entities in the attribute and writes the URL escaped; leaves one publish declines as written', () => {
    const out = rewriteLocalRefs('<a href="a&amp;b.pdf" data-href="x.pdf" title="y.pdf">x</a><a href="folder.v2">f</a>', (src) =>
      src === 'folder.v2' ? undefined : `/p/${src}?x="1"`,
    );
    expect(out).toBe('<a href="/p/a&amp;b.pdf?x=&quot;1&quot;" data-href="x.pdf" title="y.pdf">x</a><a href="folder.v2">f</a>');
  });
});

describe('isRelativeAsset', () => {
  it('reads a leading backslash as browsers do in a web page: the site root or another host, not a file beside the post', () => {
    expect(isRelativeAsset('\\files\\cv.pdf')).toBe(false);
    expect(isRelativeAsset('\\\\host\\x.pdf')).toBe(false);
    expect(isRelativeAsset('files\\cv.pdf')).toBe(true);
    expect(isRelativeAsset('./cv.pdf')).toBe(true);
  });
});
