import type { MarkdownIt, StateBlock } from 'markdown-it';
import { escapeHtml } from '../util/escape.js';

/** Admonition names remark-directive themes (and Docusaurus, Starlight) style, with the title each shows by default. */
const KNOWN: Record<string, string> = {
  note: 'Note',
  tip: 'Tip',
  info: 'Info',
  important: 'Important',
  warning: 'Warning',
  caution: 'Caution',
  danger: 'Danger',
};

const OPEN = /^(:{3,})[ \t]*([A-Za-z][\w-]*)[ \t]*(?:\[([^\]\n]*)\])?[ \t]*(?:\{[^}\n]*\})?[ \t]*$/;
const CLOSE = /^(:{3,})[ \t]*$/;

/** Note the renderer leaves for the build: a directive with a name no theme gives a meaning to. */
interface DirectiveNotes {
  notes?: { kind: 'removed'; construct: string; line: number }[];
  input: { bodyLine: number };
}

/**
 * Container directives (`:::note[Title] … :::`) of sites whose Markdown read them (remark-directive,
 * an admonitions plugin): known names become an `<aside>` with a title; an unknown name keeps its
 * Markdown body, unwrapped, and is reported as a loss, since what the old theme drew for it is unknown.
 */
export function admonitions(md: MarkdownIt): void {
  md.block.ruler.before('fence', 'admonition', (state, startLine, endLine, silent) => admonitionBlock(state, startLine, endLine, silent), {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  md.renderer.rules.admonition_open = (tokens, idx, _options, rawEnv) => {
    const token = tokens[idx]!;
    const name = token.info;
    const label = KNOWN[name];
    if (!label) {
      const env = rawEnv as unknown as DirectiveNotes;
      env.notes?.push({ kind: 'removed', construct: `:::${name}`, line: (token.map?.[0] ?? 0) + env.input.bodyLine });
      return '';
    }
    const title = (token.meta as { title?: string } | null)?.title?.trim() || label;
    return `<aside class="admonition admonition-${name}" aria-label="${escapeHtml(title)}">\n<p class="admonition-title">${escapeHtml(title)}</p>\n`;
  };
  md.renderer.rules.admonition_close = (tokens, idx) => (KNOWN[tokens[idx]!.info] ? '</aside>\n' : '');
}

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
}

function admonitionBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const open = OPEN.exec(lineText(state, startLine));
  if (!open) return false;
  const fence = open[1]!.length;
  // The closing fence: `:::` (at least as many colons) at this depth; containers opened inside nest.
  let depth = 0;
  let close = -1;
  for (let line = startLine + 1; line < endLine; line++) {
    if (state.sCount[line]! < state.blkIndent) break;
    const text = lineText(state, line);
    if (OPEN.test(text)) depth++;
    else if (CLOSE.test(text)) {
      if (depth === 0 && CLOSE.exec(text)![1]!.length >= fence) {
        close = line;
        break;
      }
      depth = Math.max(0, depth - 1);
    }
  }
  // Without a closing fence remark-directive runs the container to the end of its parent.
  const end = close === -1 ? endLine : close;
  if (silent) return true;

  const name = open[2]!.toLowerCase();
  const openToken = state.push('admonition_open', 'aside', 1);
  openToken.block = true;
  openToken.info = name;
  openToken.meta = { title: open[3] };
  openToken.map = [startLine, end];

  const oldParent = state.parentType;
  const oldLineMax = state.lineMax;
  state.parentType = 'blockquote' as typeof state.parentType;
  state.lineMax = end;
  state.md.block.tokenize(state, startLine + 1, end);
  state.parentType = oldParent;
  state.lineMax = oldLineMax;

  const closeToken = state.push('admonition_close', 'aside', -1);
  closeToken.block = true;
  closeToken.info = name;
  state.line = close === -1 ? endLine : close + 1;
  return true;
}
