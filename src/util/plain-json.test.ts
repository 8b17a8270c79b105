import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { plainJson } from './plain-json.js';

describe('plainJson', () => {
  it('reads JSON as the YAML parser reads it', () => {
    const text = JSON.stringify({
      basics: { name: 'Zoë "Z" \\ Example', summary: 'Line\nbreak\ttab \u2028 \ud83d\ude80', url: 'https://example.com/a?b=c' },
      work: [{ name: 'Acme', highlights: ['a', 'b'], n: -1.5e3, none: null, yes: true }, []],
      empty: {},
    });
    expect(plainJson(text)).toEqual(parseDocument(text).toJS());
    expect(plainJson(JSON.stringify(JSON.parse(text), null, 2))).toEqual(JSON.parse(text));
  });

  it('leaves to the YAML parser what is not JSON, or names a key twice in one object', () => {
    expect(plainJson('basics:\n  name: A\n')).toBeUndefined();
    expect(plainJson('{"a": 1,}')).toBeUndefined();
    expect(plainJson('{"a": 1, "b": {"c": 2}, "a": 3}')).toBeUndefined();
    expect(plainJson('{"a": {"c": 1, "c": 2}}')).toBeUndefined();
    // The same key written with an escape.
    expect(plainJson('{"ab": 1, "\\u0061b": 2}')).toBeUndefined();
    expect(parseDocument('{"a": 1, "a": 2}', { uniqueKeys: true }).errors).not.toHaveLength(0);
    // Nested deeper than any profile: the YAML parser decides, as it did before this fast path.
    expect(plainJson(`{"a": ${'['.repeat(64)}${']'.repeat(64)}}`)).toBeUndefined();
    expect(plainJson(`{"a": ${'['.repeat(63)}${']'.repeat(63)}}`)).toEqual(JSON.parse(`{"a": ${'['.repeat(63)}${']'.repeat(63)}}`));
  });

  it('does not take values, array items or keys of other objects for duplicate keys', () => {
    expect(plainJson('{"a": "a", "b": ["a", "a", {"a": 1}], "c": {"a": 2}, "d": [{"a": 1}, {"a": 2}]}')).toEqual({
      a: 'a',
      b: ['a', 'a', { a: 1 }],
      c: { a: 2 },
      d: [{ a: 1 }, { a: 2 }],
    });
    expect(plainJson('{"k\\"ey": 1, "k\\\\": {"x": ",{"}, "z": "}"}')).toEqual({ 'k"ey': 1, 'k\\': { x: ',{' }, z: '}' });
    expect(plainJson('[1, "x", {"y": [2, {"y": 3}]}]')).toEqual([1, 'x', { y: [2, { y: 3 }] }]);
  });
});
