import { HtmlValidate, StaticConfigLoader, type ConfigData, type ResolvedConfig } from 'html-validate';
import type { Finding } from './finding.js';

/**
 * html-validate's recommended rules, less the ones that judge style rather than validity or that
 * Casebook breaks on purpose: lowercase <!doctype html> (valid HTML), boolean attributes written
 * as checked="" (from markdown-it plugins), role="list" on styled lists (restores list semantics
 * that Safari drops when list-style is none), title length (the author's words), and ids that
 * start with a digit (valid HTML5; headings like "1. Setup" produce them).
 */
const CONFIG: ConfigData = {
  extends: ['html-validate:recommended'],
  rules: {
    'doctype-style': 'off',
    'attribute-boolean-style': 'off',
    'no-redundant-role': 'off',
    'long-title': 'off',
    'valid-id': ['error', { relaxed: true }],
    // Inline styles and old presentational attributes come from content, not from Casebook's
    // templates (a Markdown table column's alignment is a class): the presentational styles the
    // raw-HTML policy keeps, the frameborder of a pasted YouTube embed. They are style findings
    // about the author's own markup, so warnings, never errors.
    'no-inline-style': 'warn',
    'no-deprecated-attr': 'warn',
  },
};

/**
 * The configuration resolved once for every page. html-validate's static loader resolves it again
 * for each string it validates (the recommended presets merged, the schema of every HTML element
 * checked and loaded into a new table), which was about 10 of the 12 ms a page took: 22 s for
 * 1,400 pages. Its file-system loader keeps one resolved configuration per folder the same way.
 */
class ResolvedOnce extends StaticConfigLoader {
  private resolved: ResolvedConfig | Promise<ResolvedConfig> | undefined;

  override getConfigFor(handle: string, override?: ConfigData): ResolvedConfig | Promise<ResolvedConfig> {
    if (override) return super.getConfigFor(handle, override);
    this.resolved ??= super.getConfigFor(handle);
    return this.resolved;
  }
}

const validator = new HtmlValidate(new ResolvedOnce(CONFIG));

/**
 * KaTeX positions glyphs with inline styles (strut heights, vertical offsets); they are generated
 * and required, unlike an author's. Inside each typeset formula (`<span class="katex">` to its
 * closing tag) every style attribute is blanked with spaces of the same length, so the rule
 * still judges the rest of the page and every line and column stays where it was.
 */
export function withoutMathStyles(html: string): string {
  return withoutDiagramStyles(withoutKatexStyles(html));
}

/** Drawn diagrams (Mermaid sizes its SVG with style="max-width:…") get the same treatment; figures do not nest. */
function withoutDiagramStyles(html: string): string {
  const open = '<figure class="diagram" role="img"';
  if (!html.includes(open)) return html;
  let out = '';
  let from = 0;
  for (let start = html.indexOf(open); start >= 0; start = html.indexOf(open, from)) {
    const close = html.indexOf('</figure>', start);
    const end = close < 0 ? html.length : close;
    out += html.slice(from, start) + html.slice(start, end).replace(/ style="[^"]*"/g, (a) => ' '.repeat(a.length));
    from = end;
  }
  return out + html.slice(from);
}

function withoutKatexStyles(html: string): string {
  if (!html.includes('<span class="katex">')) return html;
  let out = '';
  let from = 0;
  for (let start = html.indexOf('<span class="katex">'); start >= 0; start = html.indexOf('<span class="katex">', from)) {
    let depth = 0;
    let end = start;
    const tags = /<(\/?)span\b[^>]*>/g;
    tags.lastIndex = start;
    for (let m = tags.exec(html); m; m = tags.exec(html)) {
      depth += m[1] ? -1 : 1;
      end = m.index + m[0].length;
      if (depth === 0) break;
    }
    out += html.slice(from, start) + html.slice(start, end).replace(/ style="[^"]*"/g, (a) => ' '.repeat(a.length));
    from = end;
  }
  return out + html.slice(from);
}

export async function checkHtmlValidity(file: string, html: string): Promise<Finding[]> {
  const report = await validator.validateString(withoutMathStyles(html), file);
  const out: Finding[] = [];
  for (const result of report.results) {
    for (const m of result.messages) {
      out.push({ severity: m.severity === 2 ? 'error' : 'warning', rule: `html/${m.ruleId}`, file, line: m.line, column: m.column, message: m.message });
    }
  }
  return out;
}
