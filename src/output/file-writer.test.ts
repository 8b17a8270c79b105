import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileWriter } from './file-writer.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'casebook-writer-'));
  dirs.push(d);
  return d;
};

describe('FileWriter', () => {
  it('writes, copies and links in order, into folders it makes, on its thread', async () => {
    const dir = tempDir();
    const previous = join(dir, 'previous.html');
    writeFileSync(previous, 'the previous output');
    const writer = new FileWriter([dir]);
    for (let i = 0; i < 300; i++) writer.push({ op: 'write', file: join(dir, `writing/p${i}/index.html`), data: `<p>Straße № ${i} · ok</p>` });
    writer.push({ op: 'write', file: join(dir, 'og.png'), data: new Uint8Array([137, 80, 78, 71]) });
    writer.push({ op: 'copy', file: join(dir, 'static/copy.txt'), from: previous });
    // Linked to the previous output, then written: the previous output's file must not change.
    writer.push({ op: 'link', file: join(dir, 'out/kept.html'), from: previous });
    writer.push({ op: 'write', file: join(dir, 'out/kept.html'), data: 'new' });
    writer.push({ op: 'link', file: join(dir, 'out/linked.html'), from: previous });
    await writer.drain();
    await writer.close();
    expect(readFileSync(join(dir, 'writing/p299/index.html'), 'utf8')).toBe('<p>Straße № 299 · ok</p>');
    expect([...readFileSync(join(dir, 'og.png'))]).toEqual([137, 80, 78, 71]);
    expect(readFileSync(join(dir, 'static/copy.txt'), 'utf8')).toBe('the previous output');
    expect(readFileSync(join(dir, 'out/kept.html'), 'utf8')).toBe('new');
    expect(readFileSync(previous, 'utf8')).toBe('the previous output');
    expect(statSync(join(dir, 'out/linked.html')).ino).toBe(statSync(previous).ino);
  });

  it('writes more than the memory it shares with its thread holds, around its end and past it, every file intact', async () => {
    const dir = tempDir();
    const writer = new FileWriter([dir]);
    // About 95 MB in files of uneven sizes (the shared memory holds 32 MB), and one of 10 MB.
    const text = (i: number) => `${i}:${String.fromCharCode(97 + (i % 26)).repeat(700_000 + i * 4099)}`;
    const big = new Uint8Array(10 * 1024 * 1024).map((_, i) => i % 251);
    for (let i = 0; i < 120; i++) {
      writer.push({ op: 'write', file: join(dir, `p${i}.html`), data: text(i) });
      if (i === 60) writer.push({ op: 'write', file: join(dir, 'big.bin'), data: big });
    }
    await writer.drain();
    await writer.close();
    for (let i = 0; i < 120; i++) expect(readFileSync(join(dir, `p${i}.html`), 'utf8') === text(i), `p${i}.html`).toBe(true);
    expect(Buffer.compare(readFileSync(join(dir, 'big.bin')), big)).toBe(0);
  });

  it("starts over at the shared memory's start when the batches before ended exactly at its end", async () => {
    const dir = tempDir();
    const writer = new FileWriter([dir]);
    // Batches of one 1 MiB file each: the 32nd ends exactly where the 32 MiB ring does.
    const file = (i: number) => new Uint8Array(1024 * 1024).fill(i);
    for (let i = 0; i < 40; i++) writer.push({ op: 'write', file: join(dir, `f${i}.bin`), data: file(i) });
    await writer.drain();
    await writer.close();
    for (let i = 0; i < 40; i++) expect(Buffer.compare(readFileSync(join(dir, `f${i}.bin`)), file(i)), `f${i}.bin`).toBe(0);
  });

  it('writes the bytes a buffer held when it was handed over', async () => {
    const dir = tempDir();
    const writer = new FileWriter([dir]);
    const frame = new Uint8Array([1, 2, 3]);
    writer.push({ op: 'write', file: join(dir, 'a.bin'), data: frame });
    frame.fill(9);
    writer.push({ op: 'write', file: join(dir, 'b.bin'), data: frame });
    // A Buffer too, whose slice() is a view of the same memory, not a copy.
    const buffer = Buffer.from([4, 5, 6]);
    writer.push({ op: 'write', file: join(dir, 'c.bin'), data: buffer });
    buffer.fill(0);
    await writer.drain();
    await writer.close();
    expect([...readFileSync(join(dir, 'a.bin'))]).toEqual([1, 2, 3]);
    expect([...readFileSync(join(dir, 'b.bin'))]).toEqual([9, 9, 9]);
    expect([...readFileSync(join(dir, 'c.bin'))]).toEqual([4, 5, 6]);
  });

  it('fails drain with the first failure, its code and path intact, and writes nothing after it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'writing'), 'a file where a folder must go');
    const writer = new FileWriter([dir]);
    writer.push({ op: 'write', file: join(dir, 'first.html'), data: '1' });
    writer.push({ op: 'write', file: join(dir, 'writing/x/index.html'), data: 'x' });
    writer.push({ op: 'write', file: join(dir, 'after.html'), data: '2' });
    const failure = await writer.drain().then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    await writer.close();
    expect(failure?.code).toBe('ENOTDIR');
    expect(failure?.path).toContain(join(dir, 'writing'));
    expect(readFileSync(join(dir, 'first.html'), 'utf8')).toBe('1');
    expect(() => statSync(join(dir, 'after.html'))).toThrow();
  });

  it('does not hold the process open while it has nothing to do', () => {
    const dir = tempDir();
    const script = `import { FileWriter } from ${JSON.stringify(new URL('../../dist/output/file-writer.js', import.meta.url).href)};
const w = new FileWriter([${JSON.stringify(dir)}]);
w.push({ op: 'write', file: ${JSON.stringify(join(dir, 'a.txt'))}, data: 'a' });
await w.drain();
console.log('drained');`;
    writeFileSync(join(dir, 'run.mjs'), script);
    const started = Date.now();
    const out = execFileSync(process.execPath, [join(dir, 'run.mjs')], { encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe('drained');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('a');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
