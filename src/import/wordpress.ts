import { CasebookError, type Warning } from '../errors/index.js';
import { slugify } from '../util/slug.js';
import { laterDay, parseInstant, parseSqlDateTime, writeWallClock } from './dates.js';
import { htmlText } from './html-to-markdown.js';
import { countSkipped, type ImportedItem, type ImportSource } from './types.js';
import { prepareWordPressContent, type Attachment } from './wordpress-content.js';
import { elementLines, parseXml, xmlAttr, xmlText } from './xml.js';

type Node = Record<string, unknown>;

const ARRAYS = ['item', 'category', 'wp:postmeta', 'wp:category', 'wp:tag', 'wp:term', 'wp:author', 'wp:comment'];

/** Post types WordPress uses for its own machinery: never content, never worth a warning. */
const INTERNAL_TYPES = new Set([
  'revision',
  'nav_menu_item',
  'wp_block',
  'wp_template',
  'wp_template_part',
  'wp_global_styles',
  'wp_navigation',
  'custom_css',
  'customize_changeset',
  'oembed_cache',
  'user_request',
  'wp_font_family',
  'wp_font_face',
  'scheduled-action',
]);

const TAGLINE_DEFAULTS = /^(just another wordpress site|just another .* weblog)$/i;

function meta(item: Node): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of (item['wp:postmeta'] as Node[] | undefined) ?? []) out.set(xmlText(m['wp:meta_key']), xmlText(m['wp:meta_value']));
  return out;
}

