import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shardOf, ShardedRecords } from './sharded-records.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'casebook-shards-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const keys = Array.from({ length: 200 }, (_, i) => `writing/post-${i}.md`);
const all = () => Object.fromEntries(keys.map((k) => [k, { n: k.length }]));
const past = new Date(Date.now() - 60_000);
/** Sets every shard's time in the past; returns the names of those whose time moved since. */
const ageShards = () => {
  for (const f of readdirSync(dir)) utimesSync(join(dir, f), past, past);
  return () => readdirSync(dir).filter((f) => Math.round(statSync(join(dir, f)).mtimeMs) !== past.getTime());
};

describe('ShardedRecords', () => {
  it('spreads keys over sixteen files and reads back every record', () => {
    new ShardedRecords(dir, 'x-', 'v1').save(all(), keys);
    expect(readdirSync(dir).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `x-${i}.json`).sort());
    expect(new ShardedRecords(dir, 'x-', 'v1').load()).toEqual(all());
  });

  it('rewrites only the shard of a changed, added or dropped key, and none when nothing changed', () => {
    new ShardedRecords(dir, 'x-', 'v1').save(all(), keys);
    let moved = ageShards();
    const same = new ShardedRecords(dir, 'x-', 'v1');
    same.save(same.load(), []);
    expect(moved()).toEqual([]);

    const changed = new ShardedRecords<{ n: number }>(dir, 'x-', 'v1');
    const records = changed.load();
    records[keys[7]!] = { n: -1 };
    changed.save(records, [keys[7]!]);
    expect(moved()).toEqual([`x-${shardOf(keys[7]!)}.json`]);
    expect(new ShardedRecords(dir, 'x-', 'v1').load()[keys[7]!]).toEqual({ n: -1 });

    moved = ageShards();
    const dropped = new ShardedRecords<{ n: number }>(dir, 'x-', 'v1');
    const fewer = dropped.load();
    delete fewer[keys[3]!];
    dropped.save(fewer, []);
    expect(moved()).toEqual([`x-${shardOf(keys[3]!)}.json`]);
    expect(Object.keys(new ShardedRecords(dir, 'x-', 'v1').load())).toHaveLength(keys.length - 1);
  });

  it('reads a shard of another version, a torn one or a record filed under the wrong shard as nothing', () => {
    new ShardedRecords(dir, 'x-', 'v1').save(all(), keys);
    expect(new ShardedRecords(dir, 'x-', 'v2').load()).toEqual({});
    const victim = keys[0]!;
    const home = join(dir, `x-${shardOf(victim)}.json`);
    writeFileSync(home, '{"torn');
    const loaded = new ShardedRecords(dir, 'x-', 'v1').load();
    expect(loaded[victim]).toBeUndefined();
    expect(Object.keys(loaded).length).toBeGreaterThan(keys.length - 30);
    // A record planted in a shard that does not hold its key.
    const other = join(dir, `x-${(shardOf('planted') + 1) % 16}.json`);
    const shard = JSON.parse(readFileSync(other, 'utf8')) as { entries: Record<string, unknown> };
    shard.entries.planted = { n: 1 };
    writeFileSync(other, JSON.stringify(shard));
    expect(new ShardedRecords(dir, 'x-', 'v1').load().planted).toBeUndefined();
  });

  it('keeps a record keyed __proto__ as a record, not as the prototype of what it returns', () => {
    const key = '__proto__';
    writeFileSync(join(dir, `x-${shardOf(key)}.json`), `{"version":"v1","entries":{"__proto__":{"n":1}}}`);
    const loaded = new ShardedRecords(dir, 'x-', 'v1').load();
    expect(Object.hasOwn(loaded, key)).toBe(true);
    expect(Object.getPrototypeOf(loaded)).toBe(null);
    expect(Object.keys(loaded)).toEqual([key]);
  });

  it('writes every shard that holds records after reading shards of another version', () => {
    new ShardedRecords(dir, 'x-', 'v1').save(all(), keys);
    const next = new ShardedRecords(dir, 'x-', 'v2');
    next.load();
    next.save(all(), []);
    expect(new ShardedRecords(dir, 'x-', 'v2').load()).toEqual(all());
  });
});
