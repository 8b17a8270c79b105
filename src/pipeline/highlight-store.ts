import { createHash } from 'node:crypto';
import { withKeptHighlights } from '../markdown/highlight.js';
import { isObject, isString } from '../util/value-shape.js';
import type { CacheWrites } from './cache-writes.js';
import { ShardedRecords, shardOf } from './sharded-records.js';

/** One post's code blocks: a digest of each block's `lang\0code` → its highlighted HTML. */
type Blocks = Record<string, string>;

const digest = (id: string) => createHash('sha1').update(id).digest('hex');

/** A post's blocks as this code writes them: digests to strings, nothing else (a cloned site can ship its cache). */
const isBlocks = (b: unknown): b is Blocks => isObject(b) && Object.entries(b).every(([k, v]) => /^[0-9a-f]{40}$/.test(k) && isString(v));

/**
 * The code blocks of each post as the last build that rendered it highlighted them, by the post's
 * page path, in sixteen files (`posts/code-<n>.json`, by a hash of the path). Appending a
 * paragraph to a post renders its body again, blocks included, and highlighting them again cost
 * more than the rest of its Markdown: each language's grammar is compiled on its first block in
 * a process (Rust and TypeScript: 23 ms of a 1,000-post rebuild of 0.6 s). A block is taken only
 * for the same language and text; the shards carry the render cache's version (Casebook's code
 * and the Markdown settings), and its folder is cleared with it.
 *
 * Only the shard of a body being rendered is read, and a shard is written again only when a post
 * in it now shows other blocks than it did: an edit of a post's prose writes nothing here. When
 * a shard is written, posts the site no longer has are dropped from it. Bodies rendered by the
 * worker pool (a clean build of thousands of posts) are not recorded: their next edit highlights
 * as before. Best effort, like every cache write.
 */
export class HighlightStore {
  private readonly files: ShardedRecords<Blocks>;
  private readonly shards = new Map<number, Record<string, Blocks>>();
  /** Posts whose blocks differ from their shard's record: the record to write (undefined: none). */
  private readonly changed = new Map<string, Blocks | undefined>();

  constructor(
    dir: string,
    version: string,
    private readonly writes: CacheWrites,
  ) {
    this.files = new ShardedRecords(dir, 'code-', version);
  }

  /** Runs `render` (the body of the post at `path`) with its blocks as kept at hand, and notes the blocks it shows. */
  around<T>(path: string, render: () => T): T {
    const kept = this.shard(shardOf(path))[path];
    const { value, used } = withKeptHighlights(kept ? (id) => kept[digest(id)] : undefined, render);
    const now: Blocks = {};
    for (const [id, html] of used) now[digest(id)] = html;
    const keys = Object.keys(now);
    const same = kept ? keys.length === Object.keys(kept).length && keys.every((k) => Object.hasOwn(kept, k)) : !keys.length;
    if (!same) this.changed.set(path, keys.length ? now : undefined);
    return value;
  }

  /** Writes the shards whose posts show other blocks now; `live()` gives the pages of the site's posts. */
  save(live: () => ReadonlySet<string>): void {
    if (!this.changed.size) return;
    const pages = live();
    const dirty = new Set([...this.changed.keys()].map(shardOf));
    const changed = new Map(this.changed);
    this.changed.clear();
    this.writes.run(() => {
      try {
        for (const i of dirty) {
          // No prototype: a post whose page is `__proto__` stays a record.
          const entries = Object.create(null) as Record<string, Blocks>;
          for (const [path, blocks] of Object.entries(this.shard(i))) if (pages.has(path) && !changed.has(path)) entries[path] = blocks;
          for (const [path, blocks] of changed) if (blocks && shardOf(path) === i) entries[path] = blocks;
          this.files.writeShard(i, entries);
        }
      } catch {
        // A full disk or a folder cleared meanwhile: the next edit highlights its blocks again.
      }
    });
  }

  /** The records of shard `i`, read once; empty if it is missing, does not parse, or is of another version. */
  private shard(i: number): Record<string, Blocks> {
    let records = this.shards.get(i);
    if (records) return records;
    records = Object.create(null) as Record<string, Blocks>;
    // A record of another shape was not written by this code.
    for (const [path, blocks] of Object.entries(this.files.loadShard(i) ?? {})) if (isBlocks(blocks)) records[path] = blocks;
    this.shards.set(i, records);
    return records;
  }
}
