import { parseDocument, isMap, isScalar, type Pair } from 'yaml';
import { parse as parseToml, TomlError } from 'smol-toml';
import { CasebookError, type Warning } from '../errors/index.js';
import { jsonErrorPosition, offsetToLineColumn } from '../util/source-position.js';
import { closerOf, yamlErrorOffset } from './yaml-error-offset.js';
import { readJsFrontMatter } from './js-front-matter.js';
import { parseSimpleYaml } from './simple-yaml.js';

export type FrontMatterFormat = 'yaml' | 'toml' | 'json' | 'js' | 'none';

export interface SplitSource {
  format: FrontMatterFormat;
  data: Record<string, unknown>;
  /** The front matter text without delimiters. */
  raw: string;
  /** 1-based file line of the first front matter line (after the opening delimiter). */
  rawLine: number;
  body: string;
  /** 1-based file line where the body starts. */
  bodyLine: number;
}

/**
 * The front matter's lines (between line 0 and the first later line `delimiter` matches, which is
 * line `end`) and the body after it, as `source.split('\n')` would give them joined again, but
 * found line by line without splitting the body: splitting and joining every post's whole text
 * made 8 MB of garbage at 1,000 posts. Undefined when no line closes it.
 */
function closingSpan(source: string, delimiter: RegExp): { raw: string; body: string; end: number } | undefined {
  const rawStart = source.indexOf('\n') + 1;
  if (rawStart === 0) return undefined;
  for (let line = 1, start = rawStart; ; line++) {
    const next = source.indexOf('\n', start);
    if (delimiter.test(next < 0 ? source.slice(start) : source.slice(start, next))) {
      return { raw: source.slice(rawStart, Math.max(rawStart, start - 1)), body: next < 0 ? '' : source.slice(next + 1), end: line };
    }
    if (next < 0) return undefined;
    start = next + 1;
  }
}

function closingLine(lines: string[], delimiter: RegExp): number {
  for (let i = 1; i < lines.length; i++) if (delimiter.test(lines[i]!)) return i;
  return -1;
}

/** Index just past the `}` that closes the JSON object starting at 0, skipping braces inside strings. */
function jsonObjectEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * Splits a Markdown file into front matter data and body. `source` must already have CRLF
 * normalised to LF and any BOM removed, so line numbers match what editors show.
 */
export function splitFrontMatter(source: string, file: string, warnings: Warning[]): SplitSource {
  const firstBreak = source.indexOf('\n');
  const first = (firstBreak < 0 ? source : source.slice(0, firstBreak)).trimEnd();
  if (first === '---' || first === '+++') {
    const isYaml = first === '---';
    const span = closingSpan(source, isYaml ? /^(---|\.\.\.)\s*$/ : /^\+\+\+\s*$/);
    if (!span) {
      throw new CasebookError('CB1004', `The front matter opened on line 1 with ${first} is never closed.`, {
        file,
        line: 1,
        column: 1,
        source,
      });
    }
    const { raw, body, end } = span;
    const data = isYaml ? parseYaml(raw, file, source, warnings) : parseTomlText(raw, file, source);
    return { format: isYaml ? 'yaml' : 'toml', data, raw, rawLine: 2, body, bodyLine: end + 2 };
  }
  // Eleventy's front matter in another language: `---js` (literal declarations) and `---json`.
  if (first === '---js' || first === '---javascript' || first === '---json') {
    const lines = source.split('\n');
    const end = closingLine(lines, /^---\s*$/);
    if (end < 0) {
      throw new CasebookError('CB1004', `The front matter opened on line 1 with ${first} is never closed.`, { file, line: 1, column: 1, source });
    }
    const raw = lines.slice(1, end).join('\n');
    const body = lines.slice(end + 1).join('\n');
    if (first !== '---json') return { format: 'js', data: readJsFrontMatter(raw, file, 2, warnings), raw, rawLine: 2, body, bodyLine: end + 2 };
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      const pos = jsonErrorPosition(raw, e as Error);
      throw new CasebookError('CB1003', cleanJsonMessage((e as Error).message), { file, ...pos, line: (pos.line ?? 1) + 1, source });
    }
    return { format: 'json', data: asMap(data, file, source, 2), raw, rawLine: 2, body, bodyLine: end + 2 };
  }
  if (first?.startsWith('{')) {
    const endIdx = jsonObjectEnd(source);
    if (endIdx < 0) {
      throw new CasebookError('CB1004', 'The JSON front matter that opens on line 1 is never closed with }.', { file, line: 1, column: 1, source });
    }
    const raw = source.slice(0, endIdx);
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      const pos = jsonErrorPosition(raw, e as Error);
      throw new CasebookError('CB1003', cleanJsonMessage((e as Error).message), { file, ...pos, source });
    }
    const rest = source.slice(endIdx);
    const bodyLine = raw.split('\n').length + (rest.startsWith('\n') ? 1 : 0);
    return { format: 'json', data: asMap(data, file, source, 1), raw, rawLine: 1, body: rest.replace(/^[^\S\n]*\n/, ''), bodyLine };
  }
  return { format: 'none', data: {}, raw: '', rawLine: 1, body: source, bodyLine: 1 };
}

