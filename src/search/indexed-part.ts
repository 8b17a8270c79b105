/** Elements Pagefind reads wherever they stand on the page. */
const BEFORE_BODY = /<(?:h1|img)\b/i;

/**
 * The part of a page Pagefind needs, when that part can be told apart safely: the opening `<html>`
 * tag (its `lang`), the `<title>`, and everything from the element marked `data-pagefind-body` to
 * the end. Pagefind reads only that element once any page has one (Casebook's posts and standalone
 * pages do), so the head's styles, scripts and links and the site header before the post are
 * bytes it would parse for nothing: about a quarter of a post page, and a quarter of the time
 * Pagefind spends reading it.
 *
 * The whole page is kept when anything before the body element could matter: a `data-pagefind-`
 * attribute (a filter or meta a component override put in the header is read wherever it
 * stands), an `<h1>` or an `<img>` (Pagefind titles a result with the page's first heading and
 * takes the image that follows it, wherever they stand), or markup this reading does not expect.
 */
export function indexedPart(html: string): string {
  // Casebook's templates write the attribute last in the tag; escaped text cannot hold `…body>`
  // (a `>` in text or an attribute value is written as `&gt;`).
  const marker = html.indexOf(' data-pagefind-body>');
  if (marker < 0) return html;
  const start = html.lastIndexOf('<', marker);
  // Any `data-pagefind-` before the body's own attribute (which starts after `marker`).
  if (start < 0 || html.lastIndexOf('data-pagefind-', marker) >= 0) return html;
  const before = html.slice(0, start);
  if (BEFORE_BODY.test(before)) return html;
  const head = /^(?:<!doctype html>\s*)?<html\b[^>]*>\s*<head>/i.exec(before);
  const title = /<title>[^<]*<\/title>/.exec(before);
  if (!head || !title) return html;
  return `${head[0]}${title[0]}</head><body>${html.slice(start)}`;
}
