import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';
import { escapeHtml } from '../../util/escape.js';

/**
 * Keeps TeX math as written (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`) so Markdown does not eat its
 * underscores and backslashes; the page shows the source in `math` spans that KaTeX's
 * auto-render (or MathJax) turns into formulas.
 */
export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', (state: StateInline, silent: boolean) => {
    const src = state.src;
    const start = state.pos;
    let open: string;
    let close: string;
    if (src.startsWith('\\(', start)) [open, close] = ['\\(', '\\)'];
    else if (src.startsWith('$$', start)) [open, close] = ['$$', '$$'];
    else if (src[start] === '$') [open, close] = ['$', '$'];
    else return false;
    const from = start + open.length;
    let end = src.indexOf(close, from);
    // `$` math: no space just inside the dollars, no digit right after (so "$5 and $10" stays text).
    while (open === '$' && end >= 0 && (src[end - 1] === '\\' || src[end - 1] === ' ')) end = src.indexOf(close, end + 1);
    if (end < 0 || end === from) return false;
    if (open === '$' && (/\s/.test(src[from]!) || /\d/.test(src[end + 1] ?? ''))) return false;
    if (!silent) {
      const token = state.push('math_inline', 'span', 0);
      token.markup = open;
      token.content = src.slice(from, end);
      token.info = close;
    }
    state.pos = end + close.length;
    return true;
  });

  md.block.ruler.before('fence', 'math_block', (state: StateBlock, startLine: number, endLine: number, silent: boolean) => {
    const pos = state.bMarks[startLine]! + state.tShift[startLine]!;
    const max = state.eMarks[startLine]!;
    if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
    const first = state.src.slice(pos, max);
    const open = first.startsWith('$$') ? '$$' : first.startsWith('\\[') ? '\\[' : undefined;
    if (!open) return false;
    const close = open === '$$' ? '$$' : '\\]';
    let content: string;
    let line = startLine;
    const rest = first.slice(2);
    if (rest.trimEnd().endsWith(close) && rest.trim().length >= close.length) {
      content = rest.trimEnd().slice(0, -close.length);
    } else {
      const lines = [rest];
      let found = false;
      for (line = startLine + 1; line < endLine; line++) {
        const text = state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
        if (text.trimEnd().endsWith(close)) {
          lines.push(text.trimEnd().slice(0, -close.length));
          found = true;
          break;
        }
        lines.push(state.src.slice(state.bMarks[line]!, state.eMarks[line]!));
      }
      if (!found) return false;
      content = lines.join('\n');
    }
    if (silent) return true;
    const token = state.push('math_block', 'div', 0);
    token.block = true;
    token.content = content.trim();
    token.markup = open;
    token.info = close;
    token.map = [startLine, line + 1];
    state.line = line + 1;
    return true;
  }, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });

  md.renderer.rules.math_inline = (tokens, idx) => {
    const t = tokens[idx]!;
    return `<span class="math math-inline">${escapeHtml(t.markup + t.content + t.info)}</span>`;
  };
  md.renderer.rules.math_block = (tokens, idx) => {
    const t = tokens[idx]!;
    return `<div class="math math-display">${escapeHtml(`${t.markup}\n${t.content}\n${t.info}`)}</div>\n`;
  };
}
