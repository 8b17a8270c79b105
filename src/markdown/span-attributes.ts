import type { MarkdownIt, StateCore } from 'markdown-it';
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
      for (let j = 1; j < children.length; j++) {
        const before = children[j - 1]!;
        const afterSpan = before.type === 'image' || before.type === 'code_inline';
        if (!afterSpan && before.nesting !== -1) continue;
        // Each list in a row applies (`*x*{.a}{.b}`), as the plugin's retries do.
        for (let t = children[j]!; t.type === 'text' && startsWithList(t.content); t = children[j]!) {
          const close = t.content.indexOf(options.rightDelimiter);
          const target = afterSpan ? before : getMatchingOpeningToken(children, j - 1);
          // No opening tag to carry it: the plugin fails on such a list and leaves it as text.
          if (!target) break;
          addAttrs(getAttrs(t.content, 0, options), target);
          const rest = t.content.slice(close + options.rightDelimiter.length);
          if (afterSpan && rest === '') {
            children.splice(j, 1);
            if (j >= children.length) break;
          } else t.content = rest;
        }
      }
    }
  });
}
