import { mapProse } from './code-regions.js';
import { ATTRIBUTE } from '../attribute-lists.js';

/**
 * What every old tool's Markdown shares, outside code: `<!-- more -->` in any spacing and a
 * custom excerpt separator become `<!--more-->`; kramdown's table-of-contents marker, options,
 * comments and attribute-list definitions go; `{: .class}` becomes `{.class}` for markdown-it-attrs.
 */
export function commonSyntax(text: string, excerptSeparator: string | undefined): string {
  let separatorDone = false;
  return mapProse(text, (prose) => {
    let p = prose
      .replace(/<!--\s*more\s*-->/gi, '<!--more-->')
      .replace(/^[ \t]*(?:[-*+]|\d+\.)[ \t]+.*\n[ \t]*\{:\s*\.?toc\s*\}[ \t]*$/gim, '')
      .replace(/^[ \t]*\{:\s*\.?toc\s*\}[ \t]*$/gim, '')
      .replace(/\{::options[^}]*\/\}/g, '')
      .replace(/\{::comment\}[\s\S]*?\{:\/(?:comment)?\}/g, '')
      .replace(/\{::nomarkdown\}([\s\S]*?)\{:\/(?:nomarkdown)?\}/g, '$1')
      .replace(/^[ \t]*\{:[\w-]+:[^}]*\}[ \t]*$/gm, '')
      // A block's list alone on its line, and a span element's right after it.
      .replace(/^([ \t]*)\{:[ \t]*([^{}\n]*)\}([ \t]*)$/gm, (whole, before: string, inner: string) => kramdownAttributes(whole, before, inner))
      .replace(/([*_`)\]])\{:[ \t]*([^{}\n]*)\}/g, (whole, before: string, inner: string) => kramdownAttributes(whole, before, inner));
    if (excerptSeparator && !separatorDone) {
      const sep = excerptSeparator.trim();
      const at = p.split('\n').findIndex((l) => l.trim() === sep);
      if (at >= 0) {
        const lines = p.split('\n');
        lines[at] = '<!--more-->';
        p = lines.join('\n');
        separatorDone = true;
      }
    }
    return p;
  });
}

/** An item of kramdown's inline attribute list: `.class`, `#id`, `key=value`, or a bare name (a reference to a definition). */
const IAL_ITEM_SOURCE = String.raw`(?:${ATTRIBUTE}|[A-Za-z_][\w-]*)`;
const IAL_ITEM = new RegExp(IAL_ITEM_SOURCE, 'g');
// Items apart by whitespace: with none required between them, a long word could be split into
// items in exponentially many ways before a failing match gave up.
const IAL = new RegExp(String.raw`^\s*${IAL_ITEM_SOURCE}(?:\s+${IAL_ITEM_SOURCE})*\s*$`);

/** Whether `inner` (what stands between `{:` and `}`) is an inline attribute list kramdown reads: items only, at least one. */
export function isAttributeListItems(inner: string): boolean {
  return IAL.test(inner);
}

/**
 * kramdown's inline attribute list `{: …}` as `{…}` for markdown-it-attrs, where kramdown reads one:
 * alone on its line (a block's) or right after a span element (`*x*{: .c}`, `[a](u){: .c}`), and
 * only when everything in it is an item. Its references to attribute-list definitions (bare
 * names) go with the definitions; a list left with nothing goes. Anywhere else, or holding
 * anything else (`{:ok, pid}`, `{:a => 1}`, `{:}`), it is text, as kramdown leaves it.
 */
function kramdownAttributes(whole: string, before: string, inner: string): string {
  if (!IAL.test(inner)) return whole;
  const items = (inner.match(IAL_ITEM) ?? []).filter((item) => /^[.#]|=/.test(item));
  return `${before}${items.length ? `{${items.join(' ')}}` : ''}`;
}
