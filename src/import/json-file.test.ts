import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from './json-file.js';

describe('jsonSyntaxError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const ok of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '"s"', '0']) {
      expect(JSON.parse(ok)).toBeDefined();
      expect(jsonSyntaxError(ok)).toBeUndefined();
    }
  });

  it.each([
    ['{"a": }', 6, 'Unexpected "}": expected a value'],
    ['{"a": 1,}', 8, 'Trailing comma before "}"'],
    ['[1 2]', 3, 'Expected "," or "]", found "2"'],
    ["{'a': 1}", 1, 'Expected a "quoted" key, found "\'"'],
    ['{"a": "line\nbreak"}', 11, 'Unescaped control character (a raw line break?) in a string'],
    ['{"a": "open', 11, 'Unterminated string'],
    ['{"a": 1} x', 9, 'Unexpected "x" after the end of the JSON value'],
    ['{"a": tru}', 6, 'Unexpected "t"'],
  ])('%j fails at offset %i', (text, offset, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonSyntaxError(text)).toEqual({ offset, message });
  });
});
