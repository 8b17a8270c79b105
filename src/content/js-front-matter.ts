import type { Warning } from '../errors/index.js';

/**
 * Eleventy's JavaScript front matter (`---js`), read for what a blog puts there: declarations of
 * literal values (`const title = "…"`, `const draft = true`, `const tags = ["a", "b"]`). The code is
 * never run; a statement that is not such a declaration is named in a warning (CB1523), so a
 * computed value is not lost silently.
 */
export function readJsFrontMatter(raw: string, file: string, firstLine: number, warnings: Warning[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const skipped: string[] = [];
  raw.split('\n').forEach((text, i) => {
    const line = text.trim();
    if (line === '' || line.startsWith('//')) return;
    const m = /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(.+?)\s*;?$/.exec(line);
    const value = m ? literal(m[2]!) : NOT_LITERAL;
    if (m && value !== NOT_LITERAL) data[m[1]!] = value;
    else skipped.push(`line ${firstLine + i}`);
  });
  if (skipped.length) {
    warnings.push({
      code: 'CB1523',
      message: `JavaScript front matter: ${skipped.length} statement${skipped.length === 1 ? '' : 's'} (${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}) ${skipped.length === 1 ? 'is' : 'are'} not a declaration of a literal value and ${skipped.length === 1 ? 'was' : 'were'} not read.`,
      location: { file, line: Number(skipped[0]!.slice(5)) },
    });
  }
  return data;
}

const NOT_LITERAL = Symbol('not a literal');

/** A JavaScript literal: string (any quote, no interpolation), number, boolean, null, or an array/object of those written as JSON. */
function literal(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const quote = text[0];
  if ((quote === '"' || quote === "'" || quote === '`') && text.endsWith(quote!) && text.length >= 2) {
    const body = text.slice(1, -1);
    if (quote === '`' && body.includes('${')) return NOT_LITERAL;
    if (new RegExp(`(^|[^\\\\])${quote === '`' ? '`' : quote}`).test(body)) return NOT_LITERAL;
    return body.replace(/\\(["'`\\])/g, '$1').replace(/\\n/g, '\n');
  }
  if (text.startsWith('[') || text.startsWith('{')) {
    try {
      return JSON.parse(text.replace(/'([^'\\]*)'/g, '"$1"'));
    } catch {
      return NOT_LITERAL;
    }
  }
  return NOT_LITERAL;
}

/**
 * The object a JavaScript data file exports (`export default { … }`, `module.exports = { … }`),
 * read for its literal values: strings, numbers, booleans and arrays or objects of those (quotes of
 * any kind, unquoted keys, trailing commas). Nothing is run; an entry whose value is code (a
 * function, a computed value) is left out and named in `skipped`. Undefined when the file exports
 * no object literal.
 */
export function readJsDataObject(source: string): { data: Record<string, unknown>; skipped: string[] } | undefined {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:"'`])\/\/.*$/gm, '$1');
  const start = /(?:export\s+default|module\.exports\s*=)\s*\{/.exec(text);
  if (!start) return undefined;
  const open = start.index + start[0].length - 1;
  const close = matching(text, open);
  if (close < 0) return undefined;
  const data: Record<string, unknown> = {};
  const skipped: string[] = [];
  for (const entry of splitTopLevel(text.slice(open + 1, close))) {
    const m = /^\s*(?:(["'`])([^"'`]+)\1|([A-Za-z_$][\w$]*))\s*:\s*([\s\S]+?)\s*$/.exec(entry);
    if (!m) {
      if (entry.trim()) skipped.push(entry.trim().split(/[\s:(]/)[0]!);
      continue;
    }
    const key = m[2] ?? m[3]!;
    const value = literal(asJson(m[4]!));
    if (value === NOT_LITERAL) skipped.push(key);
    else data[key] = value;
  }
  return { data, skipped };
}

/** Index of the brace or bracket closing the one at `open`, outside strings; -1 when there is none. */
function matching(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const j = text.indexOf(c, i + 1);
      if (j < 0) return -1;
      i = j;
    } else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The entries of an object literal's body, split at its own commas. */
function splitTopLevel(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const j = body.indexOf(c, i + 1);
      if (j < 0) break;
      i = j;
    } else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(body.slice(from, i));
      from = i + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

/** A JavaScript array or object literal as JSON: keys quoted, trailing commas dropped. Scalars are left as they are. */
function asJson(value: string): string {
  const v = value.trim();
  if (!v.startsWith('[') && !v.startsWith('{')) return v;
  return v
    .replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":')
    .replace(/,\s*([\]}])/g, '$1')
    .replace(/`([^`\\$]*)`/g, '"$1"');
}
