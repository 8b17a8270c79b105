import { CasebookError, type Warning } from '../errors/index.js';
import { isValidTimeZone } from '../util/dates.js';
import { slugify } from '../util/slug.js';
import { laterDay, parseInstant, writeInstant } from './dates.js';
import { lexicalToHtml, mobiledocToHtml } from './ghost-content.js';
import { htmlText } from './html-to-markdown.js';
import { parseJsonFile } from './json-file.js';
import type { ImportedItem, ImportSource } from './types.js';

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Json[]) : []);

/** Ghost writes its own address as this placeholder in content and image fields (Ghost 4+). */
const GHOST_URL = /__GHOST_URL__/g;

/** Line numbers by offset, for pointing warnings at a post inside a large JSON file. */
export function lineLocator(text: string): (needle: string) => number | undefined {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (needle) => {
    const at = text.indexOf(needle);
    if (at < 0) return undefined;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function settingsOf(data: Json): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of list(data.settings)) {
    let v = s.value;
    // Some versions store values JSON-encoded ("\"My blog\"").
    if (typeof v === 'string' && /^".*"$/.test(v)) {
      try {
        v = JSON.parse(v);
      } catch {
        // keep as written
      }
    }
    if (typeof v === 'string') out.set(str(s.key), v);
  }
  return out;
}

function body(post: Json): ImportedItem['body'] {
  const html = str(post.html);
  if (html.trim()) return { html };
  for (const [field, render] of [
    ['lexical', lexicalToHtml],
    ['mobiledoc', mobiledocToHtml],
  ] as const) {
    const raw = post[field];
    if (!raw) continue;
    try {
      const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Json;
      // Ghost 1.x posts migrated from 0.x are a single Markdown card: keep that Markdown as written.
      const cards = doc.cards as [string, Json][] | undefined;
      const only = cards?.length === 1 ? cards[0] : undefined;
      const sections = doc.sections as unknown[] | undefined;
      if (only && (only[0] === 'markdown' || only[0] === 'card-markdown') && (!sections || sections.length <= 1)) {
        return { markdown: str(only[1]?.markdown) };
      }
      const out = render(doc);
      if (out.trim()) return { html: out };
    } catch {
      // A broken source field: fall through to the next one.
    }
  }
  if (str(post.markdown).trim()) return { markdown: str(post.markdown) };
  const text = str(post.plaintext);
  return {
    html: text
      .split(/\n{2,}/)
      .map((p) => `<p>${p.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)}</p>`)
      .join(''),
  };
}

/**
 * Ghost's cards as plain content: a bookmark card becomes one linked line, and the custom
 * player chrome of video and audio cards goes (the <video>/<audio> element stays).
 */
export function prepareGhostHtml(root: Element): void {
  const doc = root.ownerDocument;
  for (const card of Array.from(root.querySelectorAll('.kg-bookmark-card'))) {
    const href = card.querySelector('a')?.getAttribute('href');
    if (!href) continue;
    const title = card.querySelector('.kg-bookmark-title')?.textContent?.trim() || href;
    const description = card.querySelector('.kg-bookmark-description')?.textContent?.trim();
    const p = doc.createElement('p');
    const a = doc.createElement('a');
    a.setAttribute('href', href);
    a.textContent = title;
    p.appendChild(a);
    if (description) p.appendChild(doc.createTextNode(`: ${description}`));
    card.parentNode?.replaceChild(p, card);
  }
  for (const chrome of Array.from(root.querySelectorAll('.kg-video-overlay, .kg-video-player, .kg-audio-player, .kg-audio-thumbnail'))) chrome.remove();
}

/**
 * Reads a Ghost JSON export (Settings → Labs/Migrate → Export): `{ db: [{ data: { posts, tags,
 * posts_tags, posts_meta, settings } }] }`, or the bare `{ data }` of older versions.
 */
