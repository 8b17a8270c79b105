import type { Finding } from './finding.js';
import { parseSrcset } from '../util/srcset.js';
import { lineIndex, scanTags, titleOf, type Tag } from './html-scan.js';

export interface SiteFiles {
  /** Site-relative path → text for HTML/XML/JSON, or `true` for other files. */
  files: Map<string, string | true>;
  /** Base path of the site (`/` or `/blog/`) and its origin, from the config or the canonical link. */
  base: string;
  origin: string;
}

export interface PageFacts {
  ids: Set<string>;
  title: string | undefined;
  description: string | undefined;
  /** Continuation pages and noindex pages are left out of the duplicate checks. */
  indexable: boolean;
}

const LINK_ATTRS: Record<string, string[]> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  img: ['src'],
  script: ['src'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  iframe: ['src'],
  track: ['src'],
  embed: ['src'],
  object: ['data'],
};
const SKIP_REL = new Set(['preconnect', 'dns-prefetch', 'canonical', 'me']);
const LOCAL_HOST = /^(localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1?\])$/i;

/** A URL that only works on the author's machine: published, it is broken for every reader. */
export function isLocalUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOCAL_HOST.test(url.hostname.replace(/\.$/, ''));
  } catch {
    return false;
  }
}

export type Target = { kind: 'internal'; path: string; fragment: string | undefined } | { kind: 'external'; url: string } | { kind: 'skip' };

/** Classifies a URL found on the page at `pageUrl` (an absolute URL of the site). */
export function classify(raw: string, pageUrl: URL, site: SiteFiles): Target {
  const value = raw.trim();
  if (value === '' || /^(mailto|tel|javascript|data|sms|about):/i.test(value)) return { kind: 'skip' };
  let url: URL;
  try {
    url = new URL(value, pageUrl);
  } catch {
    return { kind: 'internal', path: value, fragment: undefined };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'skip' };
  if (url.origin !== site.origin) return { kind: 'external', url: url.href };
  const fragment = url.hash ? decodeOrRaw(url.hash.slice(1)) : undefined;
  return { kind: 'internal', path: decodeOrRaw(url.pathname), fragment };
}

