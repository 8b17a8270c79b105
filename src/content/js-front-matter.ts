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