function cleanJsonMessage(msg: string): string {
  return msg.replace(/\s*in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
}

function asMap(data: unknown, file: string, source: string, line: number): Record<string, unknown> {
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CasebookError('CB1005', `The front matter is ${Array.isArray(data) ? 'a list' : 'a single value'}, not a set of fields.`, {
      file,
      line,
      column: 1,
      source,
    });
  }
  return data as Record<string, unknown>;
}

function parseYaml(raw: string, file: string, source: string, warnings: Warning[]): Record<string, unknown> {
  // Most front matter is flat `key: value` lines: read without building a YAML document.
  const simple = parseSimpleYaml(raw);
  if (simple) return simple;
  // uniqueKeys off: real blogs have duplicated keys; the last wins and a warning names it.
  const doc = parseDocument(raw, { uniqueKeys: false, prettyErrors: false, strict: false });
  const err = doc.errors[0];
  if (err) {
    const offset = yamlErrorOffset(raw, err);
    const pos = offsetToLineColumn(raw, offset);
    // The YAML library reports running out of stack (thousands of nested [ or {) as an error of the document.
    const message = /Maximum call stack/.test(err.message)
      ? 'The front matter nests lists or maps too deeply to read: thousands of levels of [ or {.'
      : err.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
    const unclosed = offset === err.pos[0] ? undefined : raw[offset];
    throw new CasebookError('CB1001', unclosed ? `The ${unclosed} opened here is never closed: end the value with ${closerOf(unclosed)}.` : message, {
      file,
      line: pos.line + 1,
      column: pos.column,
      source,
    });
  }
  if (isMap(doc.contents)) {
    const seen = new Set<string>();
    // Lines counted on from the last repeated key, not from the start each time: a front matter
    // of thousands of repeated keys took minutes (quadratic) to report them.
    let counted = 0;
    let lines = 0;
    const lineAt = (offset: number) => {
      for (let at = raw.indexOf('\n', counted); at !== -1 && at < offset; at = raw.indexOf('\n', at + 1)) lines++;
      counted = Math.max(counted, offset);
      return lines + 2;
    };
    for (const item of doc.contents.items as Pair[]) {
      const key = isScalar(item.key) ? String(item.key.value) : undefined;
      if (key === undefined) continue;
      if (seen.has(key)) {
        const line = item.key && isScalar(item.key) && item.key.range ? lineAt(item.key.range[0]) : undefined;
        warnings.push({ code: 'CB1103', message: `"${key}" appears more than once; the last value is used.`, location: { file, ...(line ? { line } : {}) } });
      }
      seen.add(key);
    }
  }
  return asMap(doc.toJS({ maxAliasCount: 100 }), file, source, 2);
}

function parseTomlText(raw: string, file: string, source: string): Record<string, unknown> {
  try {
    return asMap(parseToml(raw), file, source, 2);
  } catch (e) {
    if (e instanceof TomlError) {
      const message = e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      throw new CasebookError('CB1002', message, { file, line: e.line + 1, column: e.column, source });
    }
    throw e;
  }
}
