import MarkdownIt from 'markdown-it';

/**
 * One line of inline Markdown (a post's description on a card or under its title) as HTML:
 * links, emphasis and code only. Raw HTML in it is shown as text and link schemes are checked
 * by markdown-it, so nothing the author wrote reaches the page unescaped.
 */
let md: InstanceType<typeof MarkdownIt> | undefined;

export function inlineMarkdown(text: string): string {
  md ??= new MarkdownIt({ html: false, linkify: false, typographer: true });
  return md.renderInline(text.replace(/\s*\n\s*/g, ' '));
}
