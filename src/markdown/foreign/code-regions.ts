/** A run of a Markdown body: code (fenced, indented, `<pre>`, or a code span) or everything else. */
export interface Segment {
  code: boolean;
  text: string;
  /** Offset of the segment in the whole text. */
  start: number;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])(\s|$)/;

/**
 * Splits a body into code and prose, the way a CommonMark parser would see it closely enough to
 * keep template processing out of code: fenced blocks (``` and ~~~), indented blocks outside
 * lists, raw `<pre>` blocks, and code spans of matching backtick runs within a paragraph.
 */
export function splitCode(text: string): Segment[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let acc = 0;
  for (const l of lines) {
    starts.push(acc);
    acc += l.length + 1;
  }
  const endOf = (lineIdx: number) => Math.min(text.length, starts[lineIdx]! + lines[lineIdx]!.length + 1);
  const out: Segment[] = [];
  let proseStart = 0;
  const code = (from: number, to: number) => {
    if (from > proseStart) for (const seg of splitSpans(text.slice(proseStart, from), proseStart)) out.push(seg);
    out.push({ code: true, text: text.slice(from, to), start: from });
    proseStart = to;
  };
  let inList = false;
  let prevBlank = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE_OPEN.exec(line);
    if (fence && !(fence[2]![0] === '`' && fence[3]!.includes('`'))) {
      const ch = fence[2]![0]!;
      const close = new RegExp(`^ {0,3}${ch === '`' ? '`' : '~'}{${fence[2]!.length},}\\s*$`);
      let j = i + 1;
      while (j < lines.length && !close.test(lines[j]!)) j++;
      j = Math.min(j, lines.length - 1);
      code(starts[i]!, endOf(j));
      i = j;
      prevBlank = false;
      continue;
    }
    if (/^ {0,3}<pre[\s>]/i.test(line)) {
      let j = i;
      while (j < lines.length - 1 && !/<\/pre>/i.test(lines[j]!)) j++;
      code(starts[i]!, endOf(j));
      i = j;
      prevBlank = false;
      continue;
    }
    const blank = line.trim() === '';
    if (!blank && LIST_ITEM.test(line)) inList = true;
    else if (!blank && prevBlank && !/^(\s{2,}|\t)/.test(line)) inList = false;
    if (!blank && !inList && prevBlank && /^( {4}|\t)/.test(line)) {
      let j = i;
      while (
        j + 1 < lines.length &&
        (/^( {4}|\t)/.test(lines[j + 1]!) || (lines[j + 1]!.trim() === '' && j + 2 < lines.length && /^( {4}|\t)/.test(lines[j + 2]!)))
      )
        j++;
      code(starts[i]!, endOf(j));
      i = j;
      prevBlank = false;
      continue;
    }
    prevBlank = blank;
  }
  // One at a time: spread, 70,000 code spans in one paragraph overflowed the call stack.
  if (proseStart < text.length) for (const seg of splitSpans(text.slice(proseStart), proseStart)) out.push(seg);
  return out.filter((s) => s.text.length);
}

/** Code spans: a backtick run closed by a run of the same length, not across a blank line. */
function splitSpans(text: string, base: number): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  const re = /`+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const run = m[0];
    const from = m.index + run.length;
    const closeRe = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
    closeRe.lastIndex = from;
    const close = closeRe.exec(text);
    if (!close || /\n[ \t]*\n/.test(text.slice(from, close.index))) continue;
    if (m.index > last) out.push({ code: false, text: text.slice(last, m.index), start: base + last });
    out.push({ code: true, text: text.slice(m.index, close.index + run.length), start: base + m.index });
    last = close.index + run.length;
    re.lastIndex = last;
  }
  if (last < text.length) out.push({ code: false, text: text.slice(last), start: base + last });
  return out;
}

/** Applies `fn` to the prose of `text`, leaving code as written. */
export function mapProse(text: string, fn: (prose: string, start: number) => string): string {
  return splitCode(text)
    .map((s) => (s.code ? s.text : fn(s.text, s.start)))
    .join('');
}

/** 1-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
