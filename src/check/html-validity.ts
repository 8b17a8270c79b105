import { HtmlValidate } from 'html-validate';
import type { Finding } from './finding.js';

/**
 * html-validate's recommended rules, less the ones that judge style rather than validity or that
 * Casebook breaks on purpose: lowercase <!doctype html> (valid HTML), boolean attributes written
 * as checked="" (from markdown-it plugins), role="list" on styled lists (restores list semantics
 * that Safari drops when list-style is none), title length (the author's words), and ids that
 * start with a digit (valid HTML5; headings like "1. Setup" produce them).
 */
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'doctype-style': 'off',
    'attribute-boolean-style': 'off',
    'no-redundant-role': 'off',
    'long-title': 'off',
    'valid-id': ['error', { relaxed: true }],
  },
});

export async function checkHtmlValidity(file: string, html: string): Promise<Finding[]> {
  const report = await validator.validateString(html, file);
  const out: Finding[] = [];
  for (const result of report.results) {
    for (const m of result.messages) {
      out.push({ severity: m.severity === 2 ? 'error' : 'warning', rule: `html/${m.ruleId}`, file, line: m.line, column: m.column, message: m.message });
    }
  }
  return out;
}
