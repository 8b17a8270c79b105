import { escapeHtml } from '../util/escape.js';
import { highlightCode } from './highlight.js';

/** What a fence's info string asks for, beyond its language. */
export interface CodeMeta {
  lang: string;
  /** A file name or title shown above the block: `title="budget.ts"` (also `filename=`, `file=`). */
  title: string | undefined;
  /** 1-based lines to mark: `{2-3}`, `{1,4-6}`. */
  marked: Set<number>;
  /** 1-based lines added and removed: `ins={3} del={2}`. */
  inserted: Set<number>;
  deleted: Set<number>;
  /** `ts diff`: lines starting with + or - are added or removed, the sign moves to the gutter. */
  diff: boolean;
  lineNumbers: boolean;
}

/** `1,4-6` → {1,4,5,6}; nonsense parts are ignored, and a range is capped so `{1-1e9}` costs nothing. */
export function parseLineRanges(text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const from = Number(m[1]);
    const to = Math.min(m[2] ? Number(m[2]) : from, from + 10_000);
    for (let n = from; n <= to; n++) if (n > 0) out.add(n);
  }
  return out;
}

/**
 * The info string of a fence: the language first (`ts`, or `ts{2}` glued), then in any order
 * `title="…"`, `{ranges}`, `ins={…}`, `del={…}`, `diff` and `showLineNumbers`. Words it does
 * not know are ignored, so meta written for another tool never breaks a block.
 */
export function parseCodeMeta(info: string): CodeMeta {
  const text = info.trim();
  const meta: CodeMeta = { lang: '', title: undefined, marked: new Set(), inserted: new Set(), deleted: new Set(), diff: false, lineNumbers: false };
  const lang = /^([^\s{="']+)/.exec(text);
  let rest = text;
  if (lang && !/^(title|filename|file|ins|del|showLineNumbers)$/.test(lang[1]!)) {
    meta.lang = lang[1]!;
    rest = text.slice(lang[1]!.length);
  }
  const title = /\b(?:title|filename|file)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s{}]+))/.exec(rest);
  if (title) {
    meta.title = title[1] ?? title[2] ?? title[3];
    rest = rest.replace(title[0], ' ');
  }
  for (const m of rest.matchAll(/\b(ins|del)\s*=\s*\{([^}]*)\}/g)) {
    for (const n of parseLineRanges(m[2]!)) (m[1] === 'ins' ? meta.inserted : meta.deleted).add(n);
  }
  rest = rest.replace(/\b(?:ins|del)\s*=\s*\{[^}]*\}/g, ' ');
  for (const m of rest.matchAll(/\{([\d\s,-]*)\}/g)) for (const n of parseLineRanges(m[1]!)) meta.marked.add(n);
  const words = new Set(rest.replace(/\{[^}]*\}/g, ' ').split(/\s+/));
  meta.diff = words.has('diff');
  meta.lineNumbers = words.has('showLineNumbers') || words.has('lineNumbers') || words.has('linenos');
  return meta;
}

/**
 * Highlighted HTML split into lines, every line self-contained: a span that runs across a
 * line end (a block comment, a heredoc) is closed at the end of the line and opened again on
 * the next, so each line can be wrapped on its own.
 */
export function splitHighlightedLines(htmlText: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let line = '';
  let last = 0;
  const re = /<span\b[^>]*>|<\/span>|\n/g;
  for (let m = re.exec(htmlText); m; m = re.exec(htmlText)) {
    line += htmlText.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[0] === '\n') {
      lines.push(line + '</span>'.repeat(open.length));
      line = open.join('');
    } else {
      if (m[0] === '</span>') open.pop();
      else open.push(m[0]);
      line += m[0];
    }
  }
  line += htmlText.slice(last);
  lines.push(line);
  return lines;
}

export interface CodeBlockHtml {
  html: string;
  /** False when the language has no grammar (warning CB1104). */
  known: boolean;
}

