/**
 * Front matter as most posts write it — one `key: value` per line, values that are plain or
 * quoted text, `true`/`false`, small integers or a `[a, b]` list of words — read without the
 * YAML library, which spent most of the parse phase building a document (node ranges, comments,
 * error positions) for a dozen lines. Anything else, and anything this reader is not sure it
 * reads exactly as the library does (a comment, an escape, a nested value, a duplicated key, a
 * number that is not a plain integer), answers `undefined` and the library reads it.
 * simple-yaml.test.ts holds the two to the same answers.
 */

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
/** Characters a value may hold: printable, no tab, no character YAML treats as a break or BOM. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const DOUBLE_QUOTED = /^"([^"\\]*)"$/;
const SINGLE_QUOTED = /^'([^']*)'$/;
/** A plain scalar in block context that is text: starts with a letter or digit, no comment, no `key: value` inside. */
const PLAIN = /^[\p{L}\p{N}][^#]*$/u;
/** A word of a flow list: text that no YAML rule reads as anything but that text. */
const FLOW_WORD = /^\p{L}[\p{L}\p{N} ._/+-]*$/u;
const BOOLEAN: Record<string, boolean> = { true: true, True: true, TRUE: true, false: false, False: false, FALSE: false };
const NULL_WORDS = new Set(['null', 'Null', 'NULL']);
const SMALL_INT = /^(?:0|[1-9][0-9]{0,14})$/;
/** What YAML 1.2's core schema reads as a number; all but SMALL_INT go to the library. */
const NUMBERISH = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$/;

/** The front matter's fields, or undefined when the YAML library must read it. */
export function parseSimpleYaml(raw: string): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const line of raw.split('\n')) {
    if (/^ *$/.test(line)) continue;
    const m = KEY_LINE.exec(line);
    if (!m) return undefined;
    const key = m[1]!;
    const text = m[2]?.replace(/ +$/, '');
    // A key YAML reads as a boolean or null, or one that would set the object's prototype, goes to the library.
    if (!text || seen.has(key) || key === '__proto__' || Object.hasOwn(BOOLEAN, key) || NULL_WORDS.has(key) || UNSAFE.test(text)) return undefined;
    const value = scalarOrList(text);
    if (value === undefined) return undefined;
    seen.add(key);
    data[key] = value;
  }
  return data;
}

function scalarOrList(text: string): unknown {
  const first = text[0];
  if (first === '"') return DOUBLE_QUOTED.exec(text)?.[1];
  if (first === "'") return SINGLE_QUOTED.exec(text)?.[1];
  if (first === '[') {
    if (!text.endsWith(']')) return undefined;
    const inner = text.slice(1, -1);
    if (/^ *$/.test(inner)) return [];
    const items: string[] = [];
    for (const part of inner.split(',')) {
      const item = flowItem(part.replace(/^ +| +$/g, ''));
      if (item === undefined) return undefined;
      items.push(item);
    }
    return items;
  }
  if (!PLAIN.test(text) || text.includes(': ') || text.endsWith(':')) return undefined;
  if (Object.hasOwn(BOOLEAN, text)) return BOOLEAN[text];
  if (NULL_WORDS.has(text)) return undefined;
  if (SMALL_INT.test(text)) return Number(text);
  if (NUMBERISH.test(text)) return undefined;
  return text;
}

function flowItem(item: string): string | undefined {
  const quoted = DOUBLE_QUOTED.exec(item) ?? SINGLE_QUOTED.exec(item);
  if (quoted) return quoted[1]!.includes(',') ? undefined : quoted[1];
  if (!FLOW_WORD.test(item) || Object.hasOwn(BOOLEAN, item) || NULL_WORDS.has(item)) return undefined;
  return item;
}
