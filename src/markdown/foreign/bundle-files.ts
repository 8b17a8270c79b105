/**
 * Files of a page bundle that the post's raw HTML names (`<img src="chart.png">`,
 * `<a href="data.svg">`, `<source srcset>`, `<video src poster>`): the old tools published every
 * file of the bundle beside the page, so each one found is copied the way a Markdown image is and
 * its URL rewritten to the copy. Runs over the HTML the policy kept, so only allowed attributes
 * are seen; Markdown images were already resolved and carry absolute URLs, which are left alone.
 */

/** Elements whose attributes load or link a file, and those attributes. */
const TAG = /<(img|source|video|audio|track|a)\b([^>]*)>/gi;
const ATTR = /(\s)(src|href|poster|srcset)="([^"]*)"/gi;
/**
 * Pages, Markdown and template sources named from a link are other pages of the old site (a
 * 404 page's `href="index.njk"` meant the home page), never files to publish.
 */
const PAGE_LINK = /\.(?:md|markdown|mdx|html?|php|njk|liquid|hbs|handlebars|mustache|ejs|haml|pug|jsx?|tsx?|mjs|cjs|astro|svelte|vue|11ty\.js)$/i;

export interface BundleRef {
  /** As written (entities decoded). */
  src: string;
  /** The element, for the note: a link to a missing file is not an image lost. */
  tag: string;
}

/**
 * Rewrites every relative file reference `find` resolves; `find` returns the URL of the copy,
 * or undefined (left as written, reported by `find` when it is a loss).
 */
export function rewriteBundleRefs(html: string, find: (ref: BundleRef) => string | undefined): string {
  if (!/<(?:img|source|video|audio|track|a)\b/i.test(html)) return html;
  return html.replace(TAG, (whole, tag: string, attrs: string) => {
    const name = tag.toLowerCase();
    const next = attrs.replace(ATTR, (a, space: string, attr: string, value: string) => {
      const key = attr.toLowerCase();
      if (name === 'a' && key !== 'href') return a;
      if (key === 'srcset') {
        const parts = value.split(',').map((part) => {
          const [url, ...rest] = part.trim().split(/\s+/);
          const copy = url ? one(url, name, find) : undefined;
          return copy ? [escapeUrl(copy), ...rest].join(' ') : part.trim();
        });
        return `${space}${attr}="${parts.join(', ')}"`;
      }
      const copy = one(value, name, find);
      return copy ? `${space}${attr}="${escapeUrl(copy)}"` : a;
    });
    return next === attrs ? whole : `<${tag}${next}>`;
  });
}

function one(value: string, tag: string, find: (ref: BundleRef) => string | undefined): string | undefined {
  const src = value.replace(/&amp;/g, '&').trim();
  if (!isLocalFile(src)) return undefined;
  const path = src.split(/[?#]/)[0]!;
  if (hidden(path)) return undefined;
  if (tag === 'a' && (PAGE_LINK.test(path) || path.endsWith('/') || !/\.[a-z0-9]{1,5}$/i.test(path))) return undefined;
  return find({ src, tag });
}

/** Relative, with no scheme, not a fragment or a root path: a file beside the post (or under its folder). */
function isLocalFile(src: string): boolean {
  return src !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('/') && !src.startsWith('#') && !src.startsWith('?');
}

/**
 * A dot-file or a file in a dot-folder (`.env.local`, `.git/config`): no old tool published one,
 * and they are where secrets live, so a link to one is left as written, never copied out.
 * Percent-escapes and backslashes count as the browser would read them (`%2egit`, `..\\.env`).
 */
function hidden(path: string): boolean {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Malformed escapes: the path as written.
  }
  return decoded.split(/[\\/]/).some((seg) => seg.startsWith('.') && seg !== '.' && seg !== '..');
}

function escapeUrl(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
