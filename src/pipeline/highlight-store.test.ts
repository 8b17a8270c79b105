import { createHash } from 'node:crypto';
import { readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempSites } from '../../test/helpers/site.js';
import { highlightCode, highlightStats } from '../markdown/highlight.js';
import { CacheWrites } from './cache-writes.js';
import { HighlightStore } from './highlight-store.js';
import { shardOf } from './sharded-records.js';

const site = useTempSites();
/** An empty folder, removed after the test. */
const folder = () => site('');
const store = (dir: string, version = 'v1') => new HighlightStore(dir, version, new CacheWrites(false));
const digest = (lang: string, code: string) => createHash('sha1').update(`${lang}\0${code}`).digest('hex');
/** Code no earlier test highlighted, so the process's own memo cannot answer for it. */
let n = 0;
const fresh = () => `let unique_${Date.now()}_${n++} = ${n};\n`;

function writeShard(dir: string, path: string, blocks: Record<string, unknown>, version = 'v1', shard = shardOf(path)): void {
  writeFileSync(join(dir, `code-${shard}.json`), JSON.stringify({ version, entries: { [path]: blocks } }));
}

describe('HighlightStore', () => {
  it('answers for a block the store holds before any highlighting, and only for the same language and text', async () => {
    const dir = await folder();
    const code = fresh();
    writeShard(dir, 'writing/a/', { [digest('rust', code)]: '<b>kept</b>' });
    const before = { ...highlightStats };
    const s = store(dir);
    expect(s.around('writing/a/', () => highlightCode(code, 'rust').html)).toBe('<b>kept</b>');
    expect(highlightStats.kept - before.kept).toBe(1);
    expect(highlightStats.highlighted - before.highlighted).toBe(0);
    // Another language, or another post's record: highlighted as ever.
    const other = fresh();
    writeShard(dir, 'writing/b/', { [digest('rust', other)]: '<b>kept</b>' });
    expect(store(dir).around('writing/b/', () => highlightCode(other, 'go').html)).not.toContain('kept');
    expect(store(dir).around('writing/c/', () => highlightCode(fresh(), 'rust').html)).not.toContain('kept');
  });

  it('takes nothing from a shard of another version, another shape, or a record filed in the wrong shard', async () => {
    const elsewhere = await folder();
    const plants: ((dir: string, code: string) => void)[] = [
      (dir, code) => writeShard(dir, 'writing/a/', { [digest('rust', code)]: '<b>kept</b>' }, 'v0'),
      (dir, code) => writeShard(dir, 'writing/a/', { [digest('rust', code)]: 5 }),
      (dir, code) => writeShard(dir, 'writing/a/', { [digest('rust', code)]: '<b>kept</b>', 'not-a-digest': 'x' }),
      (dir, code) => writeShard(dir, 'writing/a/', { [digest('rust', code)]: '<b>kept</b>' }, 'v1', (shardOf('writing/a/') + 1) % 16),
      (dir) => writeFileSync(join(dir, `code-${shardOf('writing/a/')}.json`), '{"version":"v1","entries":{"writing/a/":'),
      // A shard that is a link, to a well-formed shard out of the cache.
      (dir, code) => {
        writeShard(elsewhere, 'writing/a/', { [digest('rust', code)]: '<b>kept</b>' });
        symlinkSync(join(elsewhere, `code-${shardOf('writing/a/')}.json`), join(dir, `code-${shardOf('writing/a/')}.json`));
      },
    ];
    for (const plant of plants) {
      const dir = await folder();
      const code = fresh();
      plant(dir, code);
      expect(store(dir).around('writing/a/', () => highlightCode(code, 'rust').html)).not.toContain('kept');
    }
  });

  it('keeps the blocks a body showed for its next rendering, and drops posts the site no longer has', async () => {
    const dir = await folder();
    const a = fresh();
    const b = fresh();
    const first = store(dir);
    const html = first.around('writing/a/', () => highlightCode(a, 'rust').html);
    first.around('writing/b/', () => highlightCode(b, 'rust').html);
    first.save(() => new Set(['writing/a/', 'writing/b/']));
    const read = (path: string) => JSON.parse(readFileSync(join(dir, `code-${shardOf(path)}.json`), 'utf8')).entries[path];
    expect(read('writing/a/')).toEqual({ [digest('rust', a)]: html });
    // Same blocks again: nothing to write, the shard is left as it is.
    const file = join(dir, `code-${shardOf('writing/a/')}.json`);
    const stamp = statSync(file).mtimeMs;
    const again = store(dir);
    again.around('writing/a/', () => highlightCode(a, 'rust'));
    again.save(() => new Set(['writing/a/']));
    expect(statSync(file).mtimeMs).toBe(stamp);
    // Other blocks: written, and a post gone from the site is dropped from the shards written.
    const third = store(dir);
    const c = fresh();
    third.around('writing/a/', () => highlightCode(c, 'rust'));
    third.save(() => new Set(['writing/a/']));
    expect(Object.keys(read('writing/a/'))).toEqual([digest('rust', c)]);
    if (shardOf('writing/b/') === shardOf('writing/a/')) expect(read('writing/b/')).toBeUndefined();
  });

  it('writes nothing for a body without highlighted code', async () => {
    const dir = await folder();
    const s = store(dir);
    s.around('writing/a/', () => highlightCode('plain', ''));
    s.save(() => new Set(['writing/a/']));
    expect(() => statSync(join(dir, `code-${shardOf('writing/a/')}.json`))).toThrow();
  });
});
