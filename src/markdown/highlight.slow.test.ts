// Slow: 300+ fresh module instances, one per language name. highlight.test.ts checks every name in one.
import { createRequire } from 'node:module';
import type { HLJSApi } from 'highlight.js';
import { describe, expect, it, vi } from 'vitest';
import { GRAMMAR_OF } from './grammar-index.js';
import { registerLanguages } from './languages.js';

// Code that wakes up many grammars' embedded languages: markup with style and script, templates,
// an HTTP message with a JSON body, SQL, shell.
const SAMPLE = [
  '<!doctype html><html><style>a { color: red; } /* c */</style>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the sample is JavaScript with a template literal, as text to highlight
  '<script>const x = `a${1}`; // c\nfunction f(a) { return a * 2 }</script></html>',
  'POST /api HTTP/1.1',
  'Host: example.com',
  'Content-Type: application/json',
  '',
  '{"a": [1, true, null], "b": "c"}',
  '<?php echo "x" . $y; ?> <%= @user.name %> {{ title | upcase }} {% if a %}b{% endif %}',
  "SELECT id, name FROM users WHERE state = 'ready' -- comment",
  'def f(x):\n    return x  # py',
  'echo "$HOME" && ls -la | grep foo',
  'key: value\nlist:\n  - 1',
].join('\n');

/** highlight.js as Casebook used it before grammars loaded lazily: every grammar, then its own. */
function everyGrammar(): HLJSApi {
  const require = createRequire(import.meta.url);
  const h = (require('highlight.js') as HLJSApi).newInstance();
  const all = require('highlight.js') as HLJSApi;
  for (const name of all.listLanguages()) h.registerLanguage(name, all.getLanguage(name)!.rawDefinition!);
  registerLanguages(h);
  return h;
}

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
