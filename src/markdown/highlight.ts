import { createRequire } from 'node:module';
import type { HLJSApi } from 'highlight.js';
import { escapeHtml } from '../util/escape.js';

// Loaded on the first code block: a warm build that renders no Markdown never pays for the
// grammars (about 75 ms of startup).
let hljs: HLJSApi | undefined;
function highlighter(): HLJSApi {
  return (hljs ??= createRequire(import.meta.url)('highlight.js') as HLJSApi);
}

/**
 * Build-time highlighting with highlight.js class names. Light and dark palettes are pure CSS
 * over the same classes, so each block is highlighted once (Shiki needs a pass per theme and is
 * ~5x slower per block on these machines; see docs/architecture.md).
 */
export function highlightCode(code: string, lang: string): { html: string; known: boolean } {
  const name = lang.toLowerCase();
  if (name && highlighter().getLanguage(name)) {
    try {
      return { html: highlighter().highlight(code, { language: name, ignoreIllegals: true }).value, known: true };
    } catch {
      // A grammar bug must never fail a build: fall back to plain code.
    }
  }
  return { html: escapeHtml(code), known: name === '' || name === 'text' || name === 'plain' || name === 'txt' };
}