/** A percent-decoded URL part, or the part as written when it is not valid percent-encoding (`/100%/`). */
export function decodeOrRaw(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The file an internal path is served from, or undefined when none exists. */
export function resolveFile(path: string, site: SiteFiles): string | undefined {
  if (!path.startsWith(site.base)) return undefined;
  const rel = path.slice(site.base.length);
  const candidates = rel === '' || rel.endsWith('/') ? [`${rel}index.html`] : [rel, `${rel}/index.html`];
  return candidates.find((c) => site.files.has(c));
}

export function pageUrlOf(file: string, site: SiteFiles): URL {
  return new URL(site.base + file.replace(/(^|\/)index\.html$/, '$1'), site.origin);
}

/** First pass over a page: ids, title and description, for anchors and duplicate checks. */
export function pageFacts(html: string, tags: Tag[]): PageFacts {
  const ids = new Set<string>();
  let description: string | undefined;
  let indexable = true;
  for (const t of tags) {
    const id = t.attrs.get('id');
    if (id) ids.add(id);
    if (t.name === 'a' && t.attrs.has('name')) ids.add(t.attrs.get('name')!);
    if (t.name === 'meta' && t.attrs.get('name') === 'description') description = t.attrs.get('content');
    if (t.name === 'meta' && t.attrs.get('name') === 'robots' && /noindex/.test(t.attrs.get('content') ?? '')) indexable = false;
    if (t.name === 'link' && t.attrs.get('rel') === 'prev') indexable = false;
  }
  return { ids, title: titleOf(html), description, indexable };
}

export interface PageCheckInput {
  file: string;
  html: string;
  tags: Tag[];
  site: SiteFiles;
  facts: Map<string, PageFacts>;
  /** External URLs found, with where, for the optional --external pass. */
  external: Map<string, { file: string; line: number; column: number }>;
}

/** Links, anchors, images, alt text, duplicate ids and heading levels on one page. */
export function checkPage({ file, html, tags, site, facts, external }: PageCheckInput): Finding[] {
  const out: Finding[] = [];
  const at = lineIndex(html);
  const pageUrl = pageUrlOf(file, site);
  const own = facts.get(file)!;
  const add = (severity: Finding['severity'], rule: string, tag: Tag, message: string) => out.push({ severity, rule, file, ...at(tag.offset), message });

  const seenIds = new Map<string, number>();
  let lastHeading = 0;
  let reportedLocal = false;
  for (const tag of tags) {
    // Links, canonical and Open Graph URLs alike: one report per page is enough to act on.
    if (!reportedLocal) {
      for (const name of ['href', 'src', 'content']) {
        const value = tag.attrs.get(name);
        if (value && isLocalUrl(value)) {
          add(
            'error',
            'localhost-link',
            tag,
            `${value} points at this machine; published, it is broken. Set baseUrl (or --base-url) and link with site paths.`,
          );
          reportedLocal = true;
          break;
        }
      }
    }
    const id = tag.attrs.get('id');
    if (id !== undefined) {
      if (seenIds.has(id)) add('error', 'duplicate-id', tag, `id "${id}" is used more than once on this page (first on line ${at(seenIds.get(id)!).line}).`);
      else seenIds.set(id, tag.offset);
    }
    const level = /^h([1-6])$/.exec(tag.name)?.[1];
    if (level) {
      const n = Number(level);
      if (lastHeading && n > lastHeading + 1)
        add('warning', 'heading-order', tag, `<h${n}> follows <h${lastHeading}>: heading level ${lastHeading + 1} is skipped.`);
      lastHeading = n;
    }
    if (tag.name === 'img' && !tag.attrs.has('alt')) {
      add('error', 'img-alt', tag, `<img src="${tag.attrs.get('src') ?? ''}"> has no alt attribute (use alt="" for a decorative image).`);
    }
    if (tag.name === 'link' && (tag.attrs.get('rel') ?? '').split(/\s+/).some((r) => SKIP_REL.has(r))) continue;
    for (const { name, value } of urlsOf(tag)) {
      const target = classify(value, pageUrl, site);
      if (target.kind === 'skip') continue;
      if (target.kind === 'external') {
        if (!external.has(target.url)) external.set(target.url, { file, ...at(tag.offset) });
        continue;
      }
      const isImage = tag.name === 'img' || (tag.name === 'source' && (name === 'src' || name === 'srcset'));
      const resolved = value.startsWith('#') ? file : resolveFile(target.path, site);
      if (!resolved) {
        add('error', isImage ? 'missing-image' : 'broken-link', tag, `${value} leads nowhere: no file for ${target.path}.`);
        continue;
      }
      if (target.fragment && resolved.endsWith('.html')) {
        const ids = resolved === file ? own.ids : facts.get(resolved)?.ids;
        if (ids && !ids.has(target.fragment))
          add('error', 'missing-anchor', tag, `${value}: ${resolved === file ? 'this page' : `/${resolved}`} has no element with id "${target.fragment}".`);
      }
    }
  }
  return out;
}

/**
 * The URLs a tag loads or links, by attribute: those of LINK_ATTRS, and every candidate of the
 * `srcset` of an <img> or a <source>, since the browser may pick any of them (a 2x screen the
 * 2x file, a phone the 480w variant).
 */
function urlsOf(tag: Tag): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const name of LINK_ATTRS[tag.name] ?? []) {
    const value = tag.attrs.get(name);
    if (value !== undefined) out.push({ name, value });
  }
  const srcset = tag.name === 'img' || tag.name === 'source' ? tag.attrs.get('srcset') : undefined;
  if (srcset !== undefined) for (const value of srcsetUrls(srcset)) out.push({ name: 'srcset', value });
  return out;
}

/** The URLs of a srcset, as HTML parses it (util/srcset.ts): the same reading the build publishes them by. */
export function srcsetUrls(srcset: string): string[] {
  return parseSrcset(srcset).map((c) => c.url);
}

/** Pages sharing a <title> or a meta description (indexable pages only). */
export function duplicateFacts(facts: Map<string, PageFacts>): Finding[] {
  const out: Finding[] = [];
  for (const key of ['title', 'description'] as const) {
    const by = new Map<string, string[]>();
    for (const [file, f] of facts) {
      const v = f[key];
      if (!f.indexable || !v) continue;
      by.set(v, [...(by.get(v) ?? []), file]);
    }
    for (const [value, files] of by) {
      if (files.length < 2) continue;
      for (const file of files.slice(1)) {
        out.push({
          severity: 'warning',
          rule: `duplicate-${key}`,
          file,
          message: `Same ${key} as /${files[0]}: "${value.length > 80 ? value.slice(0, 77) + '…' : value}".`,
        });
      }
    }
  }
  return out;
}

export { scanTags };
