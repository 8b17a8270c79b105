import type { MarkdownIt } from 'markdown-it';

/**
 * False only where linkify-it's `test` must be false too: every link it finds has a scheme
 * (`https:`, `mailto:`), starts with `//`, holds an `@` (an e-mail address) or has a dot right
 * before the next label (`example.com`, `1.2.3.4`: the dot of a domain is never followed by a
 * space). Ordinary prose fails this at once; linkify-it's own test runs a search with large
 * Unicode classes over every paragraph, which was a sixth of markdown-it's time on such text.
 */
export function mayHoldLink(text: string): boolean {
  return MAYBE_LINK.test(text);
}

const MAYBE_LINK = /[:@]|\/\/|\.\S/;

/** Makes markdown-it's linkify pass skip the full test where `mayHoldLink` says no. */
export function precheckLinkify(md: MarkdownIt): void {
  const linkify = md.linkify;
  const full = linkify.test.bind(linkify);
  linkify.test = (text: string) => mayHoldLink(text) && full(text);
}
