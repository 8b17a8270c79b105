/**
 * Names other tools use for Casebook's fields (Hugo, Jekyll, Astro themes, Eleventy, Next.js
 * starters), so existing posts build without editing their front matter.
 */
export const FIELD_ALIASES: Readonly<Record<string, string>> = {
  pubDate: 'date',
  pubDatetime: 'date',
  lastmod: 'updated',
  updatedDate: 'updated',
  modDatetime: 'updated',
  summary: 'description',
  excerpt: 'description',
  subtitle: 'description',
  canonicalURL: 'canonical',
  canonicalUrl: 'canonical',
  canonical_url: 'canonical',
  cover: 'image',
  heroImage: 'image',
  ogImage: 'image',
  category: 'categories',
};

export interface AliasConflict {
  key: string;
  other: string;
}

/**
 * Maps aliases onto canonical names. `published` is special: `published: false` means draft
 * (Jekyll, dev.to) while `published: 2024-03-01` is a date (several Astro themes).
 */
export function applyAliases(data: Record<string, unknown>): { data: Record<string, unknown>; conflict?: AliasConflict } {
  const out: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  const put = (canonical: string, key: string, value: unknown): AliasConflict | undefined => {
    if (canonical in out) return { key, other: origin[canonical]! };
    out[canonical] = value;
    origin[canonical] = key;
    return undefined;
  };
  for (const [key, value] of Object.entries(data)) {
    let conflict: AliasConflict | undefined;
    if (key === 'published') {
      conflict = typeof value === 'boolean' ? put('draft', key, !value) : put('date', key, value);
    } else {
      conflict = put(FIELD_ALIASES[key] ?? key, key, value);
    }
    if (conflict) return { data: out, conflict };
  }
  return { data: out };
}
