import { createRequire } from 'node:module';
import type { MarkdownIt, StateBlock, StateCore, StateInline, Token } from 'markdown-it';
import { escapeHtml } from '../util/escape.js';

/** A formula KaTeX could not typeset: shown as its source, reported as warning CB1400. */
export interface MathError {
  /** 0-based line in the rendered body text. */
  line: number;
  message: string;
}

/** What a body's math left behind: whether any formula was typeset (the page then links KaTeX's CSS), and the failures. */
export interface MathState {
  used: boolean;
  errors: MathError[];
  /**
   * Typeset formulas set aside while the raw-HTML policy runs over the body: KaTeX's MathML and
   * positioning styles are Casebook's own output, which the author-HTML allow-list would strip.
   * The body holds a marker for each (see `protectedMarker`) until `restoreProtected`.
   */
  kept?: { nonce: string; html: string[] };
}

/** A marker that survives the HTML policy as text: private-use characters around a nonce and an index. */
function protectedMarker(state: MathState, html: string): string {
  state.kept ??= { nonce: Math.random().toString(36).slice(2, 10), html: [] };
  state.kept.html.push(html);
  return `\uE000${state.kept.nonce}:${state.kept.html.length - 1}\uE001`;
}

/**
 * Puts the typeset formulas back. Text shaped like a marker that this render did not make (the
 * author's own, which cannot carry its random nonce) stays as written: it is the author's text.
 */
export function restoreProtected(html: string, state: MathState | undefined): string {
  if (!html.includes('\uE000')) return html;
  return html.replace(/\uE000([a-z0-9]*):(\d+)\uE001/g, (m, nonce: string, i: string) =>
    state?.kept && nonce === state.kept.nonce ? (state.kept.html[Number(i)] ?? m) : m,
  );
}

interface KatexApi {
  renderToString(tex: string, options: Record<string, unknown>): string;
  ParseError: new (...args: never[]) => Error;
}

/**
 * True in the CLI's Node 20 script build (scripts/compile.mjs), false in its ES module bundle,
 * undeclared elsewhere. Tested where the require stands, not through a shared constant: esbuild
 * drops a literal require only behind a condition it can fold in that module.
 */
declare const CASEBOOK_SCRIPT: boolean | undefined;

// Loaded on the first formula: a build with no math never pays for KaTeX (about 40 ms to load).
// The Node 20 script build carries it (esbuild bundles the literal require), so its compiled code
// is kept with the rest of the CLI's instead of 600 KB compiled from node_modules every run.
let katex: KatexApi | undefined;
function typesetter(): KatexApi {
  katex ??= (typeof CASEBOOK_SCRIPT !== 'undefined' && CASEBOOK_SCRIPT ? require('katex') : createRequire(import.meta.url)('katex')) as KatexApi;
  return katex;
}

/**
 * TeX → HTML (for the eye) plus MathML (for screen readers and reader views), at build time.
 * `trust: false` keeps `\href{javascript:…}` and `\htmlId` out of the page; `strict: false`
 * accepts what LaTeX accepts without printing to the console from a worker.
 */
export function typeset(tex: string, display: boolean): { html: string } | { error: string } {
  const id = `${display ? 'D' : 'I'}${tex}`;
  const memo = formulas.get(id);
  if (memo) return memo;
  let out: { html: string } | { error: string };
  try {
    out = { html: typesetter().renderToString(tex, { displayMode: display, output: 'htmlAndMathml', throwOnError: true, trust: false, strict: false }) };
  } catch (e) {
    // KaTeX's own messages say "KaTeX parse error: …"; the reader needs the part after it.
    out = { error: String((e as Error).message ?? e).replace(/^KaTeX parse error:\s*/, '') };
  }
  if (formulaChars > FORMULA_CHARS_LIMIT) {
    formulas.clear();
    formulaChars = 0;
  }
  formulas.set(id, out);
  formulaChars += id.length + ('html' in out ? out.html.length : out.error.length);
  return out;
}

/**
 * Typeset formulas by source, per process: posts repeat their symbols ($N$, $p99$) and an edited
 * post keeps most of its formulas. Cleared at about 8 MB of text, like the highlighting memo.
 */
const formulas = new Map<string, { html: string } | { error: string }>();
let formulaChars = 0;
const FORMULA_CHARS_LIMIT = 4_000_000;

/**
 * A formula as HTML: typeset, or (when the TeX is wrong) its source, escaped, in a code
 * element, with the failure recorded so the build warns about it at its line.
 */
