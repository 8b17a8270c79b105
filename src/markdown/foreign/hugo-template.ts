import { escapeAttr } from './context.js';

/**
 * A site's own Hugo shortcode template evaluated when it only prints its arguments: `.Get 0`,
 * `.Get "name"`, `index .Params 0`, `.Inner` (with `safeHTML`, `safeURL`, `htmlEscape`,
 * `markdownify` pipes) and comments. A template with any other action (`with`, `if`, `range`,
 * `partial`, variables) is not evaluated (undefined): Casebook cannot know what it would print.
 * Arguments are escaped; the result goes through the raw HTML policy with the rest of the post.
 */
export function evaluateShortcode(
  template: string,
  args: { positional: string[]; named: Record<string, string> },
  inner: string | undefined,
  markdown: (s: string) => string,
): string | undefined {
  const text = template.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '');
  let failed = false;
  const out = text.replace(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g, (_, action: string) => {
    const [head, ...pipes] = action.split('|').map((p) => p.trim());
    if (pipes.some((p) => !/^(safeHTML|safeURL|safeHTMLAttr|htmlEscape|markdownify|plainify|chomp|string)$/.test(p))) {
      failed = true;
      return '';
    }
    const md = pipes.includes('markdownify');
    if (/^\$?\.Inner$/.test(head!)) return inner === undefined ? '' : md ? markdown(inner) : inner;
    const get = /^(?:\$?\.Get|index\s+\$?\.Params)\s+(?:(\d+)|"([\w-]+)")$/.exec(head!);
    if (!get) {
      failed = true;
      return '';
    }
    const value = get[1] !== undefined ? args.positional[Number(get[1])] : args.named[get[2]!];
    if (value === undefined) {
      failed = true;
      return '';
    }
    return md ? markdown(value) : escapeAttr(value);
  });
  return failed || !out.trim() ? undefined : out.trim();
}
