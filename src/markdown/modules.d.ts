declare module 'markdown-it-footnote' {
  import type { MarkdownIt } from 'markdown-it';
  const plugin: (md: MarkdownIt) => void;
  export default plugin;
}
declare module 'markdown-it-task-lists' {
  import type { MarkdownIt } from 'markdown-it';
  const plugin: (md: MarkdownIt, options?: { enabled?: boolean; label?: boolean; labelAfter?: boolean }) => void;
  export default plugin;
}
declare module 'markdown-it-deflist' {
  import type { MarkdownIt } from 'markdown-it';
  const plugin: (md: MarkdownIt) => void;
  export default plugin;
}
declare module 'markdown-it-abbr' {
  import type { MarkdownIt } from 'markdown-it';
  const plugin: (md: MarkdownIt) => void;
  export default plugin;
}
declare module 'markdown-it-sup' {
  import type { MarkdownIt } from 'markdown-it';
  const plugin: (md: MarkdownIt) => void;
  export default plugin;
}
declare module 'markdown-it-sub' {
  import type { MarkdownIt } from 'markdown-it';
  const plugin: (md: MarkdownIt) => void;
  export default plugin;
}
declare module 'markdown-it-attrs/utils.js' {
  import type { Token } from 'markdown-it';
  interface Options {
    leftDelimiter: string;
    rightDelimiter: string;
    allowedAttributes: (string | RegExp)[];
    allowedAttributeValues?: (string | RegExp)[];
  }
  export function getAttrs(str: string, start: number, options: Options): [string, string][];
  export function addAttrs(attrs: [string, string][], token: Token): Token;
  export function hasDelimiters(where: 'start' | 'end' | 'only', options: Options): (str: string) => boolean;
  export function getMatchingOpeningToken(tokens: Token[], i: number): Token | false;
}
