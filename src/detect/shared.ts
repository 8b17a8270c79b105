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
