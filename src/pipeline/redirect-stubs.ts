import type { Warning } from '../errors/index.js';
import type { Post } from '../site/index.js';

/** `<meta http-equiv="refresh" content="0; url=…">`, any case, quoted either way or not. */
const REFRESH = /<meta\b[^>]*\bhttp-equiv\s*=\s*(["']?)refresh\1[^>]*>/gi;
/** What a redirect stub may carry besides the refresh: a link to the new place, page wrappers, a few words. */
const LINK = /<a\b[^>]*>[\s\S]*?<\/a>|\[[^\]\n]*\]\([^)\n]*\)|<\/?(?:html|head|body|p|div|title)\b[^>]*>|<(?:https?:)[^>\s]*>/gi;
const MAX_WORDS = 12;

/** The address a refresh tag sends to, as written (quotes removed), or undefined. */
function refreshTarget(tag: string): string | undefined {
  const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
  const value = content ? (content[1] ?? content[2] ?? content[3]!) : '';
  const url = /^\s*\d*(?:\.\d+)?\s*[;,]?\s*url\s*=\s*(.*)$/i.exec(value)?.[1]?.trim();
  return url?.replace(/^(["'])(.*)\1$/, '$2').trim() || undefined;
}

/**
 * The address of a post whose whole body is a meta refresh (an old blog's note that a post
 * moved elsewhere), or undefined for a post with content of its own.
 */
export function redirectStubTarget(body: string): string | undefined {
  const tags = body.match(REFRESH);
  if (tags?.length !== 1) return undefined;
  const rest = body
    .replace(REFRESH, '')
    .replace(LINK, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  if (/[<#|`]/.test(rest) || rest.split(/\s+/).filter(Boolean).length > MAX_WORDS) return undefined;
  return refreshTarget(tags[0]) ?? '';
}

/**
 * Posts of a site made with another tool that were only a redirect: taken out of the posts (no
 * page, no list, no feed) and returned as redirects to their http(s) target, one warning each
 * (CB1541). A stub pointing anywhere else stays an ordinary post, with warning CB1542.
 */
export function splitRedirectStubs(posts: Post[], warnings: Warning[]): { posts: Post[]; redirects: { post: Post; target: string }[] } {
  const kept: Post[] = [];
  const redirects: { post: Post; target: string }[] = [];
  for (const post of posts) {
    const written = redirectStubTarget(post.body);
    if (written === undefined) {
      kept.push(post);
      continue;
    }
    const target = httpTarget(written);
    const location = { file: post.file };
    if (!target) {
      warnings.push({ code: 'CB1542', message: `${post.rel} is only a redirect to "${written}", which is not an http(s) address: built as a post.`, location });
      kept.push(post);
      continue;
    }
    // The refresh tag it carried is the redirect now, not a removal to report; its page (and title) is gone.
    for (let i = warnings.length - 1; i >= 0; i--) {
      const w = warnings[i]!;
      if ((w.code === 'CB1304' || w.code === 'CB1101') && w.location?.file === post.file) warnings.splice(i, 1);
    }
    warnings.push({ code: 'CB1541', message: `${post.rel} was a redirect to ${target}: /${post.path} redirects there, unlisted.`, location });
    redirects.push({ post, target });
  }
  return { posts: kept, redirects };
}

function httpTarget(written: string): string | undefined {
  try {
    const url = new URL(written);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
