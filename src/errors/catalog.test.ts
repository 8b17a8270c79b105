import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from './catalog.js';
import { errorsMarkdown } from './catalog-doc.js';
import { CasebookError, type Warning } from './casebook-error.js';
import { codeFrame, formatError, formatWarnings } from './format.js';

describe('error catalog', () => {
  it('has well-formed codes, titles and hints', () => {
    for (const [code, entry] of Object.entries(catalog)) {
      expect(code).toMatch(/^CB[1-4]\d{3}$/);
      expect(entry.title.length).toBeGreaterThan(5);
      expect(entry.hint).toMatch(/\.$/);
    }
  });

  it('is documented: docs/errors.md matches the catalog (run `npm run docs:errors`)', () => {
    expect(readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')).toBe(errorsMarkdown());
  });

  it('formats an error with location, code frame and hint', () => {
    const source = 'one\ntwo\n\tthree bad\nfour\nfive';
    const text = formatError(new CasebookError('CB1012', 'Bad date.', { file: '/s/content/a.md', line: 3, column: 8, source }), { cwd: '/s' });
    expect(text).toBe(
      [
        'error CB1012: Invalid date',
        '  --> content/a.md:3:8',
        '  Bad date.',
        '  1 | one',
        '  2 | two',
        '> 3 |   three bad',
        '    |         ^',
        '  4 | four',
        `  hint: ${catalog.CB1012.hint}`,
      ].join('\n'),
    );
    expect(codeFrame('a', 1)).toBe('> 1 | a');
  });

  it('groups warnings by code with counts', () => {
    const w = Array.from({ length: 5 }, (_, i) => ({ code: 'CB1101' as const, message: `m${i}`, location: { file: `/f${i}.md` } }));
    const text = formatWarnings(w);
    expect(text.split('\n')[0]).toBe('warning CB1101: Title taken from the file name (5)');
    expect(text).toContain('… and 2 more (--verbose lists them all)');
    expect(formatWarnings(w, { verbose: true })).toContain('/f4.md: m4');
  });

  it('prints a warning whose code is not in the catalog (read back from a tampered cache) instead of failing', () => {
    for (const code of ['CB9999', '__proto__', 'constructor']) {
      expect(formatWarnings([{ code, message: 'odd' } as unknown as Warning])).toBe(`warning ${code}: Warning (1)\n  - odd`);
    }
  });
});
