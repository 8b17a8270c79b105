import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CasebookError } from '../errors/index.js';

/** Text of a parsed XML element: elements with attributes arrive as `{ '#text': … }`. */
export function xmlText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return xmlText((value as Record<string, unknown>)['#text']);
  return '';
}

export function xmlAttr(value: unknown, name: string): string {
  if (value && typeof value === 'object') {
    const v = (value as Record<string, unknown>)[`@_${name}`];
    if (typeof v === 'string') return v;
  }
  return '';
}

/**
 * Parses XML, failing with CB3101 at the line and column of the first well-formedness error.
 * `arrays` names elements that are always lists, however many there are.
 */
export function parseXml(text: string, file: string, arrays: readonly string[]): Record<string, unknown> {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new CasebookError('CB3101', msg.replace(/\.$/, '') + '.', { file, line, column: col, source: text });
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    allowBooleanAttributes: true,
    isArray: (name) => arrays.includes(name),
  });
  return parser.parse(text) as Record<string, unknown>;
}

/**
 * Line of every opening `<tag>` in document order, skipping CDATA sections and comments (whose
 * text may contain the same characters), so the n-th parsed element can be pointed at.
 */
export function elementLines(text: string, tag: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let i = 0;
  const open = `<${tag}`;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
      continue;
    }
    if (c === 60 /* < */) {
      if (text.startsWith('<![CDATA[', i) || text.startsWith('<!--', i)) {
        const end = text.indexOf(text[i + 2] === '[' ? ']]>' : '-->', i);
        const stop = end < 0 ? text.length : end;
        for (let j = i; j < stop; j++) if (text.charCodeAt(j) === 10) line++;
        i = stop + 3;
        continue;
      }
      if (text.startsWith(open, i) && /[\s>/]/.test(text[i + open.length] ?? '')) lines.push(line);
    }
    i++;
  }
  return lines;
}
