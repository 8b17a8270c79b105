// What both highlight tests compare against: a sample that wakes up many grammars, and
// highlight.js with every grammar loaded, as Casebook used it before grammars loaded lazily.
import { createRequire } from 'node:module';
import type { HLJSApi } from 'highlight.js';
import { registerLanguages } from '../../src/markdown/languages.js';

// Code that wakes up many grammars' embedded languages: markup with style and script, templates,
// an HTTP message with a JSON body, SQL, shell.
export const SAMPLE = [
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
export function everyGrammar(): HLJSApi {
  const require = createRequire(import.meta.url);
  const h = (require('highlight.js') as HLJSApi).newInstance();
  const all = require('highlight.js') as HLJSApi;
  for (const name of all.listLanguages()) h.registerLanguage(name, all.getLanguage(name)!.rawDefinition!);
  registerLanguages(h);
  return h;
}
