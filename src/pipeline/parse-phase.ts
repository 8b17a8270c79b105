import { statSync, type Stats } from 'node:fs';
import { parsePostSource, readPost as readStrict, readSourceText, type ContentFile, type SourcePost } from '../content/index.js';
import type { ParseCache } from './parse-cache.js';
import { parseForeignSource, type ForeignReadOptions } from '../content/read-foreign.js';
import { type CasebookError, CasebookErrors, type Warning } from '../errors/index.js';
import type { BuildCache } from './cache.js';
import { collect } from './collect.js';
import type { PhaseName } from './phases.js';

/**
 * Reads and validates every content file; with a cache, only files whose size or mtime changed.
 * Throws every content error of the phase at once.
 */
export function parsePosts(
  entries: ContentFile[],
  timezone: string,
  cache: BuildCache | undefined,
  warnings: Warning[],
  progress: (phase: PhaseName, done: number, total: number) => void,
  foreign?: Omit<ForeignReadOptions, 'timezone'>,
  persistent?: ParseCache,
  /** Files known not to have changed since the cache saw them (dev's watcher): not statted. */
  unchanged?: (file: string) => boolean,
  /** Files the build stamp's walk stat-ed moments ago: not stat-ed again. */
  walked?: (file: string) => Stats | undefined,
): SourcePost[] {
  const errors: CasebookError[] = [];
  // A site made with another tool is read leniently; Casebook's own sites stay strict.
  const readPost = (entry: ContentFile, o: { timezone: string }, w: Warning[]): SourcePost =>
    entry.foreign && foreign
      ? parseForeignSource({ ...entry, foreign: entry.foreign }, readSourceText(entry), { ...foreign, timezone: o.timezone }, w)
      : readStrict(entry, o, w);
  // With `unchanged`, the files are the last build's (BuildCache.listingAfter): nothing to drop.
  if (cache && !unchanged) {
    const present = new Set(entries.map((e) => e.file));
    for (const file of cache.posts.keys()) if (!present.has(file)) cache.posts.delete(file);
  }
  const parse = (entry: ContentFile, own: Warning[], known?: Stats): SourcePost =>
    !persistent || (entry.foreign && foreign) ? readPost(entry, { timezone }, own) : parseThroughCache(entry, own, persistent, timezone, known);
  let done = 0;
  const parsed = entries.map((entry) => {
    try {
      if (!cache) {
        const own: Warning[] = [];
        const post = parse(entry, own, walked?.(entry.file));
        warnings.push(...own);
        return post;
      }
      const known = unchanged?.(entry.file) ? cache.posts.get(entry.file) : undefined;
      if (known) {
        warnings.push(...known.warnings);
        return known.post;
      }
      let st;
      try {
        st = statSync(entry.file);
      } catch {
        // Unreadable (a looping or dangling link): readPost reports it as a catalogued error.
        return readPost(entry, { timezone }, warnings);
      }
      const hit = cache.posts.get(entry.file);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) {
        warnings.push(...hit.warnings);
        return hit.post;
      }
      const own: Warning[] = [];
      const post = parse(entry, own, st);
      warnings.push(...own);
      cache.posts.set(entry.file, { mtimeMs: st.mtimeMs, size: st.size, post, warnings: own });
      return post;
    } catch (e) {
      collect(errors, e);
      return undefined;
    } finally {
      progress('parse', ++done, entries.length);
    }
  });
  if (errors.length) throw new CasebookErrors(errors);
  return parsed.filter((p): p is SourcePost => p !== undefined);
}

/**
 * Parses a file through the parse kept on disk: a file with the size, times and inode it had then
 * is not read at all (lazy-source.ts); otherwise reading and hashing it decides.
 */
function parseThroughCache(entry: ContentFile, own: Warning[], persistent: ParseCache, timezone: string, known?: Stats): SourcePost {
  let st: Stats | undefined = known;
  try {
    st ??= statSync(entry.file);
  } catch {
    st = undefined; // Unreadable: readSourceText reports it.
  }
  const stamped = st && persistent.getByStamp(entry, st);
  const readAt = Date.now();
  const source = stamped ? undefined : readSourceText(entry);
  const hit = stamped ?? persistent.get(entry, source!, st, readAt);
  if (hit) {
    own.push(...hit.warnings);
    return hit.post;
  }
  const post = parsePostSource(entry, source!, { timezone }, own);
  persistent.set(post, [...own], st, readAt);
  return post;
}
