import { summaryOf } from '../render/components.js';
import { caseStudySections, caseStudySummary } from '../render/case-study.js';
import { withLang } from '../render/context.js';
import { kindSpec } from '../content/index.js';
import type { RenderContext } from '../render/context.js';
import { feedLimit, type Post } from '../site/index.js';
import { rfc3339, rfc822, type SiteDate } from '../util/dates.js';
import { cdataXml, escapeXml, jsonForScript } from '../util/escape.js';
import { absolutizeHtml } from './absolutize.js';

/** What one feed covers: the whole site, or one category or tag. */
export interface FeedScope {
  posts: Post[];
  title: string;
  description: string;
  /** Site path of the HTML page the feed belongs to (`` or `tags/go/`). */
  home: string;
  /** Site path of the RSS and Atom files. */
  rss: string;
  atom: string;
  /** Site path of the JSON Feed, when the scope has one (`feed.json` for the site). */
  json?: string;
  /** Language of the feed when it is not the site's (a multilingual site's other edition). */
  lang?: string;
}

/** A feed beyond the site's three: an old site's feed kept at its URL in its format. */
export interface ExtraFeed {
  path: string;
  format: 'rss' | 'atom' | 'json';
  scope: FeedScope;
}

/** Renders an extra feed with the writer of its format. */
export function extraFeed(ctx: RenderContext, feed: ExtraFeed): string | Uint8Array {
  return feed.format === 'atom' ? atomFeed(ctx, feed.scope) : feed.format === 'json' ? jsonFeed(ctx, feed.scope) : rssFeed(ctx, feed.scope);
}

export function siteFeedScope(ctx: RenderContext): FeedScope {
  const { config } = ctx.model;
  return { posts: ctx.model.listed, title: config.title, description: config.description || config.title, home: '', rss: 'feed.xml', atom: 'atom.xml' };
}

/**
 * The posts a feed carries: dated, of a kind that declares itself in feeds (content/kinds.ts),
 * newest first, as many as `feedSize` says.
 */
export function feedPosts(ctx: RenderContext, scope: Pick<FeedScope, 'posts'>): Post[] {
  return scope.posts.filter((p) => p.date && kindSpec(p.kind).feed).slice(0, feedLimit(ctx.model.config));
}

/**
 * A post's body as feeds carry it (links made absolute), kept per rendered body: a body rendered
 * anew (dev) is never served from an older one; the URL is part of the entry.
 */
const feedBodies = new WeakMap<Post['rendered'], { key: string; html: string }>();

/**
 * What a feed carries of a post: its body, and for a case study, retrospective or postmortem the
 * parts its page shows around the story too (at a glance and outcomes, a postmortem's impact,
 * timeline, root cause and actions, decisions, trade-offs, lessons), so a subscriber reads what
 * the page says. Those come from front matter, which a dev rebuild may change under the same
 * rendered body, so they are made anew each time (per build: entries are kept per build).
 */
function content(ctx: RenderContext, post: Post): string {
  const { origin } = ctx.model;
  const url = ctx.abs(post.path);
  if (kindSpec(post.kind).layout === 'case-study') {
    const c = withLang(ctx, post.lang);
    const sections = caseStudySections(c, post);
    return absolutizeHtml(`${caseStudySummary(c, post).value}\n${sections.top.value}\n${post.rendered.html}\n${sections.html.value}`, origin, url);
  }
  const key = `${origin}\0${url}`;
  let body = feedBodies.get(post.rendered);
  if (body?.key !== key) {
    body = { key, html: absolutizeHtml(post.rendered.html, origin, url) };
    feedBodies.set(post.rendered, body);
  }
  return body.html;
}

/** Reproducible: the feed's own date is the newest post's, never the time of the build. */
function feedUpdated(scope: FeedScope) {
  let newest: SiteDate | undefined;
  for (const p of scope.posts) {
    if (!kindSpec(p.kind).feed) continue;
    const d = p.updated ?? p.date;
    if (d && (!newest || d.epoch > newest.epoch)) newest = d;
  }
  return newest;
}

/**
 * Each post's RSS item and Atom entry as UTF-8, made together once per build: a post sits in the
 * site's feeds and in those of its tags and category, and building, joining and encoding the
 * same entry again for each feed was a tenth of a clean build (35 ms of a 100-post one, whose tag
 * and category feeds are 8 MB). Its body goes in as a CDATA section (cdataXml), once for both, and
 * is not kept: held for the whole build, the escaped bodies were copied by every young-generation
 * collection. Escaping it called a function per `<`, `>`, `"` and `&` of the HTML: a CDATA
 * section cut a 1,000-post clean build by 2–3% (18–22 ms, medians of 11 alternating runs). No entry
 * depends on the feed it is in. Keyed by the build's model, so none outlives the build that made
 * it (dev reuses posts' rendered bodies, not their entries).
 */
const feedEntries = new WeakMap<RenderContext['model'], Map<Post, { rss: Buffer; atom: Buffer }>>();

