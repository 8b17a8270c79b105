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
  // Characters closesLater may still scan: nested unclosed brackets each scan on from their own,
  // and a 2 MB front matter of them must not take seconds (then the bracket is pointed at).
  const budget = { left: 4 * raw.length + 4096 };
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
        if (flow && t.type === 'flow-collection' && !t.end.some((e) => e.source === CLOSER[t.start.source]) && !closesLater(raw, t.offset, budget))
          opening = Math.max(opening ?? -1, t.offset);
      }
    });
  }
  return opening ?? at;
}

/**
 * Whether the bracket at `start` is matched further on, within the value it opens: brackets are
 * counted outside quoted scalars and comments, and the one that brings the count back to zero
 * must close it. The value ends where a line at the key's indentation or less starts another key
 * or list item: a `]` past that (in a later key's text, a block scalar, a URL) closes nothing.
 */
function closesLater(raw: string, start: number, budget: { left: number }): boolean {
  const stack: string[] = [];
  let quote: string | undefined;
  const lineStart = raw.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(raw.slice(lineStart, start))![0].length;
  // The last character that is not a space or tab: a quote opens a scalar only after one of `[{,:` or a line break.
  let prev = '\n';
  for (let i = start; i < raw.length; i++) {
    if (--budget.left < 0) return false;
    const c = raw[i]!;
    if (c === '\n' && !quote && endsValue(raw, i + 1, indent, stack[0] === '}')) return false;
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

/**
 * Whether the line at `from` starts another key or list item at `indent` or less. Inside a map
 * (`inMap`) a `key: value` line may be the map's own next pair, wrapped: it ends the value only
 * if it does not close the map.
 */
function endsValue(raw: string, from: number, indent: number, inMap: boolean): boolean {
  const end = raw.indexOf('\n', from);
  const line = raw.slice(from, end < 0 ? raw.length : end);
  const own = /^[ \t]*/.exec(line)![0].length;
  if (own > indent) return false;
  if (/^[ \t]*[-?](?:[ \t]|$)/.test(line)) return true;
  return /^[ \t]*[^\s#[\]{},][^#]*?:(?:[ \t]|$)/.test(line) && !(inMap && line.includes('}'));
}

/** The character that closes what `opening` opens: `]` for `[`, `}` for `{`, a quote for itself. */
export function closerOf(opening: string): string {
  return CLOSER[opening] ?? opening;
}
