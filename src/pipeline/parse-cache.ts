import { rmSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { FIELD_ALIASES, FRONT_MATTER_KEYS, type ContentFile, type SourcePost } from '../content/index.js';
import { sourceDigest } from '../content/post-fields.js';
import type { Warning } from '../errors/index.js';
import { codeDigest } from '../util/code-digest.js';
import { BODY_AT, FORGET, LAZY_SOURCE, sameStamp, trustedStamp, type TextStamp } from './lazy-source.js';
import { isParseEntry } from './parse-entry-shape.js';
import { ShardedRecords } from './sharded-records.js';

/** A parsed post without what its file text already holds (the text itself, the body, key lines as a function). */
interface Entry {
  digest: string;
  fields: Record<string, unknown>;
  /** Where the body starts in the text, or the body itself when it is not a suffix of it (a title heading was taken out). */
  body: number | string;
  /** Line of each front matter key the post wrote (for errors that point at a key later). */
  lines: Record<string, number>;
  warnings: Warning[];
  /** The file's size, mtime, inode and ctime when its text had this digest; absent when too recent to trust. */
  stamp?: TextStamp;
}

const DERIVED = new Set(['file', 'rel', 'source', 'digest', 'keyLine', 'body']);
const KEY_NAMES = [...new Set([...FRONT_MATTER_KEYS, ...Object.keys(FIELD_ALIASES), 'published'])];

/**
 * Parsed front matter on disk, content-addressed: an entry is used only for the same file text
 * (its digest), the same Casebook code and the same time zone. Reading and hashing a file is a
 * fraction of parsing YAML and validating it, so a warm build of 4,000 posts skips most of its
 * parse phase. Sites of other tools are read afresh every time (their dates may come from git).
 */
export class ParseCache {
  /** The one file the entries were kept in before they were sharded: deleted when the shards are written. */
  private readonly oldFile: string;
  /** `parsed/0.json` … `parsed/15.json`: an edit rewrites the shard of its file, not 7 MB at 10,000 posts. */
  private readonly files: ShardedRecords<Entry>;
  private readonly entries: Record<string, Entry>;
  private readonly next: Record<string, Entry> = {};
  /** Files whose entry this build added or replaced. */
  private readonly changed = new Set<string>();

  constructor(cacheDir: string, timezone: string) {
    this.oldFile = join(cacheDir, 'parsed.json');
    this.files = new ShardedRecords(join(cacheDir, 'parsed'), '', `${codeDigest()}:${timezone}`);
    this.entries = this.files.load();
  }

  /**
   * The post parsed from this file when it had exactly this size, mtime, inode and ctime, without reading
   * it: its text and body are read if and when something asks (lazy-source.ts).
   */
  getByStamp(entry: ContentFile, st: Stats): { post: SourcePost; warnings: Warning[] } | undefined {
    const hit = this.entry(entry.rel);
    if (!hit || !sameStamp(st, hit.stamp)) return undefined;
    this.next[entry.rel] = hit;
    const post: SourcePost = Object.assign(Object.create(LAZY_SOURCE) as SourcePost, hit.fields, {
      file: entry.file,
      within: entry.within,
      rel: entry.rel,
      digest: hit.digest,
      keyLine: (key: string) => hit.lines[key],
      [BODY_AT]: hit.body,
      [FORGET]: () => this.forget(entry.rel),
    });
    return { post, warnings: hit.warnings };
  }

  /** The entry kept for `rel`, if there is one of the shape Casebook writes (parse-entry-shape.ts). */
  private entry(rel: string): Entry | undefined {
    const hit = Object.hasOwn(this.entries, rel) ? this.entries[rel] : undefined;
    return hit !== undefined && isParseEntry(hit) ? hit : undefined;
  }

  /** Drops a file's entry at once (its stamp vouched for text it no longer has): the next build reads the file. */
  private forget(rel: string): void {
    delete this.entries[rel];
    delete this.next[rel];
    this.changed.add(rel);
    try {
      // Every other entry as it stands, whether or not this build has used it yet.
      this.write({ ...this.entries, ...this.next });
    } catch {
      // Not writable: the entry stays, and so does the error it causes, until the cache can be written.
    }
  }

  /** `st`: the file's stat before it was read, `readAt` when; a stamp old enough is kept for getByStamp. */
  get(entry: ContentFile, source: string, st?: Stats, readAt = 0): { post: SourcePost; warnings: Warning[] } | undefined {
    const hit = this.entry(entry.rel);
    if (!hit) return undefined;
    const digest = sourceDigest(entry.rel, source);
    if (hit.digest !== digest) return undefined;
    const stamp = st ? trustedStamp(st, readAt) : undefined;
    if (String(stamp) !== String(hit.stamp)) {
      this.next[entry.rel] = { ...hit, ...(stamp ? { stamp } : { stamp: undefined }) };
      this.changed.add(entry.rel);
    } else this.next[entry.rel] = hit;
    // Object.assign keeps one hidden class for all revived posts (see markdown-phase.ts).
    const post: SourcePost = Object.assign({} as SourcePost, hit.fields, {
      file: entry.file,
      within: entry.within,
      rel: entry.rel,
      source,
      digest,
      body: typeof hit.body === 'number' ? source.slice(hit.body) : hit.body,
      keyLine: (key: string) => hit.lines[key],
    });
    return { post, warnings: hit.warnings };
  }

  set(post: SourcePost, warnings: Warning[], st?: Stats, readAt = 0): void {
    const stamp = st ? trustedStamp(st, readAt) : undefined;
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(post)) if (!DERIVED.has(k)) fields[k] = v;
    const lines: Record<string, number> = {};
    for (const key of KEY_NAMES) {
      const line = post.keyLine(key);
      if (line !== undefined) lines[key] = line;
    }
    this.next[post.rel] = {
      digest: post.digest,
      fields,
      body: post.source.endsWith(post.body) ? post.source.length - post.body.length : post.body,
      lines,
      warnings,
      ...(stamp ? { stamp } : {}),
    };
    this.changed.add(post.rel);
  }

  /** Writes the entries this build used; files that are gone drop out. */
  save(): void {
    if (!this.changed.size && Object.keys(this.next).length === Object.keys(this.entries).length) return;
    this.write(this.next);
  }

  private write(entries: Record<string, Entry>): void {
    this.files.save(entries, this.changed);
    rmSync(this.oldFile, { force: true });
  }
}
