import type { MarkdownIt, StateBlock } from 'markdown-it';

/**
 * `<script src="…" />` (and style, textarea, pre) alone on a line: authors who write XHTML, JSX
 * or kramdown mean a closed element, but CommonMark's first kind of HTML block runs until a
 * `</script>` that never comes, so every later line of the post would become raw HTML. This
 * rule, ahead of markdown-it's own, makes the line a block of its own and closes the element;
 * the sanitizer (`recognizeSelfClosing`) closes other elements written with `/>`.
 */
const SELF_CLOSED = /^<(script|style|textarea|pre)(\s[^<>]*?)?\s*\/>\s*$/i;

export function selfClosedHtmlBlocks(md: MarkdownIt): void {
  md.block.ruler.before(
    'html_block',
    'self_closed_html_block',
    (state: StateBlock, startLine: number, _endLine: number, silent: boolean) => {
      if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
      const line = state.src.slice(state.bMarks[startLine]! + state.tShift[startLine]!, state.eMarks[startLine]!);
      const m = SELF_CLOSED.exec(line);
      if (!m) return false;
      if (silent) return true;
      state.line = startLine + 1;
      const token = state.push('html_block', '', 0);
      token.map = [startLine, state.line];
      token.content = `<${m[1]}${m[2] ?? ''}></${m[1]}>\n`;
      return true;
    },
    { alt: ['paragraph', 'reference', 'blockquote'] },
  );
}
