import { markdownInHtml } from './block-html.js';
import { commonSyntax } from './common.js';
import type { ForeignContext } from './context.js';
import { hugoShortcodes } from './hugo.js';
import { liquidTemplates } from './liquid.js';
import { mdxSyntax } from './mdx.js';
import { zolaSyntax } from './zola.js';

/**
 * A foreign post's body as Casebook's Markdown renderer should see it: the old tool's template
 * syntax rendered or removed (one module per family), then what all their Markdown shares.
 */
export function preprocessForeign(body: string, ctx: ForeignContext): string {
  let text = body;
  switch (ctx.body.family) {
    case 'hugo':
      text = hugoShortcodes(text, ctx);
      break;
    case 'liquid':
      text = liquidTemplates(text, ctx);
      break;
    case 'zola':
      text = zolaSyntax(text, ctx);
      break;
    case 'mdx':
      if (ctx.body.format === 'mdx') text = mdxSyntax(text, ctx);
      break;
  }
  if (ctx.body.format === 'markdown') text = markdownInHtml(text, { parseBlockHtml: ctx.parseBlockHtml ?? false, inline: ctx.inline });
  return ctx.body.format === 'html' ? text.replace(/<!--\s*more\s*-->/gi, '<!--more-->') : commonSyntax(text, ctx.body.excerptSeparator);
}

export type { ForeignContext, ForeignNote, RefKind } from './context.js';