function decodeSlug(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Local time minus GMT, in minutes, rounded to the quarter hour zones use. */
function offsetOf(local: number | undefined, gmt: number | undefined): number | undefined {
  if (local === undefined || gmt === undefined) return undefined;
  return Math.round((local - gmt) / 60000 / 15) * 15;
}

/** Reads a WordPress eXtended RSS (WXR) export: Tools → Export → All content. */
export function readWordPress(text: string, file: string): ImportSource {
  const doc = parseXml(text, file, ARRAYS);
  const rss = doc.rss as Node | undefined;
  const channel = rss?.channel as Node | undefined;
  const isWxr = !!channel && (Object.keys(rss!).some((k) => k.startsWith('@_xmlns:wp')) || Object.keys(channel).some((k) => k.startsWith('wp:')));
  if (!channel || !isWxr) {
    throw new CasebookError(
      'CB3103',
      rss ? 'The file is an RSS feed without WordPress export data (no wp: elements).' : 'The file is XML, but not an RSS/WXR document.',
      { file },
    );
  }
  const warnings: Warning[] = [];
  const skipped: Record<string, number> = {};
  const items = (channel.item as Node[] | undefined) ?? [];
  const lines = elementLines(text, 'item');
  const siteUrl = (xmlText(channel['wp:base_blog_url']) || xmlText(channel.link)).trim();
  const description = htmlText(xmlText(channel.description));
  const authors = (channel['wp:author'] as Node[] | undefined) ?? [];

  // Attachments first: posts refer to them (featured image, [gallery]) wherever they appear in the file.
  const attachments = new Map<string, Attachment>();
  for (const item of items) {
    if (xmlText(item['wp:post_type']) !== 'attachment') continue;
    const m = meta(item);
    attachments.set(xmlText(item['wp:post_id']), {
      url: xmlText(item['wp:attachment_url']).trim() || xmlText(item.guid).trim(),
      alt: m.get('_wp_attachment_image_alt') ?? '',
      title: htmlText(xmlText(item.title)),
      caption: htmlText(xmlText(item['excerpt:encoded'])),
      parent: xmlText(item['wp:post_parent']),
    });
  }

  // Drafts have no GMT date; they get the offset most published posts were written in.
  const offsets = new Map<number, number>();
  for (const item of items) {
    const o = offsetOf(parseSqlDateTime(xmlText(item['wp:post_date'])), parseSqlDateTime(xmlText(item['wp:post_date_gmt'])));
    if (o !== undefined) offsets.set(o, (offsets.get(o) ?? 0) + 1);
  }
  const usualOffset = [...offsets].sort((a, b) => b[1] - a[1])[0]?.[0];
  const dateOf = (localText: unknown, gmtText: unknown): string | undefined => {
    const local = parseSqlDateTime(xmlText(localText));
    if (local === undefined) return undefined;
    return writeWallClock(local, offsetOf(local, parseSqlDateTime(xmlText(gmtText))) ?? usualOffset);
  };

  const out: ImportedItem[] = [];
  items.forEach((item, index) => {
    const origin = { file, ...(lines[index] ? { line: lines[index] } : {}) };
    const type = xmlText(item['wp:post_type']);
    const status = xmlText(item['wp:status']);
    const id = xmlText(item['wp:post_id']);
    if (type === 'attachment') return countSkipped(skipped, 'attachments');
    if (INTERNAL_TYPES.has(type))
      return countSkipped(skipped, type === 'revision' ? 'revisions' : type === 'nav_menu_item' ? 'menu items' : 'theme and block items');
    if (type !== 'post' && type !== 'page') {
      countSkipped(skipped, `"${type}" items`);
      warnings.push({ code: 'CB3123', message: `"${htmlText(xmlText(item.title)) || id}" is a "${type}", not a post or page.`, location: origin });
      return;
    }
    if (status === 'auto-draft') return countSkipped(skipped, 'auto-drafts');
    if (status === 'trash') return countSkipped(skipped, 'trashed items');

    let title = htmlText(xmlText(item.title));
    const m = meta(item);
    let draft = status === 'draft' || status === 'pending';
    const hidden = status === 'private' ? 'private' : xmlText(item['wp:post_password']) ? 'password-protected' : undefined;
    if (hidden) {
      draft = true;
      warnings.push({ code: 'CB3122', message: `"${title || id}" was ${hidden}; imported as a draft.`, location: origin });
    }
    if (!title) {
      title = 'Untitled';
      warnings.push({ code: 'CB3124', message: `The ${type} with id ${id} has no title.`, location: origin });
    }
    const postName = decodeSlug(xmlText(item['wp:post_name']).trim());
    const slug = slugify(postName) || slugify(title) || `${type}-${id}`;

    const tags: string[] = [];
    const categories: string[] = [];
    for (const c of (item.category as unknown[] | undefined) ?? []) {
      const name = htmlText(xmlText(c));
      if (!name) continue;
      const domain = xmlAttr(c, 'domain');
      if (domain === 'post_tag') tags.push(name);
      else if (domain === 'category' && xmlAttr(c, 'nicename') !== 'uncategorized') categories.push(name);
    }

    const link = xmlText(item.link).trim();
    const oldUrls: string[] = [];
    if (link && !link.includes('?')) {
      oldUrls.push(link);
      // WordPress redirects a post's earlier slugs; keep doing so.
      const oldSlugs = ((item['wp:postmeta'] as Node[] | undefined) ?? [])
        .filter((x) => xmlText(x['wp:meta_key']) === '_wp_old_slug')
        .map((x) => xmlText(x['wp:meta_value']));
      const tail = xmlText(item['wp:post_name']).trim();
      for (const old of oldSlugs) {
        if (tail && old && link.includes(`/${tail}`))
          oldUrls.push(link.replace(new RegExp(`/${tail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/?)$`), `/${old}$1`));
      }
    }
    const origin2 = siteUrl.replace(/\/+$/, '');
    const linkUrls = [xmlText(item.guid).trim(), `${origin2}/?p=${id}`, `${origin2}/?page_id=${id}`].filter((u) => u.includes('?'));

    const thumb = attachments.get(m.get('_thumbnail_id') ?? '');
    const prepared = prepareWordPressContent(xmlText(item['content:encoded']), { postId: id, attachments });
    if (prepared.removed.length) {
      warnings.push({
        code: 'CB3120',
        message: `Removed shortcode${prepared.removed.length > 1 ? 's' : ''} ${prepared.removed.map((n) => `[${n}]`).join(', ')} in "${title}".`,
        location: origin,
      });
    }
    // Some exporters write only the GMT date or only the RSS pubDate; each names the same moment.
    const gmt = parseSqlDateTime(xmlText(item['wp:post_date_gmt']));
    const pub = parseInstant(xmlText(item.pubDate));
    const date =
      dateOf(item['wp:post_date'], item['wp:post_date_gmt']) ??
      (gmt !== undefined ? writeWallClock(gmt, 0) : pub !== undefined ? writeWallClock(pub, 0) : undefined);
    if (date === undefined && !draft) {
      warnings.push({
        code: 'CB1502',
        message: `"${title}" has no wp:post_date, wp:post_date_gmt or pubDate; it is imported without a date.`,
        location: origin,
      });
    }
    const updated = dateOf(item['wp:post_modified'], item['wp:post_modified_gmt']);
    out.push({
      kind: type === 'page' ? 'page' : 'post',
      title,
      slug,
      date,
      updated: laterDay(date, updated) ? updated : undefined,
      description: htmlText(xmlText(item['excerpt:encoded'])) || undefined,
      tags,
      categories,
      image: thumb?.url || undefined,
      imageAlt: thumb?.alt || undefined,
      draft,
      oldUrls,
      linkUrls,
      series: undefined,
      body: { html: prepared.html },
      origin,
    });
  });

  const notes: string[] = [];
  const plain = out.filter((i) => !i.draft && !i.oldUrls.length).length;
  if (plain) {
    notes.push(
      `${plain} published ${plain === 1 ? 'item has' : 'items have'} a query-string address (?p=123, "plain" permalinks); a static site cannot redirect those, so links to them from elsewhere will need updating.`,
    );
  }
  return {
    platform: 'wordpress',
    site: {
      title: htmlText(xmlText(channel.title)) || undefined,
      description: description && !TAGLINE_DEFAULTS.test(description) ? description : undefined,
      baseUrl: /^https?:\/\//i.test(siteUrl) ? siteUrl : undefined,
      lang: xmlText(channel.language).trim() || undefined,
      author: authors.length === 1 ? htmlText(xmlText(authors[0]!['wp:author_display_name'])) || undefined : undefined,
    },
    items: out,
    skipped,
    warnings,
    notes,
  };
}
