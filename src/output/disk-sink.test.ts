import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskSink } from './disk-sink.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('DiskSink', () => {
  for (const threaded of [false, true]) {
    it(`refuses to swap in a temporary folder that was removed while it was written (${threaded ? 'writer thread' : 'this thread'})`, async () => {
      const parent = mkdtempSync(join(tmpdir(), 'casebook-sink-'));
      dirs.push(parent);
      const out = join(parent, 'dist');
      // A previous output, which must stay as it is.
      const sink0 = await DiskSink.open(out, { threaded });
      await sink0.write('index.html', 'previous');
      await sink0.commit();
      const sink = await DiskSink.open(out, { threaded });
      await sink.write('writing/a/index.html', 'a');
      const tmp = readdirSync(parent).find((n) => n.startsWith('dist.casebook-tmp-'))!;
      // Written before the removal, as a cleanup script would find it.
      await new Promise((r) => setTimeout(r, 50));
      rmSync(join(parent, tmp), { recursive: true, force: true });
      await sink.write('writing/b/index.html', 'b');
      await expect(sink.commit()).rejects.toMatchObject({ code: 'CB4020' });
      await sink.abort();
      expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('previous');
      expect(existsSync(join(out, 'writing'))).toBe(false);
      expect(readdirSync(parent).filter((n) => n.includes('.casebook-tmp-'))).toEqual([]);
    });
  }

  it('swaps in a folder written as it was made', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'casebook-sink-'));
    dirs.push(parent);
    const out = join(parent, 'dist');
    writeFileSync(join(parent, 'unrelated.txt'), 'x');
    const sink = await DiskSink.open(out, { threaded: true });
    await sink.write('writing/a/index.html', 'a');
    await sink.commit();
    expect(readFileSync(join(out, 'writing/a/index.html'), 'utf8')).toBe('a');
    expect(existsSync(join(out, '.casebook-output'))).toBe(true);
  });
});
