import { createRequire } from 'node:module';
import type { HLJSApi } from 'highlight.js';
import { escapeHtml } from '../util/escape.js';
import { registerLanguages } from './languages.js';
import { bundled } from '../util/bundled.js';

// Loaded on the first code block: a warm build that renders no Markdown never pays for the
// grammars (about 75 ms of startup).
let hljs: HLJSApi | undefined;
function highlighter(): HLJSApi {
  if (!hljs) {
    // In the CLI bundle a plain require() is bundled (one file instead of 190 grammar modules).
    hljs = (bundled ? require('highlight.js') : createRequire(import.meta.url)('highlight.js')) as HLJSApi;
    registerLanguages(hljs);
  }
  return hljs;
}

/**
 * Highlighted blocks by language and text. An edited post keeps most of its code blocks, and
 * posts repeat snippets (install commands, config): those are highlighted once per process.
 * Cleared when it holds about 16 MB of text, so a 10,000-post build cannot grow it without bound.
 */
const blocks = new Map<string, string>();
let blockChars = 0;
const BLOCK_CHARS_LIMIT = 8_000_000;

/** How many blocks were highlighted and how many were taken from the memo, in this process. */
export const highlightStats = { highlighted: 0, reused: 0 };

/**
 * Build-time highlighting with highlight.js class names. Light and dark palettes are pure CSS
 * over the same classes, so each block is highlighted once (Shiki needs a pass per theme and is
 * ~5x slower per block on these machines; see docs/architecture.md).
 */
export function highlightCode(code: string, lang: string): { html: string; known: boolean } {
  const name = lang.toLowerCase();
  if (name && highlighter().getLanguage(name)) {
    const id = `${name}\0${code}`;
    const memo = blocks.get(id);
    if (memo !== undefined) {
      highlightStats.reused++;
      return { html: memo, known: true };
    }
    try {
      const html = highlighter().highlight(code, { language: name, ignoreIllegals: true }).value;
      highlightStats.highlighted++;
      if (blockChars > BLOCK_CHARS_LIMIT) {
        blocks.clear();
        blockChars = 0;
      }
      blocks.set(id, html);
      blockChars += id.length + html.length;
      return { html, known: true };
    } catch {
      // A grammar bug must never fail a build: fall back to plain code.
    }
  }
  return { html: escapeHtml(code), known: name === '' || name === 'text' || name === 'plain' || name === 'txt' };
}
