import MarkdownIt from 'markdown-it';
import attrs from 'markdown-it-attrs';
import { describe, expect, it } from 'vitest';
import { mayNeedReplacements, precheckAttributeLists, precheckCoreRules } from './core-rule-prechecks.js';

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

/** Bodies for the attribute lists: every pattern of markdown-it-attrs, and bodies without a brace (tables too). */
const ATTRIBUTE_SAMPLES = [
  '# Title {#top .lead}\n\nText *em*{.x} and `code`{.y} and [link](/a){target=_blank}.',
  '```js {.numbered data-line=2}\nconst a = {b: 1};\n```\n',
  '| A | B |\n| -- | -- |\n| 1 {colspan=2} |\n| 2 | 3 {rowspan=2} |\n| 4 | 5 |\n',
  '| A | B | C |\n| -- | -- | -- |\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |\n',
  '--- {#rule}\n\n***\n',
  '- item one\n- item two\n{.list}\n\n1. a\n{.b}\n2. c\n',
  'A paragraph\n{.para}\n\nAnother one {data-x="1"}',
  '- a\n  {.inner}\n\n  b\n{.outer}',
  'No braces at all: *em*, **strong**, `code`, [link](/x), ![img](/i.png "t")\n\n> quote\n\n    indented {.not}\n',
  '```\nfunction f() { return {a: 1}; }\n```\n\nPlain text after code.',
  '',
];

describe('precheckAttributeLists', () => {
  it('renders exactly what markdown-it-attrs renders without it', () => {
    const options = { leftDelimiter: '{', rightDelimiter: '}', allowedAttributes: [] as string[] };
    const plain = new MarkdownIt({ html: true }).use(attrs, options);
    const checked = new MarkdownIt({ html: true }).use(attrs, options);
    precheckAttributeLists(checked, '{');
    for (const text of [...ATTRIBUTE_SAMPLES, ATTRIBUTE_SAMPLES.join('\n\n')]) {
      expect(checked.render(text), JSON.stringify(text)).toBe(plain.render(text));
    }
  });

  it('skips the rule for a body without the delimiter in its text or fence info, and runs it otherwise', () => {
    const md = new MarkdownIt().use(attrs, { allowedAttributes: [] });
    let runs = 0;
    const rules = (md.core.ruler as unknown as { __rules__: { name: string; fn: (s: unknown) => void }[] }).__rules__;
    const rule = rules.find((r) => r.name === 'curly_attributes')!;
    const original = rule.fn;
    rule.fn = (state) => {
      runs++;
      original(state);
    };
    precheckAttributeLists(md, '{');
    md.render('Plain *text*.\n\n```go\nfunc f() {}\n```\n');
    expect(runs).toBe(0);
    md.render('Text *em*{.x}.');
    md.render('```go {.x}\nf()\n```\n');
    expect(runs).toBe(2);
  });
});
