import { closeSync, openSync, readSync } from 'node:fs';
import { asRecord } from './config-file.js';

/** `2024-03-01-name` (or Zola's `2024-03-01_name`) → `name`. */
export function stripDateFromName(name: string): string {
  return name.replace(/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}[:-]\d{2}(?:[:-]\d{2})?)?[-_]/, '');
}

/** A front matter value that should be text: strings and numbers, trimmed; anything else is absent. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/**
 * Hugo's `[taxonomies] tag = "tags"` or Zola's `taxonomies = [{ name = "tags" }]` → which front
 * matter key feeds which Casebook list. Names Casebook has no list for (authors, series are kept).
 */
export function taxonomyMap(input: unknown): Record<string, 'tags' | 'categories' | 'series'> {
  const names: string[] = [];
  if (Array.isArray(input)) {
    for (const t of input) {
      const name = asRecord(t)?.name;
      if (typeof name === 'string') names.push(name);
    }
  } else if (asRecord(input)) {
    for (const v of Object.values(asRecord(input)!)) if (typeof v === 'string') names.push(v);
  }
  const out: Record<string, 'tags' | 'categories' | 'series'> = {};
  for (const name of names) {
    const n = name.toLowerCase();
    if (n === 'tags' || n === 'categories' || n === 'series') continue;
    if (/^(tag|keyword|topic|label)s?$/.test(n)) out[name] = 'tags';
    else if (/^(categor(y|ies)|section|subject)s?$/.test(n)) out[name] = 'categories';
  }
  return out;
}

/**
 * Whether a file's front matter (YAML `---` or TOML `+++`) sets a date, read from its first few
 * kilobytes without parsing: discovery decides a file's role before the file is parsed.
 */
export function frontMatterHasDate(file: string): boolean {
  let head: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      head = buf
        .subarray(0, readSync(fd, buf, 0, buf.length, 0))
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  const fence = /^(---|\+\+\+)\r?\n/.exec(head)?.[1];
  if (!fence) return false;
  const end = head.indexOf(`\n${fence}`, 3);
  const block = end < 0 ? head : head.slice(0, end);
  return /^date\s*[:=]\s*["']?\d{4}-\d{1,2}-\d{1,2}/m.test(block);
}
