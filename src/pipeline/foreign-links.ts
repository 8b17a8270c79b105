import { createHash } from 'node:crypto';
import { basename, dirname, extname } from 'node:path/posix';
import type { SourcePost } from '../content/index.js';
import type { Warning } from '../errors/index.js';
import type { ForeignNote } from '../markdown/foreign/preprocess.js';
import type { LinkTables } from '../markdown/foreign/link-tables.js';

/** Posts by the names the old tools' link tags use: Hugo ref/relref, Jekyll post_url and link, Zola `@/`. */
export interface LinkIndex {
  /** Plain maps, which the renderer resolves link tags in (resolveLink), on any thread. */
  tables: LinkTables;
  /** Changes whenever a post that links can point at moves: part of the render cache key of posts that link. */
  digest: string;
}

const REF_SYNTAX = /\b(?:rel)?ref\b|post_url|\{%-?\s*link\b|\]\(@\/|\]:\s*@\//;

/** True when the body uses a link tag, so its rendering depends on other posts' URLs. */
export function usesReferences(body: string): boolean {
  return REF_SYNTAX.test(body);
}

export function createLinkIndex(posts: SourcePost[], paths: Map<SourcePost, string>): LinkIndex {
  const tables: LinkTables = { byContent: new Map(), byRel: new Map(), byPostName: new Map(), byBase: new Map() };
  const { byContent, byRel, byPostName, byBase } = tables;
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
    tables,
  };
}

/** A post's path under content/, which its relative link tags start from. */
export function contentRelOf(post: SourcePost): string {
  return post.foreignBody?.contentRel ?? post.rel;
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
