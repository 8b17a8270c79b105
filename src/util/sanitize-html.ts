import { createRequire } from 'node:module';
import type SanitizeHtml from 'sanitize-html';

const nodeRequire = createRequire(import.meta.url);

/**
 * True in the CLI bundles (scripts/compile.mjs), undeclared elsewhere. Tested where the require
 * stands: esbuild keeps a literal require (and bundles the package) only behind a condition it
 * can fold in this module.
 */
declare const CASEBOOK_BUNDLED: boolean | undefined;

let loaded: typeof SanitizeHtml | undefined;

/**
 * sanitize-html, loaded on its first call. Loading it builds an HTML parser and two copies of the
 * entity decoding tables: 9 ms of every build's start (a tenth of a 100-post clean build's
 * loading), while only posts with raw HTML and drawn diagrams use it.
 */
export function sanitizeHtml(html: string, options: SanitizeHtml.IOptions): string {
  loaded ??= (typeof CASEBOOK_BUNDLED !== 'undefined' && CASEBOOK_BUNDLED ? require('sanitize-html') : nodeRequire('sanitize-html')) as typeof SanitizeHtml;
  return loaded(html, options);
}

export type { SanitizeHtml };
