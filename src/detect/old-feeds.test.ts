import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eleventyFeeds, endpointFeeds, formatFromName, formatFromTemplate, hugoFeeds, zolaFeeds } from './old-feeds.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'old-feeds-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe('old feeds', () => {
  it('tells the format from the name or the template', () => {
    expect(formatFromName('atom.xml')).toBe('atom');
    expect(formatFromName('feeds/all.json')).toBe('json');
    expect(formatFromName('index.xml')).toBe('rss');
    expect(formatFromTemplate('<?xml?><feed xmlns="http://www.w3.org/2005/Atom">')).toBe('atom');
    expect(formatFromTemplate('<rss version="2.0">')).toBe('rss');
    expect(formatFromTemplate('{"version":"https://jsonfeed.org/version/1"}')).toBe('json');
    expect(formatFromTemplate('<html>')).toBeUndefined();
  });

  it('Hugo: home, section and term feeds unless disableKinds or outputs leave RSS out', () => {
    const root = tree({ 'content/posts/a.md': '', 'content/about.md': '' });
    expect(hugoFeeds({}, root, 'content', { tags: 'tags' }).map((f) => f.path)).toEqual(['index.xml', 'posts/index.xml', 'tags/:slug/index.xml']);
    expect(hugoFeeds({ disableKinds: ['RSS'] }, root, 'content', { tags: 'tags' })).toEqual([]);
    expect(hugoFeeds({ outputFormats: { rss: { baseName: 'feed' } } }, root, 'content', {}).map((f) => f.path)).toEqual(['feed.xml', 'posts/feed.xml']);
    expect(hugoFeeds({ outputs: { home: ['HTML', 'JSON'] } }, root, 'content', {}).map((f) => f.path)).toEqual(['posts/index.xml']);
  });

  it('Zola: nothing without generate_feeds; feed_filenames decide names and formats', () => {
    const root = tree({ 'content/blog/_index.md': '+++\ngenerate_feeds = true\n+++\n' });
    expect(zolaFeeds({}, join(root, 'content')).filter((f) => f.scope.kind === 'site')).toEqual([]);
    const feeds = zolaFeeds({ generate_feeds: true, feed_filenames: ['atom.xml', 'rss.xml'] }, join(root, 'content'));
    expect(feeds.map((f) => [f.path, f.format])).toEqual([
      ['atom.xml', 'atom'],
      ['rss.xml', 'rss'],
      ['blog/atom.xml', 'atom'],
      ['blog/rss.xml', 'rss'],
    ]);
  });

  it('Astro and Next.js: feed endpoints by file name, not pages or other routes', () => {
    const root = tree({ 'src/pages/rss.xml.ts': '', 'src/pages/about.astro': '', 'src/pages/robots.txt.ts': '', 'app/atom.xml/route.ts': '' });
    expect(endpointFeeds(root, ['src/pages', 'app']).map((f) => [f.path, f.format])).toEqual([
      ['rss.xml', 'rss'],
      ['atom.xml', 'atom'],
    ]);
  });

  it("Eleventy: a feed template's permalink from YAML or ---json front matter, its format from its text", () => {
    const root = tree({
      'src/feed.xml.njk': '---json\n{ "permalink": "feed.xml" }\n---\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>',
      'src/rss.njk': '---\npermalink: /rss/\n---\n<rss version="2.0"></rss>',
      'src/index.njk': '---\npermalink: /\n---\n<html></html>',
    });
    expect(eleventyFeeds(join(root, 'src'), '').map((f) => [f.path, f.format])).toEqual([
      ['feed.xml', 'atom'],
      ['rss/index.xml', 'rss'],
    ]);
  });
});
