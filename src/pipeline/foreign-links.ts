import { createHash } from 'node:crypto';
import { basename, dirname, extname } from 'node:path/posix';
import type { SourcePost } from '../content/index.js';
import type { Warning } from '../errors/index.js';
import type { ForeignNote, RefKind } from '../markdown/foreign/preprocess.js';

/** Posts by the names the old tools' link tags use: Hugo ref/relref, Jekyll post_url and link, Zola `@/`. */
export interface LinkIndex {
  resolverFor: (post: SourcePost) => (kind: RefKind, target: string) => string | undefined;
  /** Changes whenever a post that links can point at moves: part of the render cache key of posts that link. */
  digest: string;
}

const REF_SYNTAX = /\b(?:rel)?ref\b|post_url|\{%-?\s*link\b|\]\(@\/|\]:\s*@\//;

/** True when the body uses a link tag, so its rendering depends on other posts' URLs. */
export function usesReferences(body: string): boolean {
  return REF_SYNTAX.test(body);
}

export function createLinkIndex(posts: SourcePost[], paths: Map<SourcePost, string>): LinkIndex {
  const byContent = new Map<string, string>();
  const byRel = new Map<string, string>();
  const byPostName = new Map<string, string>();
  const byBase = new Map<string, string | null>();
  for (const post of posts) {
    const path = paths.get(post);
    if (path === undefined) continue;
    // Spaces escaped: the URL lands inside Markdown link destinations.
    const url = `/${path.replace(/ /g, '%20')}`;
    const f = post.rel;
    byRel.set(f.toLowerCase(), url);
    const contentRel = contentRelOf(post);
    const noExt = contentRel.slice(0, contentRel.length - extname(contentRel).length);
    for (const k of [contentRel, noExt, ...(basename(noExt) === 'index' || basename(noExt) === '_index' ? [dirname(noExt)] : [])])
      byContent.set(k.toLowerCase(), url);
    const b = basename(noExt) === 'index' ? basename(dirname(noExt)) : basename(noExt);
    byBase.set(b.toLowerCase(), byBase.has(b.toLowerCase()) ? null : url);
    const at = f.split('/').indexOf('_posts');
    if (at >= 0) {
      const name = f
        .split('/')
        .slice(at + 1)
        .join('/');
      byPostName.set(name.slice(0, name.length - extname(name).length).toLowerCase(), url);
    }
  }
  const digest = createHash('sha1')
    .update(JSON.stringify([...byRel].sort()))
    .digest('hex');
  return {
    digest,
    resolverFor: (post) => (kind, rawTarget) => {
      const target = rawTarget.trim().replace(/^["']|["']$/g, '');
      if (kind === 'link') return byRel.get(target.replace(/^\/+/, '').toLowerCase());
      if (kind === 'post_url')
        return byPostName.get(
          target
            .replace(/^\/+/, '')
            .replace(/\.(md|markdown|html)$/i, '')
            .toLowerCase(),
        );
      const clean = target.replace(/\/+$/, '');
      if (kind === 'zola') return byContent.get(clean.replace(/^\/+/, '').toLowerCase());
      // Hugo: absolute from content/, else relative to the page's folder, else a unique file name.
      if (clean.startsWith('/')) return byContent.get(clean.slice(1).toLowerCase());
      const own = dirname(contentRelOf(post));
      const relative = own === '.' ? clean : `${own}/${clean}`;
      return (
        byContent.get(normalize(relative).toLowerCase()) ??
        byContent.get(clean.toLowerCase()) ??
        byBase.get(
          basename(clean)
            .replace(/\.(md|markdown|html)$/i, '')
            .toLowerCase(),
        ) ??
        undefined
      );
    },
  };
}

function contentRelOf(post: SourcePost): string {
  return post.foreignBody?.contentRel ?? post.rel;
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (s === '..') out.pop();
    else if (s !== '.' && s !== '') out.push(s);
  }
  return out.join('/');
}

/** One warning per removed construct for the whole build (with how often and where first), one per broken link. */
export function foreignWarnings(notes: { file: string; note: ForeignNote }[]): Warning[] {
  const removed = new Map<string, { count: number; files: Set<string>; first: { file: string; line: number } }>();
  const out: Warning[] = [];
  for (const { file, note } of notes) {
    if (note.kind === 'missing-image') {
      out.push({
        code: 'CB1210',
        message: `The image "${note.construct}" exists neither beside the post nor in the static files.`,
        location: { file, line: note.line },
      });
      continue;
    }
    if (note.kind === 'unresolved') {
      out.push({ code: 'CB1208', message: `${note.construct} names no post of this site; the link points nowhere.`, location: { file, line: note.line } });
      continue;
    }
    const entry = removed.get(note.construct) ?? { count: 0, files: new Set<string>(), first: { file, line: note.line } };
    entry.count++;
    entry.files.add(file);
    removed.set(note.construct, entry);
  }
  for (const [construct, e] of removed) {
    const where = e.files.size > 1 ? ` in ${e.files.size} posts` : '';
    out.push({ code: 'CB1205', message: `${construct} removed ${e.count === 1 ? 'once' : `${e.count} times`}${where} (first here).`, location: e.first });
  }
  return out;
}
