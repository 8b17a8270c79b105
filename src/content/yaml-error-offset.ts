import { CST, Parser, type YAMLError } from 'yaml';

const CLOSER: Record<string, string> = { '[': ']', '{': '}' };

/**
 * Where to point for a YAML error. The parser reports an unclosed quote, list (`[`) or map (`{`)
 * where it gave up: at the end of the front matter, or at the next key ("must be sufficiently
 * indented"). The mistake is the opening character, possibly lines earlier, so for those errors
 * the offset of the value that opens there is returned instead.
 */
export function yamlErrorOffset(raw: string, err: YAMLError): number {
  const at = err.pos[0];
  const quote = err.code === 'MISSING_CHAR' && /quote/i.test(err.message);
  const flow = /\bFlow (sequence|map)\b/.test(err.message);
  if (!quote && !flow) return at;
  let opening: number | undefined;
  for (const token of new Parser().parse(raw)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const t of [item.key, item.value]) {
        if (!t || t.offset > at) continue;
        // The unclosed value is the one that reaches the position the parser gave up at.
        if (quote && (t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') && t.offset + t.source.length >= at) opening = t.offset;
        // The last list or map before it that has no closing bracket (one nested inside may have).
        // Not one whose bracket is closed further down, on lines indented too little for YAML
        // (`tags: [go,` then `rust]` at the margin): YAML's own message says that.
        if (flow && t.type === 'flow-collection' && !t.end.some((e) => e.source === CLOSER[t.start.source]) && !closesLater(raw, t.offset))
          opening = Math.max(opening ?? -1, t.offset);
      }
    });
  }
  return opening ?? at;
}

/**
 * Whether the bracket at `start` is matched further on in `raw`: brackets are counted outside
 * quoted scalars and comments, and the one that brings the count back to zero must close it.
 */
function closesLater(raw: string, start: number): boolean {
  const stack: string[] = [];
  let quote: string | undefined;
  // The last character that is not a space or tab: a quote opens a scalar only after one of `[{,:` or a line break.
  let prev = '\n';
  for (let i = start; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (quote === "'" && c === "'" && raw[i + 1] === "'") i++;
      else if (c === quote) quote = undefined;
      prev = c;
      continue;
    }
    if ((c === '"' || c === "'") && '[{,:\n'.includes(prev)) quote = c;
    else if (c === '#' && /\s/.test(raw[i - 1] ?? '\n')) {
      while (i + 1 < raw.length && raw[i + 1] !== '\n') i++;
      continue;
    } else if (c === '[' || c === '{') stack.push(CLOSER[c]!);
    else if (c === ']' || c === '}') {
      if (stack.pop() !== c) return false;
      if (stack.length === 0) return true;
    }
    if (c !== ' ' && c !== '\t') prev = c;
  }
  return false;
}

/** The character that closes what `opening` opens: `]` for `[`, `}` for `{`, a quote for itself. */
export function closerOf(opening: string): string {
  return CLOSER[opening] ?? opening;
}
