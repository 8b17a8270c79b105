import { decodeHtmlEntities } from '../util/escape.js';

/*
 * Text and headings read out of HTML (an excerpt, a foreign `.html` post) by forward scans. The
 * regular expressions these replace (`<[^>]+>`, `<h2…>[\s\S]*?</h2>`, `<script[\s\S]*?</script>`)
 * rescan to the end of the text from every `<` that has no end, so a post of 100,000 unclosed
 * `<div <<<…` took minutes. Here each search resumes where the last one stopped, or stops for good
 * once what it looks for does not occur again.
 */

/** The text with ASCII letters lowercased: same length, so indexes carry over. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * Removes `<script>`, `<style>` and `<math>` elements (typeset math is there twice, as MathML and
 * as HTML: the MathML copy goes), whichever comes first each time. Each name's next start and end
 * are searched forward only, so the whole scan is linear.
 */
const HIDDEN = ['script', 'style', 'math'] as const;
function stripScriptsAndStyles(markup: string): string {
  const lower = asciiLower(markup);
  const next: Record<string, number> = { script: -2, style: -2, math: -2 };
  const closeAfter: Record<string, number> = { script: -2, style: -2, math: -2 };
  let out = '';
  let pos = 0;
  for (;;) {
    let name: (typeof HIDDEN)[number] | undefined;
    for (const n of HIDDEN) {
      if (next[n] !== -1 && next[n]! < pos) next[n] = lower.indexOf(`<${n}`, pos);
      if (next[n] !== -1 && (name === undefined || next[n]! < next[name]!)) name = n;
    }
    if (name === undefined) break;
    const start = next[name]!;
    const close = `</${name}>`;
    if (closeAfter[name] !== -1 && closeAfter[name]! < start + name.length + 1) closeAfter[name] = lower.indexOf(close, start + name.length + 1);
    const end = closeAfter[name]!;
    if (end === -1) {
      // No end tag from here on: no later element of this kind can close either.
      next[name] = -1;
      continue;
    }
    out += markup.slice(pos, start);
    pos = end + close.length;
  }
  return out + markup.slice(pos);
}

/** Every tag (`<` up to the next `>`, at least one character between) replaced by a space. */
function tagsToSpaces(markup: string): string {
  let out = '';
  let pos = 0;
  let from = 0;
  for (;;) {
    const lt = markup.indexOf('<', from);
    if (lt === -1) break;
    const gt = markup.indexOf('>', lt + 1);
    if (gt === -1) break; // no tag can end after this point
    if (gt === lt + 1) {
      from = gt + 1; // `<>` is text
      continue;
    }
    out += markup.slice(pos, lt) + ' ';
    pos = from = gt + 1;
  }
  return out + markup.slice(pos);
}

/** Visible text of rendered HTML, whitespace collapsed (for summaries). */
export function htmlToText(markup: string): string {
  return decodeHtmlEntities(tagsToSpaces(stripScriptsAndStyles(markup)))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first `<p>…</p>` element of the markup, or '' when there is none. */
export function firstParagraph(markup: string): string {
  const open = /<p[\s>]/i.exec(markup);
  if (!open) return '';
  const close = asciiLower(markup).indexOf('</p>', open.index + 2);
  return close === -1 ? '' : markup.slice(open.index, close + 4);
}

export interface HtmlHeading {
  level: 2 | 3;
  id: string;
  /** The heading's inner HTML. */
  inner: string;
}

const ID_ATTRIBUTE = /\sid="([^"]+)"/gi;

/**
 * `<h2>` and `<h3>` elements that carry an id, in order, for the table of contents of a post
 * written in HTML. An opening tag runs to the first `>`; its id is the last `id="…"` in it.
 */
export function htmlHeadings(markup: string): HtmlHeading[] {
  const lower = asciiLower(markup);
  const found: HtmlHeading[] = [];
  const closeAt: Record<'2' | '3', number> = { 2: -2, 3: -2 };
  let pos = 0;
  for (;;) {
    const start = lower.indexOf('<h', pos);
    if (start === -1) break;
    const digit = lower[start + 2];
    if (digit !== '2' && digit !== '3') {
      pos = start + 2;
      continue;
    }
    const tagEnd = lower.indexOf('>', start + 3);
    if (tagEnd === -1) break; // no tag can end after this point
    let id: string | undefined;
    for (const m of markup.slice(start + 3, tagEnd).matchAll(ID_ATTRIBUTE)) id = m[1];
    if (id === undefined) {
      // Every heading that starts inside this tag ends with it too, and has no id either.
      pos = tagEnd + 1;
      continue;
    }
    const close = `</h${digit}>`;
    if (closeAt[digit] !== -1 && closeAt[digit] < tagEnd + 1) closeAt[digit] = lower.indexOf(close, tagEnd + 1);
    const end = closeAt[digit];
    if (end === -1) {
      pos = start + 3;
      continue;
    }
    found.push({ level: Number(digit) as 2 | 3, id, inner: markup.slice(tagEnd + 1, end) });
    pos = end + close.length;
  }
  return found;
}
