import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Warning } from '../errors/index.js';
import { CasebookError } from '../errors/index.js';
import { parsePostSource, readSourceText } from './read-post.js';

function post(source: string, rel = 'writing/2024-05-06-a-post.md', tz = 'UTC') {
  const warnings: Warning[] = [];
  const p = parsePostSource({ file: `/site/content/${rel}`, rel }, source, { timezone: tz }, warnings);
  return { p, warnings };
}

function fail(source: string, rel?: string): CasebookError {
  try {
    post(source, rel);
  } catch (e) {
    if (e instanceof CasebookError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('front matter formats', () => {
  it('reads YAML, TOML and JSON to the same post', () => {
    const yaml = post('---\ntitle: Hi\ndate: 2024-01-02\ntags: [a, b]\n---\nBody\n').p;
    const toml = post('+++\ntitle = "Hi"\ndate = 2024-01-02\ntags = ["a", "b"]\n+++\nBody\n').p;
    const json = post('{\n "title": "Hi",\n "date": "2024-01-02",\n "tags": ["a", "b"]\n}\nBody\n').p;
    for (const p of [yaml, toml, json]) {
      expect(p.title).toBe('Hi');
      expect(p.tags).toEqual(['a', 'b']);
      expect(p.date?.day).toBe(2);
      expect(p.body.trim()).toBe('Body');
    }
    expect(yaml.bodyLine).toBe(6);
    expect(json.bodyLine).toBe(6);
  });

  it('maps aliases from other tools onto canonical fields', () => {
    const { p } = post(
      '---\ntitle: T\npubDate: 2024-01-02\nlastmod: 2024-02-03\nsummary: S\ncanonicalURL: https://a.dev/x\nheroImage: https://a.dev/i.png\ncategory: Ops\n---\n',
    );
    expect(p.date?.month).toBe(1);
    expect(p.updated?.month).toBe(2);
    expect(p.description).toBe('S');
    expect(p.canonical).toBe('https://a.dev/x');
    expect(p.image).toBe('https://a.dev/i.png');
    expect(p.categories).toEqual(['Ops']);
    expect(post('---\ntitle: T\npublished: false\n---\n').p.draft).toBe(true);
    expect(post('---\ntitle: T\npublished: 2023-07-08\n---\n').p.date?.day).toBe(8);
  });

  it('derives the slug and date from the file name and folder bundles', () => {
    const { p } = post('---\ntitle: T\n---\n');
    expect(p.slug).toBe('a-post');
    expect(p.date?.year).toBe(2024);
    const bundle = post('---\ntitle: T\n---\n', 'writing/my-bundle/index.md').p;
    expect(bundle.slug).toBe('my-bundle');
    expect(bundle.bundle).toBe(true);
    expect(post('---\ntitle: T\n---\n', 'case-studies/x.md').p.kind).toBe('case-study');
  });

  it('falls back to the first heading, then the file name with a warning', () => {
    const h = post('# From Heading\n\nText.\n', 'writing/x.md');
    expect(h.p.title).toBe('From Heading');
    expect(h.p.body).not.toContain('From Heading');
    expect(h.warnings).toEqual([]);
    const f = post('Just text.\n', 'writing/some_file-name.md');
    expect(f.p.title).toBe('Some file name');
    expect(f.warnings[0]!.code).toBe('CB1101');
  });

  it('warns on duplicated YAML keys and keeps the last', () => {
    const { p, warnings } = post('---\ntitle: One\ntitle: Two\n---\n');
    expect(p.title).toBe('Two');
    expect(warnings[0]).toMatchObject({ code: 'CB1103', location: { line: 3 } });
  });

  it('names the line of every repeated key, in time linear in the front matter (thousands of them took minutes)', () => {
    const repeats = Array.from({ length: 20_000 }, (_, i) => `tags: [t${i}]\n# ${i}\n`).join('');
    const { p, warnings } = post(`---\ntitle: One\n${repeats}---\n`);
    expect(p.tags).toEqual(['t19999']);
    expect(warnings.filter((w) => w.code === 'CB1103').map((w) => w.location?.line)).toEqual(Array.from({ length: 19_999 }, (_, i) => 5 + 2 * i));
  });
});

describe('front matter errors', () => {
  it('points at the line and column of each problem', () => {
    expect(fail('---\ntitle: T\ndate: 2024-02-30\n---\n')).toMatchObject({ code: 'CB1012', location: { line: 3, column: 1 } });
    expect(fail('---\ntitle: T\ndate: soon\n---\n').message).toContain('"soon" is not a date');
    expect(fail('---\ntitle: T\n  bad: [\n---\n').code).toBe('CB1001');
    expect(fail('+++\ntitle = \n+++\n')).toMatchObject({ code: 'CB1002', location: { line: 2 } });
    expect(fail('{\n "title": "T",,\n}\n')).toMatchObject({ code: 'CB1003', location: { line: 2 } });
    expect(fail('---\n- a\n- b\n---\n').code).toBe('CB1005');
    expect(fail('---\ntitle: T\npubDate: 2024-01-01\ndate: 2024-01-02\n---\n')).toMatchObject({ code: 'CB1013', location: { line: 4 } });
    expect(fail('---\ntitle: T\nslug: a/b\n---\n')).toMatchObject({ code: 'CB1021', location: { line: 3 } });
  });

  it('points an unclosed quote at its opening quote, not at the end of the front matter', () => {
    const double = fail('---\ntitle: "Hello\ndate: 2024-01-01\ntags: [a]\ndescription: x\n---\nBody\n');
    expect(double).toMatchObject({ code: 'CB1001', location: { line: 2, column: 8 } });
    expect(double.message).toContain('never closed');
    expect(fail("---\ndate: 2024-01-01\ntitle: 'It''s open\ntags: [a]\n---\n")).toMatchObject({ code: 'CB1001', location: { line: 3, column: 8 } });
    expect(fail('---\ntitle: T\ntags: [a, "b\ndate: 2024-01-01\n---\n')).toMatchObject({ code: 'CB1001', location: { line: 3, column: 11 } });
  });

  it('points an unclosed list or map at its opening bracket and names the closing one', () => {
    const list = fail('---\ntitle: T\ntags: [go, rust\ndate: 2024-01-01\n---\nBody\n');
    expect(list).toMatchObject({ code: 'CB1001', location: { line: 3, column: 7 } });
    expect(list.message).toBe('The [ opened here is never closed: end the value with ].');
    const map = fail('---\ntitle: T\nauthor: {name: A\ndate: 2024-01-01\n---\n');
    expect(map).toMatchObject({ code: 'CB1001', location: { line: 3, column: 9 } });
    expect(map.message).toBe('The { opened here is never closed: end the value with }.');
    // A closed list inside the unclosed one is not the culprit.
    expect(fail('---\ntags: [go, [a, b]\ntitle: T\n---\n')).toMatchObject({ code: 'CB1001', location: { line: 2, column: 7 } });
    // A list closed on a line at the margin is closed: YAML's complaint is the indentation, at that line.
    const wrapped = fail('---\ntitle: T\ntags: [go, rust,\npython]\ndate: 2024-01-01\n---\nBody\n');
    expect(wrapped).toMatchObject({ code: 'CB1001', location: { line: 4, column: 1 } });
    expect(wrapped.message).not.toContain('never closed');
    // Brackets in quotes and comments do not close it, nor one in a later key's value.
    expect(fail('---\ntags: [go, "]" # ]\ntitle: T\n---\n')).toMatchObject({ code: 'CB1001', location: { line: 2, column: 7 } });
    for (const later of ['aliases:\n  - "]"', 'x: &a "]"', 'description: |\n  see ]', 'url: http://x/#]']) {
      expect(fail(`---\ntags: [go, rust\n${later}\n---\n`), later).toMatchObject({ code: 'CB1001', location: { line: 2, column: 7 } });
    }
    // Nesting that runs the YAML library out of stack is said in words, not as the RangeError.
    expect(fail(`---\ntitle: T\ntags: ${'['.repeat(5000)}\n---\n`).message).toContain('nests lists or maps too deeply');
    // A map wrapped onto a line at the margin, closed there, is YAML's indentation complaint.
    expect(fail('---\nauthor: {name: A,\nemail: b@x.y}\ntitle: T\n---\n').message).not.toContain('never closed');
  });

  it('writes zod issues as sentences naming the key as written', () => {
    const e = fail('---\ntitle: T\nfeatured: "yes"\n---\n');
    expect(e.code).toBe('CB1011');
    expect(e.message).toBe('`featured` must be true or false, but it is the text "yes".');
    const alias = fail('---\ntitle: T\nexcerpt: [1, 2]\n---\n');
    expect(alias.message).toContain('`excerpt`');
    expect(alias.location?.line).toBe(3);
    const nested = fail('---\ntitle: T\noutcomes:\n  - { metric: p99, before: 1, after: "x", better: lower }\n---\n');
    expect(nested.message).toContain('`outcomes[1].after` must be a number');
  });
});

describe('readSourceText', () => {
  it('reads a file whole, whatever its size, and an empty one as empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'casebook-read-'));
    try {
      // A multi-byte character on each side of every 4 KB and 64 KB boundary.
      const big = `---\ntitle: Big\n---\n${'Grüße — ünïcödé 🚀 '.repeat(20_000)}\n`;
      for (const [name, text] of [
        ['empty.md', ''],
        ['small.md', '---\ntitle: Small\n---\nHi ✓\n'],
        ['big.md', big],
      ] as const) {
        const file = join(dir, name);
        writeFileSync(file, text);
        expect(readSourceText({ file, within: undefined })).toBe(text);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