export function renderMath(tex: string, display: boolean, shown: string, state: MathState, line: number, inParagraph = false): string {
  const out = typeset(tex, display);
  if ('html' in out) {
    state.used = true;
    // A display formula wider than a phone scrolls in its own box, which must be reachable by
    // keyboard. Inside a sentence (`$$x$$` in a line of text) the box is a span the stylesheet
    // shows as a block: a div would close the paragraph around it (invalid HTML).
    if (!display) return protectedMarker(state, out.html);
    const box = inParagraph ? 'span' : 'div';
    return protectedMarker(state, `<${box} class="math-display" tabindex="0">${out.html}</${box}>${inParagraph ? '' : '\n'}`);
  }
  state.errors.push({ line, message: out.error });
  return display && !inParagraph ? `<pre class="math-error"><code>${escapeHtml(shown)}</code></pre>\n` : `<code class="math-error">${escapeHtml(shown)}</code>`;
}

/** The foreign post's body settings in markdown-it's env, if the post is another tool's. */
function foreignBody(env: unknown): { math?: boolean; kramdown?: boolean } | undefined {
  return (env as { input?: { foreign?: { body?: { math?: boolean; kramdown?: boolean } } } } | undefined)?.input?.foreign?.body;
}

/** A foreign post whose old tool printed `$` as written (Hugo without math enabled) renders no formula. */
function mathOff(env: unknown): boolean {
  return foreignBody(env)?.math === false;
}

/**
 * Backslash escapes of the old tool's Markdown, read before its page's MathJax saw a formula:
 * kramdown's (its GFM input adds `~`; `\,` and `\;` stay TeX), CommonMark's (any ASCII punctuation).
 */