export function readGhost(text: string, file: string): ImportSource {
  const root = parseJsonFile(text, file) as Json;
  const db = (Array.isArray(root?.db) ? root.db[0] : root?.db) as Json | undefined;
  const data = (db?.data ?? root?.data ?? root ?? {}) as Json;
  if (!data || typeof data !== 'object' || !Array.isArray(data.posts)) {
    throw new CasebookError('CB3104', 'The JSON has no posts list at db[0].data.posts (or data.posts).', { file });
  }
  const warnings: Warning[] = [];
  const skipped: Record<string, number> = {};
  const lineOf = lineLocator(text);
  const settings = settingsOf(data);
  const timezone = settings.get('timezone') ?? settings.get('active_timezone');
  const zone = timezone && isValidTimeZone(timezone) ? timezone : 'UTC';
  const permalink = settings.get('permalinks') ?? '/:slug/';

  const tags = new Map<string, Json>();
  for (const t of list(data.tags)) tags.set(str(t.id), t);
  const tagsOf = new Map<string, { tag: Json; order: number }[]>();
  for (const pt of list(data.posts_tags)) {
    const tag = tags.get(str(pt.tag_id));
    if (!tag) continue;
    const entry = tagsOf.get(str(pt.post_id)) ?? [];
    entry.push({ tag, order: typeof pt.sort_order === 'number' ? pt.sort_order : entry.length });
    tagsOf.set(str(pt.post_id), entry);
  }
  const metaOf = new Map<string, Json>();
  for (const m of list(data.posts_meta)) metaOf.set(str(m.post_id), m);

  // Ghost's own address becomes the site root: uploads are then site paths under /content/.
  const unplaceholder = (value: string): string => value.replace(GHOST_URL, '');

  const items: ImportedItem[] = [];
  for (const post of list(data.posts)) {
    const id = str(post.id);
    const line = id ? lineOf(`"${id}"`) : undefined;
    const origin = { file, ...(line ? { line } : {}) };
    const isPage = post.type === 'page' || post.page === true || post.page === 1;
    const status = str(post.status);
    let title = str(post.title).trim();
    const meta = metaOf.get(id) ?? {};
    let draft = status === 'draft' || status === '';
    const hidden =
      status === 'sent'
        ? 'sent by email only'
        : post.visibility && post.visibility !== 'public'
          ? `visible to ${str(post.visibility) === 'paid' ? 'paying members' : 'members'} only`
          : undefined;
    if (hidden) {
      draft = true;
      warnings.push({ code: 'CB3122', message: `"${title || id}" was ${hidden}; imported as a draft.`, location: origin });
    }
    if (!title) {
      title = 'Untitled';
      warnings.push({ code: 'CB3124', message: `The ${isPage ? 'page' : 'post'} with id ${id} has no title.`, location: origin });
    }
    const slug = slugify(str(post.slug)) || slugify(title) || `post-${id}`;
    const publishedAt = parseInstant(post.published_at);
    const dateEpoch = publishedAt ?? (draft ? parseInstant(post.created_at) : undefined);
    const date = dateEpoch !== undefined ? writeInstant(dateEpoch, zone) : undefined;
    const updatedEpoch = parseInstant(post.updated_at);
    const updated = updatedEpoch !== undefined && !draft ? writeInstant(updatedEpoch, zone) : undefined;

    // Tags whose name starts with # are Ghost's internal tags (theme switches, routing): never public.
    const postTags = (tagsOf.get(id) ?? [])
      .sort((a, b) => a.order - b.order)
      .map((t) => t.tag)
      .filter((t) => !str(t.name).startsWith('#') && t.visibility !== 'internal')
      .map((t) => str(t.name).trim())
      .filter(Boolean);

    // Dated permalinks use the date in the blog's time zone, as `date` is written.
    const oldPath = permalink
      .replace(':slug', str(post.slug))
      .replace(':year', date?.slice(0, 4) ?? '')
      .replace(':month', date?.slice(5, 7) ?? '')
      .replace(':day', date?.slice(8, 10) ?? '')
      .replace(':id', id);
    const content = body(post);
    const image = unplaceholder(str(post.feature_image) || str(post.image));
    items.push({
      kind: isPage ? 'page' : 'post',
      title,
      slug,
      date,
      updated: laterDay(date, updated) ? updated : undefined,
      description: htmlText(str(post.custom_excerpt) || str(meta.meta_description) || str(post.meta_description)) || undefined,
      tags: postTags,
      categories: [],
      image: image || undefined,
      imageAlt: str(meta.feature_image_alt) || str(post.feature_image_alt) || undefined,
      draft,
      // Pages keep /slug/ even when posts have dated permalinks.
      oldUrls: str(post.slug) && !draft ? [isPage ? `/${str(post.slug)}/` : oldPath] : [],
      linkUrls: str(post.slug) ? [`/${str(post.slug)}/`, `/p/${str(post.uuid)}/`] : [],
      series: undefined,
      body: 'html' in content ? { html: unplaceholder(content.html) } : { markdown: unplaceholder(content.markdown) },
      origin,
    });
  }
  for (const t of tags.values()) if (str(t.name).startsWith('#')) skipped['internal #tags'] = (skipped['internal #tags'] ?? 0) + 1;

  const notes: string[] = [];
  const lang = settings.get('locale') ?? settings.get('lang') ?? settings.get('default_locale');
  return {
    platform: 'ghost',
    site: {
      title: settings.get('title')?.trim() || undefined,
      description: settings.get('description')?.trim() || undefined,
      lang: lang && lang.length >= 2 ? lang : undefined,
      timezone: zone !== 'UTC' || timezone ? zone : undefined,
      author: list(data.users).length === 1 ? str(list(data.users)[0]!.name).trim() || undefined : undefined,
    },
    items,
    skipped,
    warnings,
    notes,
    prepareHtml: prepareGhostHtml,
  };
}
