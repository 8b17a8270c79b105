import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePostSource } from '../content/index.js';
import type { Warning } from '../errors/index.js';
import { writeFrontMatter } from './front-matter-writer.js';

function readBack(text: string) {
  const warnings: Warning[] = [];
  return parsePostSource({ file: '/site/content/writing/x.md', rel: 'writing/x.md' }, text, { timezone: 'UTC' }, warnings);
}

describe('writeFrontMatter', () => {
  it('writes lists inline, leaves out empty values and never folds long lines', () => {
    const text = writeFrontMatter([
      ['title', 'A title: with a colon'],
      ['description', 'x'.repeat(200)],
      ['date', '2021-03-02T09:30:00+01:00'],
      ['draft', true],
      ['tags', ['C#', 'a, b']],
      ['categories', []],
      ['image', undefined],
      ['aliases', ['/2021/03/x/']],
    ]);
    expect(text).toBe(
      `---\ntitle: "A title: with a colon"\ndescription: ${'x'.repeat(200)}\ndate: 2021-03-02T09:30:00+01:00\ndraft: true\ntags: [C#, "a, b"]\naliases: [/2021/03/x/]\n---\n`,
    );
    const post = readBack(`${text}\nBody`);
    expect(post).toMatchObject({ title: 'A title: with a colon', draft: true, tags: ['C#', 'a, b'], aliases: ['/2021/03/x/'] });
    expect(post.date).toMatchObject({ year: 2021, month: 3, day: 2, hour: 9, minute: 30, offset: 60 });
  });

  it("round-trips any title, description and tags through Casebook's strict front matter reader", () => {
    const text = fc
      .string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
      .filter((s) => s.trim().length > 0 && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ud800-\udfff]/.test(s));
    fc.assert(
      fc.property(text, text, fc.array(text, { maxLength: 4 }), (title, description, tags) => {
        const post = readBack(
          `${writeFrontMatter([
            ['title', title],
            ['description', description],
            ['tags', tags],
          ])}\nBody`,
        );
        expect(post.title).toBe(title);
        expect(post.description).toBe(description.trim() || undefined);
        // Casebook drops tags that differ only in case.
        const seen = new Set<string>();
        expect(post.tags).toEqual(tags.filter((t) => !seen.has(t.toLowerCase()) && !!seen.add(t.toLowerCase())));
      }),
      { numRuns: 300 },
    );
  });
});
