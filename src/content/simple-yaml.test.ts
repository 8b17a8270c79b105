import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from './simple-yaml.js';

/** What the YAML library makes of the text, read as front-matter.ts reads it. */
function library(raw: string): unknown {
  const doc = parseDocument(raw, { uniqueKeys: false, prettyErrors: false, strict: false });
  if (doc.errors.length) return 'error';
  return doc.toJS({ maxAliasCount: 100 }) ?? {};
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Values authors write and values that look alike but are not text, or not the same text, to YAML.
const VALUES = [
  'Plain title',
  "Don't panic",
  'He said "hi"',
  'a: b',
  'a:b',
  'ends with colon:',
  'x # comment',
  'C#',
  'C# and F#',
  '"double quoted"',
  '"with \\"escape\\""',
  '"a # b"',
  "'single quoted'",
  "'it''s'",
  '"unclosed',
  "'unclosed",
  '"quoted" trailing',
  'true',
  'True',
  'TRUE',
  'false',
  'yes',
  'no',
  'on',
  'null',
  'Null',
  '~',
  '0',
  '7',
  '007',
  '2024',
  '-1',
  '+1',
  '1.5',
  '1e3',
  '.5',
  '.inf',
  '-.inf',
  '.nan',
  '0x1F',
  '0o17',
  '0b101',
  '123456789012345',
  '1234567890123456789',
  '2015-01-01',
  '2015-01-01T10:00:00Z',
  '2015-01-01 10:00',
  '10:30',
  '1:20:30',
  '1,000',
  '[]',
  '[ ]',
  '[go, rust]',
  '[Go, Rust Lang, c++, node.js, a/b]',
  '[go, ]',
  '[go,, rust]',
  '[true, go]',
  '[null]',
  '[1, 2]',
  '[Optimization & Migration Wins]',
  '[a &b]',
  '[& a]',
  '[a&b, c]',
  '/2022/06/latency-budgets/',
  '/a: b',
  '//x',
  '0.42',
  '95.50',
  '00.5',
  '1.',
  '3.14159265358979323846',
  '[go, 2]',
  '["a, b", c]',
  '["quoted", \'single\']',
  '["a]b", c]',
  '[a: b]',
  '[a:b]',
  '[[nested]]',
  '[{a: b}]',
  '[go',
  'go]',
  '{a: b}',
  '- item',
  '&anchor value',
  '*alias',
  '!tag value',
  '|',
  '>',
  '%directive',
  '@at',
  '`tick`',
  'a [b] {c}',
  'a, b, c',
  'café au lait',
  'Ünïcödé',
  '日本語のタイトル',
  '٣ arabic digit',
  'tab\there',
  'nbsp\u00a0here',
  'line\u2028sep',
  'nel\u0085x',
  'bom\ufeffx',
  'trailing spaces   ',
  'a  double  spaced  value',
  'https://example.com/a?b=c#frag',
  'https://example.com/a',
  'mailto:x@example.com',
  '<b>html</b>',
  '&amp;',
  '{{ template }}',
  '<!-- x -->',
];
const KEYS = [
  'title',
  'date',
  'tags',
  'draft',
  'description',
  'slug',
  'image_alt',
  'series-part',
  'true',
  'null',
  'Null',
  '__proto__',
  'constructor',
  'toString',
  '1',
  'ключ',
  'a b',
];

describe('simple front matter reader', () => {
  it('reads each value as the YAML library does, or leaves it to the library', () => {
    let read = 0;
    for (const key of KEYS) {
      for (const value of VALUES) {
        for (const raw of [`${key}: ${value}`, `${key}:  ${value}  `, `${key}:${value}`, `  ${key}: ${value}`, `${key}: ${value}\n\n`]) {
          const simple = parseSimpleYaml(raw);
          if (simple === undefined) continue;
          read++;
          expect(simple, JSON.stringify(raw)).toEqual(library(raw));
          expect(Object.getPrototypeOf(simple), JSON.stringify(raw)).toBe(Object.prototype);
        }
      }
    }
    // It does read the common forms (otherwise the test above would prove nothing).
    expect(read).toBeGreaterThan(400);
  });

  it('reads whole generated front matter as the YAML library does, or leaves it to the library', () => {
    const r = prng(7);
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
    let read = 0;
    for (let n = 0; n < 3000; n++) {
      const lines = Array.from({ length: 1 + Math.floor(r() * 8) }, () =>
        r() < 0.1 ? pick(['', '   ', '# a comment', '  indented: x', '- item', '---']) : `${pick(KEYS)}: ${pick(VALUES)}`,
      );
      const raw = lines.join('\n');
      const simple = parseSimpleYaml(raw);
      if (simple === undefined) continue;
      read++;
      expect(simple, JSON.stringify(raw)).toEqual(library(raw));
    }
    expect(read).toBeGreaterThan(100);
  });

  it('leaves duplicated keys, comments, empty values and continued or folded text to the library (which reports or reads them)', () => {
    expect(parseSimpleYaml('title: A\ntitle: B')).toBeUndefined();
    expect(parseSimpleYaml('author:\n  name: A\n  name: B')).toBeUndefined();
    expect(parseSimpleYaml('title: A # note')).toBeUndefined();
    expect(parseSimpleYaml('# note\ntitle: A')).toBeUndefined();
    expect(parseSimpleYaml('tags:\n  - go\n  # note')).toBeUndefined();
    expect(parseSimpleYaml('description: >\n  folded')).toBeUndefined();
    expect(parseSimpleYaml('description: a long\n  line')).toBeUndefined();
    expect(parseSimpleYaml('tags:\n  - a long\n    item')).toBeUndefined();
    expect(parseSimpleYaml('tags:\ntitle: A')).toBeUndefined();
    expect(parseSimpleYaml('tags:\n  -\n  - go')).toBeUndefined();
    expect(parseSimpleYaml('tags:\n\t- go')).toBeUndefined();
    expect(parseSimpleYaml('author:\n    name: A\n  email: b')).toBeUndefined();
  });

  it('separates only with spaces, as YAML does, leaves deep nesting to the library, and reads long runs of spaces in linear time', () => {
    for (const raw of ['tags:\n- \u00a0foo', 'a:\n- \u3000b: 1', 'a:\n  - [ \u00a0x, y]', 'title:\u00a0x']) {
      const simple = parseSimpleYaml(raw);
      if (simple !== undefined) expect(simple, JSON.stringify(raw)).toEqual(library(raw));
    }
    const deep = Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + `\n${'  '.repeat(200)}- x`;
    expect(parseSimpleYaml(deep)).toBeUndefined();
    // Within this test's time limit: a trailing-space pattern took 18 s on the first of these.
    const spaces = ' '.repeat(200_000);
    expect(parseSimpleYaml(`# note${spaces}x`)).toBeUndefined();
    expect(parseSimpleYaml(`title: a${spaces}b`)).toEqual({ title: `a${spaces}b` });
    expect(parseSimpleYaml(`tags: [a${spaces}b, c]`)).toEqual({ tags: [`a${spaces}b`, 'c'] });
    expect(parseSimpleYaml(`tags:\n  -${spaces}x${spaces}`)).toEqual({ tags: ['x'] });
  });

  it('reads block lists and maps, nested, as the YAML library does', () => {
    const cases = [
      'tags:\n  - go\n  - "rust lang"\n  - 7',
      'tags:\n- go\n- rust\ntitle: A',
      'author:\n  name: A\n  links:\n    - /about/\n    - https://example.com/a',
      'outcomes:\n  - metric: "p99"\n    before: 340\n    after: 95.5\n    better: lower\n  - metric: errors\n    before: 0.42\n    after: 0.09',
      'decisions:\n  - decision: "Trace first"\n    alternatives:\n      - "Profile"\n      - Buy an APM\n    why: Because.\n  - decision: Hedge\n    alternatives:\n    - a\n    - b',
      'a:\n  b:\n    c:\n      - d: 1\n        e: [x, y & z]',
      'aliases:\n  -   /2022/06/old/\n  - /x/',
    ];
    for (const raw of cases) {
      const simple = parseSimpleYaml(raw);
      expect(simple, raw).toBeDefined();
      expect(simple, raw).toEqual(library(raw));
    }
  });

  it('reads generated nested front matter as the YAML library does, or leaves it to the library', () => {
    const r = prng(Number(process.env.SIMPLE_YAML_SEED ?? 11));
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
    const pad = (n: number) => ' '.repeat(Math.max(0, n));
    // Mostly values and keys this reader takes, so that whole nested documents get through; the
    // rest of the time any of them.
    const common = ['Plain title', '"double quoted"', "'single quoted'", '7', '0.42', 'true', '[go, rust]', '/x/', 'café au lait'];
    const value = () => (r() < 0.7 ? pick(common) : pick(VALUES));
    const key = () => (r() < 0.8 ? pick(KEYS.slice(0, 8)) + Math.floor(r() * 3) : pick(KEYS));
    // A block at `indent`, with a chance of a wrong indent, a stray line or an empty value anywhere.
    const block = (indent: number, depth: number): string[] => {
      const out: string[] = [];
      const list = depth > 0 && r() < 0.4;
      for (let n = 0; n < 1 + Math.floor(r() * 4); n++) {
        const at = r() < 0.05 ? indent + pick([-1, 1, 2]) : indent;
        if (r() < 0.04) out.push(pick(['', '# c', `${pad(at)}- `, `${pad(at)}-`, `${pad(at + 2)}more`, '---', `${pad(at)}key:`]));
        if (list) {
          if (depth < 3 && r() < 0.35) {
            const inner = block(at + 2, depth + 1).filter((l) => l.trim());
            if (inner.length && !inner[0]!.trimStart().startsWith('-')) {
              out.push(`${pad(at)}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
              continue;
            }
          }
          out.push(`${pad(at)}- ${value()}`);
        } else if (depth < 3 && r() < 0.3) {
          out.push(`${pad(at)}${key()}:`, ...block(at + pick([0, 2, 4]), depth + 1));
        } else out.push(`${pad(at)}${key()}: ${value()}`);
      }
      return out;
    };
    let read = 0;
    let nested = 0;
    for (let n = 0; n < Number(process.env.SIMPLE_YAML_DOCS ?? 5000); n++) {
      const raw = block(0, 0).join('\n');
      const simple = parseSimpleYaml(raw);
      if (simple === undefined) continue;
      read++;
      if (/\n +/.test(raw)) nested++;
      expect(simple, JSON.stringify(raw)).toEqual(library(raw));
    }
    expect(read).toBeGreaterThan(1000);
    expect(nested).toBeGreaterThan(200);
  });

  it('reads the front matter of a typical post', () => {
    const raw =
      'title: "Queues in Postgres"\ndate: 2024-03-01\ndescription: Notes on SKIP LOCKED.\ncategories: [Engineering]\ntags: [postgres, queues]\ndraft: false';
    expect(parseSimpleYaml(raw)).toEqual({
      title: 'Queues in Postgres',
      date: '2024-03-01',
      description: 'Notes on SKIP LOCKED.',
      categories: ['Engineering'],
      tags: ['postgres', 'queues'],
      draft: false,
    });
    expect(parseSimpleYaml('')).toEqual({});
  });
});
