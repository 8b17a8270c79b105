import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatLengths, LINE_LIMIT, lengthReport, longFunctions, measureSource, measureTree } from '../scripts/long-functions.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(repo, 'src');

/** A function of `n` lines: the signature, n - 2 statements, the closing brace. */
const fn = (head: string, n: number, close = '}') => `${head}\n${Array.from({ length: n - 2 }, (_, i) => `  x += ${i};`).join('\n')}\n${close}`;

describe('function lengths', () => {
  it('no function in src/pipeline or src/emit is over 80 lines (issue 16)', () => {
    const measured = [...measureTree(join(srcDir, 'pipeline'), srcDir), ...measureTree(join(srcDir, 'emit'), srcDir)];
    // The parser really read the build: emitSite and renderPosts are among what it measured.
    expect(measured.map((f) => f.name)).toEqual(expect.arrayContaining(['emitSite', 'renderPosts', 'drawDiagrams', 'buildClaimed']));
    expect(formatLengths(lengthReport(srcDir))).toBe('');
  });

  it('counts every kind of function from its first line to its last, comments above it aside', () => {
    const text = [
      '/** A comment above is not the function. */',
      fn('export function long(): void {', 81),
      fn('const arrow = () => {', 5, '};'),
      fn('class Box {\n  method() {', 4, '  }\n}'),
      fn('items.map((i) => {', 3, '});'),
    ].join('\n');
    const found = measureSource(text, 'x.ts');
    expect(found.map((f) => [f.name, f.line, f.lines])).toEqual([
      ['long', 2, 81],
      ['arrow', 83, 5],
      ['Box.method', 89, 4],
      ['(arrow)', 94, 3],
    ]);
  });

  it('names a callback after the function it stands in, and counts it inside that function too', () => {
    const inner = fn('  return items.map((i) => {', 85, '  });');
    const found = measureSource(`function outer(items: number[]) {\n${inner}\n}`, 'y.ts');
    expect(found.map((f) => [f.name, f.lines])).toEqual([
      ['outer', 87],
      ['(arrow in outer)', 85],
    ]);
  });

  it('lists the functions over the limit, longest first, in the build code or in all of src/', () => {
    const text = [fn('function a() {', LINE_LIMIT + 1), fn('function b() {', LINE_LIMIT), fn('function c() {', LINE_LIMIT + 5)].join('\n');
    expect(longFunctions(measureSource(text, 'z.ts')).map((f) => [f.name, f.lines])).toEqual([
      ['c', LINE_LIMIT + 5],
      ['a', LINE_LIMIT + 1],
    ]);
    // The whole of src/ with `all` (the script's --all), the build and emit code alone without it.
    const all = lengthReport(srcDir, { all: true, limit: 60 });
    expect(all.some((f) => !/^(pipeline|emit)\//.test(f.file))).toBe(true);
    expect(lengthReport(srcDir, { limit: 60 }).every((f) => /^(pipeline|emit)\//.test(f.file))).toBe(true);
    expect(formatLengths(all.slice(0, 1))).toMatch(/^ +\d+ {2}[a-z-]+\/[\w/.-]+\.ts:\d+ {2}\S+/);
  });
});
