import type { MarkdownIt, StateCore, Token } from 'markdown-it';

/**
 * One item of an attribute list as kramdown and Goldmark write them: `.class`, `#id` (dots and
 * the like inside: `#v1.2`, `.a.b`), or `key=value` (the value bare or quoted); and `reversed`, the
 * one boolean attribute the renderer allows (an ordered list's). markdown-it-attrs takes any bare
 * word as a boolean attribute, which neither old engine does.
 */
export const ATTRIBUTE = String.raw`[.#][^\s{}="']+|[A-Za-z_:][\w:.-]*=(?:"[^"]*"|'[^']*'|[^\s"'{}]+)`;
const ITEM = `(?:${ATTRIBUTE}|reversed)`;
const ATTRIBUTE_LIST = new RegExp(String.raw`^\{\s*${ITEM}(?:\s+${ITEM})*\s*\}$`);

/** Types the attribute-list plugin does not look at, for text and lines it must leave alone. */
const GUARDED_TEXT = 'text_guarded_from_attributes';
const GUARDED_LINE = 'inline_guarded_from_attributes';

/**
 * The parts of a text token for the attribute-list plugin (markdown-it-attrs, in the renderer for
 * other tools' sites), each with whether the plugin must not see it; undefined when it may see
 * all of it. The plugin reads the brace group that opens a text (after an element) and the one
 * that closes it as attribute lists, and when one is not an attribute list in kramdown's or
 * Goldmark's syntax (`F = \frac{G m_1 m_2}{r^2}`, `S = {a, b}`, `\vec{z}` at the end of a line)
 * it took the braces as attributes it then did not allow, and the text was gone, silently. A
 * real list at one end stays visible to it: `*x*{.em} and {y}`.
 */
function parts(text: string): [string, boolean][] | undefined {
  const startEnd = text.startsWith('{') ? text.indexOf('}') + 1 : 0;
  const endStart = text.endsWith('}') ? text.lastIndexOf('{') : -1;
  const startOk = startEnd === 0 || ATTRIBUTE_LIST.test(text.slice(0, startEnd));
  const endOk = endStart < 0 || ATTRIBUTE_LIST.test(text.slice(endStart));
  if (startOk && endOk) return undefined;
  // One group the whole text: not a list, or it would be fine.
  if (startEnd === text.length) return [[text, true]];
  const out: [string, boolean][] = [];
  let from = 0;
  let to = text.length;
  if (startEnd > 0 && startOk) {
    out.push([text.slice(0, startEnd), false]);
    from = startEnd;
  }
  let tail: [string, boolean] | undefined;
  if (endStart >= from && endOk) {
    // With the space before it, which the plugin drops along with the list.
    to = text[endStart - 1] === ' ' && endStart - 1 >= from ? endStart - 1 : endStart;
    tail = [text.slice(to), false];
  }
  if (to > from) out.push([text.slice(from, to), true]);
  if (tail) out.push(tail);
  return out;
}

/**
 * kramdown reads a list's items wherever they stand and skips what lies between them, so
 * `{#id, .cls}` is an id and a class to it; markdown-it-attrs took `#id,` for the id. The groups
 * the plugin reads (opening and closing the text) lose their commas when what is left is a list.
 */
function withoutCommas(text: string): string {
  const endStart = text.endsWith('}') ? text.lastIndexOf('{') : -1;
  if (endStart >= 0) text = text.slice(0, endStart) + commasAsSpaces(text.slice(endStart));
  const startEnd = text.startsWith('{') ? text.indexOf('}') + 1 : 0;
  if (startEnd > 0) text = commasAsSpaces(text.slice(0, startEnd)) + text.slice(startEnd);
  return text;
}

/** `{#id, .cls}` as `{#id .cls}` when that is a list; commas inside quoted values stay. One pass, no backtracking. */
function commasAsSpaces(group: string): string {
  if (!group.includes(',')) return group;
  const out: string[] = [];
  let quote = '';
  for (let i = 0; i < group.length; i++) {
    const c = group[i]!;
    if (quote) {
      if (c === quote) quote = '';
      out.push(c);
    } else if (c === '"' || c === "'") {
      quote = c;
      out.push(c);
    } else if (c === ',') {
      while (out.length && /\s/.test(out.at(-1)!)) out.pop();
      out.push(' ');
      while (i + 1 < group.length && /\s/.test(group[i + 1]!)) i++;
    } else out.push(c);
  }
  const plain = out.join('').replace(/^\{ /, '{').replace(/ \}$/, '}');
  return ATTRIBUTE_LIST.test(plain) ? plain : group;
}

/**
 * Keeps text whose braces are not an attribute list out of the attribute-list plugin's sight:
 * its text tokens get another type before the plugin's rule (`curly_attributes`) and are text
 * again right after it, before linkify and the typographer see them. Installed after the plugin.
 */
export function attributeListsOnly(md: MarkdownIt): void {
  const guarded: [Token, string][] = [];
  const hiddenInfo: [Token, string][] = [];
  const guard = (t: Token, as: string) => {
    guarded.push([t, t.type]);
    t.type = as;
  };
  md.core.ruler.before('curly_attributes', 'attribute_lists_only', (state: StateCore) => {
    const blocks = state.tokens;
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b]!;
      // A fence's meta that is no list (```go {2}, the lines to mark) is the fence's own.
      // The plugin reads a fence by its meta, whatever the token's type: the meta is hidden instead.
      if (block.type === 'fence' && block.info.trimEnd().endsWith('}') && parts(block.info.trimEnd())) {
        hiddenInfo.push([block, block.info]);
        block.info = '';
        continue;
      }
      if (block.type !== 'inline' || !block.content.includes('{')) continue;
      // A paragraph that opens with `{` and closes with `}` right after a table or a list is
      // read whole as that block's attributes.
      const line = block.content.trim();
      const afterBlock = blocks[b - 1]?.type === 'paragraph_open' && /^(?:table|bullet_list|ordered_list)_close$/.test(blocks[b - 2]?.type ?? '');
      if (afterBlock && line.startsWith('{') && line.endsWith('}') && !ATTRIBUTE_LIST.test(line)) {
        guard(block, GUARDED_LINE);
        continue;
      }
      const children = block.children ?? [];
      for (let i = 0; i < children.length; i++) {
        const t = children[i]!;
        if (t.type === 'text' && t.content.includes(',')) t.content = withoutCommas(t.content);
        const split = t.type === 'text' && t.content.includes('{') ? parts(t.content) : undefined;
        if (!split) continue;
        const tokens = split.map(([content, hidden]) => {
          const piece = new state.Token('text', '', 0);
          piece.content = content;
          if (hidden) guard(piece, GUARDED_TEXT);
          return piece;
        });
        children.splice(i, 1, ...tokens);
        i += tokens.length - 1;
      }
    }
  });
  md.core.ruler.after('curly_attributes', 'attribute_lists_only_end', () => {
    for (const [t, type] of guarded) t.type = type;
    for (const [t, info] of hiddenInfo) t.info = info;
    guarded.length = 0;
    hiddenInfo.length = 0;
  });
}
