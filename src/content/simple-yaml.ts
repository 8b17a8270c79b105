/**
 * Front matter as most posts write it — `key: value` lines, values that are plain or quoted text,
 * `true`/`false`, small integers, decimals or a `[a, b]` list of words, and under a `key:` a
 * block list (`- item` lines) or map of such values, nested in any of these ways — read without
 * the YAML library, which spent most of the parse phase building a document (node ranges,
 * comments, error positions) for a dozen lines, and whose first documents of a run took some
 * 10 ms each while its code was cold (a case study's lists: the demo's five such posts cost
 * `casebook dev` 54 ms before its first page). Anything else, and anything this reader is not
 * sure it reads exactly as the library does (a comment, an escape, an empty value, a scalar
 * continued on the next line, a duplicated key, a number that is neither a plain integer nor a
 * plain decimal, a tab), answers `undefined` and the library reads it. simple-yaml.test.ts holds
 * the two to the same answers.
 */

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
/** Characters a line may hold: printable, no tab, no character YAML treats as a break or BOM. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const DOUBLE_QUOTED = /^"([^"\\]*)"$/;
const SINGLE_QUOTED = /^'([^']*)'$/;
/** A plain scalar in block context that is text: starts with a letter, a digit or `/`, no comment, no `key: value` inside. */
const PLAIN = /^[\p{L}\p{N}/][^#]*$/u;
/** A word of a flow list: text that no YAML rule reads as anything but that text. */
const FLOW_WORD = /^\p{L}[\p{L}\p{N} ._/+&-]*$/u;
const BOOLEAN: Record<string, boolean> = { true: true, True: true, TRUE: true, false: false, False: false, FALSE: false };
const NULL_WORDS = new Set(['null', 'Null', 'NULL']);
const SMALL_INT = /^(?:0|[1-9][0-9]{0,14})$/;
/** A decimal YAML 1.2's core schema and Number() read alike (both parse the same literal). */
const PLAIN_DECIMAL = /^(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
/** What YAML 1.2's core schema reads as a number; all but SMALL_INT and PLAIN_DECIMAL go to the library. */
const NUMBERISH = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$/;

interface Line {
  indent: number;
  /** The line without its indentation and trailing spaces. */
  text: string;
}

/** Thrown (and caught below) where the library must read the front matter. */
const NOT_SIMPLE = Symbol('not simple');

/** The front matter's fields, or undefined when the YAML library must read it. */
export function parseSimpleYaml(raw: string): Record<string, unknown> | undefined {
  const lines: Line[] = [];
  for (const line of raw.split('\n')) {
    if (/^ *$/.test(line)) continue;
    if (UNSAFE.test(line)) return undefined;
    const indent = spacesFrom(line, 0);
    lines.push({ indent, text: line.slice(indent, spacesBefore(line, line.length)) });
  }
  if (lines.length && lines[0]!.indent !== 0) return undefined;
  const reader = new BlockReader(lines);
  try {
    const data = reader.mapping(0);
    return reader.at === lines.length ? data : undefined;
  } catch (e) {
    if (e === NOT_SIMPLE) return undefined;
    throw e;
  }
}

/**
 * Deeper blocks go to the library, which reports some thousand levels as too deep to read
 * (CB1001): this reader must not take what the library refuses, nor run out of stack itself.
 */
const MAX_DEPTH = 64;

class BlockReader {
  at = 0;
  private depth = 0;
  constructor(private readonly lines: Line[]) {}

  /** `key: value` lines at `indent`, each value a scalar or the block under it. */
  mapping(indent: number): Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) throw NOT_SIMPLE;
    const data: Record<string, unknown> = {};
    const seen = new Set<string>();
    while (this.at < this.lines.length && this.lines[this.at]!.indent === indent) {
      const m = KEY_LINE.exec(this.lines[this.at]!.text);
      if (!m) throw NOT_SIMPLE;
      const key = m[1]!;
      // A key YAML reads as a boolean or null, or one that would set the object's prototype, goes to the library.
      if (seen.has(key) || key === '__proto__' || Object.hasOwn(BOOLEAN, key) || NULL_WORDS.has(key)) throw NOT_SIMPLE;
      seen.add(key);
      this.at++;
      data[key] = m[2] ? scalar(m[2]) : this.blockUnder(indent);
      this.noDeeperThan(indent);
    }
    this.depth--;
    return data;
  }

  /** `- item` lines at `indent`: each a scalar, or a map whose first key follows the dash. */
  sequence(indent: number): unknown[] {
    if (++this.depth > MAX_DEPTH) throw NOT_SIMPLE;
    const items: unknown[] = [];
    for (let line = this.lines[this.at]; line && line.indent === indent && line.text.startsWith('- '); line = this.lines[this.at]) {
      // Spaces only: YAML separates with them, not with other white space (U+00A0, U+3000).
      const content = line.text.slice(spacesFrom(line.text, 1));
      if (KEY_LINE.test(content)) {
        // `- key: value`: a map whose keys stand where this one does.
        const column = indent + line.text.length - content.length;
        this.lines[this.at] = { indent: column, text: content };
        items.push(this.mapping(column));
      } else {
        this.at++;
        items.push(scalar(content));
      }
      this.noDeeperThan(indent);
    }
    this.depth--;
    return items;
  }

  /** The list or map under a `key:` at `indent` (a list may stand at the key's own indent). */
  private blockUnder(indent: number): unknown {
    const next = this.lines[this.at];
    if (!next || next.indent < indent) throw NOT_SIMPLE; // An empty value: null, for the library.
    const isItem = next.text.startsWith('- ');
    if (next.indent === indent) {
      if (!isItem) throw NOT_SIMPLE;
      return this.sequence(indent);
    }
    return isItem ? this.sequence(next.indent) : this.mapping(next.indent);
  }

  /** After an entry ends, a deeper line belongs to nothing this reader knows (a continued scalar, a stray indent). */
  private noDeeperThan(indent: number): void {
    const next = this.lines[this.at];
    if (next && next.indent > indent) throw NOT_SIMPLE;
  }
}

