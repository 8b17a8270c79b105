import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The shard files of a sharded cache (src/pipeline/sharded-records.ts) in `dir` whose names start with `prefix`. */
export function shardFiles(dir: string, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const re = new RegExp(`^${prefix}\\d+\\.json$`);
  return names.filter((n) => re.test(n)).map((n) => join(dir, n));
}

/** Every record in those shards. */
export async function shardEntries<V>(dir: string, prefix: string): Promise<Record<string, V>> {
  const out: Record<string, V> = {};
  for (const f of shardFiles(dir, prefix)) Object.assign(out, (JSON.parse(await readFile(f, 'utf8')) as { entries: Record<string, V> }).entries);
  return out;
}

/** Rewrites every record in those shards with `change`. */
export async function changeShardEntries<V>(dir: string, prefix: string, change: (key: string, entry: V) => void): Promise<void> {
  for (const f of shardFiles(dir, prefix)) {
    const shard = JSON.parse(await readFile(f, 'utf8')) as { entries: Record<string, V> };
    for (const [k, v] of Object.entries(shard.entries)) change(k, v);
    await writeFile(f, JSON.stringify(shard));
  }
}