/** What a diff line is: from `ins=`/`del=`, from its sign in a `diff` block, or neither. */
type Change = 'added' | 'removed' | undefined;

/**
 * A fenced code block as HTML. A plain block stays one `<pre><code>`; a block with marked,
 * added or removed lines or line numbers gets one element per line: `<mark>` for marked lines,
 * `<ins>`/`<del>` for changes, with a visually hidden "added"/"removed" so screen readers hear
 * what colour and the gutter sign show. The title is a `<figcaption>` of a `<figure>`.
 */
export function renderCodeBlock(
  content: string,
  meta: CodeMeta,
  grammar = meta.lang,
  highlight: (code: string, lang: string) => { html: string; known: boolean } = highlightCode,
): CodeBlockHtml {
  const lang = meta.lang;
  const isDiffLanguage = grammar.toLowerCase() === 'diff' || grammar.toLowerCase() === 'patch';
  let code = content;
  let changes: Change[] = [];
  const rawLines = content.replace(/\n$/, '').split('\n');
  if (meta.diff && !isDiffLanguage) {
    // Unified-diff style: + and - lines; when every line has a sign or a space, the space goes too.
    const context = rawLines.every((l) => l === '' || /^[ +-]/.test(l));
    changes = rawLines.map((l) => (l.startsWith('+') ? 'added' : l.startsWith('-') ? 'removed' : undefined));
    code = rawLines.map((l) => (/^[+-]/.test(l) || (context && l.startsWith(' ')) ? l.slice(1) : l)).join('\n') + '\n';
  } else if (isDiffLanguage) {
    changes = rawLines.map((l) => (/^\+(?!\+\+ )/.test(l) ? 'added' : /^-(?!-- )/.test(l) ? 'removed' : undefined));
  }
  rawLines.forEach((_, i) => {
    if (meta.inserted.has(i + 1)) changes[i] = 'added';
    else if (meta.deleted.has(i + 1)) changes[i] = 'removed';
  });
  const { html: highlighted, known } = highlight(code, grammar);
  const label = lang ? ` data-lang="${escapeHtml(lang)}"` : '';
  const codeClass = lang ? ` class="language-${escapeHtml(lang)}"` : '';
  const perLine = meta.marked.size > 0 || changes.some((c) => c !== undefined) || meta.lineNumbers;
  let body = highlighted;
  if (perLine) {
    const lines = splitHighlightedLines(highlighted.replace(/\n$/, ''));
    // The sign already stands in a diff block's text; elsewhere it is drawn in the gutter.
    const gutter = !isDiffLanguage;
    body = lines
      .map((line, i) => {
        const change = changes[i];
        const marked = meta.marked.has(i + 1) ? ' marked' : '';
        if (change) {
          const tag = change === 'added' ? 'ins' : 'del';
          const sign = gutter ? `<span class="diff-sign" aria-hidden="true">${change === 'added' ? '+' : '-'}</span>` : '';
          return `<${tag} class="line ${change}${marked}">${sign}<span class="visually-hidden">${change}: </span>${line}\n</${tag}>`;
        }
        return marked ? `<mark class="line marked">${line}\n</mark>` : `<span class="line">${line}\n</span>`;
      })
      .join('');
  }
  const classes = ['code', perLine ? 'lines' : '', meta.lineNumbers ? 'numbered' : '', changes.some((c) => c) && !isDiffLanguage ? 'has-gutter' : '']
    .filter(Boolean)
    .join(' ');
  // tabindex: long lines scroll horizontally, and a scrollable region must be reachable by keyboard.
  const pre = `<pre class="${classes}"${label} tabindex="0"><code${codeClass}>${body}</code></pre>`;
  const html = meta.title ? `<figure class="code-block"><figcaption class="code-title">${escapeHtml(meta.title)}</figcaption>\n${pre}</figure>\n` : `${pre}\n`;
  return { html, known };
}