function entriesOf(ctx: RenderContext, post: Post): { rss: Buffer; atom: Buffer } {
  let entries = feedEntries.get(ctx.model);
  if (!entries) feedEntries.set(ctx.model, (entries = new Map()));
  let entry = entries.get(post);
  if (!entry) {
    const url = ctx.abs(post.path);
    const xml = cdataXml(content(ctx, post));
    entry = { rss: Buffer.from(rssItem(ctx, post, url, xml)), atom: Buffer.from(atomEntry(post, url, xml)) };
    entries.set(post, entry);
  }
  return entry;
}

function rssItem(ctx: RenderContext, p: Post, url: string, xml: string): string {
  return `<item>
<title>${escapeXml(p.title)}</title>
<link>${escapeXml(url)}</link>
<guid isPermaLink="true">${escapeXml(url)}</guid>
<pubDate>${rfc822(p.date!)}</pubDate>
${ctx.model.author?.email ? `<author>${escapeXml(`${ctx.model.author.email} (${ctx.model.author.name})`)}</author>\n` : ''}${p.categories.map((c) => `<category>${escapeXml(c)}</category>\n`).join('')}<description>${escapeXml(summaryOf(p))}</description>
<content:encoded>${xml}</content:encoded>
</item>`;
}

function atomEntry(p: Post, url: string, xml: string): string {
  return `<entry>
<title type="text">${escapeXml(p.title)}</title>
<link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
<id>${escapeXml(url)}</id>
<published>${rfc3339(p.date!)}</published>
<updated>${rfc3339(p.updated ?? p.date!)}</updated>
${p.categories.map((c) => `<category term="${escapeXml(c)}"/>\n`).join('')}<summary type="text">${escapeXml(summaryOf(p))}</summary>
<content type="html" xml:base="${escapeXml(url)}">${xml}</content>
</entry>`;
}

const NEWLINE = Buffer.from('\n');

/** `head`, the entries one per line, and `tail`, as one buffer. */
function feedBytes(head: string, entries: Buffer[], tail: string): Uint8Array {
  const parts: Uint8Array[] = [Buffer.from(head)];
  entries.forEach((entry, i) => parts.push(...(i ? [NEWLINE, entry] : [entry])));
  parts.push(Buffer.from(tail));
  return Buffer.concat(parts);
}

export function rssFeed(ctx: RenderContext, scope: FeedScope = siteFeedScope(ctx)): Uint8Array {
  const { config } = ctx.model;
  const updated = feedUpdated(scope);
  const items = feedPosts(ctx, scope).map((p) => entriesOf(ctx, p).rss);
  return feedBytes(
    `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>${escapeXml(scope.title)}</title>
<link>${escapeXml(ctx.abs(scope.home))}</link>
<description>${escapeXml(scope.description)}</description>
<language>${escapeXml(scope.lang ?? config.lang)}</language>
<generator>Casebook</generator>
${updated ? `<lastBuildDate>${rfc822(updated)}</lastBuildDate>\n` : ''}<atom:link href="${escapeXml(ctx.abs(scope.rss))}" rel="self" type="application/rss+xml"/>
`,
    items,
    `
</channel>
</rss>
`,
  );
}

export function atomFeed(ctx: RenderContext, scope: FeedScope = siteFeedScope(ctx)): Uint8Array {
  const { config } = ctx.model;
  const updated = feedUpdated(scope);
  const author = ctx.model.author ?? { name: config.title };
  const entries = feedPosts(ctx, scope).map((p) => entriesOf(ctx, p).atom);
  return feedBytes(
    `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(scope.lang ?? config.lang)}">
<title type="text">${escapeXml(scope.title)}</title>
<subtitle type="text">${escapeXml(scope.description)}</subtitle>
<link rel="alternate" type="text/html" href="${escapeXml(ctx.abs(scope.home))}"/>
<link rel="self" type="application/atom+xml" href="${escapeXml(ctx.abs(scope.atom))}"/>
<id>${escapeXml(ctx.abs(scope.atom))}</id>
<updated>${updated ? rfc3339(updated) : '1970-01-01T00:00:00Z'}</updated>
<author><name>${escapeXml(author.name)}</name>${'email' in author && author.email ? `<email>${escapeXml(author.email)}</email>` : ''}</author>
<generator>Casebook</generator>
`,
    entries,
    `
</feed>
`,
  );
}

export function jsonFeed(ctx: RenderContext, scope: FeedScope = siteFeedScope(ctx)): string {
  const { config } = ctx.model;
  const a = ctx.model.author;
  const authors = a ? [{ name: a.name, ...(a.url ? { url: a.url } : {}) }] : undefined;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: scope.title,
    home_page_url: ctx.abs(scope.home),
    feed_url: ctx.abs(scope.json ?? 'feed.json'),
    ...(scope.description ? { description: scope.description } : {}),
    language: scope.lang ?? config.lang,
    ...(authors ? { authors } : {}),
    items: feedPosts(ctx, scope).map((p) => ({
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
