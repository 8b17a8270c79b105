import { Document } from 'yaml';

export const EXPORT_PLATFORMS = ['devto', 'hashnode'] as const;
export type ExportPlatform = (typeof EXPORT_PLATFORMS)[number];

/** What a platform needs to know about one post. */
export interface CrossPost {
  title: string;
  description: string | undefined;
  slug: string;
  tags: string[];
  canonicalUrl: string;
  coverImage: string | undefined;
  series: string | undefined;
  draft: boolean;
  /** Hashnode's blog domain (`you.hashnode.dev`), required by its GitHub import. */
  domain: string | undefined;
}

export interface PlatformRules {
  name: string;
  tagLimit: number;
  /** The tag as the platform accepts it, or '' when nothing of it survives. */
  normaliseTag(tag: string): string;
  frontMatter(post: CrossPost): [string, string | boolean | undefined][];
}

/** Symbols that carry meaning in tech tag names, spelled out the way both platforms do (c# → csharp). */
function spellSymbols(tag: string): string {
  return tag
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/#/g, 'sharp')
    .replace(/\+\+/g, 'pp')
    .replace(/\+/g, 'plus')
    .replace(/^\./, 'dot');
}

export const PLATFORMS: Record<ExportPlatform, PlatformRules> = {
  devto: {
    name: 'dev.to',
    tagLimit: 4,
    // dev.to tags are lowercase letters and digits only ("node.js" is "nodejs"), 30 characters at most.
    normaliseTag: (tag) =>
      spellSymbols(tag)
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 30),
    frontMatter: (p) => [
      ['title', p.title],
      ['published', !p.draft],
      ['description', p.description],
      ['tags', p.tags.join(', ')],
      ['canonical_url', p.canonicalUrl],
      ['cover_image', p.coverImage],
      ['series', p.series],
    ],
  },
  hashnode: {
    name: 'Hashnode',
    tagLimit: 5,
    // Hashnode tags are referred to by slug: lowercase words joined by dashes ("web-development").
    normaliseTag: (tag) =>
      spellSymbols(tag)
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 50),
    frontMatter: (p) => [
      ['title', p.title],
      ['subtitle', p.description],
      ['slug', p.slug],
      ['tags', p.tags.join(', ')],
      ['cover', p.coverImage],
      ['canonical', p.canonicalUrl],
      ['domain', p.domain],
      [
        'seriesSlug',
        p.series
          ? spellSymbols(p.series)
              .replace(/[^a-z0-9]+/g, '-')
              .replace(/^-+|-+$/g, '')
          : undefined,
      ],
      ['saveAsDraft', p.draft ? true : undefined],
    ],
  },
};

/**
 * Tags as the platform takes them: normalised, duplicates (after normalising) dropped, cut to
 * the limit. Tags first, then categories while there is room.
 */
export function platformTags(rules: PlatformRules, tags: string[], categories: string[]): { tags: string[]; dropped: string[] } {
  const seen = new Set<string>();
  const fromTags: string[] = [];
  for (const t of tags) {
    const n = rules.normaliseTag(t);
    if (n && !seen.has(n)) {
      seen.add(n);
      fromTags.push(n);
    }
  }
  const kept = fromTags.slice(0, rules.tagLimit);
  for (const c of categories) {
    if (kept.length >= rules.tagLimit) break;
    const n = rules.normaliseTag(c);
    if (n && !seen.has(n)) {
      seen.add(n);
      kept.push(n);
    }
  }
  return { tags: kept, dropped: fromTags.slice(rules.tagLimit) };
}

/** The platform's front matter block; values YAML would misread are quoted. */
export function platformFrontMatter(rules: PlatformRules, post: CrossPost): string {
  const data: Record<string, unknown> = {};
  for (const [k, v] of rules.frontMatter(post)) if (v !== undefined && v !== '') data[k] = v;
  return `---\n${new Document(data).toString({ lineWidth: 0 })}---\n`;
}
