import { decodeHtmlEntities } from '../util/escape.js';

export interface Tag {
  name: string;
  attrs: Map<string, string>;
  /** Offset of `<` in the original text. */
  offset: number;
}

const COMMENT = /<!--[\s\S]*?-->/g;
const RAW_TEXT = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Blanks comments and script/style bodies with spaces, keeping every offset and line in place. */
function blank(html: string, re: RegExp): string {
  return html.replace(re, (m) => m.replace(/[^\n]/g, ' '));
}

/**
 * Start tags with their attributes and positions. Casebook's own output is well-formed; for
 * authors' raw HTML this is tolerant rather than exact, which is what a link checker needs.
 */
export function scanTags(html: string): Tag[] {
  const text = blank(blank(html, COMMENT), RAW_TEXT);
  const tags: Tag[] = [];
  for (const m of text.matchAll(TAG)) {
    const attrs = new Map<string, string>();
    for (const a of m[2]!.matchAll(ATTR)) attrs.set(a[1]!.toLowerCase(), decodeHtmlEntities(a[2] ?? a[3] ?? a[4] ?? ''));
    tags.push({ name: m[1]!.toLowerCase(), attrs, offset: m.index! });
  }
  // Script/style start tags were blanked with their bodies; the src of <script> still matters.
  for (const m of html.matchAll(/<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi)) {
    const attrs = new Map<string, string>();
    for (const a of m[1]!.matchAll(ATTR)) attrs.set(a[1]!.toLowerCase(), decodeHtmlEntities(a[2] ?? a[3] ?? a[4] ?? ''));
    tags.push({ name: 'script', attrs, offset: m.index! });
  }
  return tags.sort((a, b) => a.offset - b.offset);
}

/** 1-based line and column of an offset; built lazily once per file. */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** Text of the first <title>, for duplicate checks. */
export function titleOf(html: string): string | undefined {
  const m = /<title>([\s\S]*?)<\/title>/i.exec(html);
  return m ? decodeHtmlEntities(m[1]!.trim()) : undefined;
}
