import { describe, expect, it, vi } from 'vitest';
import { GRAMMAR_OF } from './grammar-index.js';
import { everyGrammar, SAMPLE } from '../../test/helpers/grammars.js';

describe('grammars loaded one at a time, each name alone', () => {
  it('every language name and alias highlights exactly as with every grammar loaded, each in a fresh process state', async () => {
    const full = everyGrammar();
    const names = Object.keys(GRAMMAR_OF);
    expect(names.length).toBeGreaterThan(300);
    const differing: string[] = [];
    for (const name of names) {
      vi.resetModules();
      // Only this language's grammar (and what it embeds) is loaded in this module instance.
      const { highlightCode } = await import('./highlight.js');
      const got = highlightCode(SAMPLE, name);
      const want = full.highlight(SAMPLE, { language: name, ignoreIllegals: true }).value;
      if (!got.known || got.html !== want) differing.push(name);
    }
    expect(differing).toEqual([]);
  }, 120_000);
});
