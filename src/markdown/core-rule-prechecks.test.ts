import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { mayNeedReplacements, precheckCoreRules } from './core-rule-prechecks.js';

const SAMPLES = [
  'Copyright (c) 2024, (C) and (tm) (TM) (r) (R) in (parentheses) only.',
  'Plus-minus +- two.. three... four???? five!!!! six,, seven -- eight --- nine ---- ten',
  'Nothing to replace in this sentence, only words and a trade-off.',
  '- a list item (c)\n- another -- item\n\n| a | b |\n|---|---|\n| (tm) | x.. |\n',
  'Windows line ends\r\nsecond line\r\n\r\nA new paragraph (r)\rold Mac end\r',
  'A NUL \0 character and (c)\0 again',
  '`code (c) -- stays` but (c) outside -- does not',
  '[a link (c)](https://example.com/--..) and **bold -- text**',
  '"Quotes" and \'single\' ones -- with ellipsis...',
  '',
];

describe('precheckCoreRules', () => {
  it('renders exactly what markdown-it renders without it', () => {
    for (const typographer of [true, false]) {
      const plain = new MarkdownIt({ html: true, linkify: true, typographer });
      const checked = new MarkdownIt({ html: true, linkify: true, typographer });
      precheckCoreRules(checked);
      for (const text of [...SAMPLES, SAMPLES.join('\n\n'), SAMPLES.join('\r\n')]) {
        expect(checked.render(text), JSON.stringify(text)).toBe(plain.render(text));
      }
    }
  });

  it('lets the typographer see every paragraph that can change', () => {
    for (const text of ['(c)', '(TM)', 'a +- b', 'x.. y', 'a -- b', 'w???? x!!!!', 'a,, b']) expect(mayNeedReplacements(text), text).toBe(true);
    expect(mayNeedReplacements('Plain prose with a trade-off, one dot. And more.')).toBe(false);
  });
});
