import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { firstExisting, isFile, stripJsComments } from './config-file.js';

/** What an App Router layout's `export const metadata` says about the site, read as text (no code runs). */
export interface LayoutMetadata {
  title?: string;
  baseUrl?: string;
  description?: string;
}

const LAYOUTS = [
  'app/layout.tsx',
  'app/layout.jsx',
  'app/layout.ts',
  'app/layout.js',
  'src/app/layout.tsx',
  'src/app/layout.jsx',
  'src/app/layout.ts',
  'src/app/layout.js',
];
const SCRIPT_EXTS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '/index.ts', '/index.tsx', '/index.js'];

/**
 * `export const metadata = { title: …, metadataBase: new URL("https://…") }` in the root layout:
 * the title (a string, or `{ default: "x", template: "%s | x" }`), the base URL and the description.
 * A value that is a constant is followed to a string literal in the layout or in a file it imports
 * by a relative path; anything else (a call, a member of an object) is left to the other sources.
 */
export function layoutMetadata(root: string): LayoutMetadata {
  const rel = firstExisting(root, LAYOUTS);
  if (!rel) return {};
  const file = join(root, rel);
  const source = stripJsComments(readFileSync(file, 'utf8'));
  const start = /export\s+const\s+metadata\s*(?::\s*[\w.]+\s*)?=\s*\{/.exec(source);
  if (!start) return {};
  const fields = topLevelFields(source, start.index + start[0].length);
  const value = (text: string | undefined) => (text === undefined ? undefined : resolveString(text, source, file));
  const out: LayoutMetadata = {};
  const titleText = fields.title;
  const title = titleText?.trimStart().startsWith('{') ? value(topLevelFields(titleText, titleText.indexOf('{') + 1).default) : value(titleText);
  if (title) out.title = title;
  const base = /^new\s+URL\s*\(([^)]*)\)$/.exec(fields.metadataBase?.trim() ?? '');
  const url = base ? value(base[1]!) : undefined;
  if (url && /^https?:\/\//i.test(url)) out.baseUrl = url;
  const description = value(fields.description);
  if (description) out.description = description;
  return out;
}

/** The fields of an object literal whose body starts at `from`, by name, as source text (nested objects whole). */
function topLevelFields(source: string, from: number): Record<string, string> {
  const out: Record<string, string> = {};
  let depth = 0;
  let key: string | undefined;
  let valueStart = -1;
  let segment = from;
  for (let i = from; i < source.length; i++) {
    const c = source[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(source, i);
      continue;
    }
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      if (depth === 0) {
        if (key !== undefined) out[key] = source.slice(valueStart, i).trim();
        return out;
      }
      depth--;
    } else if (depth === 0 && c === ':' && key === undefined) {
      key = source
        .slice(segment, i)
        .trim()
        .replace(/^["']|["']$/g, '');
      valueStart = i + 1;
    } else if (depth === 0 && c === ',') {
      if (key !== undefined) out[key] = source.slice(valueStart, i).trim();
      key = undefined;
      segment = i + 1;
    }
  }
  return out;
}

/** Index of the quote closing the string that opens at `start`. */
function stringEnd(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i;
  }
  return source.length;
}

/** A string literal as written, or a constant set to one in this file or exported by a file it imports. */
function resolveString(text: string, source: string, file: string, hops = 0): string | undefined {
  const t = text.trim().replace(/\s+as\s+const$/, '');
  const literal = /^(["'`])((?:\\.|(?!\1)[^\\$])*)\1$/.exec(t);
  if (literal) return literal[2]!.replace(/\\(.)/g, '$1');
  if (!/^[A-Za-z_$][\w$]*$/.test(t) || hops > 1) return undefined;
  const local = new RegExp(
    `(?:^|\\n)\\s*(?:export\\s+)?const\\s+${t.replace(/\$/g, '\\$')}\\s*(?::\\s*string\\s*)?=\\s*(["'\`][^\\n]*?)\\s*;?\\s*(?:\\n|$)`,
  ).exec(source);
  if (local) return resolveString(local[1]!, source, file, hops + 1);
  const imported = /import\s*\{([^}]*)\}\s*from\s*["'](\.{1,2}\/[^"']+)["']/g;
  for (const m of source.matchAll(imported)) {
    const names = m[1]!.split(',').map((n) => n.trim().split(/\s+as\s+/));
    const hit = names.find((n) => (n[1] ?? n[0]) === t);
    if (!hit) continue;
    const target = SCRIPT_EXTS.map((ext) => join(dirname(file), m[2]! + ext)).find((p) => isFile(p));
    if (!target) return undefined;
    return resolveString(hit[0]!, stripJsComments(readFileSync(target, 'utf8')), target, hops + 1);
  }
  return undefined;
}
