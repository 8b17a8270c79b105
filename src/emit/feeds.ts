import { summaryOf } from '../render/components.js';
import type { RenderContext } from '../render/context.js';
import type { Post } from '../site/index.js';
import { rfc3339, rfc822 } from '../util/dates.js';
import { escapeXml, jsonForScript } from '../util/escape.js';
import { absolutizeHtml } from './absolutize.js';

/** Posts in feeds: the newest 20 dated posts, as every feed reader expects newest first. */
export const FEED_SIZE = 20;

function feedPosts(ctx: RenderContext): Post[] {
  return ctx.model.posts.filter((p) => p.date).slice(0, FEED_SIZE);
}

function content(ctx: RenderContext, post: Post): string {
  return absolutizeHtml(post.rendered.html, ctx.model.origin, ctx.abs(post.path));
}

/** Reproducible: the feed's own date is the newest post's, never the time of the build. */
function feedUpdated(ctx: RenderContext) {
  const p = ctx.model.updated;
  return p ? (p.updated ?? p.date) : undefined;
}

export function rssFeed(ctx: RenderContext): string {
  const { config } = ctx.model;
  const updated = feedUpdated(ctx);
  const items = feedPosts(ctx).map((p) => {
    const url = ctx.abs(p.path);
    return `<item>
<title>${escapeXml(p.title)}</title>
<link>${escapeXml(url)}</link>
<guid isPermaLink="true">${escapeXml(url)}</guid>
<pubDate>${rfc822(p.date!)}</pubDate>
${ctx.model.author?.email ? `<author>${escapeXml(`${ctx.model.author.email} (${ctx.model.author.name})`)}</author>\n` : ''}${p.categories.map((c) => `<category>${escapeXml(c)}</category>\n`).join('')}<description>${escapeXml(summaryOf(p))}</description>
<content:encoded>${escapeXml(content(ctx, p))}</content:encoded>
</item>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>${escapeXml(config.title)}</title>
<link>${escapeXml(ctx.abs(''))}</link>
<description>${escapeXml(config.description || config.title)}</description>
<language>${escapeXml(config.lang)}</language>
<generator>Casebook</generator>
${updated ? `<lastBuildDate>${rfc822(updated)}</lastBuildDate>\n` : ''}<atom:link href="${escapeXml(ctx.abs('feed.xml'))}" rel="self" type="application/rss+xml"/>
${items.join('\n')}
</channel>
</rss>
`;
}

export function atomFeed(ctx: RenderContext): string {
  const { config } = ctx.model;
  const updated = feedUpdated(ctx);
  const author = ctx.model.author ?? { name: config.title };
  const entries = feedPosts(ctx).map((p) => {
    const url = ctx.abs(p.path);
    return `<entry>
<title type="text">${escapeXml(p.title)}</title>
<link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
<id>${escapeXml(url)}</id>
<published>${rfc3339(p.date!)}</published>
<updated>${rfc3339(p.updated ?? p.date!)}</updated>
${p.categories.map((c) => `<category term="${escapeXml(c)}"/>\n`).join('')}<summary type="text">${escapeXml(summaryOf(p))}</summary>
<content type="html" xml:base="${escapeXml(url)}">${escapeXml(content(ctx, p))}</content>
</entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(config.lang)}">
<title type="text">${escapeXml(config.title)}</title>
${config.description ? `<subtitle type="text">${escapeXml(config.description)}</subtitle>\n` : ''}<link rel="alternate" type="text/html" href="${escapeXml(ctx.abs(''))}"/>
<link rel="self" type="application/atom+xml" href="${escapeXml(ctx.abs('atom.xml'))}"/>
<id>${escapeXml(ctx.abs(''))}</id>
<updated>${updated ? rfc3339(updated) : '1970-01-01T00:00:00Z'}</updated>
<author><name>${escapeXml(author.name)}</name>${'email' in author && author.email ? `<email>${escapeXml(author.email)}</email>` : ''}</author>
<generator>Casebook</generator>
${entries.join('\n')}
</feed>
`;
}

export function jsonFeed(ctx: RenderContext): string {
  const { config } = ctx.model;
  const a = ctx.model.author;
  const authors = a ? [{ name: a.name, ...(a.url ? { url: a.url } : {}) }] : undefined;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: config.title,
    home_page_url: ctx.abs(''),
    feed_url: ctx.abs('feed.json'),
    ...(config.description ? { description: config.description } : {}),
    language: config.lang,
    ...(authors ? { authors } : {}),
    items: feedPosts(ctx).map((p) => ({
      id: ctx.abs(p.path),
      url: ctx.abs(p.path),
      title: p.title,
      content_html: content(ctx, p),
      summary: summaryOf(p),
      date_published: rfc3339(p.date!),
      ...(p.updated ? { date_modified: rfc3339(p.updated) } : {}),
      ...(p.tags.length ? { tags: p.tags } : {}),
    })),
  };
  return jsonForScript(feed, 1) + '\n';
}
