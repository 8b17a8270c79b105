import { createHash } from 'node:crypto';

/**
 * URL-safe slug: lowercased, accents folded (é → e), every run of other characters a single
 * dash. Letters of non-Latin scripts are kept, so a Greek or Cyrillic title keeps a readable URL.
 */
export function slugify(text: string): string {
  let slug = memo.get(text);
  if (slug === undefined) {
    // Tags and categories repeat across thousands of posts and every dev rebuild; bounded so a
    // long dev session cannot grow it without limit.
    if (memo.size > 20_000) memo.clear();
    slug = computeSlug(text);
    memo.set(text, slug);
  }
  return slug;
}

const memo = new Map<string, string>();

const ASCII = /^[\x00-\x7f]*$/;

function computeSlug(text: string): string {
  // ASCII (most headings, tags and titles): no accents to fold, and its letters and digits are
  // a-z and 0-9 once lowercased; the same slug without Unicode normalisation and property classes.
  if (ASCII.test(text))
    return fitSegment(
      text
        .toLowerCase()
        .replace(/[^a-z0-9_]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    );
  return fitSegment(
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_]+/gu, '-')
      .replace(/^-+|-+$/g, ''),
  );
}

/** Bytes a path segment may take: file systems allow 255, and `index.html`, `-2` suffixes and temp names need room. */
export const MAX_SEGMENT_BYTES = 200;

/**
 * A path segment that fits in a file name: one over MAX_SEGMENT_BYTES (90 CJK characters are
 * 270 bytes) keeps its start, cut at a character boundary, and gains a hash of the whole name, so
 * two long names that share their start still get different folders.
 */
export function fitSegment(segment: string, maxBytes = MAX_SEGMENT_BYTES): string {
  if (Buffer.byteLength(segment) <= maxBytes) return segment;
  const hash = createHash('sha1').update(segment).digest('hex').slice(0, 8);
  const room = maxBytes - hash.length - 1;
  let out = '';
  let bytes = 0;
  for (const ch of segment) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > room) break;
    out += ch;
    bytes += n;
  }
  return `${out.replace(/[-.]+$/, '')}-${hash}`;
}

const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})-/;

/** `2024-03-01-my-post` → `my-post`; the prefix date is returned for tools that date posts by file name. */
export function stripDatePrefix(name: string): { name: string; date?: string } {
  const m = DATE_PREFIX.exec(name);
  if (!m) return { name };
  return { name: name.slice(m[0].length), date: `${m[1]}-${m[2]}-${m[3]}` };
}
