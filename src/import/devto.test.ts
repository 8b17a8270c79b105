import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CasebookError } from '../errors/index.js';
import { convertLiquidTags, readDevto } from './devto.js';

const FILE = new URL('../../test/fixtures/import/devto.json', import.meta.url).pathname;
const TEXT = readFileSync(FILE, 'utf8');

describe('readDevto', () => {
  const source = readDevto(TEXT, FILE);
  const bySlug = (s: string) => source.items.find((i) => i.slug === s)!;

  it("reads articles with the title's slug (no random suffix), tags, series, cover and drafts", () => {
    expect(source.items.map((i) => `${i.slug}:${i.draft ? 'draft' : 'public'}`)).toEqual([
      'typed-errors-in-typescript-with-result:public',
      'async-results-in-typescript:public',
      'draft-effect-systems:draft',
    ]);
    const first = bySlug('typed-errors-in-typescript-with-result');
    expect(first).toMatchObject({
      title: 'Typed errors in TypeScript with Result',
      date: '2023-10-04T14:20:11+00:00',
      tags: ['typescript', 'errors', 'webdev', 'programming'],
      image: 'https://dev-to-uploads.s3.amazonaws.com/uploads/articles/result-cover.png',
      series: 'Error handling',
    });
    expect(bySlug('async-results-in-typescript').tags).toEqual(['typescript', 'async']);
    expect(bySlug('async-results-in-typescript').updated).toBe('2023-12-15T10:00:00+00:00');
  });

  it("redirects from a canonical URL on the author's own domain, never from dev.to", () => {
    expect(bySlug('typed-errors-in-typescript-with-result').oldUrls).toEqual(['https://marta.example.dev/blog/typed-errors/']);
    expect(bySlug('async-results-in-typescript').oldUrls).toEqual([]);
  });

  it('strips the front matter dev.to keeps in the body, and reports unknown Liquid tags', () => {
    const body = (bySlug('typed-errors-in-typescript-with-result').body as { markdown: string }).markdown;
    expect(body.startsWith('Exceptions are invisible')).toBe(true);
    expect(source.warnings).toEqual([expect.objectContaining({ code: 'CB3120', message: expect.stringContaining('{% poll %}') })]);
  });

  it('refuses JSON that is not a list of articles', () => {
    expect(() => readDevto('{"posts": []}', FILE)).toThrow(CasebookError);
    expect(() => readDevto('[{"title": "x"}]', FILE)).toThrow(/body_markdown/);
  });
});

describe('convertLiquidTags', () => {
  it('turns embeds into links, details into <details>, and keeps code as written', () => {
    const removed = new Set<string>();
    const out = convertLiquidTags(
      [
        '{% embed https://x.test/a %}',
        '{% github owner/repo %} and {% twitter 1234567890 %}',
        '{% details Why? %}',
        'Because.',
        '{% enddetails %}',
        'Inline `{% raw %}` stays.',
        '```liquid',
        '{% raw %}{{ page.title }}{% endraw %} {% if x %}',
        '```',
        '{% unknowntag 3 %}',
      ].join('\n'),
      removed,
    );
    expect(out).toBe(
      [
        '<https://x.test/a>',
        '<https://github.com/owner/repo> and <https://twitter.com/i/status/1234567890>',
        '',
        '<details>',
        '<summary>Why?</summary>',
        '',
        'Because.',
        '',
        '</details>',
        '',
        'Inline `{% raw %}` stays.',
        '```liquid',
        '{{ page.title }} {% if x %}',
        '```',
        '',
      ].join('\n'),
    );
    expect([...removed]).toEqual(['unknowntag']);
  });
});