// Loops, not / +$/: a regular expression anchored at the end tries every run of spaces in the
// line, and a line of 100,000 spaces with a mark at its end took 18 s.
/** Where the spaces starting at `from` end. */
function spacesFrom(text: string, from: number): number {
  let at = from;
  while (at < text.length && text.charCodeAt(at) === 32) at++;
  return at;
}

/** Where the spaces ending at `end` start. */
function spacesBefore(text: string, end: number): number {
  let at = end;
  while (at > 0 && text.charCodeAt(at - 1) === 32) at--;
  return at;
}

function scalar(text: string): unknown {
  const value = scalarOrList(text);
  if (value === undefined) throw NOT_SIMPLE;
  return value;
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
      const item = flowItem(part.slice(spacesFrom(part, 0), spacesBefore(part, part.length)));
      if (item === undefined) return undefined;
      items.push(item);
    }
    return items;
  }
  if (!PLAIN.test(text) || text.includes(': ') || text.endsWith(':')) return undefined;
  if (Object.hasOwn(BOOLEAN, text)) return BOOLEAN[text];
  if (NULL_WORDS.has(text)) return undefined;
  if (SMALL_INT.test(text) || PLAIN_DECIMAL.test(text)) return Number(text);
  if (NUMBERISH.test(text)) return undefined;
  return text;
}

function flowItem(item: string): string | undefined {
  const quoted = DOUBLE_QUOTED.exec(item) ?? SINGLE_QUOTED.exec(item);
  if (quoted) return quoted[1]!.includes(',') ? undefined : quoted[1];
  if (!FLOW_WORD.test(item) || Object.hasOwn(BOOLEAN, item) || NULL_WORDS.has(item)) return undefined;
  return item;
}
