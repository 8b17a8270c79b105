import { describe, expect, it } from 'vitest';
import { rewriteBundleRefs } from './bundle-files.js';

describe('rewriteBundleRefs', () => {
  const found = new Set(['a.png', 'b.webp', 'clip.mp4', 'data.csv', 'x y.png']);
  const seen: string[] = [];
  const find = (ref: { src: string; tag: string }) => {
    seen.push(`${ref.tag}:${ref.src}`);
    return found.has(ref.src) ? `/post/${encodeURI(ref.src)}` : undefined;
  };

  it('rewrites relative files of img, source srcset, video src/poster and file links; leaves absolute, page links and missing files', () => {
    const html =
      '<img src="a.png" alt="a"><picture><source srcset="b.webp 1x, a.png 2x"></picture><video src="clip.mp4" poster="a.png"></video>' +
      '<a href="data.csv">d</a><a href="other/">o</a><a href="post.md">p</a><img src="/abs.png"><img src="https://x.org/a.png"><img src="gone.png"><img src="x y.png">';
    const out = rewriteBundleRefs(html, find);
    expect(out).toBe(
      '<img src="/post/a.png" alt="a"><picture><source srcset="/post/b.webp 1x, /post/a.png 2x"></picture><video src="/post/clip.mp4" poster="/post/a.png"></video>' +
        '<a href="/post/data.csv">d</a><a href="other/">o</a><a href="post.md">p</a><img src="/abs.png"><img src="https://x.org/a.png"><img src="gone.png"><img src="/post/x%20y.png">',
    );
    expect(seen).not.toContain('a:other/');
    expect(seen).not.toContain('a:post.md');
    expect(seen).toContain('img:gone.png');
  });

  it("never publishes a template's source named from a link (index.njk, page.liquid, feed.11ty.js, Post.astro)", () => {
    const asked: string[] = [];
    const any = (ref: { src: string }) => (asked.push(ref.src), `/post/copy`);
    const html = '<a href="index.njk">home</a><a href="page.liquid">p</a><a href="feed.11ty.js">f</a><a href="Post.astro">a</a><a href="slides.pdf">s</a>';
    const out = rewriteBundleRefs(html, any);
    expect(asked).toEqual(['slides.pdf']);
    expect(out).toBe('<a href="index.njk">home</a><a href="page.liquid">p</a><a href="feed.11ty.js">f</a><a href="Post.astro">a</a><a href="/post/copy">s</a>');
  });

  it('never copies a dot-file or a file in a dot-folder, however the path is written', () => {
    const asked: string[] = [];
    const any = (ref: { src: string }) => (asked.push(ref.src), `/post/copy`);
    const html =
      '<a href="../../.env.local">e</a><a href="../.git/config.bak">g</a><a href="%2egit/x.txt">p</a><a href="..%5C.env.txt">b</a><img src=".hidden/a.png"><a href="./data.csv">d</a>';
    const out = rewriteBundleRefs(html, any);
    expect(asked).toEqual(['./data.csv']);
    expect(out).toBe(
      '<a href="../../.env.local">e</a><a href="../.git/config.bak">g</a><a href="%2egit/x.txt">p</a><a href="..%5C.env.txt">b</a><img src=".hidden/a.png"><a href="/post/copy">d</a>',
    );
  });
});
