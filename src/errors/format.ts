import { catalog, isCode } from './catalog.js';
import type { CasebookError, Location, Warning } from './casebook-error.js';

export interface FormatOptions {
  color?: boolean;
  /** Paths are printed relative to this folder when given. */
  cwd?: string;
}

const paint = (on: boolean | undefined, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

function rel(file: string, cwd?: string): string {
  if (cwd && file.startsWith(cwd + '/')) return file.slice(cwd.length + 1);
  return file;
}

export function locationLabel(loc: Location, cwd?: string): string {
  let s = rel(loc.file, cwd);
  if (loc.line) s += `:${loc.line}`;
  if (loc.line && loc.column) s += `:${loc.column}`;
  return s;
}

/** Two lines of context around the line, with a caret under the column. */
export function codeFrame(source: string, line: number, column?: number, color?: boolean): string {
  const lines = source.split(/\r?\n/);
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = (lines[n - 1] ?? '').replace(/\t/g, '  ');
    const mark = n === line ? paint(color, '31', '>') : ' ';
    out.push(`${mark} ${String(n).padStart(width)} | ${text.length > 160 ? text.slice(0, 157) + '...' : text}`);
    if (n === line && column) {
      const prefix = (lines[n - 1] ?? '').slice(0, column - 1).replace(/\t/g, '  ');
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.min(prefix.length, 160))}${paint(color, '31', '^')}`);
    }
  }
  return out.join('\n');
}

export function formatError(err: CasebookError, opts: FormatOptions = {}): string {
  const parts = [`${paint(opts.color, '1;31', `error ${err.code}`)}: ${paint(opts.color, '1', err.title)}`];
  if (err.location) parts.push(`  --> ${locationLabel(err.location, opts.cwd)}`);
  parts.push(`  ${err.message}`);
  if (err.location?.source && err.location.line) {
    parts.push(codeFrame(err.location.source, err.location.line, err.location.column, opts.color));
  }
  parts.push(`  ${paint(opts.color, '36', 'hint')}: ${err.hint}`);
  return parts.join('\n');
}

/** Warnings are grouped by code so 40 posts without X make one line, not forty. */
export function formatWarnings(warnings: Warning[], opts: FormatOptions & { verbose?: boolean } = {}): string {
  const byCode = new Map<string, Warning[]>();
  for (const w of warnings) {
    const list = byCode.get(w.code) ?? [];
    list.push(w);
    byCode.set(w.code, list);
  }
  const out: string[] = [];
  for (const [code, list] of byCode) {
    // Every warning Casebook makes has a catalogued code; one that does not (a tampered cache's) still prints.
    const title = isCode(code) ? catalog[code].title : 'Warning';
    const head = `${paint(opts.color, '33', `warning ${code}`)}: ${title} (${list.length})`;
    out.push(head);
    const shown = opts.verbose ? list : list.slice(0, 3);
    for (const w of shown) out.push(`  - ${w.location ? locationLabel(w.location, opts.cwd) + ': ' : ''}${w.message}`);
    if (shown.length < list.length) out.push(`  … and ${list.length - shown.length} more (--verbose lists them all)`);
  }
  return out.join('\n');
}
