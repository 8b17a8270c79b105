import { asBlock, linkBlock, parseArgs, vimeo, youtube, type ForeignContext } from './context.js';
import { lineAt, mapProse } from './code-regions.js';

/**
 * Zola's shortcodes (`{{ youtube(id="x") }}`, `{% note() %}body{% end %}`) and internal links
 * (`@/blog/post.md#anchor`), outside code as Zola does. Built-ins are rendered (youtube, vimeo,
 * gist, streamable); a theme's body shortcode keeps its body; the rest is removed and noted.
 */
export function zolaSyntax(text: string, ctx: ForeignContext): string {
  const body = text.replace(
    /\{%\s*([\w-]+)\(([^)]*)\)\s*%\}([\s\S]*?)\{%\s*end\s*%\}/g,
    (whole, name: string, _args: string, inner: string, offset: number) => {
      // Body shortcodes are found over the whole text; one that starts inside code is left alone.
      if (insideCode(text, offset)) return whole;
      ctx.notes.push({ kind: 'removed', construct: `{% ${name}() %}`, line: ctx.bodyLine + lineAt(text, offset) - 1 });
      return inner;
    },
  );
  return mapProse(body, (prose, start) =>
    prose
      .replace(/\{\{\s*([\w-]+)\(([^)]*)\)\s*\}\}/g, (_, name: string, args: string, offset: number) =>
        inline(name, args, ctx, ctx.bodyLine + lineAt(body, start + offset) - 1),
      )
      .replace(/@\/([^\s)#"'<>\]]+?\.md)(#[^\s)"'<>\]]*)?/g, (_, path: string, anchor: string | undefined, offset: number) => {
        const url = ctx.resolve('zola', path);
        if (url === undefined) {
          ctx.notes.push({ kind: 'unresolved', construct: `@/${path}`, line: ctx.bodyLine + lineAt(body, start + offset) - 1 });
          return '#';
        }
        return `${url}${anchor ?? ''}`;
      }),
  );
}

function insideCode(text: string, offset: number): boolean {
  let inside = false;
  mapProse(text, (prose, start) => {
    if (offset >= start && offset < start + prose.length) inside = true;
    return prose;
  });
  return !inside;
}

function inline(name: string, args: string, ctx: ForeignContext, line: number): string {
  const { named } = parseArgs(args);
  let h: string | undefined;
  if (name === 'youtube') h = youtube(named.id);
  else if (name === 'vimeo') h = vimeo(named.id);
  else if (name === 'gist' && named.url) h = linkBlock(named.url, `Gist ${named.url.replace(/^https?:\/\/gist\.github\.com\//, '')}`);
  else if (name === 'streamable' && named.id) h = linkBlock(`https://streamable.com/${named.id}`, 'Video on Streamable');
  if (h) return asBlock(h);
  ctx.notes.push({ kind: 'removed', construct: `{{ ${name}() }}`, line });
  return '';
}
