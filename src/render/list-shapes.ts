import type { CARD_META_FIELDS } from '../config/schema.js';
import type { PlainDate } from '../util/dates.js';
import { html, type SafeHtml } from '../util/html.js';
import type { PostView } from '../theming/index.js';

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** "March 2024" in `lang`. Formatted in UTC from the plain date, so no zone can move the month. */
export function monthText(lang: string, d: PlainDate): string {
  let f = monthFormats.get(lang);
  if (!f) monthFormats.set(lang, (f = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' })));
  return f.format(new Date(Date.UTC(d.year, d.month - 1, d.day)));
}

/** The card meta line with the fields `lists.meta` names, in its order ("Databases · March 2024"). */
export function configuredMeta(post: PostView, fields: readonly (typeof CARD_META_FIELDS)[number][]): SafeHtml {
  const parts: SafeHtml[] = [];
  if (post.statusLabel) parts.push(html`<span class="status status-${post.status}">${post.statusLabel}</span>`);
  for (const field of fields) {
    if (field === 'kind' && post.kindLabel) parts.push(html`<span class="kind">${post.kindLabel}</span>`);
    if (field === 'category' && post.category) parts.push(html`<span class="category">${post.category.name}</span>`);
    if (field === 'date' && post.date) parts.push(html`<time datetime="${post.date.iso}">${post.date.text}</time>`);
    if (field === 'month' && post.date) parts.push(html`<time datetime="${post.date.iso}">${post.date.month}</time>`);
    if (field === 'readingTime') parts.push(html`<span>${post.readingTime}</span>`);
  }
  return html`<p class="meta" data-pagefind-ignore>${parts.map((p, i) => (i ? html`<span class="sep" aria-hidden="true"> · </span>${p}` : p))}</p>`;
}