const MARKDOWN_ESCAPES = {
  kramdown: /\\([\\.*_+`<>()[\]{}#!:|"'$=~-])/g,
  commonmark: /\\([!-/:-@[-`{-~])/g,
};

/**
 * How `\\(…\\)` and `\\[…\\]` are read, or undefined where they are text. They are formulas on a
 * page whose old site loaded MathJax or KaTeX's auto-render (ForeignBody.math true): kramdown
 * and Goldmark print them as `\(…\)` and `\[…\]`, with the formula's own escapes taken out,
 * and the script typeset that. Elsewhere the reader saw them as text, and still does.
 */
function escapedMath(env: unknown): RegExp | undefined {
  const body = foreignBody(env);
  if (body?.math !== true) return undefined;
  return body.kramdown ? MARKDOWN_ESCAPES.kramdown : MARKDOWN_ESCAPES.commonmark;
}

/** The math state a render keeps in markdown-it's env (created on first use). */
export function mathState(env: unknown): MathState {
  const e = env as { math?: MathState };
  return (e.math ??= { used: false, errors: [] });
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Where inline math opened at `start` closes, or -1. The `$` rule is pandoc's (and
 * markdown-it-texmath's): the opening `$` is not followed by a space, the closing one is not
 * preceded by a space and not followed by a digit, so "$5 and $10" stays text. An escaped
 * `\$` never closes, and a formula does not reach into a code span.
 */
export function inlineClose(src: string, start: number): { open: string; close: string; end: number } | undefined {
  let open: string;
  let close: string;
  if (src.startsWith('\\(', start)) [open, close] = ['\\(', '\\)'];
  else if (src.startsWith('$$', start)) [open, close] = ['$$', '$$'];
  else if (src[start] === '$') [open, close] = ['$', '$'];
  else return undefined;
  const from = start + open.length;
  if (open === '$' && (from >= src.length || isSpace(src[from]))) return undefined;
  let end = src.indexOf(close, from);
  while (end >= 0) {
    const before = src[end - 1];
    const rejected = open !== '\\(' && (before === '\\' || (open === '$' && (isSpace(before) || isDigit(src[end + 1]))));
    if (!rejected) break;
    end = src.indexOf(close, end + 1);
  }
  if (end < 0 || end === from) return undefined;
  // Code spans bind tighter than math (as they do than emphasis): a formula never runs into one,
  // so `echo $PATH` after a price stays code.
  const tick = src.indexOf('`', from);
  if (tick >= 0 && tick < end) return undefined;
  return { open, close, end };
}

/**
 * Where `\\(` (inline) or `\\[` (display) opened at `start` closes, or undefined. Backslash
 * pairs are read as the Markdown reads them (`\\` is one escaped backslash); a formula does not
 * reach into a code span.
 */
export function escapedClose(src: string, start: number): { open: string; close: string; end: number } | undefined {
  const open = src.slice(start, start + 3);
  if (open !== '\\\\(' && open !== '\\\\[') return undefined;
  const close = open === '\\\\(' ? '\\\\)' : '\\\\]';
  for (let i = start + 3; i < src.length; i++) {
    if (src[i] === '`') return undefined;
    if (src[i] !== '\\') continue;
    if (src.startsWith(close, i)) return i === start + 3 ? undefined : { open, close, end: i };
    i++;
  }
  return undefined;
}

function newlinesBefore(src: string, pos: number): number {
  let n = 0;
  for (let i = src.indexOf('\n'); i >= 0 && i < pos; i = src.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * TeX math typeset at build time with KaTeX: `$…$`, `$$…$$` and `\(…\)` inline, `$$…$$` and
 * `\[…\]` as blocks (a ```` ```math ```` fence is typeset by the fence rules through
 * `renderMath`), and on a foreign page that loaded MathJax also `\\(…\\)` and `\\[…\\]` (see
 * `escapedMath`). Parsed before Markdown's escapes so underscores and backslashes reach TeX intact.
 */
export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', (state: StateInline, silent: boolean) => {
    if (mathOff(state.env)) return false;
    const escapes = escapedMath(state.env);
    const escaped = escapes && escapedClose(state.src, state.pos);
    const found = escaped || inlineClose(state.src, state.pos);
    if (!found) return false;
    if (!silent) {
      const token = state.push('math_inline', 'math', 0);
      const tex = state.src.slice(state.pos + found.open.length, found.end);
      // `\\(` is kept as what the old Markdown printed and its script read: `\(`, the TeX unescaped.
      token.markup = escaped ? found.open.slice(1) : found.open;
      token.content = escaped ? tex.replace(escapes, '$1') : tex;
      token.info = escaped ? found.close.slice(1) : found.close;
      token.meta = { lineOffset: newlinesBefore(state.src, state.pos) };
    }
    state.pos = found.end + found.close.length;
    return true;
  });

  md.block.ruler.before(
    'fence',
    'math_block',
    (state: StateBlock, startLine: number, endLine: number, silent: boolean) => {
      if (mathOff(state.env)) return false;
      const pos = state.bMarks[startLine]! + state.tShift[startLine]!;
      const max = state.eMarks[startLine]!;
      if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
      const first = state.src.slice(pos, max);
      const escapes = escapedMath(state.env);
      const open = first.startsWith('$$') ? '$$' : first.startsWith('\\[') ? '\\[' : first.startsWith('\\\\[') && escapes ? '\\\\[' : undefined;
      if (!open) return false;
      const close = open === '$$' ? '$$' : open === '\\[' ? '\\]' : '\\\\]';
      let content: string;
      let line = startLine;
      const rest = first.slice(open.length);
      if (rest.trimEnd().endsWith(close) && rest.trim().length >= close.length) {
        // `$$x$$ and more` on one line is inline math in a paragraph, not a block.
        content = rest.trimEnd().slice(0, -close.length);
        if (content.includes(close)) return false;
      } else {
        const lines = [rest];
        let found = false;
        for (line = startLine + 1; line < endLine; line++) {
          const text = state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
          // TeX ends display math at a paragraph break; `\[` … blank line … `\]` is two escaped
          // brackets around paragraphs (as an HTML import writes `[` and `]`), not one formula.
          if (open !== '$$' && !text.trim()) return false;
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
      if (!content.trim()) return false;
      if (silent) return true;
      const token = state.push('math_block', 'math', 0);
      token.block = true;
      // `\\[` as what the old Markdown printed (see math_inline).
      const escaped = open === '\\\\[' && escapes;
      token.content = escaped ? content.trim().replace(escapes, '$1') : content.trim();
      token.markup = escaped ? '\\[' : open;
      token.info = escaped ? '\\]' : close;
      token.map = [startLine, line + 1];
      state.line = line + 1;
      return true;
    },
    { alt: ['paragraph', 'reference', 'blockquote', 'list'] },
  );

  // Inline tokens carry no line; give each formula its paragraph's line plus its own offset.
  md.core.ruler.push('math_lines', (state: StateCore) => {
    for (const t of state.tokens) {
      if (t.type !== 'inline' || !t.map || !t.children) continue;
      for (const c of t.children) {
        if (c.type === 'math_inline') c.meta = { line: t.map[0] + ((c.meta as { lineOffset?: number } | null)?.lineOffset ?? 0) };
      }
    }
  });

  md.renderer.rules.math_inline = (tokens: Token[], idx: number, _opts, env) => {
    const t = tokens[idx]!;
    const line = (t.meta as { line?: number } | null)?.line ?? 0;
    return renderMath(t.content, t.markup === '$$' || t.markup === '\\[', t.markup + t.content + t.info, mathState(env), line, true);
  };
  md.renderer.rules.math_block = (tokens: Token[], idx: number, _opts, env) => {
    const t = tokens[idx]!;
    return renderMath(t.content, true, `${t.markup}\n${t.content}\n${t.info}`, mathState(env), t.map?.[0] ?? 0);
  };
}
