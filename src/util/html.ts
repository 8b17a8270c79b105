import { escapeHtml } from './escape.js';

/**
 * Markup that is already safe. Only the `html` tag, `raw` and rendered Markdown create it, so
 * any plain string that reaches a template is escaped: forgetting to escape is not possible.
 */
const BRAND = Symbol.for('casebook.safe-html');

export class SafeHtml {
  /**
   * A registry symbol, not `instanceof`: a site's theme components are bundled with their own
   * copy of this module, and their markup must still nest into the theme's without re-escaping.
   */
  readonly [BRAND] = true;
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function isSafeHtml(value: unknown): value is SafeHtml {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true &&
    typeof (value as { value?: unknown }).value === 'string'
  );
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function serialize(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (isSafeHtml(value)) return value.value;
  if (Array.isArray(value)) return value.map(serialize).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += serialize(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Trusted markup: rendered Markdown bodies (authors are trusted) and the theme's own strings. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Attribute that appears only when the value is present; the value is escaped. */
export function attr(name: string, value: string | number | undefined | null | false): SafeHtml {
  if (value === undefined || value === null || value === false) return new SafeHtml('');
  return new SafeHtml(` ${name}="${escapeHtml(String(value))}"`);
}
