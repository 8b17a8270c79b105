import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { addAttrs, getAttrs, getMatchingOpeningToken, hasDelimiters } from 'markdown-it-attrs/utils.js';

/** markdown-it-attrs's options, as the foreign renderer gives them to the plugin and to this rule. */
export interface AttrsOptions {
  leftDelimiter: string;
  rightDelimiter: string;
  allowedAttributes: (string | RegExp)[];
  allowedAttributeValues: (string | RegExp)[];
  errorHandler: () => undefined;
}

/**
 * markdown-it-attrs's two span patterns (`*x*{.a}` after a closing tag, `![i](a){.a}` and
 * `` `c`{.a} `` after an image or code span) in one pass over each paragraph's tokens, before the
 * plugin runs, which then finds none of them left. The plugin looks for them from the first
 * token again after each one it applies: a paragraph of 10,000 such lists took 38 s. Same
 * helpers, same order of application within a span, same result (attribute-lists.test.ts).
 */
export function spanAttributesInOnePass(md: MarkdownIt, options: AttrsOptions): void {
  const startsWithList = hasDelimiters('start', options);
  md.core.ruler.before('curly_attributes', 'span_attributes_one_pass', (state: StateCore) => {
    for (const block of state.tokens) {
      const children = block.type === 'inline' ? block.children : null;
      if (!children || !block.content.includes(options.leftDelimiter)) continue;
      // The children as the plugin leaves them, built in one pass: a list that was all its text
      // token held (after an image or code span) drops the token, which the plugin does with a
      // splice, and thousands of splices in one paragraph were quadratic too.
      const kept: Token[] = [];
      for (const t of children) {
        const before = kept.at(-1);
        const afterSpan = before?.type === 'image' || before?.type === 'code_inline';
        let keep = true;
        // Each list in a row applies (`*x*{.a}{.b}`), as the plugin's retries do.
        while (before && (afterSpan || before.nesting === -1) && t.type === 'text' && startsWithList(t.content)) {
          const target = afterSpan ? before : getMatchingOpeningToken(kept, kept.length - 1);
          // No opening tag to carry it: the plugin fails on such a list and leaves it as text.
          if (!target) break;
          addAttrs(getAttrs(t.content, 0, options), target);
          const rest = t.content.slice(t.content.indexOf(options.rightDelimiter) + options.rightDelimiter.length);
          if (afterSpan && rest === '') {
            keep = false;
            break;
          }
          t.content = rest;
        }
        if (keep) kept.push(t);
      }
      if (kept.length !== children.length) block.children = kept;
    }
  });
}
