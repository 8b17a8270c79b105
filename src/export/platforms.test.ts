import { describe, expect, it } from 'vitest';
import { mapMarkdownUrls } from './absolute-urls.js';
import { PLATFORMS, platformFrontMatter, platformTags } from './platforms.js';

describe('platform tags', () => {
  it('dev.to: lowercase letters and digits, at most 4, symbols spelled out, duplicates after normalising dropped', () => {
    expect(platformTags(PLATFORMS.devto, ['C#', 'Node.js', 'node-js', 'Web Development', 'Go', 'Rust'], [])).toEqual({
      tags: ['csharp', 'nodejs', 'webdevelopment', 'go'],
      dropped: ['rust'],
    });
    expect(PLATFORMS.devto.normaliseTag('C++')).toBe('cpp');
    expect(PLATFORMS.devto.normaliseTag('.NET')).toBe('dotnet');
    expect(PLATFORMS.devto.normaliseTag('Élan')).toBe('elan');
    expect(PLATFORMS.devto.normaliseTag('日本')).toBe('');
  });

  it('Hashnode: dashed slugs, at most 5; categories fill free places without counting as dropped', () => {
    expect(platformTags(PLATFORMS.hashnode, ['Web Development', 'PostgreSQL'], ['Engineering', 'postgresql'])).toEqual({
      tags: ['web-development', 'postgresql', 'engineering'],
      dropped: [],
    });
    expect(platformTags(PLATFORMS.hashnode, ['a', 'b', 'c', 'd', 'e', 'f'], ['g']).tags).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('platform front matter', () => {
  const post = {
    title: 'Yes: really',
    description: 'It is "quoted"',
    slug: 'yes-really',
    tags: ['a', 'b'],
    canonicalUrl: 'https://me.test/writing/yes-really/',
    coverImage: 'https://me.test/writing/yes-really/cover.png',
    series: 'My Series',
    draft: false,
    domain: undefined,
  };

  it('dev.to: published, comma-separated tags, canonical_url, cover_image, series', () => {
    expect(platformFrontMatter(PLATFORMS.devto, post)).toBe(
      '---\ntitle: "Yes: really"\npublished: true\ndescription: It is "quoted"\ntags: a, b\ncanonical_url: https://me.test/writing/yes-really/\ncover_image: https://me.test/writing/yes-really/cover.png\nseries: My Series\n---\n',
    );
    expect(platformFrontMatter(PLATFORMS.devto, { ...post, draft: true })).toContain('published: false\n');
  });

  it('Hashnode: subtitle, slug, cover, canonical, domain, seriesSlug and saveAsDraft', () => {
    expect(platformFrontMatter(PLATFORMS.hashnode, { ...post, draft: true, domain: 'me.hashnode.dev' })).toBe(
      '---\ntitle: "Yes: really"\nsubtitle: It is "quoted"\nslug: yes-really\ntags: a, b\ncover: https://me.test/writing/yes-really/cover.png\ncanonical: https://me.test/writing/yes-really/\ndomain: me.hashnode.dev\nseriesSlug: my-series\nsaveAsDraft: true\n---\n',
    );
  });
});

describe('mapMarkdownUrls', () => {
  const map = (u: string, inHtml: boolean) => (u.startsWith('http') || u.startsWith('#') ? u : `${inHtml ? 'HTML' : 'ABS'}(${u})`);

  it('maps inline links and images, reference definitions and HTML attributes', () => {
    expect(mapMarkdownUrls('See [a](../a/) and ![d](./d.png "T") and [![i](i.png)](/x/).', map)).toBe(
      'See [a](ABS(../a/)) and ![d](ABS(./d.png) "T") and [![i](ABS(i.png))](ABS(/x/)).',
    );
    expect(mapMarkdownUrls('[ref]: /r/ "Title"\n[ok]: https://x.test/', map)).toBe('[ref]: ABS(/r/) "Title"\n[ok]: https://x.test/');
    expect(mapMarkdownUrls('<img src="a.png" alt="x"> <a href=\'/b/\'>b</a> [t](#top)', map)).toBe(
      '<img src="HTML(a.png)" alt="x"> <a href=\'HTML(/b/)\'>b</a> [t](#top)',
    );
  });

  it('leaves fenced code, indented code and inline code as written', () => {
    const text = 'a `[x](y)` b\n\n```md\n[x](y)\n```\n\n~~~~\n```\n[x](y)\n~~~~\n\n    [x](y)\n\n[x](y)';
    expect(mapMarkdownUrls(text, map)).toBe('a `[x](y)` b\n\n```md\n[x](y)\n```\n\n~~~~\n```\n[x](y)\n~~~~\n\n    [x](y)\n\n[x](ABS(y))');
  });
});
