import { mkdirSync } from 'node:fs';
import { readCacheText } from '../util/cache-file.js';
import { join } from 'node:path';
import { writeFileAtomically } from '../util/write-atomically.js';

/** How many files the records are spread over: an edit of one post rewrites one or two of them. */
const SHARDS = 16;

interface Shard<V> {
  version: string;
  entries: Record<string, V>;
}

/** Which shard holds `key` (FNV-1a of its UTF-16 code units): stable across runs and machines. */
export function shardOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SHARDS;
}

/**
 * A cache's records by key, kept in sixteen files (`<prefix>0.json` … `<prefix>15.json` in
 * `dir`) instead of one. One file of 10,000 posts' records was 7 to 11 MB, written again whole after
 * every edit: 230 ms of an edited 10,000-post build went to rewriting the render cache's index
 * alone. Each shard carries the version it was written for; a shard of another version, or one
 * that does not parse, reads as empty. Shards are written to a temporary name and renamed, so a
 * reader sees a whole shard, old or new; two builds writing at once may leave shards of each,
 * which is why every record must be right on its own (the caches check theirs by digest or stamp).
 */
export class ShardedRecords<V> {
  /** Keys per shard as read (-1: the shard was missing or of another version). */
  private readonly readCounts: number[] = new Array<number>(SHARDS).fill(-1);

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly version: string,
  ) {}

  /** Every record of every shard written for this version. */
  load(): Record<string, V> {
    // No prototype: a record keyed `__proto__` (JSON.parse makes it an own key) stays a record.
    const out = Object.create(null) as Record<string, V>;
    for (let i = 0; i < SHARDS; i++) {
      const records = this.loadShard(i);
      if (records) Object.assign(out, records);
      this.readCounts[i] = records ? Object.keys(records).length : -1;
    }
    return out;
  }

  /**
   * The records of shard `i` alone (a reader that needs one key's shard, not all sixteen), without
   * a prototype; undefined when the shard is missing, does not parse or is of another version.
   */
  loadShard(i: number): Record<string, V> | undefined {
    let shard: Shard<V> | undefined;
    try {
      shard = JSON.parse(readCacheText(this.file(i))) as Shard<V>;
    } catch {
      return undefined;
    }
    const entries = shard?.version === this.version ? shard.entries : undefined;
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return undefined;
    const out = Object.create(null) as Record<string, V>;
    for (const key in entries) {
      // A record filed under the wrong shard was not written by this code: not trusted.
      if (shardOf(key) === i) out[key] = entries[key]!;
    }
    return out;
  }

  /** Writes shard `i` as `records` (all of them keys of that shard). Throws what writing throws. */
  writeShard(i: number, records: Record<string, V>): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomically(this.file(i), JSON.stringify({ version: this.version, entries: records } satisfies Shard<V>));
  }

  /**
   * Writes the shards whose records differ from those read: `next` is every record to keep,
   * `changed` the keys whose record was added or replaced since load(). A key dropped from
   * `next` changes its shard's count. Throws what writing throws (the callers' saves are best
   * effort); a shard written before the failure stays, right on its own.
   */
  save(next: Record<string, V>, changed: Iterable<string>): void {
    const shards: Record<string, V>[] = Array.from({ length: SHARDS }, () => ({}));
    const counts = new Array<number>(SHARDS).fill(0);
    for (const key in next) {
      const i = shardOf(key);
      shards[i]![key] = next[key]!;
      counts[i]!++;
    }
    const dirty = new Set<number>();
    for (const key of changed) dirty.add(shardOf(key));
    // A shard missing or of another version read as -1: any record now makes it differ.
    for (let i = 0; i < SHARDS; i++) if (counts[i] !== Math.max(this.readCounts[i]!, 0)) dirty.add(i);
    for (const i of dirty) {
      this.writeShard(i, shards[i]!);
      this.readCounts[i] = counts[i]!;
    }
  }

  private file(i: number): string {
    return join(this.dir, `${this.prefix}${i}.json`);
  }
}
