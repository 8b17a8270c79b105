import hljs from 'highlight.js';
import { escapeHtml } from '../util/escape.js';

/**
 * Build-time highlighting with highlight.js class names. Light and dark palettes are pure CSS
 * over the same classes, so each block is highlighted once (Shiki needs a pass per theme and is
 * ~5x slower per block on these machines; see docs/architecture.md).
 */
export function highlightCode(code: string, lang: string): { html: string; known: boolean } {
  const name = lang.toLowerCase();
  if (name && hljs.getLanguage(name)) {
    try {
      return { html: hljs.highlight(code, { language: name, ignoreIllegals: true }).value, known: true };
    } catch {
      // A grammar bug must never fail a build: fall back to plain code.
    }
  }
  return { html: escapeHtml(code), known: name === '' || name === 'text' || name === 'plain' || name === 'txt' };
}
