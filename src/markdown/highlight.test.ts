import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { grammarIndex, grammarIndexSource } from '../../scripts/grammar-index.js';
import { GRAMMAR_OF } from './grammar-index.js';
import { everyGrammar, SAMPLE } from '../../test/helpers/grammars.js';

describe('grammars loaded one at a time', () => {
  it('the grammar index matches the installed highlight.js (regenerate with npx tsx scripts/grammar-index.ts)', () => {
    // test:fast shares one module cache between test files: an earlier file may have added
    // Casebook's grammars to highlight.js's shared core (highlight.ts does when it loads them all).
    const require = createRequire(import.meta.url);
    for (const key of Object.keys(require.cache)) if (key.includes('/node_modules/highlight.js/')) delete require.cache[key];
    expect(readFileSync(new URL('./grammar-index.ts', import.meta.url), 'utf8')).toBe(grammarIndexSource(grammarIndex()));
  });

  it('a language used after others still highlights as with every grammar loaded', async () => {
    vi.resetModules();
    const { highlightCode } = await import('./highlight.js');
    const full = everyGrammar();
    // Alphabetical and reverse order: aliases two grammars declare stay with the same one.
    for (const name of [...Object.keys(GRAMMAR_OF)].reverse()) {
      expect(highlightCode(SAMPLE, name).html, name).toBe(full.highlight(SAMPLE, { language: name, ignoreIllegals: true }).value);
    }
  }, 120_000);

  it('an HTTP message without a body highlights as with every grammar, without loading them', async () => {
    // Earlier tests (and files, in test:fast) loaded every grammar: forget them to see what loads.
    const require = createRequire(import.meta.url);
    for (const key of Object.keys(require.cache)) if (key.includes('/node_modules/highlight.js/')) delete require.cache[key];
    vi.resetModules();
    const { highlightCode } = await import('./highlight.js');
    const headers = 'POST /v1/payments HTTP/1.1\nIdempotency-Key: 5f0c2f1e\nContent-Type: application/json';
    const html = ['http', 'https'].map((name) => highlightCode(headers, name).html);
    expect(Object.keys(require.cache).filter((k) => k.includes('/highlight.js/lib/languages/'))).toEqual([expect.stringMatching(/\/http\.js$/)]);
    const full = everyGrammar();
    expect(html).toEqual(['http', 'https'].map((name) => full.highlight(headers, { language: name, ignoreIllegals: true }).value));
    // With a body after the blank line the guess among every grammar is still made.
    const message = `${headers}\n\n{"amount": 100, "currency": "EUR"}`;
    expect(highlightCode(message, 'http').html).toBe(full.highlight(message, { language: 'http', ignoreIllegals: true }).value);
  });

  it('a name no grammar answers is plain, escaped code', async () => {
    vi.resetModules();
    const { highlightCode } = await import('./highlight.js');
    expect(highlightCode('<b>', 'no-such-language')).toEqual({ html: '&lt;b&gt;', known: false });
    expect(highlightCode('<b>', 'constructor')).toEqual({ html: '&lt;b&gt;', known: false });
  });
});
