import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { snapshot } from './helpers/output.js';
import { useTempSites } from './helpers/site.js';
import { runCli } from './helpers/cli.js';

const site = useTempSites();
// The pool starts from 3,000 bodies on two threads (src/markdown/pool.ts): these tests lower
// that to 150, so that a site of 200 posts renders on workers on any machine.
const POOL_FROM = 150;
const COUNT = POOL_FROM + 50;

function posts(extra = ''): string {
  let out = '';
  for (let i = 0; i < COUNT; i++) {
    out += `-- content/writing/post-${i}.md --\n---\ntitle: Post ${i}\ndate: 2024-01-${String((i % 28) + 1).padStart(2, '0')}\ntags: [t${i % 7}]\n---\nBody of post ${i} with **bold** text.\n\n\`\`\`ts\nconst n: number = ${i};\n\`\`\`\n`;
  }
  return out + extra;
}

beforeEach(() => {
  process.env.CASEBOOK_POOL_BODIES = String(POOL_FROM);
});

afterEach(() => {
  delete process.env.CASEBOOK_THREADS;
  delete process.env.CASEBOOK_POOL_BODIES;
});

describe('Markdown on worker threads', () => {
  it('gives byte-identical output to rendering on one thread', async () => {
    const dir = await site(posts());
    const pooled = await build({ site: dir, out: join(dir, 'pooled'), skip: ['og', 'search'], noCache: true });
    process.env.CASEBOOK_THREADS = '1';
    const single = await build({ site: dir, out: join(dir, 'single'), skip: ['og', 'search'], noCache: true });
    expect(pooled.markdownThreads).toBe(availableParallelism());
    expect(single.markdownThreads).toBe(1);
    expect(pooled.markdownRendered).toBe(COUNT);
    expect(single.markdownRendered).toBe(COUNT);
    expect(await snapshot(join(dir, 'pooled'))).toEqual(await snapshot(join(dir, 'single')));
  });

  it('reports an error raised on a worker with its code, file, line and code frame source', async () => {
    const dir = await site(posts('-- content/writing/zz-broken.md --\n---\ntitle: Broken\n---\nText.\n\n![missing](./nope.png)\n'));
    const error = await build({ site: dir, memory: true, skip: ['og', 'search'] }).then(
      () => undefined,
      (e: { errors: unknown[] }) => e.errors[0],
    );
    expect(error).toMatchObject({ code: 'CB1030', location: { file: join(dir, 'content/writing/zz-broken.md'), line: 6 } });
    expect((error as { location: { source: string } }).location.source).toContain('![missing](./nope.png)');
  });

  it('ends the workers it started while reading the posts when a post then fails to parse', async () => {
    // A clean build of this many posts starts its workers before parsing; the CLI must still exit
    // (a worker left running would keep the process alive) with the content error.
    const dir = await site(posts('-- content/writing/zz-broken.md --\n---\ntitle: [unclosed\n---\nText.\n'));
    const started = Date.now();
    const r = await runCli(['build', dir, '--no-cache', '--skip', 'og,search', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB1001');
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('renders on this thread beside the workers, with the same output as workers alone', async () => {
    const dir = await site(posts());
    process.env.CASEBOOK_THREADS = '2';
    const withMain = await build({ site: dir, out: join(dir, 'with-main'), skip: ['og', 'search'], noCache: true });
    expect(withMain.markdownThreads).toBe(2);
    process.env.CASEBOOK_THREADS = '1';
    await build({ site: dir, out: join(dir, 'single'), skip: ['og', 'search'], noCache: true });
    expect(await snapshot(join(dir, 'with-main'))).toEqual(await snapshot(join(dir, 'single')));
  });

  it('starts no worker for fewer than 3,000 bodies on two threads, and does from 150 bodies on more', async () => {
    const dir = await site(posts());
    delete process.env.CASEBOOK_POOL_BODIES;
    process.env.CASEBOOK_THREADS = '2';
    const two = await build({ site: dir, out: join(dir, 'two'), skip: ['og', 'search'], noCache: true });
    expect(two.markdownThreads).toBe(1);
    process.env.CASEBOOK_THREADS = '3';
    const three = await build({ site: dir, out: join(dir, 'three'), skip: ['og', 'search'], noCache: true });
    expect(three.markdownThreads).toBe(3);
    expect(three.markdownRendered).toBe(COUNT);
    expect(await snapshot(join(dir, 'three'))).toEqual(await snapshot(join(dir, 'two')));
  });
});
