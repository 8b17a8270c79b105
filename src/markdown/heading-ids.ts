import type { MarkdownIt, StateCore, Token } from 'markdown-it';

/**
 * Hands out ids that are unique within one document: the first `x` keeps its name, later ones
 * become `x-1`, `x-2`, … skipping names already taken (by a heading called "x 1", say).
 * markdown-it-anchor, which this replaces, probed `x-1`, `x-2`, … from 1 for every repeat, so
 * 20,000 identical headings took minutes; remembering each name's next suffix makes every id
 * cost O(1) amortised (a name's counter only goes up, and each probe it skips is an id in use).
 */
export class UniqueIds {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();

  take(wanted: string): string {
    if (!this.used.has(wanted)) {
      this.used.add(wanted);
      return wanted;
    }
    let n = this.next.get(wanted) ?? 1;
    let id = `${wanted}-${n}`;
    while (this.used.has(id)) id = `${wanted}-${++n}`;
    this.next.set(wanted, n + 1);
    this.used.add(id);
    return id;
  }
}

/**
 * Every heading gets an id (an author-written one, from attribute lists, is kept unless taken)
 * and its text becomes a link to itself, as markdown-it-anchor's headerLink did:
 * `<h2 id="x"><a class="header-anchor" href="#x">…</a></h2>`.
 */
export function headingIds(md: MarkdownIt, slugify: (text: string) => string): void {
  md.core.ruler.push('heading_ids', (state: StateCore) => {
    const ids = new UniqueIds();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const open = tokens[i]!;
      const inline = tokens[i + 1];
      if (open.type !== 'heading_open' || !inline?.children) continue;
      const id = ids.take((open.attrGet('id') as string | null) ?? slugify(headingText(inline.children)));
      open.attrSet('id', id);
      const link = new state.Token('link_open', 'a', 1);
      link.attrs = [
        ['class', 'header-anchor'],
        ['href', `#${id}`],
      ];
      inline.children = [link, ...inline.children, new state.Token('link_close', 'a', -1)];
    }
    return true;
  });
}

function headingText(children: Token[]): string {
  let text = '';
  for (const c of children) if (c.type === 'text' || c.type === 'code_inline') text += c.content;
  return text;
}
