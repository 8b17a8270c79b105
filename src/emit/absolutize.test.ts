import { describe, expect, it } from 'vitest';
import { absolutizeHtml } from './absolutize.js';

const origin = 'https://example.com';
const page = 'https://example.com/writing/post/';

describe('absolutizeHtml', () => {
  it('makes root-relative src, href, poster and every srcset candidate absolute, and fragments point at the post', () => {
    const html =
      '<video src="/writing/post/clip.mp4" poster="/writing/post/p.png"></video><img srcset="/a-480.webp 480w, /a-736.webp 736w" src="/a.png"><a href="#notes">n</a>';
    expect(absolutizeHtml(html, origin, page)).toBe(
      '<video src="https://example.com/writing/post/clip.mp4" poster="https://example.com/writing/post/p.png"></video><img srcset="https://example.com/a-480.webp 480w, https://example.com/a-736.webp 736w" src="https://example.com/a.png"><a href="https://example.com/writing/post/#notes">n</a>',
    );
  });

  it('leaves absolute and protocol-relative URLs as they are', () => {
    const html = '<a href="https://other.org/x">o</a><img src="//cdn.example/x.png" srcset="https://cdn/x.png 2x"><a href="mailto:a@example.com">m</a>';
    expect(absolutizeHtml(html, origin, page)).toBe(html);
  });

  it('resolves page-relative URLs against the post, as its page does, entities kept', () => {
    const html = '<a href="../other/">o</a><a href="../../files/cv.pdf">cv</a><img srcset="y.png 1x, z.png 2x"><a href="a b.txt?x=1&amp;y=2#top">t</a>';
    expect(absolutizeHtml(html, origin, page)).toBe(
      '<a href="https://example.com/writing/other/">o</a><a href="https://example.com/files/cv.pdf">cv</a><img srcset="https://example.com/writing/post/y.png 1x, https://example.com/writing/post/z.png 2x"><a href="https://example.com/writing/post/a%20b.txt?x=1&amp;y=2#top">t</a>',
    );
  });
});
