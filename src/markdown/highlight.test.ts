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

  it('an HTTP message highlights as with every grammar loaded, with a body or headers alone', async () => {
    vi.resetModules();
    const { highlightCode } = await import('./highlight.js');
    const full = everyGrammar();
    const messages = [
      'POST /v1/payments HTTP/1.1\nIdempotency-Key: 5f0c\nContent-Type: application/json\n',
      'POST /v1/payments\nIdempotency-Key: 5f0c\n',
      'HTTP/1.1 409 Conflict\nContent-Type: application/json\n\n{"error": "in_flight"}\n',
      'GET / HTTP/1.1\nHost: example.com\n\n<p>x</p>',
      'GET / HTTP/1.1\r\nHost: example.com\r\n\r\nkey: value\r\n',
    ];
    for (const code of messages) {
      for (const name of ['http', 'https']) {
        expect(highlightCode(code, name).html, code).toBe(full.highlight(code, { language: name, ignoreIllegals: true }).value);
      }
    }
  });

  it('a name no grammar answers is plain, escaped code', async () => {
    vi.resetModules();
    const { highlightCode } = await import('./highlight.js');
    expect(highlightCode('<b>', 'no-such-language')).toEqual({ html: '&lt;b&gt;', known: false });
    expect(highlightCode('<b>', 'constructor')).toEqual({ html: '&lt;b&gt;', known: false });
  });
});
