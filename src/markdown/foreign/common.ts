import { mapProse } from './code-regions.js';

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
      .replace(/\{:\s*([^}]*)\}/g, (_, inner: string) => kramdownAttributes(inner));
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

/** An attribute list's items as markdown-it-attrs reads them: `.class`, `#id`, `key=value`. */
const ATTRIBUTE_ITEM = /[.#][^\s{}.#="']+|[A-Za-z_:][\w:.-]*=(?:"[^"]*"|'[^']*'|[^\s"'{}]+)/g;

/**
 * kramdown's inline attribute list `{: …}` as `{…}`, without its references to attribute-list
 * definitions (bare names), which went with the definitions: markdown-it-attrs would take a bare
 * name for an attribute, and Casebook reads a brace group with one as text (attribute-lists.ts).
 * A list left with nothing goes.
 */
function kramdownAttributes(inner: string): string {
  const items = inner.match(ATTRIBUTE_ITEM);
  return items ? `{${items.join(' ')}}` : '';
}
