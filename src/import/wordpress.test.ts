import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/build-error.js';
import { elementLines } from './xml.js';
import { readWordPress } from './wordpress.js';

const FILE = new URL('../../test/fixtures/import/wordpress.xml', import.meta.url).pathname;
const TEXT = readFileSync(FILE, 'utf8');

describe('readWordPress', () => {
  const source = readWordPress(TEXT, FILE);
  const byTitle = (t: string) => source.items.find((i) => i.title === t)!;

  it('reads the site and keeps posts and pages, never attachments, revisions or menu items', () => {
    expect(source.site).toEqual({
      title: 'Field Notes & Fixes',
      description: 'Notes from a platform team',
      baseUrl: 'https://fieldnotes.example.com',
      lang: 'en-US',
      author: 'Dana Reyes',
    });
    expect(source.items.map((i) => `${i.kind}:${i.slug}`)).toEqual([
      'post:zero-downtime-migrations',
      'post:what-the-lock-queue-taught-us',
      'post:on-call-room',
      'post:why-result-t-e-beats-exceptions-draft',
      'post:salary-bands',
      'page:about',
      'post:about',
      'page:uses',
    ]);
    expect(source.skipped).toEqual({ attachments: 3, 'menu items': 1, revisions: 1, '"portfolio" items': 1 });
  });

  it('writes dates in the offset the blog used, drafts included', () => {
    const post = byTitle('Zero-downtime migrations on PostgreSQL');
    expect(post.date).toBe('2021-03-02T09:30:00+01:00');
    expect(post.updated).toBe('2021-06-15T18:05:00+02:00');
    // No GMT date on drafts: the offset most posts were written in applies.
    expect(byTitle('Why Result<T, E> beats exceptions (draft)').date).toBe('2024-02-05T11:00:00+01:00');
    // Edited the same day: no "updated".
    expect(byTitle('What the lock queue taught us').updated).toBeUndefined();
  });

  it('marks drafts, pending and private posts as drafts, with a warning for private ones', () => {
    expect(source.items.filter((i) => i.draft).map((i) => i.slug)).toEqual(['why-result-t-e-beats-exceptions-draft', 'salary-bands', 'uses']);
    expect(source.warnings.map((w) => w.code).sort()).toEqual(['CB3120', 'CB3122', 'CB3123']);
    const priv = source.warnings.find((w) => w.code === 'CB3122')!;
    expect(priv.location?.line).toBe(TEXT.split('\n').findIndex((l) => l.includes('<title><![CDATA[Salary bands')));
  });

  it('takes tags, categories without "Uncategorized", excerpt, featured image with its alt text', () => {
    const post = byTitle('Zero-downtime migrations on PostgreSQL');
    expect(post.tags).toEqual(['PostgreSQL', 'migrations']);
    expect(post.categories).toEqual(['Databases']);
    expect(byTitle('Gallery: the new on-call room').categories).toEqual([]);
    expect(post.description).toBe('Expand, migrate, contract — and the lock that bit us.');
    expect(post.image).toBe('https://fieldnotes.example.com/wp-content/uploads/2021/03/pgbouncer-diagram.png');
    expect(post.imageAlt).toBe('Application servers connect to PgBouncer, which pools connections to the primary');
  });

  it('keeps the permalink and earlier slugs as old URLs, and ?p= links only for rewriting', () => {
    const post = byTitle('Zero-downtime migrations on PostgreSQL');
    expect(post.oldUrls).toEqual([
      'https://fieldnotes.example.com/2021/03/zero-downtime-migrations/',
      'https://fieldnotes.example.com/2021/03/renaming-columns-safely/',
    ]);
    expect(post.linkUrls).toContain('https://fieldnotes.example.com/?p=42');
    expect(byTitle('Why Result<T, E> beats exceptions (draft)').oldUrls).toEqual([]);
  });

  it('says when posts only had query-string addresses, which no static redirect can serve', () => {
    const plain = readWordPress(
      '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://p.test</link><item><title>A</title><link>https://p.test/?p=1</link><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_name>a</wp:post_name></item></channel></rss>',
      FILE,
    );
    expect(plain.items[0]!.oldUrls).toEqual([]);
    expect(plain.notes).toEqual([expect.stringContaining('1 published item has a query-string address (?p=123')]);
  });

  it('fails on malformed XML at the line and column', () => {
    const broken = TEXT.replace('<wp:post_id>42</wp:post_id>', '<wp:post_id>42</wp:postid>');
    const e = thrown(() => readWordPress(broken, FILE));
    expect(e.code).toBe('CB3101');
    expect(e.location?.line).toBe(broken.split('\n').findIndex((l) => l.includes('</wp:postid>')) + 1);
    expect(e.location?.column).toBeGreaterThan(1);
  });

  it('refuses a plain RSS feed and other XML', () => {
    expect(
      thrown(() => readWordPress('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</title></item></channel></rss>', FILE)).code,
    ).toBe('CB3103');
    expect(thrown(() => readWordPress('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', FILE)).code).toBe('CB3103');
  });
});

describe('elementLines', () => {
  it('finds opening tags by line, skipping CDATA and comments that contain the same text', () => {
    const xml = '<a>\n<item>\n<![CDATA[\n<item>\n]]>\n</item>\n<!-- <item> -->\n<item x="1">\n<items>\n';
    expect(elementLines(xml, 'item')).toEqual([2, 8]);
  });
});
